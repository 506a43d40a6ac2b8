"""A graded class's scores in the form an LMS's gradebook import takes.

- Canvas: the gradebook CSV. Identity columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
  ``Section``, then one column per assignment, ``name (assignment id)`` to update an existing
  assignment or ``name`` to create one; a ``Points Possible`` row under the header, as Canvas's
  own export has. An empty cell changes nothing.
- Moodle: the grade import CSV. One identifier column (``Email address`` by default), matched with
  "Map from / Map to" on import, then one column per grade item.

A roster maps nbgrader's student ids to the LMS's: a CSV with a ``student`` column and the LMS's
columns (``name``, ``canvas_id``, ``sis_user_id``, ``sis_login_id``, ``section``, ``email``, ...).
Scores are per assignment (the graded functions' sum); a submission that was not graded is left
empty, never exported as a zero.
"""
import csv
from dataclasses import dataclass

from ..errors import UnusableInput
from ..i18n import _, _n
from ..rubric import ASSIGNMENTS

CANVAS_IDENTITY = {"Student": "name", "ID": "canvas_id", "SIS User ID": "sis_user_id",
                   "SIS Login ID": "sis_login_id", "Section": "section"}  # Canvas's header: roster column
CANVAS_KEYS = ("canvas_id", "sis_user_id", "sis_login_id")  # Canvas matches a row by one of these
POINTS_POSSIBLE = "Points Possible"
MOODLE_HEADERS = {"email": "Email address", "username": "Username", "idnumber": "ID number"}


@dataclass(frozen=True)
class Roster:
    path: str
    learners: dict  # nbgrader student id -> {roster column: value}

    @classmethod
    def read(cls, path):
        try:
            with open(path, newline="", encoding="utf-8-sig") as file:  # -sig: spreadsheets' byte-order mark
                rows = list(csv.DictReader(file))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise UnusableInput(_("{path}: not a readable roster ({error})", path=path, error=error)) from None
        if not rows or "student" not in rows[0]:
            raise UnusableInput(_("{path}: a roster needs a header with a 'student' column (nbgrader's ids)",
                                  path=path))
        learners = {}
        for number, row in enumerate(rows, start=2):
            student = (row.get("student") or "").strip()
            if not student:
                raise UnusableInput(_("{path}, line {number}: no student id", path=path, number=number))
            if student in learners:
                raise UnusableInput(_("{path}, line {number}: a repeated student id {student!r}", path=path,
                                      number=number, student=student))
            learners[student] = {key: (value or "").strip() for key, value in row.items() if key}
        return cls(str(path), learners)

    def matched(self, students, allow_missing=False):
        """The roster's students in order; refuses a graded student the roster lacks, and (unless
        ``allow_missing``) a roster student without any result."""
        unknown = sorted(set(students) - self.learners.keys())
        if unknown:
            raise UnusableInput(_n("{path}: student {student!r} has results but no row in the roster",
                                   "{path}: {count} students, {student!r} first, have results but no row in the roster",
                                   len(unknown), path=self.path, student=unknown[0]))
        absent = [student for student in self.learners if student not in students]
        if absent and not allow_missing:
            raise UnusableInput(_n("{path}: student {student!r} of the roster has no result; --allow-missing "
                                   "leaves them empty", "{path}: {count} students of the roster, {student!r} first, "
                                   "have no result; --allow-missing leaves them empty",
                                   len(absent), path=self.path, student=absent[0]))
        return list(self.learners)

    def require(self, columns, why):
        """Refuse a roster student without any of ``columns``; ``why`` (a sentence) says what needs them."""
        for student, learner in self.learners.items():
            if not any(learner.get(column) for column in columns):
                raise UnusableInput(_n("{path}: student {student!r} has no {columns} ({why})",
                                       "{path}: student {student!r} has none of {columns} ({why})", len(columns),
                                       path=self.path, student=student, columns=", ".join(columns), why=why))


def assignment_scores(results, names):
    """``{student: {assignment: score}}`` of the graded submissions, and every student with a result."""
    scores, students = {}, set()
    for name in names:
        for record in results.get(name, []):
            students.add(record.student)
            if record.graded:
                scores.setdefault(record.student, {})[name] = record.score
    return scores, students


def _number(score):
    return f"{score:g}"


def _score_cells(scores, student, names):
    return [_number(scores[student][name]) if name in scores.get(student, {}) else "" for name in names]


def write_canvas(results, names, roster, path, assignment_ids=None, allow_missing=False):
    assignment_ids = assignment_ids or {}
    roster.require(CANVAS_KEYS, _("Canvas matches students by ID, SIS User ID or SIS Login ID"))
    scores, students = assignment_scores(results, names)
    columns = [f"{name} ({assignment_ids[name]})" if name in assignment_ids else name for name in names]
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow([*CANVAS_IDENTITY, *columns])
        writer.writerow([POINTS_POSSIBLE, *[""] * (len(CANVAS_IDENTITY) - 1),
                         *(_number(ASSIGNMENTS[name].max_score) for name in names)])
        for student in roster.matched(students, allow_missing):
            learner = roster.learners[student]
            writer.writerow([learner.get(column, "") for column in CANVAS_IDENTITY.values()]
                            + _score_cells(scores, student, names))


def write_moodle(results, names, roster, path, key="email", allow_missing=False):
    roster.require([key], _("Moodle's import maps each row to a user by it"))
    scores, students = assignment_scores(results, names)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow([MOODLE_HEADERS.get(key, key), *names])
        for student in roster.matched(students, allow_missing):
            writer.writerow([roster.learners[student][key], *_score_cells(scores, student, names)])
