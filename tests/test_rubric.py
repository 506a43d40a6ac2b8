"""The rubric of every assignment: solutions pass, catalogued mistakes fail and are named."""
import pytest

from autograder import solutions
from autograder.rubric import ASSIGNMENTS
from conftest import all_functions, all_mistakes, grade_in_process, solution_namespace


@pytest.mark.parametrize("assignment_name, function", all_functions())
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_solution_passes_every_check(assignment_name, function, seed):
    result = grade_in_process(assignment_name, function, solution_namespace(assignment_name), seed)
    assert result.passed, result.report()
    assert result.score == function.points


@pytest.mark.parametrize("assignment_name, function, mistake", all_mistakes())
def test_each_mistake_loses_its_function_and_is_named(assignment_name, function, mistake):
    notebook = solutions.with_mistake(solutions.source_notebook(assignment_name), function.name, mistake)
    scope = solutions.namespace(notebook, assignment_name)
    for other in ASSIGNMENTS[assignment_name].functions:
        result = grade_in_process(assignment_name, other, scope)
        if other is function:
            assert result.score == 0, f"{mistake.name} earns points:\n{result.report()}"
            assert mistake.hint in result.hints, f"{mistake.name} is not named:\n{result.report()}"
        else:
            assert result.passed, f"{mistake.name} also breaks {other.name}:\n{result.report()}"


@pytest.mark.parametrize("assignment_name, function", all_functions())
def test_an_unanswered_function_scores_nothing_and_says_so(assignment_name, function):
    release = solutions.read_notebook(solutions.RELEASE / assignment_name / f"{assignment_name}.ipynb")
    result = grade_in_process(assignment_name, function, solutions.namespace(release, assignment_name))
    assert result.score == 0
    assert "not implemented yet" in result.report()


@pytest.mark.parametrize("assignment_name, function", all_functions())
def test_a_renamed_function_is_reported_by_name(assignment_name, function):
    scope = dict(solution_namespace(assignment_name))
    scope[function.name + "_renamed"] = scope.pop(function.name)
    result = grade_in_process(assignment_name, function, scope)
    assert result.score == 0
    assert f"{function.name} is not defined" in result.report()


@pytest.mark.parametrize("assignment_name, function", all_functions())
def test_every_mistake_of_a_function_has_its_own_hint(assignment_name, function):
    hints = [mistake.hint for mistake in function.mistakes]
    assert len(hints) == len(set(hints))
