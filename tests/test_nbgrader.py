"""End to end with nbgrader: the sample class of each assignment, autograded in a scratch course."""
import re

import numpy as np
import pytest

from autograder import demo, references, sample_class
from autograder.kit.cases import PUBLIC_CASES
from autograder.rubric import ASSIGNMENTS
from autograder.record import Status
from autograder.runners.sandboxed import grade_notebook
from autograder.solutions import read_notebook
from autograder.values import encode
from conftest import scratch_course

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out


@pytest.fixture(scope="module", params=list(ASSIGNMENTS))
def graded(request, tmp_path_factory):
    name = request.param
    root = scratch_course(name, tmp_path_factory.mktemp(name))
    rows = demo.class_rows(name, demo.grade_sample_class(name, root), root)
    return ASSIGNMENTS[name], root, {row["student"]: row for row in rows}


def test_correct_earns_everything_and_unanswered_nothing(graded):
    assignment, _, rows = graded
    assert rows["correct"]["total"] == assignment.max_score
    assert rows["unanswered"]["total"] == 0


def test_each_mistake_loses_exactly_its_function_and_is_named(graded):
    assignment, _, rows = graded
    for function in assignment.functions:
        for mistake in function.mistakes:
            row = rows[sample_class.student_id(mistake)]
            expected = {f.name: (0 if f is function else f.points) for f in assignment.functions}
            assert row["scores"] == expected, mistake.name
            assert mistake.hint in row["diagnosis"], mistake.name


def test_an_invalid_file_is_a_grading_error_not_a_zero(graded):
    _, _, rows = graded
    assert rows["invalid-file"]["total"] is None
    assert "grading error" in rows["invalid-file"]["diagnosis"]


def test_a_deleted_test_cell_is_restored_and_graded(graded):
    assignment, root, rows = graded
    assert rows["deleted-test-cell"]["total"] == assignment.max_score
    notebook = read_notebook(root / "autograded" / "deleted-test-cell" / assignment.name / f"{assignment.name}.ipynb")
    first_test = assignment.functions[0].test_cell_id
    restored = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == first_test]
    assert len(restored) == 1 and "was missing from the submission" in restored[0].source


def hidden_numbers(assignment):
    """Hidden reference values as they would be printed, minus those public cases may show.

    Public cases show expected values and what the student's own code returned, which for a
    catalogued mistake can coincide with a hidden value (Xavier on [2, 4, 1] is He on [4, ...]).
    """
    def numbers(value):
        _, arrays = encode(value)
        return {f"{x:.6f}" for array in arrays.values() for x in np.ravel(array).astype(float) if abs(x) > 1e-3}
    stored = references.load(assignment.name)
    hidden, public = set(), set()
    for function in assignment.functions:
        public |= set().union(*[numbers(case.expected) for case in PUBLIC_CASES.get(function.name, [])])
        for key, entry in stored[function.name].items():
            if key.startswith("hidden"):
                hidden |= numbers(entry["solution"]) if entry["solution"] is not None else set()
            else:
                public |= set().union(*[numbers(value) for value in entry["mistakes"].values()])
    return hidden - public


def test_feedback_shows_no_hidden_test_code_or_hidden_values(graded):
    assignment, root, rows = graded
    secrets = hidden_numbers(assignment)
    assert secrets, "the hidden cases should hold values of their own"
    students = [student for student, row in rows.items() if row["total"] is not None]
    for student in students:
        html = (root / "feedback" / student / assignment.name / f"{assignment.name}.html").read_text()
        text = re.sub(r"<[^>]+>", "", html)
        assert "HIDDEN TESTS" not in text and "autograder.runners" not in text, student
        assert "check(&quot;" not in html and 'check("' not in text, student
        # What the grader wrote is the test cells' output; the student's own cells may print anything.
        notebook = read_notebook(root / "autograded" / student / assignment.name / f"{assignment.name}.ipynb")
        reports = "".join(output.get("text", "") + "\n".join(output.get("traceback", []))
                          for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")
                          for output in cell.outputs)
        assert not [n for n in secrets if n in reports], student


def test_the_isolated_grader_gives_the_scores_nbgrader_gives(graded):
    assignment, root, rows = graded
    for student, row in rows.items():
        path = root / "submitted" / student / assignment.name / f"{assignment.name}.ipynb"
        record = grade_notebook(path, assignment.name)
        if row["total"] is None:
            assert record.status is Status.NOT_GRADABLE and "not a readable notebook" in record.error, student
            continue
        assert {result.function: result.score for result in record.tests} == row["scores"], student
