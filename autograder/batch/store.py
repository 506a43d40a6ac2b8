"""The result store: one JSON file per submission, written only by the client.

``<results>/<assignment>/<student>.<content hash>.json``, written atomically, so that a reader
sees a whole file or none and a rerun knows what is done. Standard library only: the class
report reads the store without importing the grader.
"""
import os
import re
import tempfile
from pathlib import Path

from ..record import GradeRecord

HASH_LENGTH = 16  # hex digits of the content hash in a result file's name


class ResultStore:
    def __init__(self, folder):
        self.folder = Path(folder)

    def path_of(self, student, assignment, content_hash):
        return self.folder / assignment / f"{student}.{content_hash[:HASH_LENGTH]}.json"

    def is_done(self, submission):
        """Whether the submission has a result that a rerun should keep.

        A grader failure (or an unreadable result file) is not done: the next run tries again.
        """
        path = self.path_of(submission.student, submission.assignment, submission.content_hash)
        return path.exists() and not GradeRecord.read(path, submission.assignment, submission.student).grader_failed

    def write(self, record):
        """Write the record where a reader sees the whole old file or the whole new one, never half."""
        path = self.path_of(record.student, record.assignment, record.content_hash)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "w") as file:
            file.write(record.to_json())
        os.replace(temporary, path)
        # The same student's results for an earlier version of the notebook are no longer theirs.
        earlier = re.compile(re.escape(record.student) + rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.json")
        for older in path.parent.glob("*.json"):
            if older.name != path.name and earlier.fullmatch(older.name):
                older.unlink(missing_ok=True)

    def load(self):
        """``{assignment: [GradeRecord]}``: per student the most recently written, sorted by student."""
        results = {}
        if not self.folder.is_dir():
            return results
        for folder in sorted(path for path in self.folder.iterdir() if path.is_dir()):
            by_student = {}
            # Oldest first, so a student's newer file (a regrade) replaces the older one.
            for _, path in sorted(_modification_times(folder)):
                student = path.name.rsplit(".", 2)[0]
                by_student[student] = GradeRecord.read(path, folder.name, student)
            if by_student:
                results[folder.name] = [by_student[student] for student in sorted(by_student)]
        return results


def _modification_times(folder):
    """(mtime, path) of the folder's result files; a running batch may delete one as we list it."""
    for path in folder.glob("*.json"):
        try:
            yield path.stat().st_mtime_ns, path
        except FileNotFoundError:
            continue
