"""Tests of the student-side kit: network, vectors and plots."""
import math
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from autograder.kit.network import (  # noqa: E402
    backward_propagation,
    compute_cost,
    forward_propagation,
    predict,
    predict_dec,
    relu,
    sigmoid,
    update_parameters,
)
from autograder.kit import plots  # noqa: E402
from autograder.kit.plots import plot_costs, plot_decision_boundary  # noqa: E402
from untranslated import speaking  # noqa: E402
from autograder.kit.vectors import (  # noqa: E402
    dictionary_to_vector,
    gradients_to_vector,
    vector_to_dictionary,
)

GRAD_KEYS = {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}


def make_parameters(layer_dims, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = scale * rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters["b" + str(l)] = scale * rng.standard_normal((layer_dims[l], 1))
    return parameters


@pytest.fixture
def small_case():
    """A 3-4-3-1 network on 6 examples, with every hidden pre-activation far from the relu kink."""
    for seed in range(100):
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((3, 6))
        Y = (rng.random((1, 6)) > 0.5).astype(float)
        parameters = make_parameters([3, 4, 3, 1], seed=seed, scale=0.7)
        _, cache = forward_propagation(X, parameters)
        Z1, Z2 = cache[0], cache[4]
        if min(np.abs(Z1).min(), np.abs(Z2).min()) > 1e-2 and (Z1 > 0).any() and (Z2 > 0).any():
            return X, Y, parameters
    pytest.fail("no seed gave pre-activations away from the relu kink")


def test_activations():
    x = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(sigmoid(x), [[1 / (1 + math.e ** 2), 0.5, 1 / (1 + math.e ** -3)]])
    np.testing.assert_array_equal(relu(x), [[0.0, 0.0, 3.0]])


def test_huge_weights_give_inf_cost_silently(capfd):
    # The initialization assignment's large random weights saturate the sigmoid.
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 300))
    Y = (X[0:1] * X[1:2] > 0).astype(int)
    p = make_parameters([2, 10, 5, 1], seed=0, scale=100.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(np.array([-1000.0]))[0] == 0.0
        cost = compute_cost(forward_propagation(X, p)[0], Y)
    assert cost == np.inf
    assert capfd.readouterr().err == ""


def test_forward_cache_order(small_case):
    X, _, p = small_case
    A3, cache = forward_propagation(X, p)
    assert len(cache) == 12
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3c, W3, b3 = cache
    assert W1 is p["W1"] and b1 is p["b1"] and W2 is p["W2"]
    assert b2 is p["b2"] and W3 is p["W3"] and b3 is p["b3"]
    np.testing.assert_allclose(Z1, p["W1"] @ X + p["b1"])
    np.testing.assert_allclose(A1, np.where(Z1 > 0, Z1, 0))
    np.testing.assert_allclose(Z2, p["W2"] @ A1 + p["b2"])
    np.testing.assert_allclose(A2, np.where(Z2 > 0, Z2, 0))
    np.testing.assert_allclose(Z3, p["W3"] @ A2 + p["b3"])
    np.testing.assert_allclose(A3c, 1 / (1 + np.exp(-Z3)))
    assert A3 is A3c and A3.shape == (1, X.shape[1])


def test_backward_keys_and_shapes(small_case):
    X, Y, p = small_case
    _, cache = forward_propagation(X, p)
    grads = backward_propagation(X, Y, cache)
    assert set(grads) == GRAD_KEYS
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        assert grads["d" + name].shape == p[name].shape


def test_backward_matches_finite_differences(small_case):
    X, Y, p = small_case
    _, cache = forward_propagation(X, p)
    grads = backward_propagation(X, Y, cache)
    eps = 1e-6
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        numeric = np.zeros_like(p[name])
        for idx in np.ndindex(p[name].shape):
            plus = {k: v.copy() for k, v in p.items()}
            minus = {k: v.copy() for k, v in p.items()}
            plus[name][idx] += eps
            minus[name][idx] -= eps
            numeric[idx] = (compute_cost(forward_propagation(X, plus)[0], Y)
                            - compute_cost(forward_propagation(X, minus)[0], Y)) / (2 * eps)
        analytic = grads["d" + name]
        rel = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
        assert rel < 1e-6, (name, rel)


def test_compute_cost_matches_loop():
    A3 = np.array([[0.9, 0.2, 0.6, 0.35]])
    Y = np.array([[1, 0, 0, 1]])
    total = 0.0
    for a, y in zip(A3[0], Y[0]):
        total += -(y * math.log(a) + (1 - y) * math.log(1 - a))
    cost = compute_cost(A3, Y)
    assert isinstance(cost, np.float64)
    assert cost == pytest.approx(total / 4, rel=1e-12)


def test_compute_cost_saturated_is_inf_and_silent(capfd):
    # Right-label saturation contributes nothing; wrong-label saturation makes the cost infinite.
    A3 = np.array([[1.0, 0.0, 1.0, 0.5]])
    Y = np.array([[1, 0, 0, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = compute_cost(A3, Y)
        finite = compute_cost(np.array([[1.0, 0.0, 0.5]]), np.array([[1, 0, 1]]))
    assert np.isinf(cost) and cost > 0
    assert finite == pytest.approx(math.log(2) / 3)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("layer_dims", [[2, 3, 1], [4, 5, 3, 2, 1]])
def test_update_parameters(layer_dims):
    p = make_parameters(layer_dims, seed=1)
    grads = {"d" + k: v for k, v in make_parameters(layer_dims, seed=2).items()}
    expected = {k: v - 0.1 * grads["d" + k] for k, v in p.items()}
    updated = update_parameters(p, grads, 0.1)
    assert set(updated) == set(expected)
    for k in expected:
        np.testing.assert_allclose(updated[k], expected[k])


def test_predict_prints_accuracy(capsys):
    # One unit per layer, all weights 1 and b3 = -1: A3 = sigmoid(relu(x) - 1).
    p = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1)),
         "W2": np.ones((1, 1)), "b2": np.zeros((1, 1)),
         "W3": np.ones((1, 1)), "b3": np.full((1, 1), -1.0)}
    X = np.array([[-3.0, 0.5, 2.0, 3.0]])  # A3 > 0.5 exactly when x > 1
    y = np.array([[0, 0, 1, 0]])
    pred = predict(X, y, p)
    assert pred.shape == (1, 4) and pred.dtype == np.int64
    np.testing.assert_array_equal(pred, [[0, 0, 1, 1]])
    assert capsys.readouterr().out == "Accuracy: 0.75\n"

    dec = predict_dec(p, X)
    assert dec.shape == (1, 4) and dec.dtype == np.bool_
    np.testing.assert_array_equal(dec, [[False, False, True, True]])


def test_vector_round_trip():
    shapes = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    rng = np.random.default_rng(3)
    p = {k: rng.standard_normal(s) for k, s in shapes.items()}
    theta, keys = dictionary_to_vector(p)
    assert theta.shape == (47, 1) and len(keys) == 47
    assert keys[:20] == ["W1"] * 20 and keys[20:25] == ["b1"] * 5 and keys[46] == "b3"
    np.testing.assert_array_equal(theta[:20, 0], p["W1"].ravel())
    np.testing.assert_array_equal(theta[40:43, 0], p["b2"].ravel())
    back = vector_to_dictionary(theta)
    assert set(back) == set(shapes)
    for k in shapes:
        np.testing.assert_array_equal(back[k], p[k])
    # The documented offsets of the course.
    np.testing.assert_array_equal(vector_to_dictionary(np.arange(47.0).reshape(47, 1))["W2"],
                                  np.arange(25.0, 40.0).reshape(3, 5))


def test_gradients_to_vector_order():
    sizes = [("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1))]
    # Each gradient filled with its position in the order; shuffled dict order must not matter.
    grads = {"d" + name: np.full(shape, float(i)) for i, (name, shape) in enumerate(sizes)}
    grads = dict(reversed(list(grads.items())))
    grads["dZ1"] = np.zeros((5, 7))
    vec = gradients_to_vector(grads)
    expected = np.repeat(np.arange(6.0), [20, 5, 15, 3, 3, 1]).reshape(47, 1)
    np.testing.assert_array_equal(vec, expected)


def test_plots_return_axes():
    fig, ax = plt.subplots()
    X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.5]])
    y = np.array([[0, 1, 1]])
    out = plot_decision_boundary(lambda pts: pts[:, 0] > 1, X, y, ax=ax, title="t")
    assert out is ax and ax.get_xlabel() == "x1" and ax.get_ylabel() == "x2" and ax.get_title() == "t"

    fig2, ax2 = plt.subplots()
    out2 = plot_costs([0.7, 0.5, 0.3], 0.01, ax=ax2)
    assert out2 is ax2 and ax2.get_xlabel() == "iterations (per thousands)" and ax2.get_ylabel() == "cost"
    assert "0.01" in ax2.get_title()

    # Without ax the helpers draw on the current Axes, as the notebooks expect.
    plt.figure()
    assert plot_decision_boundary(lambda pts: pts[:, 1] > 0.5, X, y) is plt.gca()
    plt.close("all")


@pytest.mark.parametrize("font", [None, "Noto Sans CJK SC"], ids=["no Chinese font", "a Chinese font"])
def test_a_learning_curve_speaks_chinese_where_a_font_can_draw_it(font, monkeypatch):
    monkeypatch.setattr(plots, "cjk_font", lambda: font)
    with speaking("zh_CN"):
        fig, ax = plt.subplots()
        plot_costs([0.7, 0.5, 0.3], 0.01, ax=ax)
    said = ax.get_xlabel(), ax.get_ylabel(), ax.get_title()
    plt.close(fig)
    if font:
        assert said == ("迭代次数（每千次）", "代价", "学习率 = 0.01") and ax.yaxis.label.get_fontfamily()[0] == font
    else:
        assert said == ("iterations (per thousands)", "cost", "Learning rate = 0.01")
