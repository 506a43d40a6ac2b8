"""Rubric of the regularization assignment: the L2-regularized cost and gradients, and dropout.

Expected values come from the trusted network (``trusted_network``); the machinery the checks
share (fresh networks, gradients against finite differences) is in ``network_checks``.
"""
import numpy as np

from ..calls import Call
from ..conventions import DROPOUT_SEED, PRE_SEED, call_seed
from ..i18n import _
from ..kit.compare import describe, differences
from ..kit.network import relu, sigmoid
from ..network_checks import (drawn_clear_of_kinks, every_dropout_output, fresh_sizes, gradient_problems,
                              network_inputs, numerical_gradients)
from ..trusted_network import (cache_items, cached_parameters, course_masks, cross_entropy, forward,
                               hidden_pre_activations, named, regularized_cost, squared_weights)
from . import Assignment, Check, GradedFunction, Mistake, every_call, samples


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

    def judge(call, outcome):
        A3, Y, parameters, lambd = call.args
        shapes = ", ".join(f"W{l} {parameters[f'W{l}'].shape}" for l in (1, 2, 3))
        found = differences(regularized_cost(*call.args), outcome.value, _("cost for {shapes}", shapes=shapes),
                            reveal=False)
        if found and isinstance(outcome.value, (float, np.floating)):
            return [_l2_reading(found[0], float(outcome.value) - cross_entropy(A3, Y), parameters, lambd, Y.shape[1])]
        return found

    return Check("equals the cross-entropy plus lambd/(2m) times the sum of squared weights, for random "
                 "parameters of random sizes", make_calls, every_call(judge))


def _l2_reading(problem, term, parameters, lambd, m):
    """``problem`` (the cost differs), with what the student's L2 term matches when it is a known slip, not
    lambd/(2m) * sum of squared weights."""
    def matches(value):
        return np.isclose(term, value, rtol=1e-6, atol=1e-12)

    squares = squared_weights(parameters)
    total = sum(squares.values())
    if matches(lambd / m * total):
        return _("{problem}: the L2 term matches lambd/m instead of lambd/(2m)", problem=problem)
    if matches(0.0):
        return _("{problem}: the L2 term matches no L2 term at all", problem=problem)
    for name, square in squares.items():
        if matches(lambd / (2 * m) * (total - square)):
            return _("{problem}: the L2 term matches a sum that leaves {weight} out", problem=problem, weight=name)
    return problem


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
    _, cache = forward(X, parameters)
    return Call("backward_propagation_with_regularization", (X, Y, cache, lambd), seed=PRE_SEED)


def l2_gradients_match_finite_differences():
    def draw(rng):
        X, Y, parameters = network_inputs(rng, *fresh_sizes(rng), scale=0.7)
        cache = forward(X, parameters)[1]
        return (X, Y, cache, float(rng.uniform(0.1, 2))), hidden_pre_activations(cache)

    def make_calls(rng):
        return samples(2, lambda: Call("backward_propagation_with_regularization", drawn_clear_of_kinks(rng, draw),
                                       seed=call_seed(rng)))

    def judge(call, outcome):
        X, Y, cache, lambd = call.args
        numerical = numerical_gradients(X, Y, cache, lambd=lambd)

        def reading(key, received):
            if not key.startswith("dW"):
                return ""
            decay = lambd / X.shape[1] * cached_parameters(cache)[key[1:]]
            if np.allclose(received, numerical[key] - decay, rtol=1e-4, atol=1e-7):
                return _("it lacks the L2 term lambd/m * {weight}", weight=key[1:])
            if np.allclose(received, numerical[key] - decay / 2, rtol=1e-4, atol=1e-7):
                return _("its L2 term is lambd/(2m) * {weight}; the derivative of lambd/(2m) * ||{weight}||^2 is "
                         "lambd/m * {weight}", weight=key[1:])
            return ""

        return gradient_problems(outcome.value, numerical, reading)

    return Check("dW and db agree with centred finite differences of the regularized cost",
                 make_calls, every_call(judge))


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


def fresh_dropout_calls(rng):
    """Two calls at fresh sizes and keep_prob."""
    def make_call():
        X, _, parameters = network_inputs(rng, *fresh_sizes(rng))
        return Call("forward_propagation_with_dropout", (X, parameters),
                    {"keep_prob": float(rng.uniform(0.5, 0.95))}, seed=call_seed(rng))

    return samples(2, make_call)


def dropout_forward_values():
    def judge(call, received):
        X, parameters = call.args
        keep_prob = call.kwargs["keep_prob"]
        masks = course_masks(parameters["W1"].shape[0], parameters["W2"].shape[0], X.shape[1], keep_prob)
        expected = named(*forward(X, parameters, masks, keep_prob))
        return differences(expected, received, f"keep_prob={keep_prob:.3f}, X {X.shape}", reveal=False)

    return Check(f"values follow the course's convention (seed {DROPOUT_SEED}, then D1 and D2 = rand < keep_prob) "
                 "at fresh sizes", fresh_dropout_calls, every_dropout_output(judge))


def keep_prob_one_is_plain_forward():
    def make_calls(rng):
        X, _, parameters = network_inputs(rng, *fresh_sizes(rng))
        return {"keep_prob 1": Call("forward_propagation_with_dropout", (X, parameters), {"keep_prob": 1.0},
                                    seed=call_seed(rng))}

    def judge(call, received):
        X, parameters = call.args
        every_unit = tuple(np.ones((len(parameters[W]), X.shape[1]), bool) for W in ("W1", "W2"))
        return differences(named(*forward(X, parameters, every_unit)), received, "keep_prob=1", reveal=False)

    return Check("keep_prob=1 keeps every unit and reproduces the plain forward pass", make_calls,
                 every_dropout_output(judge))


def dropout_statistics():
    """On wide layers the masks and activations show what the code does, whatever the masks' values."""
    def make_calls(rng):
        n_1, n_2, m = (int(n) for n in rng.integers(100, 160, size=3))
        X, _, parameters = network_inputs(rng, 3, n_1, n_2, m, scale=0.3)
        return {"wide layers": Call("forward_propagation_with_dropout", (X, parameters),
                                    {"keep_prob": float(rng.uniform(0.6, 0.9))}, seed=call_seed(rng))}

    return Check("on wide layers about keep_prob of the hidden units are kept and the expected activation "
                 "is preserved", make_calls, every_dropout_output(_layer_statistics))


def _layer_statistics(call, received):
    keep_prob, problems = call.kwargs["keep_prob"], []
    for l in (1, 2):
        D, A, Z = (received[f"cache {name}{l}"] for name in "DAZ")
        if D.shape != A.shape or Z.shape != A.shape:
            problems.append(_("D{layer}, A{layer} and Z{layer} must have the same shape; received {d_shape}, "
                              "{a_shape}, {z_shape}", layer=l, d_shape=D.shape, a_shape=A.shape, z_shape=Z.shape))
            continue
        kept = float(np.mean(D != 0))
        if abs(kept - keep_prob) > 0.02:
            shares = dict(layer=l, kept=f"{kept:.1%}", keep_prob=f"{keep_prob:.1%}")
            problems.append(_("D{layer} keeps {kept} of the units, keep_prob is {keep_prob}: it keeps a unit with "
                              "probability 1 - keep_prob; keep it where rand < keep_prob", **shares)
                            if abs(kept - (1 - keep_prob)) < 0.02 else
                            _("D{layer} keeps {kept} of the units, keep_prob is {keep_prob}", **shares))
            continue
        if not relu(Z).any():
            continue  # no active unit to measure
        ratio = float(A.mean() / relu(Z).mean())
        if abs(ratio - 1) > 0.05:
            means = dict(layer=l, ratio=f"{ratio:.3f}")
            problems.append(_("the mean of A{layer} is {ratio} times the mean of relu(Z{layer}) instead of about 1: "
                              "A{layer} is not divided by keep_prob", **means) if abs(ratio - keep_prob) < 0.05 else
                            _("the mean of A{layer} is {ratio} times the mean of relu(Z{layer}) instead of about 1",
                              **means))
    return problems


def input_and_output_layers_intact(values_check):
    def judge(call, received):
        X, parameters = call.args
        problems = []
        if differences(np.dot(parameters["W1"], X) + parameters["b1"], received["cache Z1"]):
            problems.append(_("Z1 is not W1 X + b1: no dropout on the input layer, X is used as it is"))
        if differences(sigmoid(received["cache Z3"]), received["A3"]):
            problems.append(_("A3 is not sigmoid(Z3): no dropout on the output layer"))
        return problems

    return Check.on_the_calls_of(values_check, "the input and output layers are not dropped",
                                 every_dropout_output(judge))


FORWARD_VALUES = dropout_forward_values()  # its calls are judged by input_and_output_layers_intact too

# Said in the students' kit too (kit.mistakes), so it names the step without writing the solution's line.
SCALE_HINT = ("Divide the kept activations by keep_prob (A1 after its mask, and A2 likewise) so that their "
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
    _, cache = forward(X, parameters, masks, keep_prob)
    return Call("backward_propagation_with_dropout", (X, Y, cache, keep_prob), seed=PRE_SEED)


def _fresh_dropout_cache(rng):
    """X, Y, a cache with random masks (not the course's seeded draws) and keep_prob, clear of relu kinks."""
    def draw(rng):
        n_x, n_1, n_2, m = fresh_sizes(rng)
        n_1, n_2 = n_1 + 2, n_2 + 2  # room for kept and dropped units
        X, Y, parameters = network_inputs(rng, n_x, n_1, n_2, m, scale=0.7)
        keep_prob = float(rng.uniform(0.5, 0.9))
        masks = (rng.uniform(size=(n_1, m)) < keep_prob, rng.uniform(size=(n_2, m)) < keep_prob)
        _, cache = forward(X, parameters, masks, keep_prob)
        return (X, Y, cache, keep_prob), hidden_pre_activations(cache)

    return drawn_clear_of_kinks(rng, draw)


def fresh_dropout_backward_calls(rng):
    """Two calls on fresh caches with random masks."""
    return samples(2, lambda: Call("backward_propagation_with_dropout", _fresh_dropout_cache(rng), seed=call_seed(rng)))


def dropout_gradients_match_finite_differences():
    def judge(call, outcome):
        X, Y, cache, keep_prob = call.args
        numerical = numerical_gradients(X, Y, cache, keep_prob=keep_prob)

        def reading(key, received):
            if np.allclose(received, keep_prob * numerical[key], rtol=1e-4, atol=1e-7):
                return _("it is keep_prob times the right value, a dA is not divided by keep_prob")
            return ""

        return gradient_problems(outcome.value, numerical, reading)

    return Check("dW and db agree with centred finite differences of the cost, the cache's masks fixed",
                 fresh_dropout_backward_calls, every_call(judge))


def masks_of_the_cache(gradients_check):
    def judge(call, outcome):
        if not isinstance(outcome.value, dict):
            return []
        items, problems = cache_items(call.args[2]), []
        for l in (1, 2):
            key = f"dA{l}"
            dA, D = outcome.value.get(key), items[f"D{l}"]
            if type(dA) is not np.ndarray or dA.shape != D.shape:
                problems.append(_("{key}: expected an array of shape {shape}, received {received}", key=key,
                                  shape=D.shape, received=describe(dA)))
            elif np.any(dA[~D] != 0):
                problems.append(_("dA{layer} is not zero where the cache's D{layer} dropped a unit: multiply by the "
                                  "mask D{layer} stored in the cache, do not draw a new one", layer=l))
        return problems

    return Check.on_the_calls_of(gradients_check, "uses the masks of the cache: dA1 and dA2 are zero wherever a "
                                 "unit was dropped", every_call(judge))


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
