"""Public cases of the regularization assignment: the course's example inputs and published outputs.

The inputs are the course's: seed 1, then X = randn(3, 5) (not drawn for the cost), then W1, b1, W2,
b2, W3, b3 in that order, all randn, and Y = [[1, 1, 0, 1, 0]]. Expected values are given to 12
significant digits: the course prints 8, and tests/test_regularization.py checks both against an
independent derivation. The ``*_test_case`` functions give the inputs, as the course's do.
"""
import numpy as np

from . import Case
from ..conventions import EXAMPLE_SEED
from ..network import backward_propagation, forward_propagation

# The network of the course's regularization example (3-2-3-1), in the order its parameters are drawn.
REGULARIZATION_EXAMPLE_SHAPES = (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 2)), ("b2", (3, 1)),
                                 ("W3", (1, 3)), ("b3", (1, 1)))


def _course_example(draw_X=True):
    """X, Y and parameters drawn as the course draws them (a private generator: the global RNG is untouched)."""
    draws = np.random.RandomState(EXAMPLE_SEED)
    X = draws.randn(3, 5) if draw_X else None
    parameters = {name: draws.randn(*shape) for name, shape in REGULARIZATION_EXAMPLE_SHAPES}
    return X, np.array([[1, 1, 0, 1, 0]]), parameters


def compute_cost_with_regularization_test_case():
    """A3 (1, 5), Y (1, 5) and parameters; call with lambd=0.1."""
    _, Y, parameters = _course_example(draw_X=False)
    A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    return A3, Y, parameters


def backward_propagation_with_regularization_test_case():
    """X (3, 5), Y (1, 5) and the cache of the plain forward pass; call with lambd=0.7."""
    X, Y, parameters = _course_example()
    _, cache = forward_propagation(X, parameters)
    return X, Y, cache


def forward_propagation_with_dropout_test_case():
    """X (3, 5) and parameters; call with keep_prob=0.7."""
    X, _, parameters = _course_example()
    return X, parameters


def backward_propagation_with_dropout_test_case():
    """X (3, 5), Y (1, 5) and the cache of the dropout forward pass with keep_prob=0.5; call with keep_prob=0.8.

    That the two keep_prob differ is a quirk of the course's example, kept so the numbers match.
    """
    X, Y, p = _course_example()
    Z1 = np.array([[-1.52855313909, 3.32524634585, 2.13994540592, 2.60700653616, -0.759421146398],
                   [-1.98043537781, 4.16009940418, 0.790510207194, 1.46493512174, -0.455062420388]])
    D1 = np.array([[True, False, True, True, True],
                   [True, True, True, True, False]])
    A1 = np.array([[0., 0., 4.27989081184, 5.21401307233, 0.],
                   [0., 8.32019880836, 1.58102041439, 2.92987024347, 0.]])
    Z2 = np.array([[0.530355466738, 8.02565606231, 4.10524801701, 5.78975855795, 0.530355466738],
                   [-0.691660751725, -1.71413185964, -3.81223328928, -4.61667916234, -0.691660751725],
                   [-0.396753526856, -2.62563560773, -4.8252810532, -6.06074490285, -0.396753526856]])
    D2 = np.array([[True, False, True, False, True],
                   [False, True, False, True, True],
                   [False, False, True, False, False]])
    A2 = np.array([[1.06071093348, 0., 8.21049603403, 0., 1.06071093348],
                   [0., 0., 0., 0., 0.],
                   [0., 0., 0., 0., 0.]])
    Z3 = np.array([[-0.741556195122, -0.0126645989189, -5.65469332794, -0.0126645989189, -0.741556195122]])
    A3 = np.array([[0.322663940509, 0.496833892588, 0.00348883203184, 0.496833892588, 0.322663940509]])
    cache = (Z1, D1, A1, p["W1"], p["b1"], Z2, D2, A2, p["W2"], p["b2"], Z3, A3, p["W3"], p["b3"])
    return X, Y, cache


def _dropout_forward_output():
    """(A3, cache) of the dropout forward pass on the course's example with keep_prob=0.7."""
    _, _, p = _course_example()
    Z1 = np.array([[-1.52855313909, 3.32524634585, 2.13994540592, 2.60700653616, -0.759421146398],
                   [-1.98043537781, 4.16009940418, 0.790510207194, 1.46493512174, -0.455062420388]])
    D1 = np.array([[True, False, True, True, True],
                   [True, True, True, True, True]])
    A1 = np.array([[0., 0., 3.0570648656, 3.72429505166, 0.],
                   [0., 5.94299914883, 1.12930029599, 2.09276445962, 0.]])
    Z2 = np.array([[0.530355466738, 5.88414160644, 3.08385014551, 4.28707196046, 0.530355466738],
                   [-0.691660751725, -1.42199725738, -2.92064113569, -3.49524533073, -0.691660751725],
                   [-0.396753526856, -1.98881215606, -3.55998747424, -4.44246165256, -0.396753526856]])
    D2 = np.array([[True, True, True, False, True],
                   [True, True, True, True, True],
                   [False, False, True, True, False]])
    A2 = np.array([[0.757650666769, 8.40591658062, 4.40550020787, 0., 0.757650666769],
                   [0., 0., 0., 0., 0.],
                   [0., 0., 0., 0., 0.]])
    Z3 = np.array([[-0.53330145335, -5.7889809926, -3.04000407214, -0.0126645989189, -0.53330145335]])
    A3 = np.array([[0.369747206178, 0.00305175813465, 0.0456509933734, 0.496833892588, 0.369747206178]])
    return A3, (Z1, D1, A1, p["W1"], p["b1"], Z2, D2, A2, p["W2"], p["b2"], Z3, A3, p["W3"], p["b3"])


def _l2_gradients():
    """The plain gradients, whose dW1, dW2, dW3 gain the L2 term: only those three keys differ."""
    X, Y, cache = backward_propagation_with_regularization_test_case()
    gradients = backward_propagation(X, Y, cache)
    gradients.update({
        "dW1": np.array([[-0.256046457631, 0.122988268964, -0.282971285915],
                         [-0.177063025976, 0.345360943291, -0.441057100691]]),
        "dW2": np.array([[0.792764859316, 0.851339182393],
                         [-0.0957219002844, -0.0172046315726],
                         [-0.131007720796, -0.0375043311476]]),
        "dW3": np.array([[-1.7769134664, -0.11832878981, -0.0939744583172]]),
    })
    return gradients


DROPOUT_GRADIENTS = {
    "dZ3": np.array([[-0.677336059491, -0.503166107412, 0.00348883203184, -0.503166107412, 0.322663940509]]),
    "dW3": np.array([[-0.0695119105683, 0., 0.]]),
    "db3": np.array([[-0.271503100355]]),
    "dA2": np.array([[0.581808561111, 0., -0.00299678765948, 0., -0.277157314039],
                     [0., 0.531598540744, 0., 0.531598540744, -0.340896728533],
                     [0., 0., -0.00292733125314, 0., 0.]]),
    "dZ2": np.array([[0.581808561111, 0., -0.00299678765948, 0., -0.277157314039],
                     [0., 0., 0., 0., 0.],
                     [0., 0., 0., 0., 0.]]),
    "dW2": np.array([[-0.00256518479377, -0.000947596493446],
                     [0., 0.],
                     [0., 0.]]),
    "db2": np.array([[0.0603308918825],
                     [0.],
                     [0.]]),
    "dA1": np.array([[0.365444385353, 0., -0.00188233604223, 0., -0.174087476612],
                     [0.655157129512, 0., -0.00337459248966, 0., 0.]]),
    "dZ1": np.array([[0., 0., -0.00188233604223, 0., 0.],
                     [0., 0., -0.00337459248966, 0., 0.]]),
    "dW1": np.array([[0.000198839345154, 0.000286569437029, 0.00012137950475],
                     [0.000356472885688, 0.000513752618167, 0.00021760533504]]),
    "db1": np.array([[-0.000376467208445],
                     [-0.000674918497932]]),
}

# The graded functions as the course defines them: the tests call them this way.
SIGNATURES = [
    "compute_cost_with_regularization(A3, Y, parameters, lambd)",
    "backward_propagation_with_regularization(X, Y, cache, lambd)",
    "forward_propagation_with_dropout(X, parameters, keep_prob=0.5)",
    "backward_propagation_with_dropout(X, Y, cache, keep_prob)",
]

PUBLIC_CASES = {
    "compute_cost_with_regularization": [
        Case("the course's example, lambd=0.1", compute_cost_with_regularization_test_case,
             np.float64(1.7864859451590758), "cost", {"lambd": 0.1}),
    ],
    "backward_propagation_with_regularization": [
        Case("the course's example, lambd=0.7", backward_propagation_with_regularization_test_case,
             _l2_gradients(), "gradients", {"lambd": 0.7}),
    ],
    "forward_propagation_with_dropout": [
        Case("the course's example, keep_prob=0.7", forward_propagation_with_dropout_test_case,
             _dropout_forward_output(), "(A3, cache)", {"keep_prob": 0.7}),
    ],
    "backward_propagation_with_dropout": [
        Case("the course's example, keep_prob=0.8", backward_propagation_with_dropout_test_case,
             DROPOUT_GRADIENTS, "gradients", {"keep_prob": 0.8}),
    ],
}
