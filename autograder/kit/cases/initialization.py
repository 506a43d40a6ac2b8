"""Public cases of the initialization assignment: the course's examples and published outputs."""
import numpy as np

from . import Case

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
