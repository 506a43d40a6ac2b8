"""What a graded class costs after grading: writing each record into nbgrader's world (``autograded/``
and the gradebook, ``batch.autograded.write``), against grading it, per submission, in one run.

A scratch course holds one assignment released by nbgrader and N submissions (the sample class,
cycled). The class is graded with 2 local workers, then written as `autograder batch` writes it
for a course with a gradebook: nbgrader's Autograde converter, one submission after another, in
the client. Run: ``python benchmarks/gradebook_writes.py [--submissions 60] [--assignment NAME]``.
"""
import argparse
import shutil
import tempfile
import time
from pathlib import Path

from autograder.batch import discover, schedule
from autograder.batch.store import ResultStore
from autograder.rubric import ASSIGNMENTS


def scratch_class(root, name, count):
    import nbformat
    from autograder import release, sample_class, solutions
    shutil.copytree(solutions.SOURCE / name, root / "source" / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(solutions.REPO / "nbgrader_config.py", root)
    release.generate(name, course_root=root)
    kinds = list(sample_class.submissions(ASSIGNMENTS[name]).items())
    for index in range(count):
        kind, notebook = kinds[index % len(kinds)]
        path = root / "submitted" / f"s{index:05d}-{kind}" / name / f"{name}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--assignment", choices=sorted(ASSIGNMENTS), default="initialization")
    arguments = parser.parse_args()
    from autograder.batch import autograded
    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder)
        scratch_class(course, arguments.assignment, arguments.submissions)
        store = ResultStore(course / "results")
        submissions = discover.find_submissions(course, [arguments.assignment])
        started = time.perf_counter()
        schedule.run(submissions, store, schedule.local_executor(2), window=4)
        graded = time.perf_counter() - started
        records = [record for records in store.load().values() for record in records]
        started = time.perf_counter()
        said = autograded.write(course, records, course / "nbgrader.log")
        written = time.perf_counter() - started
    count = len(records)
    print(said)
    print(f"{count} submissions of {arguments.assignment}:")
    print(f"  graded with 2 local workers   {graded:7.2f} s  {1000 * graded / count:7.1f} ms per submission")
    print(f"  written into nbgrader's world {written:7.2f} s  {1000 * written / count:7.1f} ms per submission"
          f"  ({written / graded:.1f}x the grading)")


if __name__ == "__main__":
    main()
