"""Grade a whole class: every submission of nbgrader's ``submitted/<student>/<assignment>/`` layout.

One result file per submission, named by student and the notebook's content hash and written
atomically, so a rerun skips what is done and an interrupted batch resumes where it stopped. Work
goes to any ``concurrent.futures`` executor: a local process pool, or a Dask cluster's. Workers
only supervise sandboxes; each keeps one warm sandbox and hands it submission after submission.
A task whose worker dies is retried; one that keeps killing workers is recorded as a grading error.
"""
import csv
import ctypes
import hashlib
import json
import multiprocessing
import os
import re
import sys
import tempfile
import threading
import warnings
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from . import sandbox
from .record import GradeRecord, NotGradable
from .isolated import grade_notebook
from .rubric import ASSIGNMENTS

MAX_ATTEMPTS = 3  # a submission whose grading kills its worker this often is recorded as an error


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    path: Path
    content_hash: str

    def result_path(self, results):
        return Path(results) / self.assignment / f"{self.student}.{self.content_hash[:16]}.json"


def find_submissions(folder, assignment_names):
    """Every submitted notebook under ``folder`` (a course root or its ``submitted/``)."""
    folder = Path(folder)
    submitted = folder / "submitted" if (folder / "submitted").is_dir() else folder
    found = []
    for student in sorted(p for p in submitted.iterdir() if p.is_dir()):
        for name in assignment_names:
            notebook = student / name / f"{name}.ipynb"
            if notebook.is_file():
                digest = hashlib.sha256(notebook.read_bytes()).hexdigest()
                found.append(Submission(student.name, name, notebook, digest))
    return found


_local = threading.local()  # one sandbox per worker thread, kept warm between submissions
# glibc keeps freed heap pages, and a worker grading thousands of submissions grew by about
# 55 KB each; malloc_trim gives them back in well under a millisecond.
_malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None)


def grade_to_file(submission, result_path, limits=sandbox.Limits()):
    """Grade one submission in this worker's sandbox and write its result file; return the record."""
    if getattr(_local, "sandbox", None) is None:
        _local.sandbox = sandbox.Sandbox()
    try:
        grade = grade_notebook(submission.path, submission.assignment, limits, box=_local.sandbox)
        record = {**GradeRecord.of_grade(grade).to_dict(), "status": "graded", "student": submission.student,
                  "content_hash": submission.content_hash}
    except NotGradable as error:
        record = error_record(submission, str(error))
    write_atomically(result_path, record)
    if _malloc_trim is not None:
        _malloc_trim(0)
    return record


def error_record(submission, message):
    """The record of a submission that could not be graded: never a silent zero."""
    return {"assignment": submission.assignment, "notebook": str(submission.path), "student": submission.student,
            "content_hash": submission.content_hash, "status": "error", "gradable": False, "error": message,
            "score": 0, "max_score": ASSIGNMENTS[submission.assignment].max_score, "tests": []}


def write_atomically(path, record):
    """Write ``record`` so that a reader sees the whole old file or the whole new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "w") as file:
        json.dump(record, file, indent=1)
    os.replace(temporary, path)
    # The same student's results for an earlier version of the notebook are no longer theirs.
    earlier = re.compile(re.escape(record["student"]) + r"\.[0-9a-f]{16}\.json")
    for older in path.parent.glob("*.json"):
        if older.name != path.name and earlier.fullmatch(older.name):
            older.unlink(missing_ok=True)


def run(submissions, results, executor_factory, force=False, progress=False, limits=sandbox.Limits(), window=8):
    """Grade what has no result yet (everything with ``force``); return ``{submission: record}`` of this run.

    At most ``window`` tasks are out at once, so when a worker dies only those are suspects. A
    suspect is retried alone, so that blame is exact: an innocent one passes, and one that keeps
    killing its worker is recorded as an error after MAX_ATTEMPTS. A broken executor is replaced.
    """
    todo = deque(s for s in submissions if force or not s.result_path(results).exists())
    done, attempts, suspects = {}, Counter(), deque()
    bar = tqdm(total=len(todo), unit="notebook", desc="grading", file=sys.stdout, disable=not progress)
    while todo or suspects:
        queue, width = (suspects, 1) if suspects else (todo, window)
        executor, in_flight = executor_factory(), {}
        try:
            while queue or in_flight:
                while queue and len(in_flight) < width:
                    try:
                        future = executor.submit(grade_to_file, queue[0], queue[0].result_path(results), limits)
                    except RuntimeError:  # the executor broke (BrokenProcessPool); a new one takes over
                        break
                    in_flight[future] = queue.popleft()
                if not in_flight:
                    break
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    submission = in_flight.pop(future)
                    try:
                        done[submission] = future.result()
                    except Exception as error:  # its worker died, or the task could not run there
                        attempts[submission] += 1
                        if attempts[submission] < MAX_ATTEMPTS:
                            suspects.append(submission)
                            continue
                        done[submission] = error_record(submission, f"grading failed {attempts[submission]} times "
                                                                    f"({type(error).__name__}: {error})")
                        write_atomically(submission.result_path(results), done[submission])
                    bar.update()
        finally:
            executor.shutdown(wait=True)  # at most `width` tasks are still out
    bar.close()
    return done


def local_executor(workers):
    # Workers are forks of a server process that has imported this module, not forks of this
    # process: they carry none of its memory, nor its threads (the progress bar's). As with any
    # forkserver pool, a script that calls this needs the `if __name__ == "__main__":` guard.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return lambda: ProcessPoolExecutor(max_workers=workers, mp_context=context)


def dask_executor(client):
    return client.get_executor


def load_results(results_folder):
    """Per assignment, one result per student (the most recently written), sorted by student."""
    results = {}
    for folder in sorted(path for path in Path(results_folder).iterdir() if path.is_dir()):
        by_student = {}
        # Oldest first, so a student's newer file (a regrade) replaces the older one.
        for _, path in sorted(modification_times(folder)):
            result = read_result(path)
            by_student[result["student"]] = result
        if by_student:
            results[folder.name] = [by_student[student] for student in sorted(by_student)]
    return results


def modification_times(folder):
    """(mtime, path) of the folder's result files; a running batch may delete one as we list it."""
    for path in folder.glob("*.json"):
        try:
            yield path.stat().st_mtime_ns, path
        except FileNotFoundError:
            continue


def read_result(path):
    """A result file as a dict; one that cannot be read shows up as a submission that failed."""
    student_from_name = path.name.rsplit(".", 2)[0]
    try:
        result = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return {"student": student_from_name, "status": "error", "gradable": False,
                "error": f"unreadable result file {path.name}: {error}"}
    result.setdefault("student", student_from_name)
    return result


def by_student(results):
    """``{(student, assignment): record}`` from ``load_results``' per-assignment lists."""
    return {(record["student"], name): record for name, records in results.items() for record in records}


def write_csv(results, path, assignment_names):
    """One row per student, one column per graded function (empty where not graded), plus totals."""
    records = by_student(results)
    columns = [(name, f.name) for name in assignment_names for f in ASSIGNMENTS[name].functions]
    students = sorted({student for student, _ in records})
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["student", *(f for _, f in columns), *(f"{name} total" for name in assignment_names)])
        for student in students:
            scores = {}
            for name in assignment_names:
                record = records.get((student, name))
                for test in (record or {}).get("tests", []):
                    scores[test["function"]] = test["score"]
            totals = [records[(student, n)]["score"] if (student, n) in records else "" for n in assignment_names]
            writer.writerow([student, *(scores.get(f, "") for _, f in columns), *totals])


def summary(results, assignment_names):
    """Graded, failed to grade, and the mean score per function, as text."""
    lines = []
    for name in assignment_names:
        mine = results.get(name, [])
        graded = [record for record in mine if record["status"] == "graded"]
        failed = [record for record in mine if record["status"] != "graded"]
        lines.append(f"{name}: {len(graded)} graded, {len(failed)} failed to grade")
        for function in ASSIGNMENTS[name].functions:
            scores = [t["score"] for r in graded for t in r["tests"] if t["function"] == function.name]
            if scores:
                lines.append(f"  {function.name:<42} mean {sum(scores) / len(scores):5.2f} / {function.points}")
        lines += [f"  failed: {record['student']}: {record['error']}" for record in failed]
    return "\n".join(lines)


def update_gradebook(results, db_url):
    """Write the scores into nbgrader's gradebook; return what was done, in a line."""
    from nbgrader.api import MissingEntry
    try:
        write_gradebook(results, db_url)
    except MissingEntry as error:
        return f"gradebook {db_url}: not updated ({error}; run `autograder release` to register the assignments)"
    return f"gradebook {db_url}: updated"


def write_gradebook(results, db_url):
    """Put every graded score into nbgrader's gradebook (this process is its only writer)."""
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(db_url) as gradebook, warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="nbgrader")  # its own SQLAlchemy session notices
        for (student, name), record in sorted(by_student(results).items()):
            if record["status"] != "graded":
                continue
            gradebook.update_or_create_student(student)
            try:
                gradebook.find_submission(name, student)
            except MissingEntry:
                gradebook.add_submission(name, student)
            for test in record["tests"]:
                grade = gradebook.find_grade(ASSIGNMENTS[name].function(test["function"]).test_cell_id, name,
                                             name, student)
                grade.auto_score = test["score"]
            gradebook.db.commit()
