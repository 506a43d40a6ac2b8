"""What the rubrics share to check a student's network functions against the trusted network: fresh
networks, inputs clear of relu's kinks, gradients against centred differences, the dropout pass's
output by name. Every message gives shapes and sizes, never a hidden value."""
import numpy as np

from .checks import every_call
from .i18n import _
from .kit.compare import describe
from .numerics import centred_gradients, relative_difference
from .trusted_network import (DROPOUT_CACHE, cache_items, cached_parameters, cross_entropy_from_logits, forward,
                              l2_penalty, named)

GRADIENT_TOLERANCE = 1e-5  # relative difference allowed between a gradient and its finite differences
EPSILON = 1e-6  # step of the centred finite differences
# A centred difference carries rounding noise of about machine epsilon * cost / EPSILON per entry
# (1e-10 here). Where a gradient is itself tiny (a layer almost wholly dropped, say), that noise is
# a large relative difference, so it is allowed for in absolute terms too.
FINITE_DIFFERENCE_NOISE = 1e-8
KINK_MARGIN = 1e-3  # pre-activations this close to 0 would let a finite difference cross the relu kink


def network_inputs(draws, n_x, n_1, n_2, m, scale=1.0):
    """X (n_x, m), labels Y (1, m) and the parameters of a [n_x, n_1, n_2, 1] network, from ``draws``
    (a RandomState for fixed cases, a Generator for fresh ones)."""
    X = draws.standard_normal((n_x, m))
    Y = (draws.uniform(size=(1, m)) < 0.5).astype(np.int64)
    shapes = {"W1": (n_1, n_x), "b1": (n_1, 1), "W2": (n_2, n_1), "b2": (n_2, 1), "W3": (1, n_2), "b3": (1, 1)}
    return X, Y, {name: scale * draws.standard_normal(shape) for name, shape in shapes.items()}


def fresh_sizes(rng):
    """n_x, n_1, n_2 and m of a small fresh network."""
    return tuple(int(n) for n in rng.integers(1, 8, size=3)) + (int(rng.integers(2, 12)),)


def clear_of_kinks(pre_activations, margin=KINK_MARGIN):
    """Whether no pre-activation is within ``margin`` of relu's kink, where a finite difference would
    not match the gradient."""
    return min(np.abs(Z).min() for Z in pre_activations) > margin


def drawn_clear_of_kinks(rng, draw):
    """Inputs from ``draw(rng)`` (which returns them and their hidden pre-activations), drawn again until
    they are clear of relu's kinks."""
    while True:
        inputs, pre_activations = draw(rng)
        if clear_of_kinks(pre_activations):
            return inputs


def numerical_gradients(X, Y, cache, lambd=0.0, keep_prob=1.0):
    """Centred finite differences, keyed dW1, db1, ..., dW3, db3, of the cross-entropy (plus the L2
    penalty with ``lambd``) at the parameters of ``cache``, through the cache's masks if it has any."""
    items = cache_items(cache)
    masks = (items["D1"], items["D2"]) if "D1" in items else None

    def cost_of(parameters):  # stacked along a leading axis: one cost per set
        Z3 = cache_items(forward(X, parameters, masks, keep_prob)[1])["Z3"]
        return cross_entropy_from_logits(Z3, Y) + l2_penalty(parameters, lambd, X.shape[1])

    return {"d" + name: value for name, value in centred_gradients(cost_of, cached_parameters(cache), EPSILON).items()}


def gradient_problems(received, numerical, reading=lambda key, value: ""):
    """One message per gradient of ``received`` that differs from its finite differences ``numerical``;
    ``reading(key, value)`` says what a wrong one matches (a clause: "it lacks ..."), or "" when nothing known."""
    if not isinstance(received, dict):
        return [_("expected a dict of gradients, received {received}", received=describe(received))]
    problems = []
    for key, expected in numerical.items():
        value = received.get(key)
        if type(value) is not np.ndarray or value.shape != expected.shape or value.dtype.kind not in "biuf":
            problems.append(_("{key}: expected an array of shape {shape}, received {received}", key=key,
                              shape=expected.shape, received=describe(value)))
        elif np.linalg.norm(value - expected) > (GRADIENT_TOLERANCE * (np.linalg.norm(value) + np.linalg.norm(expected))
                                                   + FINITE_DIFFERENCE_NOISE):
            difference, matched = f"{relative_difference(value, expected):.2g}", reading(key, value)
            problems.append(_("{key} differs from the finite differences of the cost (relative difference "
                              "{difference}): {reading}", key=key, difference=difference, reading=matched) if matched
                            else _("{key} differs from the finite differences of the cost (relative difference "
                                   "{difference})", key=key, difference=difference))
    return problems


def every_dropout_output(judge_output):
    """A judge (see ``checks.every_call``) of a dropout forward pass's answers: each that has the form
    (A3, cache) is judged by ``judge_output(call, by_name)``; each other is told why it has not."""
    def judge_call(call, outcome):
        by_name, problem = dropout_output(outcome.value)
        return [problem] if problem else judge_output(call, by_name)
    return every_call(judge_call)


def dropout_output(value):
    """A dropout forward pass's (A3, cache) by name (see ``trusted_network.named``), and None; or None and
    a message saying why it is not one."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple)
            and len(value[1]) == len(DROPOUT_CACHE)):
        return None, _("expected (A3, cache) with a cache of {size} items, received {received}",
                       size=len(DROPOUT_CACHE), received=describe(value))
    by_name = named(*value)
    for name, item in by_name.items():
        if type(item) is not np.ndarray or item.dtype.kind not in "biuf":
            return None, _("{name}: expected a numeric array, received {received}", name=name,
                           received=describe(item))
    return by_name, None
