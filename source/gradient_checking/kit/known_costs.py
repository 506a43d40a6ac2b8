"""Costs whose gradients are known in closed form, put in place of the notebook's forward (and, in 1-D,
backward) pass while a gradient check is tested, so that a gradient check is tested alone and its
difference is known without any gradient check to compute it.

Nothing here is a solution: each cost's derivative and its centred difference are written out by hand.
The grader's hidden checks use them too (``autograder.known_costs``).
"""
import numpy as np

from .conventions import DEFAULT_EPSILON
from .vectors import GRADIENT_CHECKING_NETWORK_SHAPES, dictionary_to_vector, vector_to_dictionary


# --- 1-D: J(x, theta) and its derivative ---

# x * theta ** 3 has a centred difference of exactly x * (3 theta ** 2 + epsilon ** 2): its check gives a
# known, epsilon-dependent difference.
def cubic_1d(x, theta):
    return x * theta ** 3


def cubic_derivative_1d(x, theta):
    return 3 * x * theta ** 2


def cubic_1d_difference(theta, epsilon):
    """What gradient_check gives with the cubic: |x| eps^2 / (3|x| theta^2 + |x| (3 theta^2 + eps^2))."""
    return epsilon ** 2 / (6 * theta ** 2 + epsilon ** 2)


# The steep cubic J = x (theta / SCALE) ** 3 near theta = SCALE = DEFAULT_EPSILON is of order 1 and its
# gradient of order 1 / SCALE, far above any numerical guard such as max(denominator, 1e-8). With
# theta = r SCALE its centred difference is x (3 r ** 2 + (epsilon / SCALE) ** 2) / SCALE.
SCALE = DEFAULT_EPSILON


def steep_cubic_1d(x, theta):
    return x * (theta / SCALE) ** 3


def steep_cubic_derivative_1d(x, theta):
    return 3 * x * theta ** 2 / SCALE ** 3


def steep_cubic_1d_difference(theta, epsilon):
    """What gradient_check gives with the steep cubic: the cubic's, with theta and epsilon in units of SCALE."""
    return cubic_1d_difference(theta / SCALE, epsilon / SCALE)


# J = (x^2 + 1) theta, a line of slope x^2 + 1 (not the exercise's theta x), with a derivative off by theta:
# the centred difference of a line is its slope, so the difference is |theta| / (|slope + theta| + |slope|)
# whatever epsilon.
def steep_line_1d(x, theta):
    return (x * x + 1) * theta


def slope_off_by_theta(x, theta):
    return (x * x + 1) + theta


def off_by_theta_difference(x, theta):
    slope = x * x + 1
    return abs(theta) / (abs(slope + theta) + abs(slope))


# --- N-D: in place of forward_propagation_n, (cost, cache) like the notebook's ---

NO_DATA = np.zeros((4, 1)), np.zeros((1, 1))  # X and Y of the calls whose cost ignores them


def fresh_parameters(draws):
    """The network's parameters in the course's shapes, all standard normal."""
    return {name: draws.standard_normal(shape) for name, shape in GRADIENT_CHECKING_NETWORK_SHAPES}


def quadratic_cost(X, Y, parameters):
    """J = (sum of theta_i ** 2 + (sum of theta_i) ** 2) / 2: its gradient, theta + sum(theta), a centred
    difference gives exactly. Every entry depends on all the others, so a nudge that leaks into the next
    entries (a perturbation without np.copy) shows."""
    theta, _ = dictionary_to_vector(parameters)
    return (np.sum(theta ** 2) + np.sum(theta) ** 2) / 2, None


def quadratic_gradient(parameters):
    """The gradient of quadratic_cost, theta + sum(theta), as a column."""
    theta, _ = dictionary_to_vector(parameters)
    return theta + np.sum(theta)


def as_gradients(theta):
    """A gradient vector (47, 1) as the dict backward_propagation_n returns (dW1, db1, ..., db3)."""
    return {"d" + name: value for name, value in vector_to_dictionary(theta).items()}


def one_entry_off_difference(gradient, index, offset):
    """The difference a gradient check gives when handed ``gradient`` (exact, a column) with entry ``index``
    raised by ``offset``: only that entry differs, so it is |offset| / (||gradient + offset e_i|| + ||gradient||)."""
    norm = float(np.sqrt(np.sum(gradient ** 2)))
    raised = float(np.sqrt(norm ** 2 + 2 * offset * float(gradient[index, 0]) + offset ** 2))
    return abs(offset) / (raised + norm)
