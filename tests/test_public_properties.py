"""The public properties (kit.cases' PUBLIC_PROPERTIES): every right answer keeps them on every draw, the
wrong answers they exist for break them with words that name the slip, and the grader judges them as the
learner's public test does."""
import numpy as np
import pytest

from autograder import solutions
from autograder.calls import run_call
from autograder.kit.cases import PUBLIC_PROPERTIES
from autograder.kit.public_tests import PublicTestFailure, property_problems, public_test
from autograder.plan import CheckKind, plan_function, public_property
from autograder.rubric import ASSIGNMENTS, Mistake, find_assignment
from autograder.checks import Judged

# Seeds spread over the whole range a public test draws from.
SEEDS = [int(seed) for seed in np.linspace(0, 2 ** 32 - 1, 60)] + [1, 2, 3]


@pytest.fixture(scope="module")
def scopes():
    return {name: solutions.namespace(solutions.source_notebook(name), name) for name in ASSIGNMENTS}


def with_slip(function_name, solution_text, buggy_text):
    assignment = find_assignment(function_name).name
    notebook = solutions.with_mistake(solutions.source_notebook(assignment), function_name,
                                      Mistake("slip", "", solution_text, buggy_text))
    return solutions.namespace(notebook, assignment)[function_name]


@pytest.mark.parametrize("function_name", sorted(PUBLIC_PROPERTIES))
def test_the_solution_keeps_every_public_property_on_every_draw(function_name, scopes):
    function = scopes[find_assignment(function_name).name][function_name]
    for seed in SEEDS:
        for prop in PUBLIC_PROPERTIES[function_name]:
            assert property_problems(function, prop, seed) == [], f"seed {seed}: {prop.name}"


# A slip each property exists for, and words its report must hold: (function, solution text, slip, words).
SLIPS = [
    ("initialize_parameters_he", "np.sqrt(2 / layers_dims[l - 1])", "np.sqrt(1 / layers_dims[l - 1])", "Xavier"),
    ("gradient_check", "difference > 2e-7", "difference > 4e-7", "it must say that there is a mistake"),
    ("gradient_check", "epsilon=1e-7", "epsilon=2e-7", "epsilon not given"),
    ("gradient_check_n", "difference > 2e-7", "difference < 2e-7", "printed that"),
    ("gradient_check_n", "theta_minus = np.copy(parameters_values)", "theta_minus = parameters_values",
     "one entry off, epsilon = 0.01"),
    ("compute_cost_with_regularization", "lambd / (2 * m)", "lambd / 2", "divided by m"),
    ("compute_cost_with_regularization", "lambd / (2 * m)", "lambd ** 2 / (2 * m)", "proportional to lambd"),
    ("forward_propagation_with_dropout", "keep_prob=0.5", "keep_prob=1.0", "keep_prob not given"),
    ("forward_propagation_with_dropout", "A1 = A1 / keep_prob", "A1 = A1", "1 / keep_prob"),
    ("backward_propagation_with_dropout", "np.int64(A2 > 0)", "np.int64(A2 > 1)", "relu's derivative"),
    ("backward_propagation_with_dropout", "dA1 = dA1 * D1", "dA1 = dA1", "dropped the unit"),
]


@pytest.mark.parametrize("function_name, solution_text, buggy_text, words", SLIPS)
def test_a_slip_breaks_its_property_with_words_that_name_it(function_name, solution_text, buggy_text, words):
    function = with_slip(function_name, solution_text, buggy_text)
    for seed in SEEDS[::10]:
        problems = [problem for prop in PUBLIC_PROPERTIES[function_name]
                    for problem in property_problems(function, prop, seed)]
        assert any(words in problem for problem in problems), f"seed {seed}: {problems}"


def test_a_failing_property_reports_its_seed_and_is_drawn_again_by_it(capsys):
    function = with_slip("gradient_check", "difference > 2e-7", "difference > 4e-7")  # the cases pass
    reports = []
    for _ in range(2):
        with pytest.raises(PublicTestFailure) as failure:
            public_test(function, seed=12345)
        reports.append(str(failure.value))
    assert reports[0] == reports[1]
    assert "passes its public tests but fails 1 of 2 property check(s)" in reports[0]
    assert "public_test(gradient_check, seed=12345) draws them again" in " ".join(reports[0].split())
    assert "just above the threshold" in reports[0]
    assert "Traceback" not in reports[0]


def test_a_verdict_printed_for_the_property_stays_out_of_the_notebook(scopes, capsys):
    public_test(scopes["gradient_checking"]["gradient_check_n"], seed=5)
    assert capsys.readouterr().out.count("\n") == 1  # the pass line alone


@pytest.mark.parametrize("function_name, slip", [(None, None)] + [(s[0], s) for s in SLIPS])
def test_the_grader_judges_a_public_property_as_the_public_test_does(function_name, slip, scopes):
    cases = [(s[0], with_slip(*s[:3])) for s in SLIPS if s is slip] if slip else \
        [(name, scopes[find_assignment(name).name][name]) for name in PUBLIC_PROPERTIES]
    for name, function in cases:
        for prop in PUBLIC_PROPERTIES[name]:
            check = public_property(name, prop)
            for seed in SEEDS[::20]:
                draws = np.random.default_rng(seed)
                calls = check.make_calls(draws)
                drawn = int(np.random.default_rng(seed).integers(2 ** 32))
                judged = {role: Judged(call, run_call(function.__globals__, call)) for role, call in calls.items()}
                assert check.judge(judged) == property_problems(function, prop, drawn), f"seed {seed}: {prop.name}"


def test_public_properties_are_visible_checks_of_the_plan():
    function = ASSIGNMENTS["gradient_checking"].function("gradient_check_n")
    public = [planned for planned in plan_function(function, 3).checks if planned.kind is CheckKind.PUBLIC_PROPERTY]
    assert [planned.name for planned in public] == [f"public property: {prop.name}"
                                                    for prop in PUBLIC_PROPERTIES["gradient_check_n"]]
    assert {planned.visibility for planned in public} == {"visible"}
