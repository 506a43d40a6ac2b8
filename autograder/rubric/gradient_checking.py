"""Rubric of the gradient-checking assignment: the 1-D cost and derivative, gradient_check, gradient_check_n.

The checks of ``gradient_check`` and ``gradient_check_n`` put costs with known gradients in place of
the notebook's own forward (and, in 1-D, backward) pass (``known_costs``); the checks both share are
in ``difference_checks``.
"""
import numpy as np

from ..calls import Call
from ..conventions import GRADIENT_CHECK_THRESHOLD as THRESHOLD
from ..conventions import short
from ..difference_checks import (LARGE_EPSILONS, PRINT_MSG, default_epsilon_is_the_courses, difference_value,
                                 expect_difference, follows_epsilon, messages_follow_the_difference, returns_a_float,
                                 value_problems)
from ..known_costs import (CUBIC, CUBIC_1D, JUST_ABOVE_1D, JUST_BELOW_1D, LINEAR_1D, NEAR_THRESHOLD, NETWORK, QUADRATIC,
                           SCALE, STEEP_CUBIC, WRONG_1D, as_gradients, cubic_1d_difference, cubic_difference,
                           entry_name, fresh_parameters, network_example, quadratic_gradient, trusted_difference,
                           with_one_entry_corrupted)
from ..kit.known_costs import NO_DATA
from ..kit.vectors import GRADIENT_CHECKING_NETWORK_SHAPES as SHAPES
from ..kit.vectors import dictionary_to_vector, gradients_to_vector
from ..i18n import N_, _
from ..numerics import relative_difference
from . import Assignment, Check, GradedFunction, Mistake, every_call, samples

FAR_ABOVE = 1e-2  # what one grossly wrong entry gives at least (about 1/3 as corrupted here)


# --- 1-D -----------------------------------------------------------------------------------------------

# Fresh x and theta lie this far apart at least, so that theta nudged by any epsilon used is still far
# nearer theta than x, and what a substituted helper received tells which argument it was.
PAIR_GAP = 25 * max(LARGE_EPSILONS.values())


def _fresh_pair(draws):
    while True:
        x = float(draws.uniform(0.5, 3) * draws.choice([-1, 1]))
        theta = float(draws.uniform(-3, 3))
        if abs(x - theta) >= PAIR_GAP:
            return x, theta


def formula(function_name, expected, description, is_not):
    """The function equals ``expected(x, theta)``; ``is_not(args)`` says that a value at x, theta = args does not."""
    def make_calls(draws):
        return samples(3, lambda: Call(function_name, _fresh_pair(draws)))

    def judge(call, outcome):
        value = outcome.value
        if isinstance(value, (bool, str, type(None), dict, list, tuple)) or np.size(value) != 1:
            return [_("x, theta = {args}: expected a number, received {type}", args=call.args,
                      type=type(value).__name__)]
        if not np.isclose(float(np.ravel(value)[0]), expected(*call.args), rtol=1e-9, atol=0):
            return [is_not(call.args)]
        return []

    return Check(f"equals {description} on fresh x and theta", make_calls, every_call(judge))


def threshold_1d_calls(draws):
    x, theta = _fresh_pair(draws)
    return {role: Call("gradient_check", args, PRINT_MSG, substitutes=substitutes) for role, args, substitutes in
            (("right", (x, theta), LINEAR_1D), ("wrong", (x, theta), WRONG_1D),
             ("just below", (x, SCALE), JUST_BELOW_1D), ("just above", (x, SCALE), JUST_ABOVE_1D))}


def check_1d_threshold():
    def judge(judged):
        (right_call, right), wrong = judged["right"], judged["wrong"].outcome
        x, _theta = right_call.args
        problems = value_problems(right, _("with the right derivative"))
        if not problems and difference_value(right) >= THRESHOLD:
            problems.append(_("with the right derivative at x, theta = {args} the difference is {difference}, not "
                              "below {threshold}", args=right_call.args,
                              difference=format(difference_value(right), ".3g"), threshold=short(THRESHOLD)))
        return problems + expect_difference(wrong, 1 / (abs(x + 1) + abs(x)),
                                            _("with the derivative x + 1 instead of x"))

    return Check(f"a right derivative gives a difference below {short(THRESHOLD)}, a wrong one the expected difference",
                 threshold_1d_calls, judge)


def cubic_1d_calls(draws):
    x, theta = _fresh_pair(draws)
    return {role: Call("gradient_check", (x, theta), {"epsilon": epsilon}, substitutes=CUBIC_1D)
            for role, epsilon in LARGE_EPSILONS.items()}


def check_1d_epsilon():
    cost = "x * theta^3"
    return follows_epsilon(cost, cubic_1d_calls, lambda call, epsilon: cubic_1d_difference(call.args[1], epsilon),
                           what=lambda call, epsilon: _("J = {cost} at x, theta = {args}, epsilon = {epsilon}",
                                                        cost=cost, args=call.args, epsilon=epsilon))


FORWARD = GradedFunction(
    "forward_propagation", 10,
    hidden_cases=[Call("forward_propagation", args) for args in [(2, -0.5), (-1.5, 3.0), (0.25, 10)]],
    properties=[formula("forward_propagation", lambda x, theta: theta * x, "theta * x",
                        lambda args: _("x, theta = {args}: the value is not theta * x", args=args))],
    mistakes=[
        Mistake("forward: theta plus x",
                "J(theta) is the product theta * x, not the sum.",
                "J = theta * x", "J = theta + x"),
    ],
)

BACKWARD = GradedFunction(
    "backward_propagation", 10,
    hidden_cases=[Call("backward_propagation", args) for args in [(2, -0.5), (-1.5, 3.0), (0.25, 10)]],
    properties=[formula("backward_propagation", lambda x, theta: x, "x, the derivative of theta * x",
                        lambda args: _("x, theta = {args}: the value is not x, the derivative of theta * x",
                                       args=args))],
    mistakes=[
        Mistake("backward: returns theta",
                "The derivative of J(theta) = theta * x with respect to theta is x, not theta.",
                "dtheta = x", "dtheta = theta"),
        Mistake("backward: returns J",
                "You returned J itself (theta * x); backward propagation returns its derivative, x.",
                "dtheta = x", "dtheta = theta * x"),
    ],
)

# What to say when a gradient check never calls a helper it exists to test (after the function's name).
COMPUTES_J_ITSELF = ("computes J itself instead of calling forward_propagation: a gradient check must test the "
                     "functions you wrote")
NEVER_CALLS_BACKWARD = ("never calls backward_propagation: grad must be what backward_propagation(x, theta) returns, "
                        "or the check tests nothing")
COMPUTES_COST_ITSELF = ("computes the cost itself instead of calling forward_propagation_n: a gradient check must "
                        "test the network's own forward pass")

# Their calls are judged by later checks too.
THRESHOLD_1D, EPSILON_1D = check_1d_threshold(), check_1d_epsilon()

GRADIENT_CHECK = GradedFunction(
    "gradient_check", 10,
    hidden_cases=[Call("gradient_check", (2.0, -1.5), {"epsilon": 1e-2}, substitutes=CUBIC_1D),
                  Call("gradient_check", (-0.5, 3.0), {"epsilon": 1e-3}, substitutes=CUBIC_1D),
                  Call("gradient_check", (1.5, 2.0), substitutes=WRONG_1D)],
    properties=[THRESHOLD_1D, default_epsilon_is_the_courses(THRESHOLD_1D, "J = x (theta / 1e-7)^3"),
                messages_follow_the_difference(THRESHOLD_1D), EPSILON_1D, returns_a_float(EPSILON_1D)],
    mistakes=[
        Mistake("check: one-sided difference",
                "You used the one-sided difference (J(theta + epsilon) - J(theta)) / epsilon; use the centred "
                "one, (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon): its error is proportional to "
                "epsilon squared, not to epsilon.",
                "gradapprox = (J_plus - J_minus) / (2 * epsilon)",
                "gradapprox = (J_plus - forward_propagation(x, theta)) / epsilon"),
        Mistake("check: divides by epsilon",
                "J_plus and J_minus are 2 * epsilon apart: divide their difference by 2 * epsilon, not by epsilon.",
                "gradapprox = (J_plus - J_minus) / (2 * epsilon)", "gradapprox = (J_plus - J_minus) / epsilon"),
        Mistake("check: gradapprox as grad", f"gradient_check {NEVER_CALLS_BACKWARD}",
                "grad = backward_propagation(x, theta)", "grad = gradapprox"),
        Mistake("check: missing denominator",
                "The difference is relative: divide ||grad - gradapprox|| by ||grad|| + ||gradapprox||.",
                "difference = numerator / denominator", "difference = numerator"),
    ],
    must_call={"forward_propagation": COMPUTES_J_ITSELF, "backward_propagation": NEVER_CALLS_BACKWARD},
)


# --- N-D -------------------------------------------------------------------------------------------------


def _near_threshold_call(offset):
    """J = sum of (theta_i / SCALE)^3 at every theta_i = SCALE, the gradients off from its centred
    difference with the default epsilon (4 / SCALE in every entry) by ``offset``."""
    parameters = {name: np.full(shape, SCALE) for name, shape in SHAPES}
    gradients = as_gradients(np.full((len(dictionary_to_vector(parameters)[1]), 1), 4 / SCALE * (1 + offset)))
    return Call("gradient_check_n", (parameters, gradients, *NO_DATA), PRINT_MSG, substitutes=STEEP_CUBIC)


def threshold_n_calls(draws):
    X, Y, parameters, gradients = network_example(draws)
    corrupted = with_one_entry_corrupted(gradients, int(draws.integers(len(dictionary_to_vector(parameters)[1]))))
    return {"right": Call("gradient_check_n", (parameters, gradients, X, Y), PRINT_MSG, substitutes=NETWORK),
            "wrong": Call("gradient_check_n", (parameters, corrupted, X, Y), PRINT_MSG, substitutes=NETWORK),
            **{role: _near_threshold_call(offset) for role, offset in NEAR_THRESHOLD.items()}}


def check_n_threshold():
    def judge(judged):
        (right_call, right), (wrong_call, wrong) = judged["right"], judged["wrong"]
        problems = value_problems(right, _("with correct gradients"))
        if not problems and difference_value(right) >= THRESHOLD:
            problems.append(_("with correct gradients the difference is {difference}, not below {threshold}",
                              difference=format(difference_value(right), ".3g"), threshold=short(THRESHOLD)))
        changed = gradients_to_vector(wrong_call.args[1]) != gradients_to_vector(right_call.args[1])
        entry = entry_name(int(np.argmax(changed)))
        what = _("with {entry} corrupted", entry=entry)
        wrong_problems = value_problems(wrong, what)
        if not wrong_problems and difference_value(wrong) < FAR_ABOVE:
            wrong_problems.append(_("with {entry} corrupted the difference is {difference}, not far above "
                                    "{threshold}: every entry must be checked", entry=entry,
                                    difference=format(difference_value(wrong), ".3g"), threshold=short(THRESHOLD)))
        if not wrong_problems:
            wrong_problems = expect_difference(wrong, trusted_difference(*wrong_call.args), what)
        return problems + wrong_problems

    return Check(f"on a fresh network, correct gradients give a difference below {short(THRESHOLD)} and one "
                 "corrupted entry (any entry) one far above", threshold_n_calls, judge)


def _cubic_call(parameters, epsilon):
    theta, _ = dictionary_to_vector(parameters)
    return Call("gradient_check_n", (parameters, as_gradients(3 * theta ** 2), *NO_DATA), {"epsilon": epsilon},
                substitutes=CUBIC)


def check_n_epsilon():
    def make_calls(draws):
        parameters = fresh_parameters(draws)
        return {role: _cubic_call(parameters, epsilon) for role, epsilon in LARGE_EPSILONS.items()}

    return follows_epsilon(N_("sum of theta_i^3"), make_calls,
                           lambda call, epsilon: cubic_difference(call.args[0], epsilon))


def _quadratic_call(draws):
    parameters = fresh_parameters(draws)
    gradient = quadratic_gradient(parameters)
    offset = 0.3 * draws.standard_normal(gradient.shape)
    # A large epsilon, exact for a quadratic cost, makes a leaking nudge shift entry i by i * epsilon.
    return Call("gradient_check_n", (parameters, as_gradients(gradient + offset), *NO_DATA),
                {"epsilon": 1e-2}, substitutes=QUADRATIC)


def quadratic_calls(draws):
    return {"quadratic": _quadratic_call(draws)}


def check_n_calls_forward():
    def judge(judged):
        call, outcome = judged["quadratic"]
        parameters, gradients = call.args[:2]
        expected = relative_difference(gradients_to_vector(gradients), quadratic_gradient(parameters))
        return expect_difference(outcome, expected, _("with forward_propagation_n swapped for J = (sum of theta_i^2 "
                                                      "+ (sum of theta_i)^2) / 2, epsilon = 1e-2"))

    return Check("calls forward_propagation_n, every nudge from the unchanged parameters: a cost with a known "
                 "gradient swapped in gives the expected difference", quadratic_calls, judge)


def _hidden_network_case():
    draws = np.random.default_rng(20240)
    X, Y, parameters, gradients = network_example(draws)
    return Call("gradient_check_n", (parameters, with_one_entry_corrupted(gradients, 29), X, Y),
                substitutes=NETWORK)


# Their calls are judged by later checks too.
THRESHOLD_N, CALLS_FORWARD_N = check_n_threshold(), check_n_calls_forward()

GRADIENT_CHECK_N = GradedFunction(
    "gradient_check_n", 20,
    hidden_cases=[_hidden_network_case(),
                  _cubic_call(fresh_parameters(np.random.default_rng(20241)), 1e-2),
                  _quadratic_call(np.random.default_rng(20242))],
    properties=[THRESHOLD_N, default_epsilon_is_the_courses(THRESHOLD_N, N_("J = sum of (theta_i / 1e-7)^3")),
                messages_follow_the_difference(THRESHOLD_N), check_n_epsilon(), CALLS_FORWARD_N,
                returns_a_float(CALLS_FORWARD_N)],
    mistakes=[
        Mistake("check_n: one-sided difference",
                "You used a one-sided difference (J_plus[i] - J) / epsilon; use the centred one, "
                "(J_plus[i] - J_minus[i]) / (2 * epsilon): its error is proportional to epsilon squared.",
                "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
                "gradapprox[i] = (J_plus[i] - forward_propagation_n(X, Y, parameters)[0]) / epsilon"),
        Mistake("check_n: divides by epsilon",
                "J_plus[i] and J_minus[i] are 2 * epsilon apart: divide their difference by 2 * epsilon, "
                "not by epsilon.",
                "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
                "gradapprox[i] = (J_plus[i] - J_minus[i]) / epsilon"),
        Mistake("check_n: perturbs without copying",
                "theta_plus = parameters_values does not copy: each nudge stays in parameters_values and the "
                "perturbations accumulate. Start every perturbation from np.copy(parameters_values).",
                "theta_plus = np.copy(parameters_values)", "theta_plus = parameters_values"),
        Mistake("check_n: nudges theta_minus without copying",
                "theta_minus = parameters_values does not copy: subtracting epsilon from theta_minus[i] changes "
                "parameters_values too, so every later entry is nudged from parameters already moved. Start theta_minus, like theta_plus, "
                "from np.copy(parameters_values).",
                "theta_minus = np.copy(parameters_values)", "theta_minus = parameters_values"),
        Mistake("check_n: gradapprox as grad",
                "grad must be the backward pass's gradients, gradients_to_vector(gradients); comparing "
                "gradapprox with itself always gives 0.",
                "grad = gradients_to_vector(gradients)", "grad = gradapprox"),
        Mistake("check_n: missing denominator",
                "The difference is relative: divide ||grad - gradapprox|| by ||grad|| + ||gradapprox||.",
                "difference = numerator / denominator", "difference = numerator"),
        Mistake("check_n: returns an array",
                "Return the difference as a float: np.linalg.norm(grad - gradapprox) without an axis "
                "gives one number; with axis=0 it gives an array.",
                "numerator = np.linalg.norm(grad - gradapprox)",
                "numerator = np.linalg.norm(grad - gradapprox, axis=0)"),
    ],
    must_call={"forward_propagation_n": COMPUTES_COST_ITSELF},
)

ASSIGNMENT = Assignment("gradient_checking", [FORWARD, BACKWARD, GRADIENT_CHECK, GRADIENT_CHECK_N])
