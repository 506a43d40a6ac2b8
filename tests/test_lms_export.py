"""Grades into an LMS: Canvas's gradebook CSV and Moodle's grade import CSV, read back by each
LMS's published import rules (written here apart from the exporter), and roster mismatches."""
import csv
import re

import nbformat
import pytest

from autograder import sample_class
from autograder.batch.store import ResultStore
from autograder.cli import main
from autograder.rubric import ASSIGNMENTS
from autograder.runners.sandboxed import grade_notebook
from autograder.sandbox import Sandbox

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_ASSIGNMENT = re.compile(r"(?P<name>.+?)(?: \((?P<id>\d+)\))?")
MOODLE_USER_FIELDS = {"Email address": "email", "Username": "username", "ID number": "idnumber"}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Two assignments' sample classes graded into a results folder, plus one unreadable notebook."""
    folder = tmp_path_factory.mktemp("lms")
    store = ResultStore(folder / "results")
    with Sandbox() as box:
        for name in ("initialization", "gradient_checking"):
            for student, notebook in sample_class.submissions(ASSIGNMENTS[name]).items():
                store.write(grade_notebook(nbformat.writes(notebook).encode(), name, box=box, name=student,
                                           student=student, content_hash=f"{abs(hash((name, student))):016x}"))
            store.write(grade_notebook(b"{ not json", name, box=box, name="broken", student="broken",
                                       content_hash="0" * 16))
    students = sorted({record.student for records in store.load().values() for record in records})
    roster = folder / "roster.csv"
    with open(roster, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "name", "canvas_id", "sis_login_id", "section", "email"])
        for number, student in enumerate(students):
            writer.writerow([student, f"Learner, {number}", 1000 + number, f"{student}@uni.example", "A",
                             f"{student}@mail.example"])
    return folder, store.load(), roster


def expected_scores(results, key, names=tuple(ASSIGNMENTS)):
    """{LMS id: {assignment: score, or None where not graded}} straight from the records."""
    students = {record.student for records in results.values() for record in records}
    return {key(student): {name: next((r.score for r in results.get(name, []) if r.student == student and r.graded),
                                      None) for name in names} for student in students}


def read_canvas(path):
    """Scores as Canvas's gradebook import reads them: its identity columns first, a 'Points Possible'
    row skipped, an assignment column 'name (id)' or 'name', an empty cell meaning no change."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    header, *body = rows
    assert header[:5] == CANVAS_IDENTITY
    assignments = [CANVAS_ASSIGNMENT.fullmatch(column).groupdict() for column in header[5:]]
    points = next(row for row in body if row[0].strip() == "Points Possible")
    scores = {}
    for row in body:
        if row[0].strip() == "Points Possible":
            continue
        assert len(row) == len(header) and (row[1] or row[2] or row[3]), row  # matched by ID, SIS User or Login ID
        scores[row[1]] = {a["name"]: float(cell) if cell else None for a, cell in zip(assignments, row[5:])}
        assert all(0 <= float(cell) <= float(most) for cell, most in zip(row[5:], points[5:]) if cell)
    return scores, {a["name"]: a["id"] for a in assignments}, dict(zip((a["name"] for a in assignments), points[5:]))


def read_moodle(path):
    """Scores as Moodle's CSV grade import maps them: one column mapped to a user field, the others to
    grade items; an empty cell imports nothing."""
    with open(path, newline="", encoding="utf-8") as file:
        header, *body = list(csv.reader(file))
    assert header[0] in MOODLE_USER_FIELDS and len(set(header)) == len(header)
    return {row[0]: {item: float(cell) if cell else None for item, cell in zip(header[1:], row[1:])} for row in body}


def test_canvas_import_round_trips_the_class_scores(graded_class, tmp_path):
    folder, results, roster = graded_class
    output = tmp_path / "canvas.csv"
    assert main(["export", str(folder / "results"), "--format", "canvas", "--roster", str(roster),
                 "--output", str(output), "--canvas-id", "initialization=4711",
                 "--assignment", "initialization", "--assignment", "gradient_checking"]) == 0
    scores, ids, points = read_canvas(output)
    students = sorted({record.student for records in results.values() for record in records})
    canvas_id = {student: str(1000 + number) for number, student in enumerate(students)}
    assert scores == expected_scores(results, canvas_id.get, ["initialization", "gradient_checking"])
    assert ids == {"initialization": "4711", "gradient_checking": None}
    assert points == {"initialization": "30", "gradient_checking": "50"}
    assert scores[canvas_id["broken"]] == {"initialization": None, "gradient_checking": None}  # never a zero
    assert scores[canvas_id["correct"]] == {"initialization": 30, "gradient_checking": 50}


def test_moodle_import_round_trips_the_class_scores(graded_class, tmp_path):
    folder, results, roster = graded_class
    output = tmp_path / "moodle.csv"
    assert main(["export", str(folder / "results"), "--format", "moodle", "--roster", str(roster),
                 "--output", str(output)]) == 0
    assert output.read_text().startswith("Email address,")
    assert read_moodle(output) == expected_scores(results, lambda student: f"{student}@mail.example")


def test_a_student_missing_from_either_side_is_one_line_naming_them(graded_class, tmp_path, capsys):
    folder, _, roster = graded_class
    lines = roster.read_text().splitlines()
    short = tmp_path / "short.csv"
    short.write_text("\n".join(line for line in lines if not line.startswith("correct,")) + "\n")
    assert main(["export", str(folder / "results"), "--format", "canvas", "--roster", str(short)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "short.csv: student 'correct' has results but no row in the roster" in error
    longer = tmp_path / "longer.csv"
    longer.write_text(roster.read_text() + "zoe,Zoe,9999,zoe@uni.example,A,zoe@mail.example\n")
    assert main(["export", str(folder / "results"), "--format", "moodle", "--roster", str(longer)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "student 'zoe' of the roster has no result" in error
    assert main(["export", str(folder / "results"), "--format", "moodle", "--roster", str(longer),
                 "--output", str(tmp_path / "m.csv"), "--allow-missing"]) == 0
    assert set(read_moodle(tmp_path / "m.csv")["zoe@mail.example"].values()) == {None}


def test_an_lms_export_without_a_roster_or_with_a_bad_id_is_refused_in_one_line(graded_class, capsys):
    folder, _, roster = graded_class
    assert main(["export", str(folder / "results"), "--format", "canvas"]) == 2
    assert "needs `--roster`" in capsys.readouterr().err
    assert main(["export", str(folder / "results"), "--format", "canvas", "--roster", str(roster),
                 "--canvas-id", "initialization"]) == 2
    assert "give ASSIGNMENT=ID" in capsys.readouterr().err
