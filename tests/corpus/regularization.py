"""Regularization: the L2 cost and gradients, dropout forward and backward, as learners write them."""
import re

from . import Caught, Kind, Wrong

# The cells' provided lines, shared by every variant below: unpacking and the unregularized parts.
COST_HEAD = '''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y)
'''
L2_BACKWARD_HEAD = '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
'''
GRADIENTS = '''
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
'''


def l2_backward(dW3, dW2, dW1, relu_mask="np.int64(A2 > 0)"):
    """The backward pass with the given lines for dW3, dW2 and dW1."""
    return L2_BACKWARD_HEAD + f'''
    {dW3}
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, {relu_mask})
    {dW2}
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, {relu_mask.replace("A2", "A1")})
    {dW1}
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
''' + GRADIENTS


def dropout_forward(layer_1, layer_2, seed="np.random.seed(1)"):
    """The dropout forward pass with the given steps on A1 and on A2."""
    return f'''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    {seed}
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
{layer_1}
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
{layer_2}
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
'''


def both_layers(steps):
    """The same steps, written for layer 1, on layer 1 and on layer 2."""
    return steps, re.sub(r"\b([DA])1\b", r"\g<1>2", steps)


def dropout_backward(layer_2, layer_1):
    return f'''
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
{layer_2}
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
{layer_1}
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
''' + GRADIENTS


def backward_steps(steps):
    """The same steps, written for layer 2, on layer 2 and on layer 1."""
    return steps, re.sub(r"\b(dA|D|mask)2\b", r"\g<1>1", steps)


CORRECT = [
    # --- compute_cost_with_regularization ---
    COST_HEAD + '''
    L2_regularization_cost = (1/m)*(lambd/2)*(np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    cost = cross_entropy_cost + L2_regularization_cost
    return cost
''',
    COST_HEAD + '''
    L2 = lambd / (2 * m) * (np.sum(W1 ** 2) + np.sum(W2 ** 2) + np.sum(W3 ** 2))
    return cross_entropy_cost + L2
''',
    COST_HEAD + '''
    squares = 0
    for l in range(1, 4):
        squares += np.sum(np.square(parameters["W" + str(l)]))
    return cross_entropy_cost + lambd * squares / (2 * m)
''',
    COST_HEAD + '''
    frobenius = np.linalg.norm(W1) ** 2 + np.linalg.norm(W2) ** 2 + np.linalg.norm(W3) ** 2
    return cross_entropy_cost + (lambd / (2 * m)) * frobenius
''',
    COST_HEAD + '''
    L2_regularization_cost = np.divide(lambd, 2 * m) * sum(np.sum(np.multiply(W, W)) for W in (W1, W2, W3))
    return cross_entropy_cost + L2_regularization_cost
''',
    COST_HEAD + '''
    total = sum(np.dot(W.ravel(), W.ravel()) for W in [W1, W2, W3])
    cost = cross_entropy_cost + lambd / 2 / m * total
    return cost
''',
    COST_HEAD + '''
    L2_regularization_cost = lambd * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(W3 * W3)) / (2 * m)
    return cross_entropy_cost + L2_regularization_cost
''',
    COST_HEAD + '''
    L2_regularization_cost = 0.5 * lambd / m * np.sum([np.sum(np.square(parameters[f"W{l}"])) for l in (1, 2, 3)])
    return cross_entropy_cost + L2_regularization_cost
''',
    # a helper bound at the top of the cell, the way learners write one-liners
    "\nsquared_norm = lambda W: np.sum(np.square(W))\n" + COST_HEAD + '''
    return cross_entropy_cost + lambd / (2 * m) * (squared_norm(W1) + squared_norm(W2) + squared_norm(W3))
''',
    # --- backward_propagation_with_regularization ---
    l2_backward("dW3 = 1./m * np.dot(dZ3, A2.T) + (lambd/m)*W3", "dW2 = 1./m * np.dot(dZ2, A1.T) + (lambd/m)*W2",
                "dW1 = 1./m * np.dot(dZ1, X.T) + (lambd/m)*W1"),
    l2_backward("dW3 = np.dot(dZ3, A2.T) / m + lambd * W3 / m", "dW2 = np.dot(dZ2, A1.T) / m + lambd * W2 / m",
                "dW1 = np.dot(dZ1, X.T) / m + lambd * W1 / m"),
    l2_backward("dW3 = (np.dot(dZ3, A2.T) + lambd * W3) / m", "dW2 = (np.dot(dZ2, A1.T) + lambd * W2) / m",
                "dW1 = (np.dot(dZ1, X.T) + lambd * W1) / m"),
    l2_backward("dW3 = dZ3 @ A2.T / m + lambd / m * W3", "dW2 = dZ2 @ A1.T / m + lambd / m * W2",
                "dW1 = dZ1 @ X.T / m + lambd / m * W1", relu_mask="(A2 > 0)"),
    l2_backward("dW3 = np.add(np.dot(dZ3, A2.T) / m, np.multiply(lambd / m, W3))",
                "dW2 = np.add(np.dot(dZ2, A1.T) / m, np.multiply(lambd / m, W2))",
                "dW1 = np.add(np.dot(dZ1, X.T) / m, np.multiply(lambd / m, W1))"),
    l2_backward("dW3 = 1. / m * (np.dot(dZ3, A2.T) + lambd * W3)", "dW2 = 1. / m * (np.dot(dZ2, A1.T) + lambd * W2)",
                "dW1 = 1. / m * (np.dot(dZ1, X.T) + lambd * W1)", relu_mask="np.where(A2 > 0, 1, 0)"),
    '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    W1, W2, W3 = cache[2], cache[6], cache[10]
    gradients = backward_propagation(X, Y, cache)
    for name, W in (("dW1", W1), ("dW2", W2), ("dW3", W3)):
        gradients[name] = gradients[name] + lambd / m * W
    return gradients
''',
    l2_backward("dW3 = np.dot(dZ3, A2.T) / m; dW3 += lambd / m * W3", "dW2 = np.dot(dZ2, A1.T) / m; dW2 += lambd / m * W2",
                "dW1 = np.dot(dZ1, X.T) / m; dW1 += lambd / m * W1", relu_mask="(A2 > 0).astype(int)"),
    # --- forward_propagation_with_dropout ---
    dropout_forward(*both_layers('''
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = (D1 < keep_prob).astype(int)
    A1 = A1 * D1
    A1 = A1 / keep_prob''')),
    dropout_forward(*both_layers('''
    D1 = np.random.rand(*A1.shape)
    D1 = D1 < keep_prob
    A1 = np.multiply(A1, D1)
    A1 = np.divide(A1, keep_prob)''')),
    dropout_forward(*both_layers('''
    D1 = np.where(np.random.rand(*A1.shape) < keep_prob, 1, 0)
    A1 = A1 * D1 / keep_prob''')),
    dropout_forward(*both_layers('''
    D1 = (np.random.rand(*A1.shape) < keep_prob) * 1
    A1 *= D1
    A1 /= keep_prob''')),
    dropout_forward(*both_layers('''
    D1 = np.random.uniform(0, 1, A1.shape) < keep_prob
    A1 = (A1 * D1) / keep_prob''')),
    dropout_forward(*both_layers('''
    D1 = (np.random.rand(*A1.shape) < keep_prob).astype(float)
    A1 = A1 * (D1 / keep_prob)''')),
    dropout_forward(*both_layers('''
    D1 = np.random.random_sample(A1.shape)
    D1 = np.array(D1 < keep_prob, dtype=np.int64)
    A1 = np.multiply(A1, D1) / keep_prob''')),
    dropout_forward(*both_layers('''
    rows, columns = A1.shape
    D1 = np.random.rand(rows, columns) < keep_prob
    A1 = np.where(D1, A1 / keep_prob, 0)''')),
    # --- backward_propagation_with_dropout ---
    dropout_backward(*backward_steps('''
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob''')),
    dropout_backward(*backward_steps('''
    dA2 = np.multiply(dA2, D2) / keep_prob''')),
    dropout_backward(*backward_steps('''
    dA2 *= D2
    dA2 /= keep_prob''')),
    dropout_backward(*backward_steps('''
    dA2 = np.divide(dA2 * D2, keep_prob)''')),
    dropout_backward(*backward_steps('''
    dA2 = (D2 * dA2) / keep_prob''')),
    dropout_backward(*backward_steps('''
    dA2 = np.where(D2, dA2 / keep_prob, 0)''')),
    dropout_backward(*backward_steps('''
    dA2 = dA2 * (D2 / keep_prob)''')),
    dropout_backward(*backward_steps('''
    mask2 = D2.astype(float)
    dA2 = dA2 * mask2 / keep_prob''')),
]

WRONG = [
    Wrong(COST_HEAD + '''
    L2_regularization_cost = lambd / m * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    return cross_entropy_cost + L2_regularization_cost
''', "you used lambd / m"),
    Wrong(COST_HEAD + '''
    L2_regularization_cost = lambd / (2 * m) * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    return cross_entropy_cost + L2_regularization_cost
''', "one of them is missing"),
    Wrong(l2_backward("dW3 = 1./m * np.dot(dZ3, A2.T) + (lambd/m)*W3", "dW2 = 1./m * np.dot(dZ2, A1.T)",
                      "dW1 = 1./m * np.dot(dZ1, X.T) + (lambd/m)*W1"), "one of them lacks it"),
    Wrong(l2_backward("dW3 = 1./m * np.dot(dZ3, A2.T) + lambd/(2*m)*W3", "dW2 = 1./m * np.dot(dZ2, A1.T) + lambd/(2*m)*W2",
                      "dW1 = 1./m * np.dot(dZ1, X.T) + lambd/(2*m)*W1"), "you added lambd / (2m) * W"),
    Wrong(dropout_forward(*both_layers('''
    D1 = np.random.rand(*A1.shape) < keep_prob
    A1 = A1 * D1''')), "Divide the kept activations by keep_prob"),
    Wrong(dropout_forward(*both_layers('''
    D1 = (np.random.rand(*A1.shape) > keep_prob).astype(int)
    A1 = A1 * D1 / keep_prob''')), "With > you keep it with probability 1 - keep_prob"),
    Wrong(dropout_forward(*both_layers('''
    D1 = np.random.rand(*A1.shape) < keep_prob
    A1 = A1 * D1 / keep_prob'''), seed="pass"), "Keep the np.random.seed(1)"),
    Wrong(dropout_backward(*backward_steps('''
    dA2 = dA2 * (np.random.rand(*dA2.shape) < keep_prob)
    dA2 = dA2 / keep_prob''')), "use the masks D1 and D2 of the cache"),
    Wrong(dropout_backward(*backward_steps('''
    dA2 = dA2 * D2''')), "divide dA1 and dA2 by keep_prob too"),
]


CAUGHT = [
    Caught('''
layers = (1, 2, 3)
for l in layers:
    last = l
weight_keys = ["W%d" % l for l in layers[:last]]


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    cross_entropy_cost = compute_cost(A3, Y)
    L2_regularization_cost = lambd / (2 * m) * sum(np.sum(np.square(parameters[key])) for key in weight_keys)
    return cross_entropy_cost + L2_regularization_cost
''', Kind.UNSEEN_NAME),
]
