"""The grader's own three-layer network, LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID, from which the
rubrics compute expected values: never the student's code.

Parameters may be stacked along a leading axis, one set per row (see ``numerics.unrolled``):
matmul broadcasts over it, so the costs of every nudge of a finite difference come from one pass.
On one set of parameters the numbers are those of the course's helpers (``kit/network.py``, which
students get) bit for bit; tests/test_trusted_network.py holds them to it.
"""
import numpy as np

from .conventions import DROPOUT_SEED
from .kit.network import relu, sigmoid

PARAMETERS = ("W1", "b1", "W2", "b2", "W3", "b3")
WEIGHTS = ("W1", "W2", "W3")
PLAIN_CACHE = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
DROPOUT_CACHE = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")


def forward(X, parameters, masks=None, keep_prob=1.0):
    """``(A3, cache)``. Without ``masks``, the course's forward pass and its cache (PLAIN_CACHE); with
    masks ``(D1, D2)``, dropout on the hidden layers, the kept activations divided by ``keep_prob``,
    and the cache of forward_propagation_with_dropout (DROPOUT_CACHE)."""
    W1, b1, W2, b2, W3, b3 = (parameters[name] for name in PARAMETERS)
    Z1 = W1 @ X + b1
    A1 = relu(Z1) if masks is None else relu(Z1) * masks[0] / keep_prob
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2) if masks is None else relu(Z2) * masks[1] / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    if masks is None:
        return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, (Z1, masks[0], A1, W1, b1, Z2, masks[1], A2, W2, b2, Z3, A3, W3, b3)


def cache_items(cache):
    """A cache of either layout, by name: {"Z1": ..., "A1": ..., ...}."""
    names = PLAIN_CACHE if len(cache) == len(PLAIN_CACHE) else DROPOUT_CACHE
    return dict(zip(names, cache, strict=True))


def cached_parameters(cache):
    """The parameters a cache of either layout holds: {"W1": ..., "b1": ..., ...}."""
    items = cache_items(cache)
    return {name: items[name] for name in PARAMETERS}


def hidden_pre_activations(cache):
    """Z1 and Z2 of a cache of either layout: where relu's kinks lie."""
    items = cache_items(cache)
    return items["Z1"], items["Z2"]


def named(A3, cache):
    """A dropout pass's output by name: {"A3": ..., "cache Z1": ..., ...}."""
    return {"A3": A3, **{f"cache {name}": item for name, item in zip(DROPOUT_CACHE, cache, strict=True)}}


def course_masks(n_1, n_2, m, keep_prob):
    """The masks the course's dropout forward pass draws: its seed, then D1, then D2."""
    draws = np.random.RandomState(DROPOUT_SEED)
    return draws.random_sample((n_1, m)) < keep_prob, draws.random_sample((n_2, m)) < keep_prob


def cross_entropy(A3, Y):
    """The course's cost, one per parameter set: a saturated output on its right label counts nothing,
    on the wrong one it makes the cost infinite."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -np.log(A3) * Y - np.log(1 - A3) * (1 - Y)
    total = np.sum(logprobs, axis=(-2, -1))
    # Rarely a NaN term (0 * log 0): then nansum's numbers, at the cost of a copy on every cost.
    if np.isnan(total).any():
        total = np.nansum(logprobs, axis=(-2, -1))
    return 1.0 / Y.shape[-1] * total


def cross_entropy_from_logits(Z3, Y):
    """The cross-entropy of sigmoid(Z3), computed from Z3 so that it stays exact for saturated outputs;
    finite differences of the log of a rounded A3 would be noise."""
    return np.mean(Y * np.logaddexp(0, -Z3) + (1 - Y) * np.logaddexp(0, Z3), axis=(-2, -1))


def squared_weights(parameters):
    """{"W1": the sum of its squared entries, "W2": ..., "W3": ...}, one sum per parameter set."""
    return {name: np.sum(np.square(parameters[name]), axis=(-2, -1)) for name in WEIGHTS}


def l2_penalty(parameters, lambd, m):
    """lambd / (2m) times the sum of the squared weights of every layer."""
    return lambd / (2 * m) * sum(squared_weights(parameters).values())


def regularized_cost(A3, Y, parameters, lambd):
    """What compute_cost_with_regularization returns: the cross-entropy plus the L2 penalty."""
    return cross_entropy(A3, Y) + l2_penalty(parameters, lambd, Y.shape[-1])


def network_cost(X, Y, parameters):
    """``(cost, cache)`` like the notebook's forward_propagation_n: the cross-entropy of the forward pass."""
    A3, cache = forward(X, parameters)
    return cross_entropy(A3, Y), cache
