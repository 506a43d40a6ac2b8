"""Public cases of the initialization assignment: the course's examples and published outputs."""
import numpy as np

from . import Case
from ..i18n import N_, _
from ..properties import Probe, Property, float_array

# The graded functions as the course defines them: the tests call them this way.
SIGNATURES = [
    "initialize_parameters_zeros(layers_dims)",
    "initialize_parameters_random(layers_dims)",
    "initialize_parameters_he(layers_dims)",
]

PUBLIC_CASES = {
    "initialize_parameters_zeros": [
        Case("layers [3, 2, 1]", lambda: ([3, 2, 1],), output_name="parameters", expected={
            "W1": np.zeros((2, 3)), "b1": np.zeros((2, 1)),
            "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1)),
        }),
    ],
    "initialize_parameters_random": [
        Case("layers [3, 2, 1]", lambda: ([3, 2, 1],), output_name="parameters", expected={
            "W1": np.array([[17.88628473, 4.36509851, 0.96497468],
                            [-18.63492703, -2.77388203, -3.54758979]]),
            "b1": np.zeros((2, 1)),
            "W2": np.array([[-0.82741481, -6.27000677]]),
            "b2": np.zeros((1, 1)),
        }),
    ],
    "initialize_parameters_he": [
        Case("layers [2, 4, 1]", lambda: ([2, 4, 1],), output_name="parameters", expected={
            "W1": np.array([[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                            [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),
            "b1": np.zeros((4, 1)),
            "W2": np.array([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),
            "b2": np.zeros((1, 1)),
        }),
        Case("layers [3, 1, 2]", lambda: ([3, 1, 2],), output_name="parameters", expected={
            "W1": np.array([[1.46040903, 0.3564088, 0.07878985]]),
            "b1": np.zeros((1, 1)),
            "W2": np.array([[-2.63537665], [-0.39228616]]),
            "b2": np.zeros((2, 1)),
        }),
    ],
}


# --- Public property: He's spread, on layers wide enough to measure it ---

def _wide_layers_draw(draws):
    """W1 and W2 hold at least 3,000 weights each: their standard deviation is then within 1.3% of the scale
    (1 sd), against a 10% tolerance; n and n_prev differ 8-fold or more, so sqrt(2 / n) is told from
    sqrt(2 / n_prev)."""
    return {"wide layers": Probe(([int(draws.integers(200, 300)), int(draws.integers(15, 25)),
                                   int(draws.integers(200, 300)), 1],))}


SPREAD_TOLERANCE = 0.1  # relative


def _he_spread_judge(answers):
    answer = answers["wide layers"]
    layers, parameters = answer.args[0], answer.value
    if not isinstance(parameters, dict):
        return [_("layers {layers}: expected the parameters as a dict, received {type}", layers=layers,
                  type=type(parameters).__name__)]
    problems = []
    for l in range(1, len(layers) - 1):  # the output layer has too few weights to measure
        W = float_array(parameters.get(f"W{l}"), (layers[l], layers[l - 1]))
        if W is None:
            problems.append(_("W{l} of layers {layers}: expected a float array of shape ({n}, {n_prev})", l=l,
                              layers=layers, n=layers[l], n_prev=layers[l - 1]))
        else:
            problems += _spread_problems(f"W{l}", float(W.std()), layers[l], layers[l - 1])
    return problems


def _spread_problems(name, spread, n, n_prev):
    def near(scale):
        return abs(spread / scale - 1) < SPREAD_TOLERANCE

    if near(np.sqrt(2 / n_prev)):
        return []
    likely = {
        N_("sqrt(1 / n_prev), Xavier's factor; He uses sqrt(2 / n_prev)"): np.sqrt(1 / n_prev),
        N_("sqrt(2 / n) with n the layer's own size; He divides by the previous layer's size"): np.sqrt(2 / n),
        N_("2 / n_prev without the square root"): 2 / n_prev,
        N_("1 (no scaling)"): 1.0,
    }
    for reading, scale in likely.items():
        if near(scale):
            return [_("{name}: the weights' spread matches scaling by {reading}", name=name, reading=_(reading))]
    return [_("{name}: the weights' spread is {spread:.3g}, not sqrt(2 / n_prev) = {he:.3g}", name=name, spread=spread,
              he=np.sqrt(2 / n_prev))]


PUBLIC_PROPERTIES = {
    "initialize_parameters_he": [
        Property("the weights' spread is sqrt(2 / n_prev) on wide layers", _wide_layers_draw, _he_spread_judge),
    ],
}
