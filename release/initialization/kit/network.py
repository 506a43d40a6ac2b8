"""Three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.

Shared by the initialization and regularization assignments. Shapes use
n_x input features, n_1 and n_2 hidden units, and m examples (one per column).
"""
import numpy as np

from .conventions import INITIALIZATION_SEED


def sigmoid(x):
    """Logistic function, element-wise.

    Arguments:
    x -- scalar or numpy array of any shape

    Returns:
    s -- 1 / (1 + exp(-x)), same shape as x
    """
    # For very negative x, exp(-x) overflows to inf and s is exactly 0, the right limit;
    # huge initial weights do this on purpose, so it must not warn.
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def relu(x):
    """Rectified linear unit, element-wise.

    Arguments:
    x -- scalar or numpy array of any shape

    Returns:
    s -- max(0, x), same shape as x
    """
    return np.maximum(0, x)


def initialize_parameters(layers_dims):
    """The regularization model's starting parameters, for a network of any depth.

    Arguments:
    layers_dims -- list of layer sizes, input layer first, e.g. [2, 20, 3, 1]

    Returns:
    parameters -- dict with W1, b1, ..., WL, bL:
                  Wl -- standard normal draws divided by sqrt(layers_dims[l - 1]),
                        shape (layers_dims[l], layers_dims[l - 1])
                  bl -- zeros of shape (layers_dims[l], 1)
    """
    # The course's seed, then only the weights draw, layer by layer: its numbers rely on this order.
    np.random.seed(INITIALIZATION_SEED)
    parameters = {}
    for l, (n, n_prev) in enumerate(zip(layers_dims[1:], layers_dims[:-1]), start=1):
        parameters[f"W{l}"] = np.random.randn(n, n_prev) / np.sqrt(n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.

    Arguments:
    X -- input data, shape (n_x, m)
    parameters -- dict with
        W1 (n_1, n_x), b1 (n_1, 1),
        W2 (n_2, n_1), b2 (n_2, 1),
        W3 (1, n_2),   b3 (1, 1)

    Returns:
    A3 -- sigmoid output, shape (1, m)
    cache -- tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) for the backward pass;
             Z1/A1 (n_1, m), Z2/A2 (n_2, m), Z3/A3 (1, m)
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation(X, Y, cache):
    """Gradients of the cross-entropy cost for the three-layer network.

    Arguments:
    X -- input data, shape (n_x, m)
    Y -- true labels (0/1), shape (1, m)
    cache -- tuple returned by forward_propagation

    Returns:
    gradients -- dict with dZ3 (1, m), dW3 (1, n_2), db3 (1, 1),
                 dA2 (n_2, m), dZ2 (n_2, m), dW2 (n_2, n_1), db2 (n_2, 1),
                 dA1 (n_1, m), dZ1 (n_1, m), dW1 (n_1, n_x), db1 (n_1, 1)
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    # Sigmoid and cross-entropy combine into this simple output error.
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    # ReLU passes the gradient only where the unit was active.
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent, for a network of any depth.

    Arguments:
    parameters -- dict with W1, b1, ..., WL, bL; Wl (n_l, n_{l-1}), bl (n_l, 1)
    grads -- dict with dW1, db1, ..., dWL, dbL of the same shapes
    learning_rate -- step size, float

    Returns:
    parameters -- the same dict, updated in place: Wl -= learning_rate * dWl, bl likewise
    """
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def compute_cost(A3, Y):
    """Cross-entropy cost.

    Arguments:
    A3 -- sigmoid output of forward_propagation, shape (1, m)
    Y -- true labels (0/1), shape (1, m)

    Returns:
    cost -- numpy float64 scalar; inf when an output saturates at the wrong label
    """
    m = Y.shape[1]
    # Saturated outputs give log(0) and inf * 0: the first is the honest answer (inf),
    # the second is a term that does not count (nansum drops it). Neither should warn.
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -np.log(A3) * Y - np.log(1 - A3) * (1 - Y)
        return 1.0 / m * np.nansum(logprobs)


def predict(X, y, parameters):
    """Predict labels with the three-layer network and print the accuracy.

    Arguments:
    X -- input data, shape (n_x, m)
    y -- true labels (0/1), shape (1, m)
    parameters -- dict of a trained model (see forward_propagation)

    Returns:
    p -- predictions, int64 array of 0/1, shape (1, m)
    """
    A3, _ = forward_propagation(X, parameters)
    p = (A3 > 0.5).astype(np.int64)
    print("Accuracy: " + str(np.mean(p[0, :] == y[0, :])))
    return p


def predict_dec(parameters, X):
    """Predictions for plotting a decision boundary.

    Arguments:
    parameters -- dict of a trained model (see forward_propagation)
    X -- input data, shape (n_x, m)

    Returns:
    predictions -- boolean array A3 > 0.5, shape (1, m)
    """
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5
