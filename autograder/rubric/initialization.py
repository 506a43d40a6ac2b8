"""Rubric of the initialization assignment: zeros, large random and He initialization."""
import numpy as np

from ..calls import Call
from ..conventions import INITIALIZATION_SEED, PRE_SEED, call_seed
from ..i18n import _
from ..kit.compare import differences
from . import Assignment, Check, GradedFunction, Mistake, every_call


def _fixed(function, *layer_sizes):
    return [Call(function, (list(dims),), seed=PRE_SEED) for dims in layer_sizes]


def convention(layers_dims, scale):
    """The course's parameters for ``layers_dims``: its seed, then W_l = randn(n_l, n_{l-1}) * scale(n_{l-1})."""
    draws = np.random.RandomState(INITIALIZATION_SEED)
    parameters = {}
    for l in range(1, len(layers_dims)):
        n, n_prev = layers_dims[l], layers_dims[l - 1]
        parameters[f"W{l}"] = draws.randn(n, n_prev) * scale(n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def rng_after_weights(layers_dims):
    """The RNG's next uniform draw once the course's seed and exactly the weights' normal draws are done."""
    draws = np.random.RandomState(INITIALIZATION_SEED)
    draws.randn(sum(n * n_prev for n, n_prev in zip(layers_dims[1:], layers_dims[:-1])))
    return draws.random_sample()


def _fresh_layers(rng, smallest=1, largest=9):
    depth = int(rng.integers(2, 6))
    return [int(n) for n in rng.integers(smallest, largest + 1, size=depth + 1)]


def fresh_call(function_name):
    """make_calls of one call at a fresh depth and fresh layer sizes."""
    return lambda rng: {"fresh layers": Call(function_name, (_fresh_layers(rng),), seed=call_seed(rng))}


def exact_values(make_calls, scale):
    def judge(call, outcome):
        layers = call.args[0]
        return differences(convention(layers, scale), outcome.value, _("layers {layers}", layers=layers), reveal=False)

    return Check("values follow the course's convention at a fresh depth and fresh layer sizes",
                 make_calls, every_call(judge))


def draws_only_weights(values_check):
    def judge(call, outcome):
        if outcome.rng_next == rng_after_weights(call.args[0]):
            return []
        return [_("layers {layers}: the random draws are not seed {seed} followed by the weights alone; seed once "
                  "with np.random.seed({seed}) and draw nothing for the biases", layers=call.args[0],
                  seed=INITIALIZATION_SEED)]

    return Check.on_the_calls_of(values_check, f"seeds with {INITIALIZATION_SEED} and draws nothing but the weights",
                                 every_call(judge))


def zero_biases(values_check):
    def judge(call, outcome):
        if not isinstance(outcome.value, dict):
            return []
        biases = {l: outcome.value.get(f"b{l}") for l in range(1, len(call.args[0]))}
        return [_("b{layer} is not all zeros: biases start at zero, only weights are random", layer=l)
                for l, b in biases.items() if type(b) is np.ndarray and b.size and np.any(b != 0)]

    return Check.on_the_calls_of(values_check, "biases are zeros", every_call(judge))


def seeded_draw_checks(function_name, scale):
    """Exact values, the RNG's state after the call and zero biases, all judged on one fresh call (made
    once): each reads a different part of the same answer."""
    values = exact_values(fresh_call(function_name), scale)
    return [values, draws_only_weights(values), zero_biases(values)]


def missing_seed(label):
    """The provided seed call removed: the same slip in either seeded initializer."""
    return Mistake(f"{label}: missing seed",
                   f"Call np.random.seed({INITIALIZATION_SEED}) once at the start, as the provided code does: without "
                   "it the weights depend on whatever ran before.",
                   f"np.random.seed({INITIALIZATION_SEED})  # keep this seed",
                   f"# np.random.seed({INITIALIZATION_SEED}) removed")


SEED_HINT = ("The shapes are right but the values are not the course's draws: call "
             f"np.random.seed({INITIALIZATION_SEED}) once, "
             "before the loop, and draw only the weights, layer by layer, with np.random.randn(n_l, n_prev).")

ZEROS = GradedFunction(
    "initialize_parameters_zeros", 10,
    hidden_cases=_fixed("initialize_parameters_zeros", [4, 3, 2, 1], [1, 6, 1], [5, 2]),
    properties=[exact_values(fresh_call("initialize_parameters_zeros"), lambda n_prev: 0.0)],
    mistakes=[
        Mistake("zeros: transposed weights",
                "W_l must have shape (layers_dims[l], layers_dims[l - 1]): one row per unit of the layer.",
                "np.zeros((layers_dims[l], layers_dims[l - 1]))", "np.zeros((layers_dims[l - 1], layers_dims[l]))"),
        Mistake("zeros: bias as a row",
                "b_l must be a column of shape (layers_dims[l], 1), not a row.",
                'np.zeros((layers_dims[l], 1))', 'np.zeros((1, layers_dims[l]))'),
    ],
)

RANDOM = GradedFunction(
    "initialize_parameters_random", 10,
    hidden_cases=_fixed("initialize_parameters_random", [2, 3, 4, 1], [6, 2], [1, 5, 5, 1]),
    properties=seeded_draw_checks("initialize_parameters_random", lambda n_prev: 10.0),
    mistakes=[
        Mistake("random: missing factor 10",
                "The weights here are large on purpose: multiply the standard normal draws by 10.",
                "np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
                "np.random.randn(layers_dims[l], layers_dims[l - 1])"),
        Mistake("random: uniform draws",
                "np.random.rand draws uniformly from [0, 1); the weights come from np.random.randn, "
                "the standard normal distribution.",
                "np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
                "np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10"),
        missing_seed("random"),
        Mistake("random: seeded in every layer",
                f"Call np.random.seed({INITIALIZATION_SEED}) once, before the loop: seeding again in every layer "
                "makes each layer's weights start from the same draws.",
                'parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10',
                f'np.random.seed({INITIALIZATION_SEED})\n        '
                'parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10'),
    ],
    fallback_hint=SEED_HINT,
)

HE = GradedFunction(
    "initialize_parameters_he", 10,
    hidden_cases=_fixed("initialize_parameters_he", [4, 6, 3, 1], [10, 7, 1], [2, 1, 3, 2, 1]),
    properties=seeded_draw_checks("initialize_parameters_he", lambda n_prev: np.sqrt(2 / n_prev)),  # and the
    # public property of its spread (kit.cases.initialization)
    mistakes=[
        Mistake("he: Xavier scaling",
                "You scaled by sqrt(1 / n_prev), Xavier's factor; He initialization uses sqrt(2 / n_prev).",
                "np.sqrt(2 / layers_dims[l - 1])", "np.sqrt(1 / layers_dims[l - 1])"),
        Mistake("he: scaled by n instead of n_prev",
                "You scaled by the layer's own size n_l; He scales by the size of the previous layer: "
                "sqrt(2 / layers_dims[l - 1]).",
                "np.sqrt(2 / layers_dims[l - 1])", "np.sqrt(2 / layers_dims[l])"),
        Mistake("he: no square root",
                "You scaled by 2 / n_prev; He uses its square root, np.sqrt(2 / layers_dims[l - 1]).",
                "np.sqrt(2 / layers_dims[l - 1])", "(2 / layers_dims[l - 1])"),
        missing_seed("he"),
        Mistake("he: wrong seed",
                f"The seed must be {INITIALIZATION_SEED} (np.random.seed({INITIALIZATION_SEED})): the tests and the "
                "course's numbers rely on it.",
                f"np.random.seed({INITIALIZATION_SEED})", "np.random.seed(1)"),  # the seed learners type most
        Mistake("he: biases drawn from the RNG",
                "Biases start at zero (np.zeros((layers_dims[l], 1))); drawing them at random also shifts "
                "every later weight's draw.",
                "np.zeros((layers_dims[l], 1))",
                "np.random.randn(layers_dims[l], 1) * np.sqrt(2 / layers_dims[l - 1])"),
        Mistake("he: missing last layer",
                "The loop stops one layer early: with L = len(layers_dims) - 1 layers, loop over "
                "range(1, L + 1) so the output layer gets its parameters.",
                "range(1, L + 1)", "range(1, L)"),
    ],
    fallback_hint=SEED_HINT,
)

ASSIGNMENT = Assignment("initialization", [ZEROS, RANDOM, HE], datasets=("circles",))
