"""How much faster `autograder grade` is than `nbgrader autograde` on one submission.

For each assignment, the correct sample submission is graded as whole processes, several runs
each, by both tools in a scratch course; the medians and their ratio are printed, then where
the isolated grader's time goes. Run: `python benchmarks/grade_speed.py [--runs N]` (`make benchmark`).
"""
import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import release, sample_class, solutions
from autograder.rubric import ASSIGNMENTS

STUDENT = "bench"


def timed(command, **options):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **options)
    return time.perf_counter() - started


def scratch_course(name, root):
    shutil.copytree(solutions.SOURCE / name, root / "source" / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(solutions.REPO / "nbgrader_config.py", root)
    release.generate(name, course_root=root)
    notebook = root / "submitted" / STUDENT / name / f"{name}.ipynb"
    notebook.parent.mkdir(parents=True)
    nbformat.write(sample_class.submissions(ASSIGNMENTS[name])["correct"], notebook)
    return notebook


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    grade = [sys.executable, "-m", "autograder.cli", "grade"]
    print(f"{'assignment':<18} {'nbgrader autograde':>19} {'autograder grade':>17} {'ratio':>7}   (medians of {runs} runs)")
    for name in ASSIGNMENTS:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            notebook = scratch_course(name, root)
            nbgrader = [sys.executable, "-m", "nbgrader", "autograde", name, "--student", STUDENT, "--force",
                        f"--CourseDirectory.root={root}"]
            slow = statistics.median(timed(nbgrader, cwd=root, env=release.nbgrader_environment()) for _ in range(runs))
            fast = statistics.median(timed([*grade, str(notebook)]) for _ in range(runs))
            inside = statistics.median(json.loads(subprocess.run([*grade, str(notebook)], capture_output=True,
                                                                 check=True).stdout)["execution_time"]
                                       for _ in range(runs))
        print(f"{name:<18} {slow:>18.2f}s {fast:>16.2f}s {slow / fast:>6.1f}x")
        print(f"{'':<18} where the {fast:.2f} s go: {fast - inside:.2f} s interpreter start and imports (the "
              f"sandbox warms up meanwhile), {inside:.2f} s grading (reading, planning, the sandboxed calls, judging)")


if __name__ == "__main__":
    main()
