"""The trusted numerics every rubric uses, against the complex-step derivative and by hand."""
import numpy as np
import pytest

from autograder import numerics
from autograder.kit.cases import gradient_checking as cases
from autograder.kit.vectors import GRADIENT_CHECKING_NETWORK_SHAPES as SHAPES
from autograder import network_checks, trusted_network
from complex_step import complex_step_gradient, written_out_cost


def course_example():
    X, Y, parameters = cases.gradient_check_n_test_case()
    return X, Y, numerics.rolled(parameters, SHAPES)


@pytest.mark.parametrize("epsilon", [1e-5, 1e-6])
def test_batched_centred_differences_agree_with_the_complex_step(epsilon):
    X, Y, theta = course_example()
    exact = complex_step_gradient(X, Y, theta.reshape(-1, 1)).ravel()
    # The cost costed row by row, so that only the batching under test is batched.
    approximate = numerics.centred_differences(
        lambda thetas: np.array([written_out_cost(X, Y, row.reshape(-1, 1)) for row in thetas]), theta, epsilon)
    assert approximate.shape == theta.shape
    # Truncation error (epsilon^2) and rounding (1e-16 / epsilon) are both far below this.
    np.testing.assert_allclose(approximate, exact, rtol=1e-6, atol=1e-8)
    assert numerics.relative_difference(exact, approximate) < 1e-8


def test_the_regularization_rubrics_finite_differences_agree_with_the_complex_step():
    """The stacked-parameter path (rolled, unrolled, one batch of costs) on a network of other sizes."""
    draws = np.random.default_rng(7)
    X, Y, parameters = network_checks.network_inputs(draws, 3, 4, 2, 6, scale=0.7)
    shapes = [(name, parameters[name].shape) for name in trusted_network.PARAMETERS]
    numerical = network_checks.numerical_gradients(X, Y, trusted_network.forward(X, parameters)[1])
    exact = complex_step_gradient(X, Y, numerics.rolled(parameters, shapes).reshape(-1, 1), shapes=shapes).ravel()
    np.testing.assert_allclose(numerics.rolled({name[1:]: value for name, value in numerical.items()}, shapes),
                               exact, rtol=1e-5, atol=1e-8)
    # With the L2 penalty, every dW gains lambd / m * W by the power rule; the db are unchanged.
    lambd, m = 0.4, X.shape[1]
    regularized = network_checks.numerical_gradients(X, Y, trusted_network.forward(X, parameters)[1], lambd=lambd)
    decay = {name: lambd / m * value if name.startswith("W") else 0 * value for name, value in parameters.items()}
    np.testing.assert_allclose(numerics.rolled({name[1:]: value for name, value in regularized.items()}, shapes),
                               exact + numerics.rolled(decay, shapes), rtol=1e-5, atol=1e-8)


def test_relative_difference():
    a, b = np.array([3.0, 4.0]), np.array([0.0, 0.0])
    assert numerics.relative_difference(a, b) == 1.0
    assert numerics.relative_difference(a, a) == 0.0
    assert numerics.relative_difference(b, b) == 0.0  # both zero: no difference, not 0/0
    assert numerics.relative_difference(np.array([1.0]), np.array([3.0])) == pytest.approx(2 / 4)
    # A column and its flat copy give the same number: only the entries count.
    assert numerics.relative_difference(a.reshape(-1, 1), 2 * a.reshape(-1, 1)) == numerics.relative_difference(a, 2 * a)


def test_unrolled_inverts_rolled_row_by_row():
    _, _, parameters = cases.gradient_check_n_test_case()
    theta = numerics.rolled(parameters, SHAPES)
    stacked = numerics.unrolled(np.stack([theta, 2 * theta]), SHAPES)
    for name, value in parameters.items():
        np.testing.assert_array_equal(stacked[name][0], value)
        np.testing.assert_array_equal(stacked[name][1], 2 * value)
