"""Grading a class in batch: results, resumption, retries, Dask, gradebook and CSV."""
import csv
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

import isolation_settings
from conftest import assert_minimal_graded_then_full_refused

from autograder import sample_class
from autograder.batch import discover, export, schedule, worker
from autograder.batch.store import ResultStore
from autograder.errors import GraderFailure
from autograder.record import CheckResult, FunctionResult, GradeRecord, Status
from autograder.rubric import ASSIGNMENTS

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

NAME = "initialization"
CLASS_SIZE = len(sample_class.submissions(ASSIGNMENTS[NAME])) + 1  # and one file that is no notebook


@pytest.fixture()
def course(tmp_path):
    sample_class.make(NAME, tmp_path)
    return tmp_path


def grade(course, results=None, force=False, factory=None, grade_job=None):
    submissions = discover.find_submissions(course, [NAME])
    return schedule.run(submissions, ResultStore(results or course / "results"), factory or schedule.local_executor(2),
                        force, grade=grade_job)


def scores(records):
    return {record.student: (record.graded, record.score) for record in records.values()}


def test_a_class_is_graded_into_one_result_file_per_submission(course):
    done = grade(course)
    by_student = {submission.student: record for submission, record in done.items()}
    assert by_student["correct"].score == 30 and by_student["unanswered"].score == 0
    assert not by_student["invalid-file"].graded and "not a readable notebook" in by_student["invalid-file"].error
    files = sorted((course / "results" / NAME).glob("*.json"))
    assert len(files) == len(done) == len(list((course / "submitted").iterdir()))


def test_a_rerun_grades_nothing_twice_and_force_regrades(course):
    grade(course)
    stamps = {p: p.stat().st_mtime_ns for p in (course / "results" / NAME).glob("*.json")}
    assert grade(course) == {}
    assert stamps == {p: p.stat().st_mtime_ns for p in (course / "results" / NAME).glob("*.json")}
    assert len(grade(course, force=True)) == len(stamps)


def test_a_changed_notebook_is_regraded_and_its_old_result_dropped(course):
    grade(course)
    notebook = course / "submitted" / "unanswered" / NAME / f"{NAME}.ipynb"
    shutil.copy(course / "submitted" / "correct" / NAME / f"{NAME}.ipynb", notebook)
    done = grade(course)
    assert [(s.student, r.score) for s, r in done.items()] == [("unanswered", 30)]
    assert len(list((course / "results" / NAME).glob("unanswered.*.json"))) == 1


def test_an_interrupted_batch_resumes_without_regrading(course):
    command = [sys.executable, "-m", "autograder.cli", "batch", str(course), "--assignment", NAME, "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    folder = course / "results" / NAME
    deadline = time.monotonic() + 60
    while len(list(folder.glob("*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # kill -9, workers and all
    process.wait()
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    assert 3 <= len(before) < CLASS_SIZE
    done = grade(course)  # a torn temporary file (.*.tmp) may stay from the kill: it is never read
    assert {s.student for s in done}.isdisjoint({name.split(".")[0] for name in before})
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    assert len(after) == CLASS_SIZE and all(after[name] == stamp for name, stamp in before.items())
    records = ResultStore(course / "results").load()[NAME]
    assert len(records) == CLASS_SIZE and all(record.graded or record.student == "invalid-file" for record in records)


def dies_once_then_grades(marks, job, limits):
    """Stands in for worker.grade_job: the worker grading 'correct' dies the first time."""
    mark = marks / job.content_hash
    if "/correct/" in job.name and not mark.exists():
        mark.touch()
        os._exit(1)
    return worker.grade_job(job, limits)


def always_dies(job, limits):
    if "/correct/" in job.name:
        os._exit(1)
    return worker.grade_job(job, limits)


# Workers that die while large notebooks are on their way to them, in a process of its own so that
# a hang is a failure, not a stuck suite (Python 3.10's pool hung so: see schedule.shut_down).
DYING_WITH_LARGE_NOTEBOOKS = """
import os, sys
from pathlib import Path
from autograder.batch import discover, schedule
from autograder.batch.store import ResultStore

def dies(job, limits):
    os._exit(1)

if __name__ == "__main__":
    course = Path(sys.argv[1])
    for student in range(4):
        notebook = course / "submitted" / f"s{student}" / "initialization" / "initialization.ipynb"
        notebook.parent.mkdir(parents=True)
        notebook.write_text('{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "%s"}], "metadata": {}, '
                            '"nbformat": 4, "nbformat_minor": 5}' % ("x" * 2**21))
    done = schedule.run(discover.find_submissions(course, ["initialization"]), ResultStore(course / "results"),
                        schedule.local_executor(1), grade=dies, window=4)
    print(sum(not record.graded for record in done.values()))
"""


def test_workers_that_die_while_large_notebooks_are_sent_end_the_batch(tmp_path):
    script = tmp_path / "dying.py"
    script.write_text(DYING_WITH_LARGE_NOTEBOOKS)
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "course")], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["4"]


def test_a_worker_killed_mid_batch_loses_no_result(course, tmp_path_factory):
    done = grade(course, grade_job=functools.partial(dies_once_then_grades, tmp_path_factory.mktemp("marks")))
    assert len(done) == CLASS_SIZE and scores(done)["correct"] == (True, 30)
    assert len(list((course / "results" / NAME).glob("*.json"))) == CLASS_SIZE


def test_a_poison_submission_is_recorded_as_not_graded_and_the_batch_completes(course):
    done = grade(course, grade_job=always_dies)
    assert len(done) == CLASS_SIZE
    assert scores(done)["correct"] == (False, 0)
    record = next(r for s, r in done.items() if s.student == "correct")
    assert f"grading failed {schedule.MAX_ATTEMPTS} times" in record.error
    assert scores(done)["deleted-test-cell"] == (True, 30)


def grader_environment_fails(job, limits):
    return GradeRecord.not_graded(job.assignment, "chroot refused", Status.GRADER_FAILURE, notebook=job.name,
                                  content_hash=job.content_hash).to_dict()


def grader_environment_fails_for_correct(job, limits):
    return (grader_environment_fails if "/correct/" in job.name else worker.grade_job)(job, limits)


def test_a_grader_failure_is_recorded_as_such_and_graded_by_the_next_run(course):
    failed = grade(course, grade_job=grader_environment_fails_for_correct)
    assert len(failed) == CLASS_SIZE and scores(failed)["correct"] == (False, 0)
    record = next(r for s, r in failed.items() if s.student == "correct")
    assert record.grader_failed and record.error == "not graded (grader environment: chroot refused)"
    again = grade(course)
    assert [submission.student for submission in again] == ["correct"] and scores(again)["correct"] == (True, 30)


def test_a_batch_whose_first_submissions_all_fail_in_the_grader_stops_at_once(course):
    with pytest.raises(GraderFailure, match="stopped after the first 3 submissions: .*chroot refused"):
        grade(course, grade_job=grader_environment_fails)
    store = ResultStore(course / "results")
    recorded = [record for records in store.load().values() for record in records if record.grader_failed]
    assert 3 <= len(recorded) < CLASS_SIZE  # what was out when it stopped, and no more
    assert len(grade(course)) == CLASS_SIZE  # the next run grades them all


def test_the_batch_command_refuses_in_one_line_where_nothing_hides_the_files(course, shared_tmp):
    shutil.copytree(course, shared_tmp / "course")
    for path in shared_tmp.rglob("*"):
        path.chmod(0o777 if path.is_dir() else 0o666)  # the ordinary user's grader reads and writes here
    run = isolation_settings.command("user-no-landlock", ["-m", "autograder.cli", "batch", str(shared_tmp / "course"),
                                                          "--workers", "1"])
    result = subprocess.run(**run, capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "nothing hides the file system" in result.stderr


# One worker thread grades a correct notebook twice: with minimal isolation, then with full.
MINIMAL_THEN_FULL = """
import json, sys
from autograder.batch.worker import Job, grade_job
data = open(sys.argv[1], "rb").read()
print(json.dumps([grade_job(Job("initialization", sys.argv[1], data, "0" * 64, level)) for level in ("minimal", "full")]))
"""


def test_a_worker_that_graded_a_minimal_job_refuses_the_next_full_one(course, shared_tmp):
    notebook = shared_tmp / "correct.ipynb"
    shutil.copy(course / "submitted" / "correct" / NAME / f"{NAME}.ipynb", notebook)
    notebook.chmod(0o644)
    run = isolation_settings.command("user-no-landlock", ["-c", MINIMAL_THEN_FULL, str(notebook)])
    result = subprocess.run(**run, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_minimal_graded_then_full_refused(*json.loads(result.stdout))


def test_a_dask_cluster_gives_the_local_pool_results(course):
    distributed = pytest.importorskip("distributed")
    local = grade(course, course / "local")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = grade(course, course / "dask", factory=schedule.dask_executor(client))
    assert scores(remote) == scores(local)


def test_an_unreadable_result_file_is_a_failed_submission_in_the_csv_and_the_summary(tmp_path):
    store = ResultStore(tmp_path)
    passed = FunctionResult("initialize_parameters_zeros", 10, [CheckResult("hidden cases", "hidden", [])])
    store.write(GradeRecord(NAME, Status.GRADED, (passed,), 30, student="alice", content_hash="a" * 64))
    (tmp_path / NAME / "bob.0123456789abcdef.json").write_text('{"score": 3')  # half-written by another tool
    results = store.load()
    export.write_csv(results, tmp_path / "grades.csv", [NAME])
    with open(tmp_path / "grades.csv") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert rows["alice"]["initialize_parameters_zeros"] == "10" and rows["alice"][f"{NAME} total"] == "10"
    assert rows["bob"][f"{NAME} total"] == "" and rows["bob"]["initialize_parameters_zeros"] == ""
    assert "failed: bob: unreadable result file bob.0123456789abcdef.json" in export.summary(results, [NAME])
