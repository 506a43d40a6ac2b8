"""The gradient-checking assignment: public expected values against independent computations, the
notebook's provided code, and the rubric on the reference solutions and on every catalogued mistake."""
import numpy as np
import pytest

from autograder import references, solutions
from autograder.kit.cases import PUBLIC_CASES, PUBLIC_PROPERTIES
from autograder.kit.cases import gradient_checking as cases
from autograder.kit.compare import differences
from autograder.kit.public_tests import public_test
from autograder.kit.vectors import GRADIENT_CHECKING_NETWORK_SHAPES as SHAPES
from autograder.rubric import ASSIGNMENTS, Mistake
from autograder import known_costs
from complex_step import complex_step_gradient, written_out_cost
from conftest import grade_in_process

ASSIGNMENT = ASSIGNMENTS["gradient_checking"]
GRADING_SEED = 2024
THRESHOLD = 2e-7

# The course's published numbers. Its printed 1-D example uses x, theta = 3, 4; its test of
# gradient_check uses x, theta = 2, 4, which is where 2.919e-10 comes from.
COURSE_1D = {(3, 4): 7.814075313343006e-11, (2, 4): 2.919335883291695e-10}
COURSE_WITH_BUGS = 0.2850931567761623
COURSE_FIXED = 1.1890913024229996e-07
BUGS = {"dW2 = 1. / m * np.dot(dZ2, A1.T) * 2": "dW2 = 1. / m * np.dot(dZ2, A1.T)",
        "db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)": "db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)"}

@pytest.fixture(scope="module")
def notebook():
    return solutions.source_notebook(ASSIGNMENT.name)


@pytest.fixture(scope="module")
def solution(notebook):
    return solutions.namespace(notebook, ASSIGNMENT.name)


def graded(scope, function):
    return grade_in_process(ASSIGNMENT.name, function, scope, GRADING_SEED)


# --- Independent routes to the public values -------------------------------------------------------

def plain_float_difference(x, theta, epsilon=1e-7):
    """The 1-D check in Python floats, no numpy: IEEE arithmetic makes it the same on every platform."""
    gradapprox = (x * (theta + epsilon) - x * (theta - epsilon)) / (2 * epsilon)
    return abs(x - gradapprox) / (abs(x) + abs(gradapprox))


def course_example_vector():
    X, Y, parameters = cases.gradient_check_n_test_case()
    return X, Y, np.concatenate([parameters[name].reshape(-1, 1) for name, _ in SHAPES])


def rolled(gradients):
    return np.concatenate([gradients["d" + name].reshape(-1, 1) for name, _ in SHAPES])


def relative_difference(grad, gradapprox):
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def test_public_values_are_the_courses():
    expected = {name: [case.expected for case in PUBLIC_CASES[name]] for name in
                ("forward_propagation", "backward_propagation", "gradient_check_n")}
    assert expected == {"forward_propagation": [12], "backward_propagation": [3],
                        "gradient_check_n": [COURSE_WITH_BUGS, COURSE_FIXED, pytest.approx(quadratic_case_difference(),
                                                                                          rel=1e-9)]}
    assert [case.make_args() for case in PUBLIC_CASES["gradient_check"]] == [(3, 4), (2, 4)]


def quadratic_case_difference():
    """The third N-D case: the course's parameters, J = (sum theta^2 + (sum theta)^2) / 2, its gradient with
    one entry off, epsilon = 1e-2; the estimate nudged entry by entry in a plain loop."""
    _, _, theta = course_example_vector()
    theta = theta.ravel()

    def cost(vector):
        return (sum(value * value for value in vector) + sum(vector) ** 2) / 2

    epsilon, approx = cases.QUADRATIC_CASE_EPSILON, []
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        approx.append((cost(plus) - cost(minus)) / (2 * epsilon))
    grad = theta + theta.sum()
    grad[cases.QUADRATIC_CASE_ENTRY] += cases.QUADRATIC_CASE_OFFSET
    return relative_difference(grad, np.array(approx))


def plain_float_cubic_difference(x, theta, derivative_factor=1.0, epsilon=1e-7):
    """gradient_check of J = x theta^3 in Python floats, the derivative scaled by ``derivative_factor``."""
    gradapprox = (x * (theta + epsilon) ** 3 - x * (theta - epsilon) ** 3) / (2 * epsilon)
    grad = derivative_factor * 3 * x * theta ** 2
    return abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))


def test_public_values_of_gradient_check_by_plain_floats_and_by_formula():
    cases_1d = PUBLIC_CASES["gradient_check"]
    assert cases_1d[0].kwargs == {"epsilon": 1e-2}
    assert cases_1d[0].expected == pytest.approx(plain_float_cubic_difference(3, 4, epsilon=1e-2), rel=1e-9)
    assert cases_1d[0].expected == pytest.approx(1e-4 / (6 * 16 + 1e-4), rel=1e-12)
    # With the default epsilon the cost's rounding, divided by 2e-7, moves the digits past the 8th.
    assert cases_1d[1].expected == pytest.approx(plain_float_cubic_difference(2, 4, derivative_factor=1.01), rel=1e-7)
    assert cases_1d[1].expected == pytest.approx(0.01 / 2.01, rel=1e-12)


def test_the_release_holds_no_1d_cost_of_the_exercises():
    """The kit's substitutes, in its cases and its properties, are not the answers of exercises 1 and 2
    (theta * x and x)."""
    drawn = [probe.substitutes for prop in PUBLIC_PROPERTIES["gradient_check"]
             for seed in (0, 2 ** 31 - 1) for probe in prop.probes(seed).values()]
    for substitutes in [case.substitutes for case in PUBLIC_CASES["gradient_check"]] + drawn:
        for x, theta in ((3.0, 4.0), (-1.5, 0.5)):
            assert substitutes["forward_propagation"](x, theta) != theta * x
            assert substitutes["backward_propagation"](x, theta) != x


def test_public_inputs_are_the_courses():
    draws = np.random.RandomState(1)
    X, Y, parameters = cases.gradient_check_n_test_case()
    np.testing.assert_array_equal(X, draws.randn(4, 3))
    np.testing.assert_array_equal(Y, [1, 1, 0])
    for name, shape in (("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1))):
        np.testing.assert_array_equal(parameters[name], draws.randn(*shape))


def test_1d_differences_by_plain_floats():
    for (x, theta), expected in COURSE_1D.items():
        assert plain_float_difference(x, theta) == expected
        assert plain_float_difference(x, theta) < 1e-9  # rounding only: the tolerance (1e-9) covers it


def test_public_gradients_agree_with_the_complex_step():
    X, Y, theta = course_example_vector()
    exact = complex_step_gradient(X, Y, theta)
    (_, provided), (_, correct) = (case.make_args()[:2] for case in PUBLIC_CASES["gradient_check_n"][:2])
    np.testing.assert_allclose(rolled(correct), exact, rtol=1e-9, atol=1e-12)
    # The provided backward's two bugs and nothing else: dW2 doubled, db1 four times too large.
    exact_dicts = dict(zip(["d" + name for name, _ in SHAPES],
                           np.split(exact, np.cumsum([np.prod(s) for _, s in SHAPES])[:-1])))
    for name, factor in (("dW2", 2), ("db1", 4), ("dW1", 1), ("db2", 1), ("dW3", 1), ("db3", 1)):
        np.testing.assert_allclose(provided[name].reshape(-1, 1), factor * exact_dicts[name], rtol=1e-9, atol=1e-12)


def test_n_d_differences_by_an_independent_derivation():
    X, Y, theta = course_example_vector()
    exact = complex_step_gradient(X, Y, theta)
    epsilon = 1e-7
    steps = np.eye(theta.size) * epsilon
    gradapprox = np.array([[(written_out_cost(X, Y, theta + steps[:, [k]]) - written_out_cost(X, Y, theta - steps[:, [k]]))
                            / (2 * epsilon)] for k in range(theta.size)])
    with_bugs = exact.copy()
    with_bugs[20:25] *= 4  # db1
    with_bugs[25:40] *= 2  # dW2
    assert relative_difference(with_bugs, gradapprox) == pytest.approx(COURSE_WITH_BUGS, rel=1e-6)
    # A correct gradient's difference is rounding noise: another way to compute the cost changes its
    # digits, not its size; the public case's tolerance must accept it.
    fixed = relative_difference(exact, gradapprox)
    assert fixed < THRESHOLD
    assert not differences(COURSE_FIXED, fixed, atol=cases.NOISE_ATOL_N)


def test_the_provided_backward_keeps_its_bugs_and_fixing_them_gives_the_courses_value(notebook, solution):
    release = solutions.read_notebook(solutions.RELEASE / ASSIGNMENT.name / f"{ASSIGNMENT.name}.ipynb")
    for book in (notebook, release):
        cell = solutions.defining_cell(book, "backward_propagation_n")
        assert all(cell.source.count(bug) == 1 for bug in BUGS)
    fixed = solutions.namespace(notebook, ASSIGNMENT.name)
    fixed_cell = solutions.defining_cell(notebook, "backward_propagation_n").source
    for bug, repair in BUGS.items():
        fixed_cell = fixed_cell.replace(bug, repair)
    exec(fixed_cell, fixed)
    for scope, expected in ((solution, COURSE_WITH_BUGS), (fixed, COURSE_FIXED)):
        X, Y, parameters = cases.gradient_check_n_test_case()
        _, cache = scope["forward_propagation_n"](X, Y, parameters)
        gradients = scope["backward_propagation_n"](X, Y, cache)
        assert scope["gradient_check_n"](parameters, gradients, X, Y) == pytest.approx(expected, rel=1e-9)


# --- The rubric on the solutions and on every catalogued mistake --------------------------------------

def test_the_unanswered_notebook_scores_nothing():
    release = solutions.read_notebook(solutions.RELEASE / ASSIGNMENT.name / f"{ASSIGNMENT.name}.ipynb")
    unanswered = solutions.namespace(release, ASSIGNMENT.name)
    assert not any(graded(unanswered, function).passed for function in ASSIGNMENT.functions)


def test_near_threshold_cases_straddle_the_threshold_and_pin_the_default_epsilon():
    # In plain floats: J = x (theta / 1e-7)^3 at theta = 1e-7, and a derivative 4 x / 1e-7 * (1 + offset).
    def difference(offset, epsilon, guard=0.0):
        x, theta = 2.5, 1e-7
        gradapprox = (x * ((theta + epsilon) / 1e-7) ** 3 - x * ((theta - epsilon) / 1e-7) ** 3) / (2 * epsilon)
        grad = 4 * x / 1e-7 * (1 + offset)
        return abs(grad - gradapprox) / max(abs(grad) + abs(gradapprox), guard)

    below, above = difference(known_costs.BELOW_OFFSET, 1e-7), difference(known_costs.ABOVE_OFFSET, 1e-7)
    assert 1e-7 < below < THRESHOLD < above < 2 * THRESHOLD  # a halved or doubled threshold misjudges one
    for offset in (known_costs.BELOW_OFFSET, known_costs.ABOVE_OFFSET):
        assert difference(offset, 1e-7) == pytest.approx(known_costs.near_threshold_difference(offset), rel=1e-6)
        assert difference(offset, 1e-7, guard=1e-8) == difference(offset, 1e-7)  # a denominator guard changes nothing
        assert min(difference(offset, 2e-7), difference(offset, 5e-8)) > 0.1


# Slips in the default epsilon and in the provided print_msg branch, each failing one named check.
SLIPS = [("default epsilon 2e-7", "epsilon=1e-7", "epsilon=2e-7", "the default epsilon"),
         ("default epsilon 5e-8", "epsilon=1e-7", "epsilon=5e-8", "the default epsilon"),
         ("threshold 4e-7", "difference > 2e-7", "difference > 4e-7", "print_msg=True"),
         ("threshold 1e-7", "difference > 2e-7", "difference > 1e-7", "print_msg=True"),
         ("comparison reversed", "difference > 2e-7", "difference < 2e-7", "print_msg=True")]


@pytest.mark.parametrize("function_name", ["gradient_check", "gradient_check_n"])
@pytest.mark.parametrize("name, solution_text, buggy_text, failing_check", SLIPS, ids=[slip[0] for slip in SLIPS])
def test_slips_in_epsilon_and_messages_fail(notebook, function_name, name, solution_text, buggy_text, failing_check):
    slip = Mistake(name, "", solution_text, buggy_text)
    scope = solutions.namespace(solutions.with_mistake(notebook, function_name, slip), ASSIGNMENT.name)
    result = graded(scope, ASSIGNMENT.function(function_name))
    assert [check.name for check in result.checks if not check.passed and check.name.startswith(failing_check)]


def test_public_test_of_gradient_check_uses_the_kits_cost(notebook, capfd):
    # A wrong forward_propagation must not fail gradient_check's public test (nor its test cell).
    scope = solutions.namespace(solutions.with_mistake(notebook, "forward_propagation",
                                                       ASSIGNMENT.function("forward_propagation").mistakes[0]),
                                ASSIGNMENT.name)
    students_forward = scope["forward_propagation"]
    public_test(scope["gradient_check"])
    assert scope["forward_propagation"] is students_forward
    assert "passed" in capfd.readouterr().out


def test_references_are_fresh():
    stored = references.load(ASSIGNMENT.name)
    for function, keys in references.compute(ASSIGNMENT).items():
        for key, entry in keys.items():
            assert not differences(stored[function][key]["solution"], entry["solution"]), (function, key)
            for name, value in entry["mistakes"].items():
                assert not differences(stored[function][key]["mistakes"][name], value), (function, key, name)


def test_the_written_out_provided_gradients_are_the_course_bugs_on_the_kit_backward_pass():
    """dW2 doubled and db1 with 4/m: the provided backward_propagation_n, computed here apart."""
    X, Y, parameters = cases.gradient_check_n_test_case()
    correct = cases.example_gradients(X, Y, parameters)
    bugs = {"dW2": 2, "db1": 4}
    for name, value in cases.AS_PROVIDED_GRADIENTS.items():
        assert np.array_equal(value, correct[name] * bugs.get(name, 1)), name


# Seeds on which x and theta, drawn with no gap between them, lie within one of the checks' epsilons of
# each other: a nudged theta is then nearer x than theta, and may not be read as either.
CLOSE_PAIR_SEEDS = [1688792712, 1761331096, 1740994502, 654890983]


@pytest.mark.parametrize("seed", CLOSE_PAIR_SEEDS)
@pytest.mark.parametrize("mistake", ASSIGNMENT.function("gradient_check").mistakes, ids=lambda mistake: mistake.name)
def test_gradient_check_mistakes_are_named_on_seeds_that_draw_x_near_theta(notebook, mistake, seed):
    function = ASSIGNMENT.function("gradient_check")
    scope = solutions.namespace(solutions.with_mistake(notebook, function.name, mistake), ASSIGNMENT.name)
    result = grade_in_process(ASSIGNMENT.name, function, scope, seed)
    assert result.hints == [mistake.hint], f"seed {seed}: {result.hints}"


def test_fresh_x_and_theta_stay_told_apart_when_theta_is_nudged():
    """Every planned call of gradient_check: theta moved by the call's epsilon is still clearly nearer
    theta than x, so the diagnosis can read which argument a substituted helper received."""
    from autograder.diagnosis import CLEARLY_NEARER
    from autograder.plan import plan_function
    seeds = np.random.default_rng(31).integers(0, 2**31, size=300)
    for seed in map(int, seeds):
        for call in plan_function(ASSIGNMENT.function("gradient_check"), seed).calls.values():
            (x, theta), epsilon = call.args, call.kwargs.get("epsilon", 1e-7)
            for nudged in (theta + epsilon, theta - epsilon):
                assert CLEARLY_NEARER * abs(nudged - theta) < abs(nudged - x), f"seed {seed}: {call}"
