"""Rubric of the gradient-checking assignment: the 1-D cost and derivative, gradient_check, gradient_check_n.

The checks of ``gradient_check`` and ``gradient_check_n`` put kit functions in place of the
notebook's own forward (and, in 1-D, backward) pass through ``Call.substitutes``: a slip in those
costs no points here, and a cost with a known gradient proves the check really calls them.
"""
import re

import numpy as np

from ..calls import Call
from ..conventions import GRADIENT_CHECK_THRESHOLD as THRESHOLD
from ..conventions import QUOTED_PRINT_LIMIT, short
from ..kit.network import backward_propagation, forward_propagation, relu, sigmoid
from ..kit.vectors import GRADIENT_CHECKING_NETWORK_SHAPES as SHAPES
from ..kit.vectors import dictionary_to_vector, gradients_to_vector, vector_to_dictionary
from ..numerics import centred_differences, relative_difference, unrolled
from . import Assignment, Check, GradedFunction, Mistake, require, samples

DEFAULT_EPSILON = 1e-7
FAR_ABOVE = 1e-2  # what one grossly wrong entry gives at least (about 1/3 as corrupted here)
CLOSE = 1e-6  # relative tolerance where the expected difference is not rounding noise


def _here(name):
    return f"{__name__}:{name}"


# Substitutes for the 1-D cost and derivative. The linear cost is the exercise's own.
def linear_1d(x, theta):
    return theta * x


def linear_derivative_1d(x, theta):
    return x


def derivative_off_by_one(x, theta):
    return x + 1


# x * theta ** 3 has a centred difference of exactly x * (3 theta ** 2 + epsilon ** 2): its check gives a
# known, epsilon-dependent difference.
def cubic_1d(x, theta):
    return x * theta ** 3


def cubic_derivative_1d(x, theta):
    return 3 * x * theta ** 2


# Pinning the default epsilon and the threshold on inputs where no numerical guard matters: the steep
# cubic J = x (theta / SCALE) ** 3 at theta = SCALE = DEFAULT_EPSILON is of order 1 and its gradient of
# order 1 / SCALE, far above any guard such as max(denominator, 1e-8). Its centred difference there is
# x (3 + (epsilon / SCALE) ** 2) / SCALE: 4 x / SCALE with the default epsilon only (theta + epsilon and
# theta - epsilon are exactly 2 SCALE and 0). A gradient handed in as that value raised by a relative
# offset gives a difference of offset / (2 + offset) with the default epsilon, and above 0.1 with epsilon
# doubled or halved. The two offsets land just below and just above THRESHOLD.
SCALE = DEFAULT_EPSILON
BELOW_OFFSET = 3e-7  # a difference of 1.5e-7
ABOVE_OFFSET = 6e-7  # 3e-7: below 2 * THRESHOLD, so a doubled threshold still calls it right


def near_threshold_difference(offset):
    return offset / (2 + offset)


def steep_cubic_1d(x, theta):
    return x * (theta / SCALE) ** 3


def derivative_just_below_threshold(x, theta):
    return 4 * x / SCALE * (1 + BELOW_OFFSET)


def derivative_just_above_threshold(x, theta):
    return 4 * x / SCALE * (1 + ABOVE_OFFSET)


LINEAR_1D = {"forward_propagation": _here("linear_1d"), "backward_propagation": _here("linear_derivative_1d")}
WRONG_1D = dict(LINEAR_1D, backward_propagation=_here("derivative_off_by_one"))
CUBIC_1D = {"forward_propagation": _here("cubic_1d"), "backward_propagation": _here("cubic_derivative_1d")}
JUST_BELOW_1D = {"forward_propagation": _here("steep_cubic_1d"),
                 "backward_propagation": _here("derivative_just_below_threshold")}
JUST_ABOVE_1D = dict(JUST_BELOW_1D, backward_propagation=_here("derivative_just_above_threshold"))


def cubic_1d_difference(theta, epsilon):
    """What gradient_check gives with CUBIC_1D: |x| eps^2 / (3|x| theta^2 + |x| (3 theta^2 + eps^2))."""
    return epsilon ** 2 / (6 * theta ** 2 + epsilon ** 2)


# Substitutes for forward_propagation_n: (cost, cache) like the notebook's.
def network_cost(X, Y, parameters):
    """The course's forward_propagation_n on the kit's trusted network: cross-entropy with np.sum."""
    A3, cache = forward_propagation(X, parameters)
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    return 1.0 / X.shape[1] * np.sum(logprobs), cache


def cubic_cost(X, Y, parameters):
    """J = sum of theta_i ** 3: its centred difference is exactly 3 theta_i ** 2 + epsilon ** 2."""
    return sum((value ** 3).sum() for value in parameters.values()), None  # .sum(): np.sum's numbers, faster


def steep_cubic_cost(X, Y, parameters):
    """J = sum of (theta_i / SCALE) ** 3, the N-D form of steep_cubic_1d (see there)."""
    return sum(((value / SCALE) ** 3).sum() for value in parameters.values()), None


def quadratic_cost(X, Y, parameters):
    """J = (sum of theta_i ** 2 + (sum of theta_i) ** 2) / 2: its gradient, theta + sum(theta), a centred
    difference gives exactly. Every entry depends on all the others, so a nudge that leaks into the next
    entries (a perturbation without np.copy) shows."""
    theta, _ = dictionary_to_vector(parameters)
    return (np.sum(theta ** 2) + np.sum(theta) ** 2) / 2, None


NETWORK = {"forward_propagation_n": _here("network_cost")}
CUBIC = {"forward_propagation_n": _here("cubic_cost")}
STEEP_CUBIC = {"forward_propagation_n": _here("steep_cubic_cost")}
QUADRATIC = {"forward_propagation_n": _here("quadratic_cost")}


def as_gradients(theta):
    """A gradient vector (47, 1) as the dict backward_propagation_n returns (dW1, db1, ..., db3)."""
    return {"d" + name: value for name, value in vector_to_dictionary(theta).items()}


def trusted_difference(parameters, gradients, X, Y, epsilon=1e-7):
    """A gradient check of ``network_cost`` written apart from the notebook, to choose inputs and
    expected values. Every nudge of theta is costed in one batch (see ``network_costs``)."""
    theta, _ = dictionary_to_vector(parameters)
    gradapprox = centred_differences(lambda thetas: network_costs(X, Y, thetas), theta, epsilon).reshape(theta.shape)
    return relative_difference(gradients_to_vector(gradients), gradapprox)


def network_costs(X, Y, thetas):
    """``network_cost`` of every row of ``thetas`` (rolled parameters): the same formula on parameters
    stacked along a leading axis, which matmul broadcasts over; a hundred times faster than a loop."""
    p = unrolled(thetas, SHAPES)
    A2 = relu(p["W2"] @ relu(p["W1"] @ X + p["b1"]) + p["b2"])
    A3 = sigmoid(p["W3"] @ A2 + p["b3"])
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    return 1.0 / X.shape[1] * np.sum(logprobs, axis=(-2, -1))


def cubic_difference(parameters, epsilon):
    """What gradient_check_n gives with CUBIC and the exact gradient 3 theta ** 2."""
    theta, _ = dictionary_to_vector(parameters)
    return relative_difference(3 * theta ** 2, 3 * theta ** 2 + epsilon ** 2)


def network_example(draws):
    """X, Y, parameters and correct gradients of the 4-5-3-1 network where a correct check is clearly
    below the threshold: no unit within reach of relu's kink, rounding noise under THRESHOLD / 4."""
    while True:
        m = int(draws.integers(3, 9))
        X = draws.standard_normal((4, m))
        Y = draws.integers(0, 2, size=(1, m))
        parameters = {name: draws.standard_normal(shape) for name, shape in SHAPES}
        _, cache = network_cost(X, Y, parameters)
        gradients = backward_propagation(X, Y, cache)
        away_from_kinks = min(np.abs(cache[0]).min(), np.abs(cache[4]).min()) > 1e-4
        if away_from_kinks and trusted_difference(parameters, gradients, X, Y) < THRESHOLD / 4:
            return X, Y, parameters, gradients


def with_one_entry_corrupted(gradients, index):
    """The gradients with entry ``index`` of their rolled vector raised by the whole vector's norm."""
    grad = gradients_to_vector(gradients)
    grad[index] += np.linalg.norm(grad)
    return dict(gradients, **as_gradients(grad))


def entry_name(index):
    """'dW2[1, 3]' for an index into the rolled gradient vector."""
    for name, shape in SHAPES:
        if index < np.prod(shape):
            return f"d{name}[{', '.join(map(str, np.unravel_index(index, shape)))}]"
        index -= int(np.prod(shape))
    raise IndexError(index)


def _difference_value(outcome):
    """The returned difference as a float, or None when it is not a single number."""
    value = outcome.value
    if isinstance(value, (float, np.floating)) and not isinstance(value, np.ndarray):
        return float(value)
    return None


def _value_problems(outcome, what):
    if outcome.error:
        return [f"{what}: {outcome.error}"]
    if _difference_value(outcome) is None:
        return [f"{what}: expected the difference as a float, received {type(outcome.value).__name__}"]
    return []


def _expect(outcome, expected, what):
    problems = _value_problems(outcome, what)
    if not problems and not np.isclose(_difference_value(outcome), expected, rtol=CLOSE, atol=0):
        # A hidden check says what it received, never what it expected.
        problems.append(f"{what}: received a difference of {_difference_value(outcome):.6g}, "
                        "not the one a correct check gives")
    return problems


def _epsilon_reading(small, large):
    """Say how the difference grew when epsilon doubled: 4x is a centred difference's eps^2."""
    if small and large and small > 0:
        growth = large / small
        if abs(growth - 2) < 0.3:
            return [f"doubling epsilon doubled the difference (x{growth:.2f}): that is a one-sided difference's "
                    "error, proportional to epsilon; a centred one's is proportional to epsilon squared (x4)"]
        if abs(growth - 4) > 0.3:
            return [f"doubling epsilon multiplied the difference by {growth:.3g}, not by 4 as a centred difference's "
                    "error (proportional to epsilon squared) does"]
    return []


# The threshold checks' calls, all with print_msg=True: "right" (a correct gradient), "wrong", and one at the
# default epsilon for each offset, whose differences land just below and just above THRESHOLD.
NEAR_THRESHOLD = {"just below": BELOW_OFFSET, "just above": ABOVE_OFFSET}
PRINT_MSG = {"print_msg": True}


def check_default_epsilon(threshold_check, cost):
    def judge(judged):
        return [problem for role, offset in NEAR_THRESHOLD.items()
                for problem in _expect(judged[role].outcome, near_threshold_difference(offset),
                                       f"{cost} at theta = 1e-7 without an epsilon argument")]

    return Check.on_the_calls_of(
        threshold_check, f"the default epsilon is 1e-7 ({cost} at theta = 1e-7, whose centred difference depends "
        "on epsilon)", judge)


# What a printed verdict says, in the words learners use: the kit's ("does not match ...: backward
# propagation has a mistake" / "matches ...: looks right"), the course's ("There is a mistake in the backward
# propagation!" / "Your backward propagation works perfectly fine!") and the like ("gradient check
# failed", "the gradient is correct"). A denied trouble ("no mistake") is good news; a denied good word
# ("not correct", "does not match") is trouble.
DENIED_TROUBLE = re.compile(r"\b(no|without(?: any)?|free of)\s+(?:mistakes?|errors?|bugs?|problems?)\b")
TROUBLE = re.compile(
    r"\b(?:mistakes?|wrong|bugs?|buggy|incorrect|fail(?:s|ed|ure)?|mismatch(?:es|ed)?|broken"
    r"|(?:does|do|did|is|are)\s*(?:not|n't)\s+(?:match|agree|work|correct|right|fine|ok|okay|good)\w*"
    r"|not\s+(?:match|agree|work|correct|right|fine|ok|okay|good|pass)\w*"
    r"|(?:an|has|have|with|found|contains?|some)\s+errors?|errors?\s+in)\b")
GOOD = re.compile(r"\b(?:correct(?:ly)?|right|fine|works?|working|perfect(?:ly)?|pass(?:es|ed)?|match(?:es|ed)?"
                  r"|agrees?|ok|okay|good|success(?:ful)?)\b")
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def message_verdict(printed):
    """"mistake" or "right" when the message plainly says one of them, None when it says neither or both."""
    text = ANSI_COLOUR.sub(" ", printed).lower().replace("\u2019", "'")
    good = bool(DENIED_TROUBLE.search(text))
    text = DENIED_TROUBLE.sub(" ", text)
    trouble = bool(TROUBLE.search(text))
    good = good or bool(GOOD.search(TROUBLE.sub(" ", text)))
    if trouble != good:
        return "mistake" if trouble else "right"
    return None


def check_messages(threshold_check):
    """The printed verdict must follow the returned difference (whose value the other checks judge):
    a right and a wrong gradient, and the two differences either side of THRESHOLD, pin its comparison."""
    def judge(judged):
        problems = []
        for _, outcome in judged.values():
            difference = _difference_value(outcome)
            verdict = "mistake" if difference is not None and difference > THRESHOLD else "right"
            if difference is not None and message_verdict(outcome.printed) != verdict:
                problems.append(f"with print_msg=True and a difference of {difference:.3g}, the message should say "
                                f"{'that there is a mistake' if verdict == 'mistake' else 'that the gradient is right'}"
                                f" (the threshold is {short(THRESHOLD)}); "
                                f"printed: {outcome.printed.strip()[:QUOTED_PRINT_LIMIT]!r}")
        return problems

    return Check.on_the_calls_of(threshold_check, f"print_msg=True says plainly that there is no mistake below "
                                 f"{short(THRESHOLD)} and that there is one above", judge)


# --- 1-D -----------------------------------------------------------------------------------------------

# The epsilons of the checks that follow epsilon, by role: large, so that a one-sided difference's error shows.
LARGE_EPSILONS = {"epsilon": 1e-2, "doubled epsilon": 2e-2}
# Fresh x and theta lie this far apart at least, so that theta nudged by any epsilon used is still far
# nearer theta than x, and what a substituted helper received tells which argument it was.
PAIR_GAP = 25 * max(LARGE_EPSILONS.values())


def _fresh_pair(draws):
    while True:
        x = float(draws.uniform(0.5, 3) * draws.choice([-1, 1]))
        theta = float(draws.uniform(-3, 3))
        if abs(x - theta) >= PAIR_GAP:
            return x, theta


def formula(function_name, expected, description):
    def make_calls(draws):
        return samples(3, lambda: Call(function_name, _fresh_pair(draws)))

    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            value = outcome.value
            if outcome.error:
                continue
            if isinstance(value, (bool, str, type(None), dict, list, tuple)) or np.size(value) != 1:
                problems.append(f"x, theta = {call.args}: expected a number, received {type(value).__name__}")
            elif not np.isclose(float(np.ravel(value)[0]), expected(*call.args), rtol=1e-9, atol=0):
                problems.append(f"x, theta = {call.args}: the value is not {description}")
        return problems

    return Check(f"equals {description} on fresh x and theta", make_calls, judge)


def threshold_1d_calls(draws):
    x, theta = _fresh_pair(draws)
    return {role: Call("gradient_check", args, PRINT_MSG, substitutes=substitutes) for role, args, substitutes in
            (("right", (x, theta), LINEAR_1D), ("wrong", (x, theta), WRONG_1D),
             ("just below", (x, SCALE), JUST_BELOW_1D), ("just above", (x, SCALE), JUST_ABOVE_1D))}


def check_1d_threshold():
    def judge(judged):
        (right_call, right), wrong = judged["right"], judged["wrong"].outcome
        x, _ = right_call.args
        problems = _value_problems(right, "with the right derivative")
        if not problems and _difference_value(right) >= THRESHOLD:
            problems.append(f"with the right derivative at x, theta = {right_call.args} the difference is "
                            f"{_difference_value(right):.3g}, not below {short(THRESHOLD)}")
        return problems + _expect(wrong, 1 / (abs(x + 1) + abs(x)), "with the derivative x + 1 instead of x")

    return Check(f"a right derivative gives a difference below {short(THRESHOLD)}, a wrong one the expected difference",
                 threshold_1d_calls, judge)


def cubic_1d_calls(draws):
    x, theta = _fresh_pair(draws)
    return {role: Call("gradient_check", (x, theta), {"epsilon": epsilon}, substitutes=CUBIC_1D)
            for role, epsilon in LARGE_EPSILONS.items()}


def follows_epsilon(cost, make_calls, expected_difference, where=lambda call: ""):
    """The difference follows epsilon as a centred difference does, on a cost whose gradient is known."""
    def judge(judged):
        problems = []
        for call, outcome in judged.values():
            epsilon = call.kwargs["epsilon"]
            problems += _expect(outcome, expected_difference(call, epsilon),
                                f"J = {cost}{where(call)}, epsilon = {epsilon}")
        if problems:
            problems += _epsilon_reading(*(_difference_value(judged[role].outcome) for role in LARGE_EPSILONS))
        return problems

    return Check(f"the difference follows epsilon as a centred difference does (J = {cost}, whose gradient is known)",
                 make_calls, judge)


def check_1d_epsilon():
    return follows_epsilon("x * theta^3", cubic_1d_calls,
                           lambda call, epsilon: cubic_1d_difference(call.args[1], epsilon),
                           where=lambda call: f" at x, theta = {call.args}")


def returns_a_float(other_check):
    """Judged on the calls of another check: every call's answer shows its type."""
    def judge(judged):
        return list(dict.fromkeys(problem for _, outcome in judged.values()
                                  for problem in _value_problems(outcome, "the returned difference")))

    return Check.on_the_calls_of(other_check, "returns the difference as a float, not an array", judge)


FORWARD = GradedFunction(
    "forward_propagation", 10,
    hidden_cases=[Call("forward_propagation", args) for args in [(2, -0.5), (-1.5, 3.0), (0.25, 10)]],
    properties=[formula("forward_propagation", lambda x, theta: theta * x, "theta * x")],
    mistakes=[
        Mistake("forward: theta plus x",
                "J(theta) is the product theta * x, not the sum.",
                "J = theta * x", "J = theta + x"),
    ],
)

BACKWARD = GradedFunction(
    "backward_propagation", 10,
    hidden_cases=[Call("backward_propagation", args) for args in [(2, -0.5), (-1.5, 3.0), (0.25, 10)]],
    properties=[formula("backward_propagation", lambda x, theta: x, "x, the derivative of theta * x")],
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

THRESHOLD_1D, EPSILON_1D = check_1d_threshold(), check_1d_epsilon()  # their calls are judged by later checks too

GRADIENT_CHECK = GradedFunction(
    "gradient_check", 10,
    hidden_cases=[Call("gradient_check", (2.0, -1.5), {"epsilon": 1e-2}, substitutes=CUBIC_1D),
                  Call("gradient_check", (-0.5, 3.0), {"epsilon": 1e-3}, substitutes=CUBIC_1D),
                  Call("gradient_check", (1.5, 2.0), substitutes=WRONG_1D)],
    properties=[THRESHOLD_1D, check_default_epsilon(THRESHOLD_1D, "J = x (theta / 1e-7)^3"),
                check_messages(THRESHOLD_1D), EPSILON_1D, returns_a_float(EPSILON_1D)],
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
    return Call("gradient_check_n", (parameters, gradients, np.zeros((4, 1)), np.zeros((1, 1))), PRINT_MSG,
                substitutes=STEEP_CUBIC)


def threshold_n_calls(draws):
    X, Y, parameters, gradients = network_example(draws)
    corrupted = with_one_entry_corrupted(gradients, int(draws.integers(len(dictionary_to_vector(parameters)[1]))))
    return {"right": Call("gradient_check_n", (parameters, gradients, X, Y), PRINT_MSG, substitutes=NETWORK),
            "wrong": Call("gradient_check_n", (parameters, corrupted, X, Y), PRINT_MSG, substitutes=NETWORK),
            **{role: _near_threshold_call(offset) for role, offset in NEAR_THRESHOLD.items()}}


def check_n_threshold():
    def judge(judged):
        (right_call, right), (wrong_call, wrong) = judged["right"], judged["wrong"]
        problems = _value_problems(right, "with correct gradients")
        if not problems and _difference_value(right) >= THRESHOLD:
            problems.append(f"with correct gradients the difference is {_difference_value(right):.3g}, "
                            f"not below {short(THRESHOLD)}")
        corrupted_index = int(np.argmax(gradients_to_vector(wrong_call.args[1]) != gradients_to_vector(right_call.args[1])))
        what = f"with {entry_name(corrupted_index)} corrupted"
        wrong_problems = _value_problems(wrong, what)
        if not wrong_problems and _difference_value(wrong) < FAR_ABOVE:
            wrong_problems.append(f"{what} the difference is {_difference_value(wrong):.3g}, not far above "
                                  f"{short(THRESHOLD)}: every entry must be checked")
        if not wrong_problems:
            wrong_problems = _expect(wrong, trusted_difference(*wrong_call.args), what)
        return problems + wrong_problems

    return Check(f"on a fresh network, correct gradients give a difference below {short(THRESHOLD)} and one "
                 "corrupted entry (any entry) one far above", threshold_n_calls, judge)


def _fresh_parameters(draws):
    return {name: draws.standard_normal(shape) for name, shape in SHAPES}


def _cubic_call(parameters, epsilon, X=None, Y=None):
    theta, _ = dictionary_to_vector(parameters)
    X = np.zeros((4, 1)) if X is None else X
    Y = np.zeros((1, 1)) if Y is None else Y
    return Call("gradient_check_n", (parameters, as_gradients(3 * theta ** 2), X, Y), {"epsilon": epsilon},
                substitutes=CUBIC)


def check_n_epsilon():
    def make_calls(draws):
        parameters = _fresh_parameters(draws)
        return {role: _cubic_call(parameters, epsilon) for role, epsilon in LARGE_EPSILONS.items()}

    return follows_epsilon("sum of theta_i^3", make_calls,
                           lambda call, epsilon: cubic_difference(call.args[0], epsilon))


def _quadratic_call(draws):
    parameters = _fresh_parameters(draws)
    theta, _ = dictionary_to_vector(parameters)
    offset = 0.3 * draws.standard_normal(theta.shape)
    X, Y = np.zeros((4, 1)), np.zeros((1, 1))
    # A large epsilon, exact for a quadratic cost, makes a leaking nudge shift entry i by i * epsilon.
    return Call("gradient_check_n", (parameters, as_gradients(theta + np.sum(theta) + offset), X, Y),
                {"epsilon": 1e-2}, substitutes=QUADRATIC)


def quadratic_calls(draws):
    return {"quadratic": _quadratic_call(draws)}


def check_n_calls_forward():
    def judge(judged):
        call, outcome = judged["quadratic"]
        parameters, gradients = call.args[:2]
        theta, _ = dictionary_to_vector(parameters)
        expected = relative_difference(gradients_to_vector(gradients), theta + np.sum(theta))
        return _expect(outcome, expected, "with forward_propagation_n swapped for "
                                              "J = (sum of theta_i^2 + (sum of theta_i)^2) / 2, epsilon = 1e-2")

    return Check("calls forward_propagation_n, every nudge from the unchanged parameters: a cost with a known "
                 "gradient swapped in gives the expected difference", quadratic_calls, judge)


def _hidden_network_case():
    draws = np.random.default_rng(20240)
    X, Y, parameters, gradients = network_example(draws)
    return Call("gradient_check_n", (parameters, with_one_entry_corrupted(gradients, 29), X, Y),
                substitutes=NETWORK)


THRESHOLD_N, CALLS_FORWARD_N = check_n_threshold(), check_n_calls_forward()  # their calls are judged by later checks too

GRADIENT_CHECK_N = GradedFunction(
    "gradient_check_n", 20,
    hidden_cases=[_hidden_network_case(),
                  _cubic_call(_fresh_parameters(np.random.default_rng(20241)), 1e-2),
                  _quadratic_call(np.random.default_rng(20242))],
    properties=[THRESHOLD_N, check_default_epsilon(THRESHOLD_N, "J = sum of (theta_i / 1e-7)^3"),
                check_messages(THRESHOLD_N), check_n_epsilon(), CALLS_FORWARD_N, returns_a_float(CALLS_FORWARD_N)],
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
