"""The notebooks agree with the rubric and the conventions, without running nbgrader."""
import dataclasses
import re
import shutil

import nbformat
import pytest

from autograder import conventions, release, solutions
from autograder.rubric import ASSIGNMENTS

NAMES = list(ASSIGNMENTS)


@pytest.mark.parametrize("folder", [solutions.SOURCE, solutions.RELEASE], ids=["source", "release"])
@pytest.mark.parametrize("name", NAMES)
def test_every_test_cell_has_the_rubrics_grade_id_and_points(name, folder):
    assignment = ASSIGNMENTS[name]
    notebook = solutions.read_notebook(release.notebook_path(assignment, folder))
    assert release.rubric_disagreements(assignment, notebook) == [], "make release"


def test_a_function_worth_other_points_in_the_rubric_is_caught():
    assignment = ASSIGNMENTS["regularization"]
    dropout = assignment.function("forward_propagation_with_dropout")
    revalued = dataclasses.replace(assignment, functions=[
        dataclasses.replace(function, points=15) if function is dropout else function
        for function in assignment.functions])
    notebook = solutions.source_notebook(assignment.name)
    assert release.rubric_disagreements(revalued, notebook) == [
        "forward_propagation_with_dropout: 20 points, the rubric's are 15"]


def copy_of_notebook(assignment, tmp_path):
    folder = tmp_path / assignment.name
    folder.mkdir()
    shutil.copy(release.notebook_path(assignment), folder)
    return release.notebook_path(assignment, tmp_path)


def test_release_writes_the_rubrics_grades_into_a_notebook_that_disagrees(tmp_path):
    assignment = ASSIGNMENTS["initialization"]
    path = copy_of_notebook(assignment, tmp_path)
    notebook = solutions.read_notebook(path)
    he_test = release.test_cells(notebook)["initialize_parameters_he"][0]
    he_test.metadata["nbgrader"].update(points=3, grade_id="he_tests")
    nbformat.write(notebook, str(path))
    assert len(release.rubric_disagreements(assignment, solutions.read_notebook(path))) == 2

    release.write_rubric_grades(assignment, tmp_path)
    assert release.rubric_disagreements(assignment, solutions.read_notebook(path)) == []
    assert path.read_text() == release.notebook_path(assignment).read_text()


def test_release_refuses_a_graded_cell_the_rubric_does_not_know(tmp_path):
    assignment = ASSIGNMENTS["gradient_checking"]
    path = copy_of_notebook(assignment, tmp_path)
    notebook = solutions.read_notebook(path)
    notebook.cells.append(nbformat.v4.new_code_cell("public_test(dictionary_to_vector)", metadata={
        "nbgrader": {"grade": True, "grade_id": "test_extra", "points": 5, "locked": True, "solution": False,
                     "schema_version": 3, "task": False}}))
    nbformat.write(notebook, str(path))
    with pytest.raises(ValueError, match="dictionary_to_vector, which the rubric does not grade"):
        release.write_rubric_grades(assignment, tmp_path)


# The course's conventions are written in the provided code of the notebooks too (students read them
# there); the grader's must be the same.

def provided_code(assignment_name, function_name):
    return solutions.defining_cell(solutions.source_notebook(assignment_name), function_name).source


@pytest.mark.parametrize("assignment_name, function_name, seed", [
    ("initialization", "initialize_parameters_random", conventions.INITIALIZATION_SEED),
    ("initialization", "initialize_parameters_he", conventions.INITIALIZATION_SEED),
    ("regularization", "forward_propagation_with_dropout", conventions.DROPOUT_SEED),
])
def test_the_notebooks_seeds_are_the_conventions(assignment_name, function_name, seed):
    assert re.findall(r"np\.random\.seed\((\d+)\)", provided_code(assignment_name, function_name)) == [str(seed)]


@pytest.mark.parametrize("function_name", ["gradient_check", "gradient_check_n"])
def test_the_notebooks_threshold_is_the_conventions(function_name):
    thresholds = re.findall(r"difference > ([0-9.e+-]+)", provided_code("gradient_checking", function_name))
    assert [float(threshold) for threshold in thresholds] == [conventions.GRADIENT_CHECK_THRESHOLD]


def test_thresholds_are_written_as_the_course_writes_them():
    assert conventions.short(conventions.GRADIENT_CHECK_THRESHOLD) == "2e-7"
    assert conventions.short(1.5e-10) == "1.5e-10"
