"""Public cases of the gradient-checking assignment: the course's examples and published outputs.

The N-D cases take their gradients from the kit (its own backward pass, or the provided
backward_propagation_n's output written out), never from the notebook, so that they test
``gradient_check_n`` alone.
"""
import numpy as np

from ..network import backward_propagation, forward_propagation
from ..conventions import EXAMPLE_SEED
from ..vectors import GRADIENT_CHECKING_NETWORK_SHAPES
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
def cubic_cost_1d(x, theta):
    return x * theta ** 3


def cubic_derivative_1d(x, theta):
    return 3 * x * theta ** 2


def cubic_derivative_1d_one_percent_high(x, theta):
    return 1.01 * 3 * x * theta ** 2


CUBIC_1D = {"forward_propagation": cubic_cost_1d, "backward_propagation": cubic_derivative_1d}
CUBIC_1D_ONE_PERCENT_HIGH = dict(CUBIC_1D, backward_propagation=cubic_derivative_1d_one_percent_high)

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
    ],
}
