"""Public cases of the regularization assignment: the course's example inputs and published outputs.

The inputs are the course's: seed 1, then X = randn(3, 5) (not drawn for the cost), then W1, b1, W2,
b2, W3, b3 in that order, all randn, and Y = [[1, 1, 0, 1, 0]]. Expected values are given to 12
significant digits: the course prints 8, and tests/test_regularization.py checks both against an
independent derivation. The ``*_test_case`` functions give the inputs, as the course's do.
"""
import numpy as np

from . import Case
from ..conventions import EXAMPLE_SEED
from ..i18n import _
from ..network import backward_propagation, forward_propagation, relu
from ..properties import Probe, Property, float_array, number

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

DEFAULT_KEEP_PROB = 0.5  # forward_propagation_with_dropout's, the course's

# The graded functions as the course defines them: the tests call them this way.
SIGNATURES = [
    "compute_cost_with_regularization(A3, Y, parameters, lambd)",
    "backward_propagation_with_regularization(X, Y, cache, lambd)",
    f"forward_propagation_with_dropout(X, parameters, keep_prob={DEFAULT_KEEP_PROB})",
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


# --- Public properties: relations any right answer keeps, on fresh inputs ---

def _fresh_network(draws, sizes):
    """Parameters of a network of ``sizes`` (n_x, n_1, ..., 1), all standard normal."""
    return {f"{kind}{l}": draws.standard_normal((sizes[l], sizes[l - 1] if kind == "W" else 1))
            for l in range(1, len(sizes)) for kind in "Wb"}


def _l2_draw(draws):
    m = int(draws.integers(3, 9))
    A3 = draws.uniform(0.05, 0.95, (1, m))
    Y = draws.integers(0, 2, (1, m))
    parameters = _fresh_network(draws, [int(n) for n in draws.integers(2, 6, size=3)] + [1])
    lambd = float(draws.uniform(0.05, 1))
    twice = np.tile(A3, 2), np.tile(Y, 2)
    return {"lambd": Probe((A3, Y, parameters, lambd)), "lambd = 0": Probe((A3, Y, parameters, 0.0)),
            "2 lambd": Probe((A3, Y, parameters, 2 * lambd)), "every example twice": Probe((*twice, parameters, lambd))}


def _l2_judge(answers):
    costs = {role: number(answer.value) for role, answer in answers.items()}
    if unusable := [role for role, cost in costs.items() if cost is None or not np.isfinite(cost)]:
        return [_("with {role}: expected the cost as a finite float, received {value!r}", role=_(role),
                  value=answers[role].value) for role in unusable]
    lambd = answers["lambd"].args[3]
    term = costs["lambd"] - costs["lambd = 0"]
    if term <= 0:
        return [_("the cost with lambd = {lambd:.3g} is not above the cost with lambd = 0: the L2 term adds "
                  "lambd / (2 m) times the sum of the squared weights", lambd=lambd)]
    problems = []
    if not np.isclose(costs["2 lambd"] - costs["lambd = 0"], 2 * term, rtol=1e-6):
        problems.append(_("doubling lambd multiplied the L2 term by {factor:.3g}, not by 2: the term is proportional "
                          "to lambd", factor=(costs["2 lambd"] - costs["lambd = 0"]) / term))
    if not np.isclose(costs["every example twice"] - costs["lambd = 0"], term / 2, rtol=1e-6):
        problems.append(_("with every example twice (m doubled) the L2 term was multiplied by {factor:.3g}, not by "
                          "1/2: it is divided by m, the number of examples",
                          factor=(costs["every example twice"] - costs["lambd = 0"]) / term))
    return problems


def _dropout_forward_draw(draws):
    """Inputs where every hidden unit is positive before dropout, so that the units dropped are the
    zeros: X >= 0, W1, W2 >= 0 and biases >= 0.5. Over 6,000 units a layer, the kept share is within
    0.05 of keep_prob (7 standard deviations) on every draw."""
    n_x, n_1, n_2, m = int(draws.integers(2, 5)), int(draws.integers(40, 61)), int(draws.integers(40, 61)), \
        int(draws.integers(150, 251))
    X = draws.uniform(0, 1, (n_x, m))
    parameters = {"W1": draws.uniform(0, 0.5, (n_1, n_x)), "b1": draws.uniform(0.5, 1.5, (n_1, 1)),
                  "W2": draws.uniform(0, 0.1, (n_2, n_1)), "b2": draws.uniform(0.5, 1.5, (n_2, 1)),
                  "W3": 0.1 * draws.standard_normal((1, n_2)), "b3": np.zeros((1, 1))}
    return {"keep_prob given": Probe((X, parameters), {"keep_prob": float(draws.uniform(0.6, 0.9))}),
            f"keep_prob not given (the course's default is {DEFAULT_KEEP_PROB})": Probe((X, parameters))}


KEPT_SHARE_TOLERANCE = 0.05


def _dropout_forward_judge(answers):
    problems = []
    for role, answer in answers.items():
        (X, parameters), keep_prob = answer.args, answer.kwargs.get("keep_prob", DEFAULT_KEEP_PROB)
        value = answer.value
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple) and len(value[1]) == 14):
            problems.append(_("{role}: expected (A3, cache), the cache the 14-tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, "
                              "W2, b2, Z3, A3, W3, b3)", role=_(role)))
            continue
        cache, A0 = value[1], X
        for layer, index in ((1, 2), (2, 7)):  # where A1 and A2 are in the cache
            before = relu(parameters[f"W{layer}"] @ A0 + parameters[f"b{layer}"])  # all positive, see the draw
            after = float_array(cache[index], before.shape)
            if after is None:
                problems.append(_("{role}: A{layer} in the cache is not a float array of shape {shape}", role=_(role),
                                  layer=layer, shape=before.shape))
                break
            problems += _dropout_layer_problems(_("{role}: A{layer}", role=_(role), layer=layer), before, after,
                                                keep_prob)
            A0 = after
    return problems


def _dropout_layer_problems(what, before, after, keep_prob):
    """Problems of a layer's units ``after`` dropout, all positive ``before`` it."""
    kept = after != 0
    if abs(kept.mean() - keep_prob) > KEPT_SHARE_TOLERANCE:
        return [_("{what} keeps {share:.1%} of its units, not a share keep_prob = {keep_prob:.3g}", what=what,
                  share=kept.mean(), keep_prob=keep_prob)]
    if not np.allclose(after[kept] * keep_prob, before[kept], rtol=1e-9, atol=0):
        ratio = float(np.median(after[kept] / before[kept]))
        return [_("{what}: the kept units are {ratio:.4g} times relu(Z), not 1 / keep_prob = {scale:.4g} times",
                  what=what, ratio=ratio, scale=1 / keep_prob)]
    return []


def _dropout_backward_draw(draws):
    """A cache as the dropout forward pass leaves it, its hidden units between 0 and 1 where kept."""
    n_x, n_1, n_2, m = (int(n) for n in draws.integers(3, 7, size=4))
    keep_prob = float(draws.uniform(0.5, 0.9))
    X, Y = draws.standard_normal((n_x, m)), draws.integers(0, 2, (1, m))
    parameters = _fresh_network(draws, [n_x, n_1, n_2, 1])
    layers = []
    for n in (n_1, n_2):
        D = (draws.uniform(size=(n, m)) < keep_prob).astype(int)
        D[0, 0] = 1  # a kept unit at least
        A = D * draws.uniform(0.05, 0.95, (n, m))
        layers.append((A * keep_prob - (1 - D), D, A))  # Z: the kept units' pre-activations, negative where dropped
    Z3 = draws.standard_normal((1, m))
    cache = (*layers[0], parameters["W1"], parameters["b1"], *layers[1], parameters["W2"], parameters["b2"],
             Z3, 1 / (1 + np.exp(-Z3)), parameters["W3"], parameters["b3"])
    return {"cache": Probe((X, Y, cache, keep_prob))}


def _dropout_backward_judge(answers):
    answer = answers["cache"]
    cache = answer.args[2]
    gradients = answer.value
    if not isinstance(gradients, dict):
        return [_("expected the gradients as a dict, received {type}", type=type(gradients).__name__)]
    problems = []
    for layer, (D, A) in ((2, cache[6:8]), (1, cache[1:3])):
        dA, dZ = (float_array(gradients.get(f"d{name}{layer}"), A.shape) for name in "AZ")
        if dA is None or dZ is None:
            problems.append(_("dA{layer} and dZ{layer} must be float arrays of shape {shape}", layer=layer,
                              shape=A.shape))
        elif np.any(dA[D == 0] != 0):
            problems.append(_("dA{layer} is not zero where D{layer} dropped the unit: a unit shut down in the forward "
                              "pass gets no gradient", layer=layer))
        elif not (np.allclose(dZ[A > 0], dA[A > 0], rtol=1e-12, atol=0) and np.all(dZ[A <= 0] == 0)):
            problems.append(_("dZ{layer} is not dA{layer} where A{layer} > 0 and 0 elsewhere (relu's derivative), with "
                              "units of A{layer} between 0 and 1", layer=layer))
    return problems


PUBLIC_PROPERTIES = {
    "compute_cost_with_regularization": [
        Property("the L2 term is proportional to lambd and divided by m", _l2_draw, _l2_judge),
    ],
    "forward_propagation_with_dropout": [
        Property("each hidden layer keeps a share keep_prob of its units and divides them by keep_prob",
                 _dropout_forward_draw, _dropout_forward_judge),
    ],
    "backward_propagation_with_dropout": [
        Property("dropped units get no gradient, and relu's derivative passes the rest where A > 0",
                 _dropout_backward_draw, _dropout_backward_judge),
    ],
}
