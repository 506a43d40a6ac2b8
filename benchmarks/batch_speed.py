"""Throughput of `autograder batch` on a large synthetic class, against nbgrader.

Makes N submissions per assignment (cycling through the sample class: correct, every catalogued
mistake, unanswered, broken), grades them all with 1 and then 2 local workers, then on a 2-worker
Dask cluster on this machine, and prints where one worker's time goes (``phases.py``), submissions per second, the scaling, Dask's overhead
over the local pool, and the peak memory of a worker's process tree (the worker, its sandbox
zygote and the function processes). nbgrader autograde is timed on a sample and
extrapolated to the whole class (said so in the output).

Run: `python benchmarks/batch_speed.py [--per-assignment 1000] [--nbgrader-sample 50] [--phases 300]`
(`make benchmark-batch`).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.batch import discover, schedule
from autograder.batch.store import ResultStore
from autograder.rubric import ASSIGNMENTS


# The pool's workers import this file as their __main__ (multiprocessing does): what only the
# client needs (nbformat, nbgrader, the sample class) is imported where it is used, or each
# worker would carry it (about 90 MB).


def make_class(root, per_assignment):
    import nbformat
    from autograder import sample_class
    for name, assignment in ASSIGNMENTS.items():
        kinds = list(sample_class.submissions(assignment).items()) + [("broken", None)]
        for index in range(per_assignment):
            kind, notebook = kinds[index % len(kinds)]
            path = root / "submitted" / f"s{index:05d}-{kind}" / name / f"{name}.ipynb"
            path.parent.mkdir(parents=True)
            if notebook is None:
                path.write_text("{ broken")
            else:
                nbformat.write(notebook, path)


class TreeMemory:
    """Samples the resident memory of each worker's process tree; keeps the peak of any one tree.

    A worker is the parent of a sandbox zygote among this process's descendants, wherever the
    pool started it (the local pool's workers are children of its fork server, Dask's of their
    nannies).
    """

    def __init__(self):
        self.peak, self.running = 0, True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while self.running:
            children = _children()
            # Only this benchmark's own workers: on a shared machine others run zygotes too.
            ours = set(_tree(os.getpid(), children))
            workers = {parent for parent, pids in children.items() if parent in ours and any(map(_is_zygote, pids))}
            for worker in workers:
                self.peak = max(self.peak, sum(_rss(pid) for pid in _tree(worker, children)))
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.peak


def _children():
    table = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        table.setdefault(parent, []).append(int(entry))
    return table


def _is_zygote(pid):  # read every time: pids are reused many times over in a run of thousands
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"autograder.sandbox.zygote" in cmdline.read()
    except OSError:
        return False


def _tree(pid, children):
    return [pid] + [p for child in children.get(pid, []) for p in _tree(child, children)]


def _rss(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def grade_all(root, workers, where="local"):
    """Grade the whole class on ``workers`` local workers, or (``where="dask"``) a Dask cluster of them."""
    store = ResultStore(root / f"results-{where}-{workers}")
    submissions = discover.find_submissions(root, list(ASSIGNMENTS))
    if where == "dask":
        from distributed import Client, LocalCluster
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            return _timed(submissions, store, schedule.dask_executor(client), workers)
    return _timed(submissions, store, schedule.local_executor(workers), workers)


def _timed(submissions, store, executor_factory, workers):
    memory = TreeMemory()
    started = time.perf_counter()
    done = schedule.run(submissions, store, executor_factory, window=2 * workers)
    seconds = time.perf_counter() - started
    return len(done), seconds, memory.stop()


def nbgrader_seconds(root, sample):
    """Seconds nbgrader autograde takes per submission, measured on ``sample`` of each assignment."""
    from autograder import release, solutions
    course = root / "nbgrader-course"
    per_submission = []
    for name in ASSIGNMENTS:
        shutil.copytree(solutions.SOURCE / name, course / "source" / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(solutions.REPO / "nbgrader_config.py", course)
        release.generate(name, course_root=course)
        students = [s for s in sorted((root / "submitted").iterdir()) if (s / name).is_dir()][:sample]
        for student in students:
            shutil.copytree(student / name, course / "submitted" / student.name / name)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", name, "--force",
                        f"--CourseDirectory.root={course}"], cwd=course, env=release.nbgrader_environment(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        per_submission.append((time.perf_counter() - started) / len(students))
    return per_submission


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-assignment", type=int, default=1000)
    parser.add_argument("--nbgrader-sample", type=int, default=50)
    parser.add_argument("--phases", type=int, default=300, help="submissions timed phase by phase (0: none)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_class(root, arguments.per_assignment)
        total = arguments.per_assignment * len(ASSIGNMENTS)
        print(f"{total} synthetic submissions ({arguments.per_assignment} per assignment)")
        if arguments.phases:
            import phases
            print(phases.breakdown(root, arguments.phases))
        timings = {}
        for workers in (1, 2):
            count, seconds, peak = grade_all(root, workers)
            timings[workers] = seconds
            print(f"{workers} worker(s): {count} graded in {seconds:.1f} s, {count / seconds:.1f} submissions/s, "
                  f"peak memory of one worker's process tree {peak / 2**20:.0f} MB")
        print(f"scaling from 1 to 2 workers: {timings[1] / timings[2]:.2f}x")
        count, seconds, peak = grade_all(root, 2, where="dask")
        print(f"2-worker Dask cluster on this machine: {count} graded in {seconds:.1f} s, {count / seconds:.1f} "
              f"submissions/s, peak memory of one worker's process tree {peak / 2**20:.0f} MB; "
              f"overhead over the local pool {100 * (seconds / timings[2] - 1):+.0f}%")
        per_submission = nbgrader_seconds(root, arguments.nbgrader_sample)
        estimate = sum(seconds * arguments.per_assignment for seconds in per_submission)
        print(f"nbgrader autograde: {', '.join(f'{s:.2f}' for s in per_submission)} s per submission "
              f"(measured on {arguments.nbgrader_sample} per assignment), so about {estimate / 60:.0f} min for "
              f"the {total} (extrapolated, not measured); autograder batch with 2 workers: {timings[2] / 60:.1f} min, "
              f"{estimate / timings[2]:.0f}x faster")


if __name__ == "__main__":
    main()
