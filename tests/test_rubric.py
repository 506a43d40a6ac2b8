"""The rubric of every assignment: solutions pass, catalogued mistakes fail and are named."""
import warnings

import pytest

from autograder import solutions
from autograder.judging import plan
from autograder.rubric import ASSIGNMENTS, Mistake
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


def test_checks_built_on_the_same_calls_judge_one_set_of_calls():
    from autograder.calls import Outcome
    from autograder.judging import judge, plan
    from autograder.rubric import Check, GradedFunction

    def make_calls(rng):
        return [f"call {rng.integers(100)}"]

    judged = []
    checks = [Check(name, make_calls, lambda calls, outcomes: judged.append((calls, outcomes)) or [])
              for name in ("a", "b")]
    function = GradedFunction("a_function_without_public_cases", 1, [], checks, [])
    planned = plan("initialization", function, seed=0)
    assert [len(item.calls) for item in planned] == [1, 0]  # made once
    outcome = Outcome(value=1.0)
    assert judge("initialization", function, planned, [outcome]).passed
    assert judged == [(planned[0].calls, [outcome])] * 2  # judged by both


@pytest.mark.parametrize("assignment_name, function", all_functions())
def test_planning_never_lets_a_warning_out(assignment_name, function):
    """In nbgrader's kernel a warning on stderr scores the cell zero: trusted code must stay quiet.

    Seed 516 once made gradient_check_n's input search take log(0)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for seed in [516, *range(50)]:
            plan(assignment_name, function, seed)


@pytest.mark.parametrize("assignment_name, function", all_functions())
def test_the_notebooks_define_the_known_signature(assignment_name, function):
    for folder in (solutions.SOURCE, solutions.RELEASE):
        notebook = solutions.read_notebook(folder / assignment_name / f"{assignment_name}.ipynb")
        assert f"def {function.signature}:" in solutions.defining_cell(notebook, function.name).source


OLDER_SIGNATURES = [  # what learners keep from older versions of the course, or write by hand
    ("gradient_checking", "gradient_check", "def gradient_check(x, theta, epsilon=1e-7):",
     "gradient_check must keep the signature gradient_check(x, theta, epsilon=1e-7, print_msg=False); "
     "yours has no print_msg"),
    ("gradient_checking", "gradient_check_n", "def gradient_check_n(parameters, gradients, X, Y, epsilon = 1e-7):",
     "gradient_check_n must keep the signature gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, "
     "print_msg=False); yours has no print_msg"),
    ("regularization", "forward_propagation_with_dropout", "def forward_propagation_with_dropout(X, parameters, kp=0.5):",
     "forward_propagation_with_dropout must keep the signature forward_propagation_with_dropout(X, parameters, "
     "keep_prob=0.5); yours has no keep_prob"),
    ("initialization", "initialize_parameters_he", "def initialize_parameters_he(layers_dims, seed):",
     "initialize_parameters_he must keep the signature initialize_parameters_he(layers_dims); "
     "yours is initialize_parameters_he(layers_dims, seed)"),
]


@pytest.mark.parametrize("assignment_name, function_name, definition, sentence", OLDER_SIGNATURES,
                         ids=[row[1] for row in OLDER_SIGNATURES])
def test_a_drifted_signature_is_told_the_signature_to_keep(assignment_name, function_name, definition, sentence):
    notebook = solutions.source_notebook(assignment_name)
    function = ASSIGNMENTS[assignment_name].function(function_name)
    drifted = Mistake("drifted signature", "", f"def {function.signature}:", definition)
    scope = solutions.namespace(solutions.with_mistake(notebook, function_name, drifted), assignment_name)
    report = grade_in_process(assignment_name, function, scope).report()
    assert sentence in report and "TypeError" not in report, report


def test_only_plain_records_of_helper_calls_cross_from_the_sandbox():
    from autograder.calls import plain_helper_calls
    assert plain_helper_calls({"forward_propagation": [{"x": 3.0, "theta": {"shape": [2, 1]}}], "helper": []})
    assert plain_helper_calls({"forward_propagation_n": [{"parameters": {"keys": ["W1"]}, "X": {"type": "list"}}]})
    for forged in ([], {"f": [{"x": 3}]}, {"f": [{"x": {"shape": [2.0]}}]}, {"f": [{"x": {"eval": "1"}}]},
                   {"f": [{}] * 4}, {1: []}, {"f": [{"x": {"shape": [1], "keys": []}}]}):
        assert not plain_helper_calls(forged), forged
