"""Conversions between parameter dicts and column vectors, for gradient checking.

They serve the N-D network of the gradient-checking assignment, whose parameters are
W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1): 47 numbers in all.
"""
import math

import numpy as np

# The N-D network of gradient checking (4-5-3-1): order and shapes of its parameters in theta; every
# offset is derived from this table.
GRADIENT_CHECKING_NETWORK_SHAPES = (
    ("W1", (5, 4)),
    ("b1", (5, 1)),
    ("W2", (3, 5)),
    ("b2", (3, 1)),
    ("W3", (1, 3)),
    ("b3", (1, 1)),
)


def _stack(arrays):
    """Flatten each array row-major into a column and stack the columns, in order."""
    return np.concatenate([np.reshape(a, (-1, 1)) for a in arrays], axis=0)


def dictionary_to_vector(parameters):
    """Roll the parameters into a single column vector.

    Arguments:
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)

    Returns:
    theta -- column vector of W1, b1, W2, b2, W3, b3 flattened row-major, shape (47, 1)
    keys -- list of 47 names, the parameter name of each entry of theta
    """
    names = [name for name, _ in GRADIENT_CHECKING_NETWORK_SHAPES]
    theta = _stack([parameters[name] for name in names])
    keys = [name for name in names for _ in range(np.size(parameters[name]))]
    return theta, keys


def vector_to_dictionary(theta):
    """Unroll a column vector into the parameter dict (inverse of dictionary_to_vector).

    Arguments:
    theta -- column vector, shape (47, 1)

    Returns:
    parameters -- dict with W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)
    """
    parameters = {}
    start = 0
    for name, shape in GRADIENT_CHECKING_NETWORK_SHAPES:
        stop = start + math.prod(shape)  # plain ints: gradient checking calls this 94 times a check
        parameters[name] = theta[start:stop].reshape(shape)
        start = stop
    return parameters


def gradients_to_vector(gradients):
    """Roll the gradients into a single column vector, in the order of dictionary_to_vector.

    Arguments:
    gradients -- dict with dW1 (5, 4), db1 (5, 1), dW2 (3, 5), db2 (3, 1), dW3 (1, 3), db3 (1, 1)
                 (other keys are ignored)

    Returns:
    theta -- column vector of dW1, db1, dW2, db2, dW3, db3 flattened row-major, shape (47, 1)
    """
    return _stack([gradients["d" + name] for name, _ in GRADIENT_CHECKING_NETWORK_SHAPES])
