"""Public cases of the gradient-checking assignment: the course's examples and published outputs.

The N-D cases take their gradients from the kit (its own backward pass, or the provided
backward_propagation_n's output written out), never from the notebook, so that they test
``gradient_check_n`` alone.
"""
import numpy as np

from ..conventions import DEFAULT_EPSILON, EXAMPLE_SEED, short
from ..conventions import GRADIENT_CHECK_THRESHOLD as THRESHOLD
from ..i18n import _
from ..known_costs import (NO_DATA, as_gradients, fresh_parameters, cubic_1d, cubic_derivative_1d, slope_off_by_theta, steep_line_1d,
                           off_by_theta_difference, one_entry_off_difference, quadratic_cost, quadratic_gradient,
                           steep_cubic_1d, steep_cubic_1d_difference, steep_cubic_derivative_1d)
from ..network import backward_propagation, forward_propagation
from ..properties import Probe, Property, number
from ..vectors import GRADIENT_CHECKING_NETWORK_SHAPES, dictionary_to_vector
from ..verdicts import Verdict, message_verdict
from . import Case


def gradient_check_n_test_case():
    """The course's N-D example: X (4, 3), Y (3,) and the network's parameters, all drawn after its seed."""
    np.random.seed(EXAMPLE_SEED)
    X = np.random.randn(4, 3)
    Y = np.array([1, 1, 0])
    parameters = {name: np.random.randn(*shape) for name, shape in GRADIENT_CHECKING_NETWORK_SHAPES}
    return X, Y, parameters


def example_gradients(X, Y, parameters):
    """The correct gradients of the example's cost, from the kit's backward pass."""
    _, cache = forward_propagation(X, parameters)
    return backward_propagation(X, Y, cache)


# What the notebook's backward_propagation_n gives on the example before it is fixed, written
# out as numbers: the code that makes them would show where its two mistakes are.
AS_PROVIDED_GRADIENTS = {
    "dW1": np.array([
        [-0.37347778780965, -1.4790321603097862, 0.17596142534290177, -1.3368503644957601],
        [-0.01967513615719457, -0.08573553401542801, 0.011884652345551057, -0.07674312151045774],
        [0.03916037129037356, -0.05539734986948789, 0.04872714728071104, -0.093593934454497],
        [-0.05337777545025736, -0.21138458326994772, 0.025148562394954707, -0.19106383537598332],
        [0.0, 0.0, 0.0, 0.0],
    ]),
    "db1": np.array([
        [2.5316314879024926],
        [0.149005592009627],
        [-0.25605205219980437],
        [0.3618230092787558],
        [0.0],
    ]),
    "dW2": np.array([
        [0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.0],
        [1.831603303757299, 0.04903095183035456, -0.21595907569274134, 1.8056378182797364, 0.0],
    ]),
    "db2": np.array([
        [0.0],
        [0.0],
        [0.1976334252390789],
    ]),
    "dW3": np.array([
        [0.0, 0.0, 2.244042377990228],
    ]),
    "db3": np.array([
        [0.212257527082733],
    ]),
}


def _gradient_check_n_args(as_provided):
    X, Y, parameters = gradient_check_n_test_case()
    gradients = ({name: value.copy() for name, value in AS_PROVIDED_GRADIENTS.items()} if as_provided
                 else example_gradients(X, Y, parameters))
    return parameters, gradients, X, Y


# A 1-D cost of the kit's and its derivative, put in place of the notebook's forward_propagation and
# backward_propagation while gradient_check is tested, so that a slip in those costs only their points.
def cubic_derivative_1d_one_percent_high(x, theta):
    return 1.01 * 3 * x * theta ** 2


CUBIC_1D = {"forward_propagation": cubic_1d, "backward_propagation": cubic_derivative_1d}
CUBIC_1D_ONE_PERCENT_HIGH = dict(CUBIC_1D, backward_propagation=cubic_derivative_1d_one_percent_high)

QUADRATIC = {"forward_propagation_n": quadratic_cost}


# The course's example parameters with J = (sum of theta_i ** 2 + (sum of theta_i) ** 2) / 2 in place of the
# network's cost: its exact gradient with one entry off. A large epsilon, exact for a quadratic cost, makes a
# nudge that leaks into the next entries (a copy forgotten) shift every later estimate.
QUADRATIC_CASE_ENTRY, QUADRATIC_CASE_OFFSET, QUADRATIC_CASE_EPSILON = 10, 0.5, 1e-2


def _quadratic_case_args():
    _, _, parameters = gradient_check_n_test_case()
    gradient = quadratic_gradient(parameters)
    gradient[QUADRATIC_CASE_ENTRY] += QUADRATIC_CASE_OFFSET
    return parameters, as_gradients(gradient), *NO_DATA


def _quadratic_case_difference():
    _, _, parameters = gradient_check_n_test_case()
    return one_entry_off_difference(quadratic_gradient(parameters), QUADRATIC_CASE_ENTRY, QUADRATIC_CASE_OFFSET)


# A correct gradient's difference is rounding noise: the cost's last bits, divided by 2 epsilon.
# In 1-D it is about 1e-10 and the default absolute tolerance (1e-9) accepts any such value. In N-D
# its digits depend on the platform's exp, log and summation order, its size does not: accept a
# quarter either way, which still rejects every catalogued mistake.
NOISE_ATOL_N = 3e-8

# The graded functions as the course defines them: the tests call them this way.
SIGNATURES = [
    "forward_propagation(x, theta)",
    "backward_propagation(x, theta)",
    "gradient_check(x, theta, epsilon=1e-7, print_msg=False)",
    "gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False)",
]

PUBLIC_CASES = {
    "forward_propagation": [
        Case("x, theta = 3, 4", lambda: (3, 4), expected=12, output_name="J"),
    ],
    "backward_propagation": [
        Case("x, theta = 3, 4", lambda: (3, 4), expected=3, output_name="dtheta"),
    ],
    "gradient_check": [
        # The centred difference of x theta^3 is x (3 theta^2 + epsilon^2): the difference is
        # epsilon^2 / (6 theta^2 + epsilon^2), here 1e-4 / 96.0001.
        Case("x, theta = 3, 4, epsilon = 1e-2 (J = x theta^3 and its derivative, the kit's)", lambda: (3, 4),
             expected=1.0416655815983524e-06, output_name="difference", kwargs={"epsilon": 1e-2},
             substitutes=CUBIC_1D),
        # A derivative 1% too high, 0.01 / 2.01 away from the (here all but exact) centred difference.
        Case("x, theta = 2, 4 (J = x theta^3, a derivative 1% too high)", lambda: (2, 4),
             expected=0.0049751243781094535, output_name="difference", substitutes=CUBIC_1D_ONE_PERCENT_HIGH),
    ],
    "gradient_check_n": [
        Case("course example, gradients as the provided backward_propagation_n gives them",
             lambda: _gradient_check_n_args(as_provided=True), expected=0.2850931567761623,
             output_name="difference"),
        Case("course example, correct gradients", lambda: _gradient_check_n_args(as_provided=False),
             expected=1.1890913024229996e-07, output_name="difference", atol=NOISE_ATOL_N),
        Case(f"course example's parameters, J = (sum of theta_i^2 + (sum of theta_i)^2) / 2 in place of "
             f"forward_propagation_n, its gradient with one entry {QUADRATIC_CASE_OFFSET} off, epsilon = "
             f"{QUADRATIC_CASE_EPSILON}", _quadratic_case_args, expected=_quadratic_case_difference(),
             output_name="difference", kwargs={"epsilon": QUADRATIC_CASE_EPSILON}, substitutes=QUADRATIC),
    ],
}


# --- Public properties: fresh inputs whose difference is known in closed form ---

OFF_BY_THETA_1D = {"forward_propagation": steep_line_1d, "backward_propagation": slope_off_by_theta}
STEEP_CUBIC_1D = {"forward_propagation": steep_cubic_1d, "backward_propagation": steep_cubic_derivative_1d}
# Differences drawn this many thresholds away: clear of the threshold, and of its double and half.
NEAR_THRESHOLD = {"just below the threshold": (0.6, 0.9), "just above the threshold": (1.2, 1.8)}
CLOSE = 1e-6  # relative: the expected differences here are far above rounding noise
PRINT_MSG = {"print_msg": True}


def _difference_problems(answer, expected, where, rtol=CLOSE):
    value = number(answer.value)
    if value is None:
        return [_("{where}: expected the difference as a float, received {type}", where=where,
                  type=type(answer.value).__name__)]
    if not np.isclose(value, expected, rtol=rtol, atol=0):
        return [_("{where}: the difference is {value:.6g}, not {expected:.6g}", where=where, value=value,
                  expected=expected)]
    return []


def _verdict_problems(answer, difference, where):
    said = message_verdict(answer.printed)
    expected = Verdict.MISTAKE if difference > THRESHOLD else Verdict.RIGHT
    if said is expected:
        return []
    heard = _("printed {verdict}", verdict=_(said.value)) if said else _("printed no plain verdict")
    return [_("{where}: with a difference of {difference:.3g} it {heard}; with print_msg=True it must say {verdict} "
              "(a mistake above {threshold}, right below)", where=where, difference=difference, heard=heard,
              verdict=_(expected.value), threshold=short(THRESHOLD))]


def _verdict_1d_draw(draws):
    x = float(draws.uniform(0.5, 3))
    probes = {}
    for role, (low, high) in NEAR_THRESHOLD.items():
        target = float(draws.uniform(low, high)) * THRESHOLD
        # d = theta / (2 slope + theta) for theta > 0
        probes[role] = Probe((x, 2 * (x * x + 1) * target / (1 - target)), PRINT_MSG, OFF_BY_THETA_1D)
    return probes


def _verdict_1d_judge(answers):
    problems = []
    for role, answer in answers.items():
        x, theta = answer.args
        where = _("{role}, J = (x^2 + 1) theta with the derivative x^2 + 1 + theta, x, theta = {x:.4g}, {theta:.4g}",
                  role=_(role), x=x, theta=theta)
        expected = off_by_theta_difference(x, theta)
        problems += _difference_problems(answer, expected, where) or _verdict_problems(answer, expected, where)
    return problems


def _default_epsilon_draw(draws):
    x = float(draws.uniform(0.5, 3) * draws.choice([-1, 1]))
    return {"default epsilon": Probe((x, float(draws.uniform(0.7, 1.4)) * DEFAULT_EPSILON), {}, STEEP_CUBIC_1D)}


def _default_epsilon_judge(answers):
    x, theta = answers["default epsilon"].args
    expected = steep_cubic_1d_difference(theta, DEFAULT_EPSILON)
    where = _("J = x (theta / {epsilon})^3 at x, theta = {x:.4g}, {theta:.4g}, epsilon not given (the course's "
              "default is {epsilon})", epsilon=short(DEFAULT_EPSILON), x=x, theta=theta)
    return _difference_problems(answers["default epsilon"], expected, where)


def _one_entry_off(draws, parameters, offset):
    """The exact gradient of quadratic_cost at ``parameters`` with a fresh entry raised by ``offset``."""
    gradient = quadratic_gradient(parameters)
    index = int(draws.integers(len(gradient)))
    gradient[index] += offset
    return as_gradients(gradient)


def _nudges_draw(draws):
    parameters = fresh_parameters(draws)
    exact = as_gradients(quadratic_gradient(parameters))
    return {"exact gradient, epsilon = 1e-2": Probe((parameters, exact, *NO_DATA), {"epsilon": 1e-2}, QUADRATIC),
            **{f"one entry off, epsilon = {epsilon:g}": Probe(
                (parameters, _one_entry_off(draws, parameters, float(draws.uniform(0.5, 2)) * draws.choice([-1, 1])),
                 *NO_DATA), {"epsilon": epsilon}, QUADRATIC) for epsilon in (1e-2, 1e-4)}}


def _handed_difference(parameters, gradients):
    """The difference a correct check gives on quadratic_cost when handed ``gradients``: at most one entry
    differs from the exact gradient."""
    exact = quadratic_gradient(parameters)
    handed, _ = dictionary_to_vector({name[1:]: value for name, value in gradients.items()})
    off = np.flatnonzero(handed != exact)
    return 0.0 if not off.size else one_entry_off_difference(exact, int(off[0]), float((handed - exact)[off[0], 0]))


def _quadratic_answers(answers):
    """Each answer on quadratic_cost, with what to call it and the difference a correct check gives."""
    for role, answer in answers.items():
        parameters, gradients, *_data = answer.args
        where = _("J = (sum of theta_i^2 + (sum of theta_i)^2) / 2 in place of forward_propagation_n, {role}",
                  role=_(role))
        yield answer, where, _handed_difference(parameters, gradients)


def _nudges_judge(answers):
    problems = []
    for answer, where, expected in _quadratic_answers(answers):
        if expected:
            problems += _difference_problems(answer, expected, where)
        elif (value := number(answer.value)) is None or not 0 <= value < 1e-8:
            problems.append(_("{where}: the difference is {value!r}, not rounding noise (under 1e-8): every entry must "
                              "be nudged by epsilon each way from the unchanged parameters", where=where,
                              value=answer.value))
    return problems


def _verdict_n_draw(draws):
    parameters = fresh_parameters(draws)
    norm = float(np.linalg.norm(quadratic_gradient(parameters)))
    # One entry off by 2 ||g|| d gives a difference within a fraction d of d.
    return {role: Probe((parameters, _one_entry_off(draws, parameters, 2 * norm * float(draws.uniform(low, high))
                                                    * THRESHOLD), *NO_DATA), dict(PRINT_MSG, epsilon=1e-2), QUADRATIC)
            for role, (low, high) in NEAR_THRESHOLD.items()}


def _verdict_n_judge(answers):
    problems = []
    for answer, where, expected in _quadratic_answers(answers):
        # Rounding noise of the 47 estimates is about 1e-12 here: close to a thousandth still tells.
        problems += (_difference_problems(answer, expected, where, rtol=1e-3)
                     or _verdict_problems(answer, expected, where))
    return problems


PUBLIC_PROPERTIES = {
    "gradient_check": [
        Property(f"the printed verdict follows the {short(THRESHOLD)} threshold", _verdict_1d_draw, _verdict_1d_judge),
        Property(f"epsilon's default is the course's {short(DEFAULT_EPSILON)}", _default_epsilon_draw,
                 _default_epsilon_judge),
    ],
    "gradient_check_n": [
        Property("every entry is nudged once each way from the unchanged parameters, at several epsilons",
                 _nudges_draw, _nudges_judge),
        Property(f"the printed verdict follows the {short(THRESHOLD)} threshold", _verdict_n_draw, _verdict_n_judge),
    ],
}
