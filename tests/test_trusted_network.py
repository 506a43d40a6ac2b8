"""The grader's trusted network gives the course's numbers bit for bit, and the same on stacked parameters."""
import numpy as np
import pytest

from autograder import trusted_network
from autograder.kit.network import compute_cost, forward_propagation

SEEDS = [int(seed) for seed in np.random.default_rng(11).integers(0, 2**31, size=20)]


def network(seed, m=7, sizes=(3, 5, 4)):
    draws = np.random.default_rng(seed)
    n_x, n_1, n_2 = sizes
    shapes = {"W1": (n_1, n_x), "b1": (n_1, 1), "W2": (n_2, n_1), "b2": (n_2, 1), "W3": (1, n_2), "b3": (1, 1)}
    X = draws.standard_normal((n_x, m))
    Y = draws.integers(0, 2, size=(1, m))
    return X, Y, {name: draws.standard_normal(shape) for name, shape in shapes.items()}


def course_forward_propagation_n_cost(A3, Y):
    """The notebook's forward_propagation_n cost, as the course writes it."""
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    return 1.0 / Y.shape[1] * np.sum(logprobs)


@pytest.mark.parametrize("seed", SEEDS)
def test_one_parameter_set_gives_the_courses_numbers_bit_for_bit(seed):
    X, Y, parameters = network(seed)
    A3, cache = trusted_network.forward(X, parameters)
    course_A3, course_cache = forward_propagation(X, parameters)
    assert len(cache) == len(course_cache) == len(trusted_network.PLAIN_CACHE)
    for name, ours, theirs in zip(trusted_network.PLAIN_CACHE, cache, course_cache):
        assert np.array_equal(ours, theirs), f"seed {seed}: {name}"
    assert trusted_network.cross_entropy(A3, Y) == compute_cost(course_A3, Y), seed
    assert trusted_network.network_cost(X, Y, parameters)[0] == course_forward_propagation_n_cost(course_A3, Y), seed


def test_saturated_outputs_cost_as_the_courses_helper_says():
    Y = np.array([[1, 0, 0, 1]])
    for A3 in (np.array([[1.0, 0.0, 0.3, 0.5]]), np.array([[1.0, 0.0, 1.0, 0.5]])):
        assert trusted_network.cross_entropy(A3, Y) == compute_cost(A3, Y)


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_stacked_parameters_give_each_sets_numbers(seed):
    X, Y, parameters = network(seed)
    others = [network(seed + number)[2] for number in (1, 2)]
    sets = [parameters, *others]
    stacked = {name: np.stack([p[name] for p in sets]) for name in trusted_network.PARAMETERS}
    masks = trusted_network.course_masks(5, 4, X.shape[1], 0.7)
    for dropout in ({}, {"masks": masks, "keep_prob": 0.7}):
        A3, cache = trusted_network.forward(X, stacked, **dropout)
        costs = trusted_network.cross_entropy(A3, Y)
        from_logits = trusted_network.cross_entropy_from_logits(cache[-4], Y)
        penalties = trusted_network.l2_penalty(stacked, 0.3, X.shape[1])
        for row, one in enumerate(sets):
            one_A3, one_cache = trusted_network.forward(X, one, **dropout)
            np.testing.assert_allclose(A3[row], one_A3, rtol=1e-14, atol=0)
            assert costs[row] == pytest.approx(trusted_network.cross_entropy(one_A3, Y), rel=1e-14)
            assert from_logits[row] == pytest.approx(trusted_network.cross_entropy_from_logits(one_cache[-4], Y),
                                                     rel=1e-14)
            assert penalties[row] == pytest.approx(
                0.3 / (2 * X.shape[1]) * sum(np.sum(one[name] ** 2) for name in ("W1", "W2", "W3")), rel=1e-14)


def test_dropout_follows_the_courses_convention():
    """Seed 1, D1 = rand < keep_prob, kept units divided by keep_prob, then D2 likewise; no dropout elsewhere."""
    X, _, parameters = network(5)
    keep_prob = 0.7
    draws = np.random.RandomState(1)
    Z1 = parameters["W1"] @ X + parameters["b1"]
    D1 = draws.random_sample(Z1.shape) < keep_prob
    A1 = np.where(D1, np.maximum(Z1, 0) / keep_prob, 0.0)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    D2 = draws.random_sample(Z2.shape) < keep_prob
    A3, cache = trusted_network.forward(X, parameters, trusted_network.course_masks(5, 4, X.shape[1], keep_prob),
                                        keep_prob)
    by_name = trusted_network.named(A3, cache)
    for name, expected in (("D1", D1), ("A1", A1), ("Z2", Z2), ("D2", D2)):
        np.testing.assert_allclose(by_name[f"cache {name}"], expected, rtol=1e-14, atol=0)
    assert list(by_name) == ["A3", *(f"cache {name}" for name in trusted_network.DROPOUT_CACHE)]


def test_the_regularized_cost_is_the_cross_entropy_plus_the_l2_term():
    X, Y, parameters = network(9)
    A3, _ = forward_propagation(X, parameters)
    squares = sum(float(np.sum(parameters[name] ** 2)) for name in ("W1", "W2", "W3"))
    assert trusted_network.regularized_cost(A3, Y, parameters, 0.7) == pytest.approx(
        compute_cost(A3, Y) + 0.7 / (2 * Y.shape[1]) * squares, rel=1e-14)
