"""Costs whose gradients are known, put in place of the notebook's forward (and, in 1-D, backward)
pass while a gradient check is graded (``Call.substitutes`` names them "module:attribute"), with the
differences a correct gradient check gives on them, and the networks and gradients handed to it.

A slip in the notebook's own passes then costs no points in its gradient check, and a cost with a
known centred difference proves the check really calls the pass it exists to test.
"""
import numpy as np

from .conventions import GRADIENT_CHECK_THRESHOLD as THRESHOLD
from .kit.known_costs import (SCALE, as_gradients, cubic_1d, cubic_1d_difference,  # noqa: F401 (named below)
                              cubic_derivative_1d, fresh_parameters, quadratic_cost, quadratic_gradient,
                              steep_cubic_1d)
from .conventions import DEFAULT_EPSILON
from .kit.network import backward_propagation
from .kit.vectors import GRADIENT_CHECKING_NETWORK_SHAPES as SHAPES
from .kit.vectors import dictionary_to_vector, gradients_to_vector
from .network_checks import clear_of_kinks
from .numerics import centred_gradients, relative_difference
from .trusted_network import hidden_pre_activations, network_cost


def _here(name):
    return f"{__name__}:{name}"


# --- 1-D: J(x, theta) and its derivative (the cubics are the kit's); the linear cost is the exercise's own,
# so the kit may not hold it ---

def linear_1d(x, theta):
    return theta * x


def linear_derivative_1d(x, theta):
    return x


def derivative_off_by_one(x, theta):
    return x + 1


# Pinning the default epsilon and the threshold on inputs where no numerical guard matters: the kit's steep
# cubic at theta = SCALE = DEFAULT_EPSILON. Its centred difference there is
# x (3 + (epsilon / SCALE) ** 2) / SCALE: 4 x / SCALE with the default epsilon only (theta + epsilon and
# theta - epsilon are exactly 2 SCALE and 0). A gradient handed in as that value raised by a relative
# offset gives a difference of offset / (2 + offset) with the default epsilon, and above 0.1 with epsilon
# doubled or halved. The two offsets land just below and just above THRESHOLD.
BELOW_OFFSET = 3e-7  # a difference of 1.5e-7
ABOVE_OFFSET = 6e-7  # 3e-7: below 2 * THRESHOLD, so a doubled threshold still calls it right
NEAR_THRESHOLD = {"just below": BELOW_OFFSET, "just above": ABOVE_OFFSET}  # by the role of their calls


def near_threshold_difference(offset):
    return offset / (2 + offset)


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


# --- N-D: in place of forward_propagation_n, (cost, cache) like the notebook's ---

def cubic_cost(X, Y, parameters):
    """J = sum of theta_i ** 3: its centred difference is exactly 3 theta_i ** 2 + epsilon ** 2."""
    return sum((value ** 3).sum() for value in parameters.values()), None  # .sum(): np.sum's numbers, faster


def steep_cubic_cost(X, Y, parameters):
    """J = sum of (theta_i / SCALE) ** 3, the N-D form of steep_cubic_1d (see there)."""
    return sum(((value / SCALE) ** 3).sum() for value in parameters.values()), None





NETWORK = {"forward_propagation_n": f"{network_cost.__module__}:{network_cost.__name__}"}
CUBIC = {"forward_propagation_n": _here("cubic_cost")}
STEEP_CUBIC = {"forward_propagation_n": _here("steep_cubic_cost")}
QUADRATIC = {"forward_propagation_n": _here("quadratic_cost")}


def cubic_difference(parameters, epsilon):
    """What gradient_check_n gives with CUBIC and the exact gradient 3 theta ** 2."""
    theta, _ = dictionary_to_vector(parameters)
    return relative_difference(3 * theta ** 2, 3 * theta ** 2 + epsilon ** 2)





def trusted_difference(parameters, gradients, X, Y, epsilon=DEFAULT_EPSILON):
    """A gradient check of the network's cost written apart from the notebook, to choose inputs and
    expected values: every nudge of theta is costed in one batch."""
    gradapprox = centred_gradients(lambda p: network_cost(X, Y, p)[0], parameters, epsilon)
    return relative_difference(gradients_to_vector(gradients), dictionary_to_vector(gradapprox)[0])


# --- What gradient_check_n is handed ---




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
        if clear_of_kinks(hidden_pre_activations(cache), margin=1e-4) and \
                trusted_difference(parameters, gradients, X, Y) < THRESHOLD / 4:
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
