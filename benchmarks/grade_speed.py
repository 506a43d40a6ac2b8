"""How much faster `autograder grade` is than `nbgrader autograde` on one submission, in each
setting where graders run (root, a default Docker container, an ordinary user with and without
user namespaces; reproduced as in the tests, so this needs root).

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

sys.path.insert(0, str(solutions.REPO / "tests"))
import isolation_settings  # noqa: E402 -- the settings are the tests' harness

STUDENT = "bench"


def timed(command, **options):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **options)
    return time.perf_counter() - started


# Times the sandbox's cost per graded function in a setting: a warm zygote forks, locks in and
# reaps one process per function; each makes one call of a function the notebook does not define.
LOCK_IN_DRIVER = """
import json, sys, time
from autograder.calls import Call
from autograder.sandbox import Sandbox
calls = {(f"function {i}", "trial", 0): Call("no_function") for i in range(20)}
with Sandbox() as box:
    box.run("", calls)  # warm
    started = time.perf_counter()
    for _ in range(5):
        box.run("", calls)
    print((time.perf_counter() - started) / (5 * len(calls)))
"""


def lock_in_seconds(setting):
    run = isolation_settings.command(setting, ["-c", LOCK_IN_DRIVER])
    return float(subprocess.run(**run, check=True, capture_output=True, text=True).stdout)


def graded_in(setting, notebook):
    """Seconds of one whole `autograder grade` in ``setting``, and its own execution_time."""
    run = isolation_settings.command(setting, ["-m", "autograder.cli", "grade", str(notebook)])
    started = time.perf_counter()
    result = subprocess.run(**run, check=True, capture_output=True)
    return time.perf_counter() - started, json.loads(result.stdout)["execution_time"]


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
    print("the sandbox's cost per graded function (fork, lock-in, one call, reap), by setting:")
    for setting in isolation_settings.SETTINGS:
        print(f"  {setting:<15} {1000 * lock_in_seconds(setting):.1f} ms")
    print(f"{'assignment':<18} {'setting':<15} {'nbgrader autograde':>19} {'autograder grade':>17} {'ratio':>7}"
          f"   (medians of {runs} runs)")
    for name in ASSIGNMENTS:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            notebook = scratch_course(name, root)
            nbgrader = [sys.executable, "-m", "nbgrader", "autograde", name, "--student", STUDENT, "--force",
                        f"--CourseDirectory.root={root}"]
            slow = statistics.median(timed(nbgrader, cwd=root, env=release.nbgrader_environment()) for _ in range(runs))
            for folder in [root, *notebook.relative_to(root).parents]:  # readable by the ordinary user
                (root / folder).chmod(0o755)
            for setting in isolation_settings.SETTINGS:
                graded_in(setting, notebook)  # a first run builds what a machine builds once
                times = [graded_in(setting, notebook) for _ in range(runs)]
                fast = statistics.median(whole for whole, _ in times)
                inside = statistics.median(own for _, own in times)
                print(f"{name:<18} {setting:<15} {slow:>18.2f}s {fast:>16.2f}s {slow / fast:>6.1f}x"
                      f"   ({fast - inside:.2f} s start and imports, {inside:.2f} s grading)")


if __name__ == "__main__":
    main()
