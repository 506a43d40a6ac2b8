"""Rubric of the regularization assignment: the L2-regularized cost and gradients, and dropout."""
import numpy as np

from ..calls import Call
from ..conventions import DROPOUT_SEED, PRE_SEED, call_seed
from ..kit.compare import describe, differences
from ..kit.network import compute_cost, forward_propagation, relu, sigmoid
from ..numerics import centred_differences, relative_difference, rolled, unrolled
from . import Assignment, Check, GradedFunction, Mistake, require, samples

PARAMETER_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
DROPOUT_CACHE_NAMES = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
GRADIENT_TOLERANCE = 1e-5  # relative difference allowed between a gradient and its finite differences
EPSILON = 1e-6  # step of the centred finite differences
# A centred difference carries rounding noise of about machine epsilon * cost / EPSILON per entry
# (1e-10 here). Where a gradient is itself tiny (a layer almost wholly dropped, say), that noise is
# a large relative difference, so it is allowed for in absolute terms too.
FINITE_DIFFERENCE_NOISE = 1e-8
KINK_MARGIN = 1e-3  # pre-activations this close to 0 would let a finite difference cross the relu kink


# --- Trusted computations: the course's network, written here and never taken from the student ---

def network_inputs(draws, n_x, n_1, n_2, m, scale=1.0):
    """X (n_x, m), labels Y (1, m) and the parameters of a [n_x, n_1, n_2, 1] network, from ``draws``
    (a RandomState for fixed cases, a Generator for fresh ones)."""
    X = draws.standard_normal((n_x, m))
    Y = (draws.uniform(size=(1, m)) < 0.5).astype(np.int64)
    shapes = {"W1": (n_1, n_x), "b1": (n_1, 1), "W2": (n_2, n_1), "b2": (n_2, 1), "W3": (1, n_2), "b3": (1, 1)}
    return X, Y, {name: scale * draws.standard_normal(shape) for name, shape in shapes.items()}


def regularized_cost(A3, Y, parameters, lambd):
    """Cross-entropy plus lambd/(2m) times the sum of the squares of W1, W2 and W3."""
    return compute_cost(A3, Y) + lambd / (2 * Y.shape[1]) * sum(squared_weights(parameters))


def cross_entropy_from_logits(Z3, Y):
    """The cross-entropy of sigmoid(Z3), computed from Z3 so that it stays exact for saturated outputs;
    finite differences of the log of a rounded A3 would be noise. One cost per leading index of Z3."""
    return np.mean(Y * np.logaddexp(0, -Z3) + (1 - Y) * np.logaddexp(0, Z3), axis=(-2, -1))


def squared_weights(parameters):
    return [float(np.sum(np.square(parameters[f"W{l}"]))) for l in (1, 2, 3)]


def course_masks(n_1, n_2, m, keep_prob):
    """The masks the course's dropout forward pass draws: its seed, then D1, then D2."""
    draws = np.random.RandomState(DROPOUT_SEED)
    return draws.random_sample((n_1, m)) < keep_prob, draws.random_sample((n_2, m)) < keep_prob


def dropout_forward(X, parameters, masks, keep_prob):
    """(A3, 14-tuple cache) of the dropout forward pass with the given masks (D1, D2).

    Parameters stacked along a leading axis give one pass per set (matmul broadcasts)."""
    W1, b1, W2, b2, W3, b3 = (parameters[name] for name in PARAMETER_NAMES)
    D1, D2 = masks
    Z1 = W1 @ X + b1
    A1 = relu(Z1) * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2) * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def numerical_gradients(cost_of, parameters):
    """Centred finite differences of the cost at ``parameters``, keyed dW1, db1, ..., dW3, db3.

    ``cost_of`` gets the parameters stacked along a leading axis, one set per nudge, and returns
    one cost per set (see ``numerics.centred_differences``).
    """
    shapes = [(name, parameters[name].shape) for name in PARAMETER_NAMES]
    gradient = centred_differences(lambda thetas: cost_of(unrolled(thetas, shapes)), rolled(parameters, shapes),
                                   EPSILON)
    return {"d" + name: block[0] for name, block in unrolled(gradient[np.newaxis], shapes).items()}


# --- Fresh inputs for the property checks ---

def fresh_sizes(rng):
    return tuple(int(n) for n in rng.integers(1, 8, size=3)) + (int(rng.integers(2, 12)),)


def _clear_of_kinks(rng, draw):
    """Inputs from ``draw(rng)`` (which returns them and their hidden pre-activations), drawn again until
    no pre-activation is near the relu kink, where finite differences would not match the gradient."""
    while True:
        inputs, pre_activations = draw(rng)
        if min(np.abs(Z).min() for Z in pre_activations) > KINK_MARGIN:
            return inputs


# --- compute_cost_with_regularization ---

def _cost_case(seed, n_x, n_1, n_2, m, lambd, saturated=False):
    draws = np.random.RandomState(seed)
    X, Y, parameters = network_inputs(draws, n_x, n_1, n_2, m)
    A3 = sigmoid(draws.standard_normal((1, m)))
    if saturated:  # outputs at exactly 0 or 1 on the right label: the cross-entropy takes log(0) * 0
        A3[0, :2] = Y[0, :2]
    return Call("compute_cost_with_regularization", (A3, Y, parameters, lambd), seed=PRE_SEED)


def l2_cost_of_fresh_parameters():
    def make_call(rng):
        n_x, n_1, n_2, m = fresh_sizes(rng)
        X, Y, parameters = network_inputs(rng, n_x, n_1, n_2, m)
        A3 = sigmoid(rng.standard_normal((1, m)))
        return Call("compute_cost_with_regularization", (A3, Y, parameters, float(rng.uniform(0.05, 2))),
                    seed=call_seed(rng))

    def make_calls(rng):
        return samples(3, lambda: make_call(rng))

    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            if outcome.error:
                continue
            A3, Y, parameters, lambd = call.args
            shapes = ", ".join(f"W{l} {parameters[f'W{l}'].shape}" for l in (1, 2, 3))
            found = differences(regularized_cost(*call.args), outcome.value, f"cost for {shapes}", reveal=False)
            if found and isinstance(outcome.value, (float, np.floating)):
                found = [found[0] + _l2_reading(float(outcome.value) - compute_cost(A3, Y), parameters, lambd,
                                                Y.shape[1])]
            problems += found
        return problems

    return Check("equals the cross-entropy plus lambd/(2m) times the sum of squared weights, for random "
                 "parameters of random sizes", make_calls, judge)


def _l2_reading(term, parameters, lambd, m):
    """What the student's L2 term matches, when it is not lambd/(2m) * sum of squared weights."""
    squares = squared_weights(parameters)
    readings = {"lambd/m instead of lambd/(2m)": lambd / m * sum(squares), "no L2 term at all": 0.0}
    for l, square in enumerate(squares, 1):
        readings[f"a sum that leaves W{l} out"] = lambd / (2 * m) * (sum(squares) - square)
    for reading, value in readings.items():
        if np.isclose(term, value, rtol=1e-6, atol=1e-12):
            return f": the L2 term matches {reading}"
    return ""


COST = GradedFunction(
    "compute_cost_with_regularization", 10,
    hidden_cases=[_cost_case(11, 4, 5, 3, 7, 0.3), _cost_case(12, 2, 20, 3, 10, 0.7),
                  _cost_case(13, 3, 2, 4, 6, 1.5, saturated=True)],
    properties=[l2_cost_of_fresh_parameters()],
    mistakes=[
        Mistake("L2 cost: lambd over m instead of 2m",
                "The L2 term is lambd / (2 * m) times the sum of the squared weights; you used lambd / m.",
                "lambd / (2 * m)", "lambd / m"),
        Mistake("L2 cost: a layer missing",
                "The L2 term sums the squared weights of every layer: np.sum(np.square(W1)), "
                "np.sum(np.square(W2)) and np.sum(np.square(W3)); one of them is missing.",
                " + np.sum(np.square(W3))", ""),
    ],
)


# --- backward_propagation_with_regularization ---

def _l2_backward_case(seed, n_x, n_1, n_2, m, lambd):
    X, Y, parameters = network_inputs(np.random.RandomState(seed), n_x, n_1, n_2, m)
    _, cache = forward_propagation(X, parameters)
    return Call("backward_propagation_with_regularization", (X, Y, cache, lambd), seed=PRE_SEED)


def l2_gradients_match_finite_differences():
    def draw(rng):
        X, Y, parameters = network_inputs(rng, *fresh_sizes(rng), scale=0.7)
        _, cache = forward_propagation(X, parameters)
        return (X, Y, cache, float(rng.uniform(0.1, 2))), (cache[0], cache[4])

    def make_calls(rng):
        return samples(2, lambda: Call("backward_propagation_with_regularization", _clear_of_kinks(rng, draw),
                                       seed=call_seed(rng)))

    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            if outcome.error:
                continue
            X, Y, cache, lambd = call.args
            parameters = dict(zip(PARAMETER_NAMES, (cache[2], cache[3], cache[6], cache[7], cache[10], cache[11])))
            m = X.shape[1]
            every_unit = np.ones(1, bool), np.ones(1, bool)  # dropout that keeps every unit: the plain pass
            numerical = numerical_gradients(
                lambda p: cross_entropy_from_logits(dropout_forward(X, p, every_unit, 1.0)[1][10], Y)
                + lambd / (2 * m) * sum(np.sum(np.square(p[f"W{l}"]), axis=(-2, -1)) for l in (1, 2, 3)),
                parameters)

            def reading(key, received):
                if not key.startswith("dW"):
                    return ""
                decay = lambd / X.shape[1] * parameters[key[1:]]
                if np.allclose(received, numerical[key] - decay, rtol=1e-4, atol=1e-7):
                    return f": it lacks the L2 term lambd/m * {key[1:]}"
                if np.allclose(received, numerical[key] - decay / 2, rtol=1e-4, atol=1e-7):
                    return (f": its L2 term is lambd/(2m) * {key[1:]}; the derivative of "
                            f"lambd/(2m) * ||{key[1:]}||^2 is lambd/m * {key[1:]}")
                return ""

            problems += _gradient_problems(outcome.value, numerical, reading)
        return problems

    return Check("dW and db agree with centred finite differences of the regularized cost",
                 make_calls, judge)


def _gradient_problems(received, numerical, reading):
    """One message per gradient of ``received`` that differs from the finite differences."""
    if not isinstance(received, dict):
        return [f"expected a dict of gradients, received {describe(received)}"]
    problems = []
    for key, expected in numerical.items():
        value = received.get(key)
        if type(value) is not np.ndarray or value.shape != expected.shape or value.dtype.kind not in "biuf":
            problems.append(f"{key}: expected an array of shape {expected.shape}, received {describe(value)}")
        elif np.linalg.norm(value - expected) > (GRADIENT_TOLERANCE * (np.linalg.norm(value) + np.linalg.norm(expected))
                                                   + FINITE_DIFFERENCE_NOISE):
            problems.append(f"{key} differs from the finite differences of the cost (relative difference "
                            f"{relative_difference(value, expected):.2g}){reading(key, value)}")
    return problems


L2_BACKWARD = GradedFunction(
    "backward_propagation_with_regularization", 10,
    hidden_cases=[_l2_backward_case(21, 3, 4, 3, 6, 0.2), _l2_backward_case(22, 2, 20, 3, 8, 0.7)],
    properties=[l2_gradients_match_finite_differences()],
    mistakes=[
        Mistake("L2 gradient: term missing in one layer",
                "Every dW_l gains the L2 term lambd / m * W_l, in all three layers; one of them lacks it.",
                " + lambd / m * W2", ""),
        Mistake("L2 gradient: lambd over 2m",
                "The derivative of lambd / (2m) * ||W||^2 is lambd / m * W (the 2 of the square cancels the 1/2); "
                "you added lambd / (2m) * W.",
                "lambd / m * W3", "lambd / (2 * m) * W3",
                also=(("lambd / m * W2", "lambd / (2 * m) * W2"), ("lambd / m * W1", "lambd / (2 * m) * W1"))),
    ],
)


# --- forward_propagation_with_dropout ---

def _dropout_forward_case(seed, n_x, n_1, n_2, m, keep_prob=None):
    X, _, parameters = network_inputs(np.random.RandomState(seed), n_x, n_1, n_2, m)
    kwargs = {} if keep_prob is None else {"keep_prob": keep_prob}  # None: the default, 0.5
    return Call("forward_propagation_with_dropout", (X, parameters), kwargs, seed=PRE_SEED)


def _named_output(value):
    """The forward pass's (A3, cache) as {"A3": ..., "Z1": ..., ...}, or a message saying why it is not one."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple)
            and len(value[1]) == len(DROPOUT_CACHE_NAMES)):
        return None, f"expected (A3, cache) with a cache of {len(DROPOUT_CACHE_NAMES)} items, received {describe(value)}"
    named = _named(*value)
    for name, item in named.items():
        if type(item) is not np.ndarray or item.dtype.kind not in "biuf":
            return None, f"{name}: expected a numeric array, received {describe(item)}"
    return named, None


def _named(A3, cache):
    return {"A3": A3, **{f"cache {name}": item for name, item in zip(DROPOUT_CACHE_NAMES, cache)}}


def fresh_dropout_calls(rng):
    """Two calls at fresh sizes and keep_prob."""
    def make_call():
        X, _, parameters = network_inputs(rng, *fresh_sizes(rng))
        return Call("forward_propagation_with_dropout", (X, parameters),
                    {"keep_prob": float(rng.uniform(0.5, 0.95))}, seed=call_seed(rng))

    return samples(2, make_call)


def dropout_forward_values():
    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            if outcome.error:
                continue
            X, parameters = call.args
            keep_prob = call.kwargs["keep_prob"]
            masks = course_masks(parameters["W1"].shape[0], parameters["W2"].shape[0], X.shape[1], keep_prob)
            received, problem = _named_output(outcome.value)
            expected = _named(*dropout_forward(X, parameters, masks, keep_prob))
            problems += [problem] if problem else differences(
                expected, received, f"keep_prob={keep_prob:.3f}, X {X.shape}", reveal=False)
        return problems

    return Check(f"values follow the course's convention (seed {DROPOUT_SEED}, then D1 and D2 = rand < keep_prob) "
                 "at fresh sizes", fresh_dropout_calls, judge)


def keep_prob_one_is_plain_forward():
    def make_calls(rng):
        X, _, parameters = network_inputs(rng, *fresh_sizes(rng))
        return {"keep_prob 1": Call("forward_propagation_with_dropout", (X, parameters), {"keep_prob": 1.0},
                                    seed=call_seed(rng))}

    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            if outcome.error:
                continue
            X, parameters = call.args
            A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, _, W3, b3) = forward_propagation(X, parameters)
            every_unit = np.ones(A1.shape, bool), np.ones(A2.shape, bool)
            expected = _named(A3, (Z1, every_unit[0], A1, W1, b1, Z2, every_unit[1], A2, W2, b2, Z3, A3, W3, b3))
            received, problem = _named_output(outcome.value)
            problems += [problem] if problem else differences(expected, received, "keep_prob=1", reveal=False)
        return problems

    return Check("keep_prob=1 keeps every unit and reproduces the plain forward pass", make_calls, judge)


def dropout_statistics():
    """On wide layers the masks and activations show what the code does, whatever the masks' values."""
    def make_calls(rng):
        n_1, n_2, m = (int(n) for n in rng.integers(100, 160, size=3))
        X, _, parameters = network_inputs(rng, 3, n_1, n_2, m, scale=0.3)
        return {"wide layers": Call("forward_propagation_with_dropout", (X, parameters),
                                    {"keep_prob": float(rng.uniform(0.6, 0.9))}, seed=call_seed(rng))}

    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            received, problem = (None, None) if outcome.error else _named_output(outcome.value)
            if problem:
                problems.append(problem)
            if received:
                problems += _layer_statistics(received, call.kwargs["keep_prob"])
        return problems

    return Check("on wide layers about keep_prob of the hidden units are kept and the expected activation "
                 "is preserved", make_calls, judge)


def _layer_statistics(received, keep_prob):
    problems = []
    for l in (1, 2):
        D, A, Z = (received[f"cache {name}{l}"] for name in "DAZ")
        if D.shape != A.shape or Z.shape != A.shape:
            problems.append(f"D{l}, A{l} and Z{l} must have the same shape; received {D.shape}, {A.shape}, {Z.shape}")
            continue
        kept = float(np.mean(D != 0))
        if abs(kept - keep_prob) > 0.02:
            reason = (": it keeps a unit with probability 1 - keep_prob; keep it where rand < keep_prob"
                      if abs(kept - (1 - keep_prob)) < 0.02 else "")
            problems.append(f"D{l} keeps {kept:.1%} of the units, keep_prob is {keep_prob:.1%}{reason}")
            continue
        if not relu(Z).any():
            continue  # no active unit to measure
        ratio = float(A.mean() / relu(Z).mean())
        if abs(ratio - 1) > 0.05:
            reason = (f": A{l} is not divided by keep_prob" if abs(ratio - keep_prob) < 0.05 else "")
            problems.append(f"the mean of A{l} is {ratio:.3f} times the mean of relu(Z{l}) instead of about 1{reason}")
    return problems


def input_and_output_layers_intact(values_check):
    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            received, problem = (None, None) if outcome.error else _named_output(outcome.value)
            if problem:
                problems.append(problem)
            if not received:
                continue
            X, parameters = call.args
            Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
            if differences(Z1, received["cache Z1"]):
                problems.append("Z1 is not W1 X + b1: no dropout on the input layer, X is used as it is")
            if differences(sigmoid(received["cache Z3"]), received["A3"]):
                problems.append("A3 is not sigmoid(Z3): no dropout on the output layer")
        return problems

    return Check.on_the_calls_of(values_check, "the input and output layers are not dropped", judge)


FORWARD_VALUES = dropout_forward_values()  # its calls are judged by input_and_output_layers_intact too

SCALE_HINT = ("Divide the kept activations by keep_prob (A1 = A1 / keep_prob, and A2 likewise) so that their "
              "expected value is the same as without dropout.")

DROPOUT_FORWARD = GradedFunction(
    "forward_propagation_with_dropout", 20,
    hidden_cases=[_dropout_forward_case(31, 3, 4, 3, 6, 0.8), _dropout_forward_case(32, 2, 20, 3, 8),
                  _dropout_forward_case(33, 5, 3, 6, 4, 0.6)],
    properties=[FORWARD_VALUES, keep_prob_one_is_plain_forward(), dropout_statistics(),
                input_and_output_layers_intact(FORWARD_VALUES)],
    mistakes=[
        Mistake("dropout forward: not divided by keep_prob", SCALE_HINT,
                "A1 = A1 * D1\n    A1 = A1 / keep_prob", "A1 = A1 * D1",
                also=(("A2 = A2 * D2\n    A2 = A2 / keep_prob", "A2 = A2 * D2"),)),
        Mistake("dropout forward: greater-than mask",
                "The mask must keep a unit with probability keep_prob: D = np.random.rand(...) < keep_prob. "
                "With > you keep it with probability 1 - keep_prob.",
                "D1 = np.random.rand(*A1.shape) < keep_prob", "D1 = np.random.rand(*A1.shape) > keep_prob",
                also=(("D2 = np.random.rand(*A2.shape) < keep_prob", "D2 = np.random.rand(*A2.shape) > keep_prob"),)),
        Mistake("dropout forward: output layer dropped",
                "Dropout applies to the hidden layers only: A3 = sigmoid(Z3), with no mask on the output layer.",
                "A3 = sigmoid(Z3)", "A3 = sigmoid(Z3)\n    A3 = A3 * (np.random.rand(*A3.shape) < keep_prob) / keep_prob"),
        Mistake("dropout forward: input layer dropped",
                "Dropout applies to the hidden layers only: leave the input X as it is (Z1 = W1 X + b1).",
                "Z1 = np.dot(W1, X) + b1",
                "X = X * (np.random.rand(*X.shape) < keep_prob) / keep_prob\n    Z1 = np.dot(W1, X) + b1"),
        Mistake("dropout forward: missing seed",
                f"Keep the np.random.seed({DROPOUT_SEED}) at the start, as the provided code has it: without it the "
                "masks depend on whatever ran before.",
                f"np.random.seed({DROPOUT_SEED})  # keep this seed", f"# np.random.seed({DROPOUT_SEED}) removed"),
    ],
    fallback_hint=("The shapes are right but the masks are not the course's: keep "
                   f"np.random.seed({DROPOUT_SEED}) first, then "
                   "draw D1 = np.random.rand(*A1.shape) < keep_prob, and only after Z2 and A2, D2 likewise."),
)


# --- backward_propagation_with_dropout ---

def _dropout_backward_case(seed, n_x, n_1, n_2, m, keep_prob, course=True):
    draws = np.random.RandomState(seed)
    X, Y, parameters = network_inputs(draws, n_x, n_1, n_2, m)
    masks = (course_masks(n_1, n_2, m, keep_prob) if course
             else (draws.uniform(size=(n_1, m)) < keep_prob, draws.uniform(size=(n_2, m)) < keep_prob))
    _, cache = dropout_forward(X, parameters, masks, keep_prob)
    return Call("backward_propagation_with_dropout", (X, Y, cache, keep_prob), seed=PRE_SEED)


def _fresh_dropout_cache(rng):
    """X, Y, a cache with random masks (not the course's seeded draws) and keep_prob, clear of relu kinks."""
    def draw(rng):
        n_x, n_1, n_2, m = fresh_sizes(rng)
        n_1, n_2 = n_1 + 2, n_2 + 2  # room for kept and dropped units
        X, Y, parameters = network_inputs(rng, n_x, n_1, n_2, m, scale=0.7)
        keep_prob = float(rng.uniform(0.5, 0.9))
        masks = (rng.uniform(size=(n_1, m)) < keep_prob, rng.uniform(size=(n_2, m)) < keep_prob)
        _, cache = dropout_forward(X, parameters, masks, keep_prob)
        return (X, Y, cache, keep_prob), (cache[0], cache[5])

    return _clear_of_kinks(rng, draw)


def fresh_dropout_backward_calls(rng):
    """Two calls on fresh caches with random masks."""
    return samples(2, lambda: Call("backward_propagation_with_dropout", _fresh_dropout_cache(rng), seed=call_seed(rng)))


def dropout_gradients_match_finite_differences():
    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            if outcome.error:
                continue
            X, Y, cache, keep_prob = call.args
            named = dict(zip(DROPOUT_CACHE_NAMES, cache))
            parameters = {name: named[name] for name in PARAMETER_NAMES}
            masks = (named["D1"], named["D2"])
            numerical = numerical_gradients(
                lambda p: cross_entropy_from_logits(dropout_forward(X, p, masks, keep_prob)[1][10], Y), parameters)

            def reading(key, received):
                if np.allclose(received, keep_prob * numerical[key], rtol=1e-4, atol=1e-7):
                    return ": it is keep_prob times the right value, a dA is not divided by keep_prob"
                return ""

            problems += _gradient_problems(outcome.value, numerical, reading)
        return problems

    return Check("dW and db agree with centred finite differences of the cost, the cache's masks fixed",
                 fresh_dropout_backward_calls, judge)


def masks_of_the_cache(gradients_check):
    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            if outcome.error or not isinstance(outcome.value, dict):
                continue
            named = dict(zip(DROPOUT_CACHE_NAMES, call.args[2]))
            for l in (1, 2):
                dA, D = outcome.value.get(f"dA{l}"), named[f"D{l}"]
                if type(dA) is not np.ndarray or dA.shape != D.shape:
                    problems.append(f"dA{l}: expected an array of shape {D.shape}, received {describe(dA)}")
                elif np.any(dA[~D] != 0):
                    problems.append(f"dA{l} is not zero where the cache's D{l} dropped a unit: multiply by the mask "
                                    f"D{l} stored in the cache, do not draw a new one")
        return problems

    return Check.on_the_calls_of(gradients_check, "uses the masks of the cache: dA1 and dA2 are zero wherever a "
                                 "unit was dropped", judge)


DROPOUT_GRADIENTS = dropout_gradients_match_finite_differences()  # its calls are judged by masks_of_the_cache too

DROPOUT_BACKWARD = GradedFunction(
    "backward_propagation_with_dropout", 10,
    hidden_cases=[_dropout_backward_case(41, 3, 4, 3, 6, 0.8), _dropout_backward_case(42, 2, 20, 3, 8, 0.5),
                  _dropout_backward_case(43, 4, 5, 4, 5, 0.7, course=False)],
    properties=[DROPOUT_GRADIENTS, masks_of_the_cache(DROPOUT_GRADIENTS)],
    mistakes=[
        Mistake("dropout backward: masks re-drawn",
                "Backward propagation must shut down the units that forward propagation dropped: use the masks "
                "D1 and D2 of the cache, do not draw new ones.",
                "dA2 = dA2 * D2", "dA2 = dA2 * (np.random.rand(*dA2.shape) < keep_prob)",
                also=(("dA1 = dA1 * D1", "dA1 = dA1 * (np.random.rand(*dA1.shape) < keep_prob)"),)),
        Mistake("dropout backward: dA not divided by keep_prob",
                "Forward propagation divided the kept activations by keep_prob, so backward propagation must "
                "divide dA1 and dA2 by keep_prob too.",
                "dA1 = dA1 * D1\n    dA1 = dA1 / keep_prob", "dA1 = dA1 * D1",
                also=(("dA2 = dA2 * D2\n    dA2 = dA2 / keep_prob", "dA2 = dA2 * D2"),)),
    ],
)

ASSIGNMENT = Assignment("regularization", [COST, L2_BACKWARD, DROPOUT_FORWARD, DROPOUT_BACKWARD],
                        datasets=("football",))
