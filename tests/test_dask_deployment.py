"""A real Dask deployment on one machine: nothing of the course on the workers' disk.

`dask scheduler` and two `dask worker`s run as processes of their own, started in another
folder. Each worker runs in a mount namespace where an empty tmpfs covers the course folder, as
a worker on another host or in a pod would see it. The client (`autograder batch --scheduler`)
reads the notebooks, sends their bytes, and alone writes results, CSV and gradebook. Last, a
worker of the ordinary user shows that each job gets the isolation it asks for.
"""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import isolation_settings
from autograder import release, sample_class, solutions
from autograder.batch import worker
from autograder.rubric import ASSIGNMENTS
from conftest import assert_minimal_graded_then_full_refused

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

distributed = pytest.importorskip("distributed")
NAME = "initialization"
COPIES = 3  # of each sample student, so that a worker can be killed while the batch is under way
DASK = str(Path(sys.executable).with_name("dask"))

if os.geteuid() != 0 or shutil.which("unshare") is None:
    pytest.skip("hiding the course from the workers needs root and unshare (CI runs as root)",
                allow_module_level=True)


def expected_score(student):
    """Each catalogued mistake costs its one function's 10 points; unanswered earns nothing."""
    kind = student.rsplit("-copy", 1)[0]
    return {"correct": 30, "deleted-test-cell": 30, "unanswered": 0, "invalid-file": None}.get(kind, 20)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    students = sample_class.make(NAME, root)
    for student in students:
        for copy in range(1, COPIES):
            shutil.copytree(root / "submitted" / student, root / "submitted" / f"{student}-copy{copy}")
        (root / "submitted" / student).rename(root / "submitted" / f"{student}-copy0")
    shutil.copytree(solutions.SOURCE / NAME, root / "source" / NAME, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(solutions.REPO / "nbgrader_config.py", root)
    release.generate(NAME, course_root=root)  # registers the assignment in the course's gradebook.db
    return root


class Cluster:
    def __init__(self, folder, hidden):
        self.folder, self.hidden, self.workers = folder, hidden, {}
        scheduler_file = folder / "scheduler.json"
        self.scheduler = self._start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(scheduler_file)])
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]

    def _start(self, arguments, hide=False):
        command = [DASK, *arguments]
        if hide:  # an empty tmpfs over the course, in a mount namespace of the worker's own
            command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                       'mount -t tmpfs empty "$0" && exec "$@"', str(self.hidden), *command]
        return subprocess.Popen(command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    def add_worker(self, name):
        self.workers[name] = self._start(["worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
                                          "--local-directory", str(self.folder / name)], hide=True)

    def kill(self, process):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def close(self):
        for process in [*self.workers.values(), self.scheduler]:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture(scope="module")
def cluster(course, tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("cluster"), course)
    try:
        for name in ("worker-1", "worker-2"):
            cluster.add_worker(name)
        with distributed.Client(cluster.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            # What the workers see where the course is: nothing.
            assert client.run(os.listdir, str(course)) == {address: [] for address in client.nthreads()}
        yield cluster
    finally:
        cluster.close()


def batch(course, cluster, *options):
    """`autograder batch . --scheduler ...` run from the course folder, as an instructor would."""
    return subprocess.run([sys.executable, "-m", "autograder.cli", "batch", ".", "--assignment", NAME,
                           "--scheduler", cluster.address, *options], cwd=course, capture_output=True, text=True,
                          timeout=600)


def result_files(course):
    return {path.name: path.stat().st_mtime_ns for path in (course / "results" / NAME).glob("*.json")}


def check_scores(course):
    """Right scores in the CSV and the gradebook, and every submission has its result file."""
    students = sorted(path.name for path in (course / "submitted").iterdir())
    assert sorted(name.split(".")[0] for name in result_files(course)) == students
    with open(course / "results" / "grades.csv") as file:
        totals = {row["student"]: row[f"{NAME} total"] for row in csv.DictReader(file)}
    assert totals == {student: "" if expected_score(student) is None else str(expected_score(student))
                      for student in students}
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in students:
            if expected_score(student) is not None:
                assert gradebook.find_submission(NAME, student).score == expected_score(student)


def test_a_class_is_graded_on_workers_that_cannot_see_the_course(course, cluster):
    result = batch(course, cluster)
    assert result.returncode == 0, result.stderr
    check_scores(course)
    # Nothing was written where the cluster runs.
    written = [path.relative_to(cluster.folder) for path in cluster.folder.rglob("*") if path.is_file()]
    assert not [path for path in written if path.suffix in (".json", ".csv", ".db") and path.name != "scheduler.json"]


def test_a_rerun_grades_nothing(course, cluster):
    before = result_files(course)
    result = batch(course, cluster)
    assert result.returncode == 0, result.stderr
    assert result_files(course) == before and "grading:0notebook" in result.stdout.replace(" ", "")


def test_killing_a_worker_mid_batch_loses_nothing(course, cluster):
    started = time.time_ns()
    process = subprocess.Popen([sys.executable, "-m", "autograder.cli", "batch", ".", "--assignment", NAME,
                                "--scheduler", cluster.address, "--force"], cwd=course,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while sum(stamp > started for stamp in result_files(course).values()) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    cluster.kill(cluster.workers["worker-1"])
    regraded_when_killed = sum(stamp > started for stamp in result_files(course).values())
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert regraded_when_killed < len(result_files(course))  # the kill came while the batch was under way
    assert all(stamp > started for stamp in result_files(course).values())  # every submission was regraded
    check_scores(course)


def test_a_worker_that_graded_a_minimal_job_refuses_the_next_full_one(shared_tmp):
    # A long-lived worker of the ordinary user where nothing hides the files, sent a minimal
    # batch's job and then a full one's.
    notebook = json.dumps(sample_class.submissions(ASSIGNMENTS[NAME])["correct"]).encode()
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", scheduler_port=0, dashboard_address=None) as scheduler:
        run = isolation_settings.command("user-no-landlock", [
            "-m", "distributed.cli.dask_worker", scheduler.scheduler_address, "--nthreads", "1", "--no-nanny",
            "--local-directory", str(shared_tmp)])
        process = subprocess.Popen(**run, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            with distributed.Client(scheduler) as client:
                client.wait_for_workers(1, timeout=120)
                records = [client.submit(worker.grade_job, worker.Job(NAME, "correct.ipynb", notebook, "0" * 64, level),
                                         pure=False).result(timeout=120) for level in ("minimal", "full")]
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert_minimal_graded_then_full_refused(*records)
