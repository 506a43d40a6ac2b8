"""The regularization assignment: public expected values, the course helper, and the rubric on the
reference solutions and on every catalogued mistake."""
import numpy as np
import pytest

from autograder import solutions
from autograder.kit.cases import PUBLIC_CASES
from autograder.kit.cases import regularization as cases
from autograder.kit.compare import differences
from autograder.kit.network import initialize_parameters
from autograder.reports import function_report
from autograder.rubric import ASSIGNMENTS
from conftest import grade_in_process

ASSIGNMENT = ASSIGNMENTS["regularization"]

# The course's published outputs, as it prints them (8 decimals).
COURSE_COST = 1.7864859451590758
COURSE_L2_GRADIENTS = {
    "dW1": [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]],
    "dW2": [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]],
    "dW3": [[-1.77691347, -0.11832879, -0.09397446]],
}
COURSE_DROPOUT_A3 = [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]]
COURSE_DROPOUT_GRADIENTS = {
    "dA1": [[0.36544439, 0., -0.00188233, 0., -0.17408748], [0.65515713, 0., -0.00337459, 0., -0.]],
    "dA2": [[0.58180856, 0., -0.00299679, 0., -0.27715731], [0., 0.53159854, -0., 0.53159854, -0.34089673],
            [0., 0., -0.00292733, 0., -0.]],
}
# The course prints its caches to 8 decimals and its dropout backward example starts from such a
# printed cache; from the exact cache one entry of dA1 rounds one unit higher (-0.00188234).
PRINTED_PRECISION = 1e-8

# --- An independent derivation: one example at a time, by the chain rule written out. ---

def rederived_forward(X, parameters, keep_prob=1.0):
    """(A3, cache) of the dropout forward pass, with the course's masks (seed 1, D1 then D2)."""
    draws = np.random.RandomState(1)
    W1, b1, W2, b2, W3, b3 = (parameters[name] for name in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1 = draws.random_sample(Z1.shape) < keep_prob
    A1 = np.where(D1, np.maximum(Z1, 0) / keep_prob, 0.0)
    Z2 = W2 @ A1 + b2
    D2 = draws.random_sample(Z2.shape) < keep_prob
    A2 = np.where(D2, np.maximum(Z2, 0) / keep_prob, 0.0)
    Z3 = W3 @ A2 + b3
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def rederived_gradients(X, Y, cache, lambd=0.0, keep_prob=1.0):
    """The 11 gradients, example by example, of the cross-entropy cost plus lambd/(2m) * sum ||W||^2."""
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    m = X.shape[1]
    columns = {key: [] for key in ("dZ3", "dA2", "dZ2", "dA1", "dZ1")}
    for j in range(m):
        dz3 = A3[:, j] - Y[:, j]  # d(cross-entropy)/dZ3 for a sigmoid output
        da2 = W3.T @ dz3 * D2[:, j] / keep_prob
        dz2 = da2 * (Z2[:, j] > 0)
        da1 = W2.T @ dz2 * D1[:, j] / keep_prob
        dz1 = da1 * (Z1[:, j] > 0)
        for key, value in zip(columns, (dz3, da2, dz2, da1, dz1)):
            columns[key].append(value)
    g = {key: np.stack(values, axis=1) for key, values in columns.items()}
    for l, (dZ, A_prev, W) in {3: (g["dZ3"], A2, W3), 2: (g["dZ2"], A1, W2), 1: (g["dZ1"], X, W1)}.items():
        g[f"dW{l}"] = sum(np.outer(dZ[:, j], A_prev[:, j]) for j in range(m)) / m + lambd / m * W
        g[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
    return g


def with_unit_masks(plain_cache):
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = plain_cache
    return Z1, np.ones(A1.shape, bool), A1, W1, b1, Z2, np.ones(A2.shape, bool), A2, W2, b2, Z3, A3, W3, b3


def public_case(function_name):
    (case,) = PUBLIC_CASES[function_name]
    return case


def cross_entropy(A3, Y):
    return -np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3))


# --- The course helper ---

def test_initialize_parameters_follows_the_course():
    layers = [2, 20, 3, 1]
    parameters = initialize_parameters(layers)
    draws = np.random.RandomState(3)
    for l in range(1, len(layers)):
        np.testing.assert_array_equal(parameters[f"W{l}"],
                                      draws.randn(layers[l], layers[l - 1]) / np.sqrt(layers[l - 1]))
        np.testing.assert_array_equal(parameters[f"b{l}"], np.zeros((layers[l], 1)))
    assert np.random.random_sample() == draws.random_sample()  # the biases drew nothing


# --- Public expected values ---

def test_public_values_are_the_courses():
    cost = public_case("compute_cost_with_regularization").expected
    assert type(cost) is np.float64 and cost == COURSE_COST
    l2 = public_case("backward_propagation_with_regularization").expected
    dropout_A3 = public_case("forward_propagation_with_dropout").expected[0]
    dropout = public_case("backward_propagation_with_dropout").expected
    for expected, published in [*((l2[k], v) for k, v in COURSE_L2_GRADIENTS.items()), (dropout_A3, COURSE_DROPOUT_A3),
                                *((dropout[k], v) for k, v in COURSE_DROPOUT_GRADIENTS.items())]:
        np.testing.assert_allclose(expected, published, rtol=0, atol=PRINTED_PRECISION)


def test_public_inputs_are_the_courses():
    draws = np.random.RandomState(1)
    X = draws.randn(3, 5)
    weights = [draws.randn(*shape) for shape in ((2, 3), (2, 1), (3, 2), (3, 1), (1, 3), (1, 1))]
    X_case, parameters = cases.forward_propagation_with_dropout_test_case()
    np.testing.assert_array_equal(X_case, X)
    np.testing.assert_array_equal(cases.backward_propagation_with_dropout_test_case()[1], [[1, 1, 0, 1, 0]])
    for name, value in zip(("W1", "b1", "W2", "b2", "W3", "b3"), weights):
        np.testing.assert_array_equal(parameters[name], value)
    _, _, cost_parameters = cases.compute_cost_with_regularization_test_case()
    np.testing.assert_array_equal(cost_parameters["W1"], np.random.RandomState(1).randn(2, 3))  # no X drawn
    _, cache = rederived_forward(X, parameters, keep_prob=0.5)
    assert not differences(cache, cases.backward_propagation_with_dropout_test_case()[2], rtol=1e-10)


def test_public_values_agree_with_an_independent_derivation():
    A3, Y, parameters = cases.compute_cost_with_regularization_test_case()
    squares = sum(np.sum(parameters[f"W{l}"] ** 2) for l in (1, 2, 3))
    assert np.isclose(cross_entropy(A3, Y) + 0.1 / (2 * Y.shape[1]) * squares, COURSE_COST, rtol=1e-12)

    X, Y, plain_cache = cases.backward_propagation_with_regularization_test_case()
    rederived = rederived_gradients(X, Y, with_unit_masks(plain_cache), lambd=0.7)
    assert not differences(rederived, public_case("backward_propagation_with_regularization").expected, rtol=1e-10)

    X, parameters = cases.forward_propagation_with_dropout_test_case()
    assert not differences(rederived_forward(X, parameters, keep_prob=0.7),
                           public_case("forward_propagation_with_dropout").expected, rtol=1e-10)

    X, Y, cache = cases.backward_propagation_with_dropout_test_case()
    assert not differences(rederived_gradients(X, Y, cache, keep_prob=0.8),
                           public_case("backward_propagation_with_dropout").expected, rtol=1e-10)


# --- The rubric on the reference solutions and on every catalogued mistake ---

@pytest.fixture(scope="module")
def source():
    return solutions.source_notebook("regularization")


# What the property checks say about each catalogued mistake, beyond the hint of the fixed cases:
# the diagnosis must hold on fresh inputs too. (tests/test_rubric.py checks scores and hints.)
READINGS = {
    "L2 cost: lambd over m instead of 2m": "the L2 term matches lambd/m instead of lambd/(2m)",
    "L2 cost: a layer missing": "the L2 term matches a sum that leaves W3 out",
    "L2 gradient: term missing in one layer": "it lacks the L2 term lambd/m * W2",
    "L2 gradient: lambd over 2m": "its L2 term is lambd/(2m) * W3",
    "dropout forward: not divided by keep_prob": "A1 is not divided by keep_prob",
    "dropout forward: greater-than mask": "it keeps a unit with probability 1 - keep_prob",
    "dropout forward: output layer dropped": "A3 is not sigmoid(Z3)",
    "dropout forward: input layer dropped": "Z1 is not W1 X + b1",
    "dropout forward: missing seed": "['cache D1']",  # only the draws of the masks differ
    "dropout backward: masks re-drawn": "dA2 is not zero where the cache's D2 dropped a unit",
    "dropout backward: dA not divided by keep_prob": "it is keep_prob times the right value",
}
MISTAKES = [(function, mistake) for function in ASSIGNMENT.functions for mistake in function.mistakes]


def test_every_mistake_has_a_reading():
    assert set(READINGS) == {mistake.name for _, mistake in MISTAKES}


@pytest.mark.parametrize("function, mistake", MISTAKES, ids=[mistake.name for _, mistake in MISTAKES])
@pytest.mark.parametrize("seed", [0, 1])
def test_the_property_checks_explain_each_mistake(source, function, mistake, seed, capfd):
    namespace = solutions.namespace(solutions.with_mistake(source, function.name, mistake), "regularization")
    result = grade_in_process("regularization", function, namespace, seed)
    assert READINGS[mistake.name] in function_report(result), function_report(result)
    assert capfd.readouterr().err == ""
