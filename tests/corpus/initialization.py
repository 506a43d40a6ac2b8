"""Initialization: zeros, large random and He, as learners write them."""
from . import Caught, Kind, Wrong

CORRECT = [
    # --- initialize_parameters_zeros ---
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l-1]))
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros([layers_dims[l], layers_dims[l - 1]])
        parameters[f"b{l}"] = np.zeros([layers_dims[l], 1])
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W%d" % l] = np.zeros(shape=(layers_dims[l], layers_dims[l - 1]))
        parameters["b%d" % l] = np.zeros(shape=(layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l, (n, n_prev) in enumerate(zip(layers_dims[1:], layers_dims[:-1]), start=1):
        parameters["W" + str(l)] = np.zeros((n, n_prev))
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    L = len(layers_dims)
    weights = {"W{}".format(l): np.zeros((layers_dims[l], layers_dims[l - 1])) for l in range(1, L)}
    biases = {"b{}".format(l): np.zeros((layers_dims[l], 1)) for l in range(1, L)}
    parameters = {}
    for l in range(1, L):
        parameters["W{}".format(l)] = weights["W{}".format(l)]
        parameters["b{}".format(l)] = biases["b{}".format(l)]
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]), dtype=float)
        parameters['b' + str(l)] = np.zeros(layers_dims[l]).reshape(layers_dims[l], 1)
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters['W' + str(l)] = np.full((layers_dims[l], layers_dims[l - 1]), 0.0)
        parameters['b' + str(l)] = np.full((layers_dims[l], 1), 0.0)
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    l = 1
    while l < len(layers_dims):
        parameters.update({"W" + str(l): np.zeros((layers_dims[l], layers_dims[l - 1])),
                           "b" + str(l): np.zeros((layers_dims[l], 1))})
        l += 1
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        n_l, n_prev = layers_dims[l], layers_dims[l - 1]
        parameters[f'W{l}'] = 0 * np.ones((n_l, n_prev))
        parameters[f'b{l}'] = np.zeros((n_l, 1))
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = dict()
    for i in range(len(layers_dims) - 1):
        parameters["W" + str(i + 1)] = np.zeros((layers_dims[i + 1], layers_dims[i]))
        parameters["b" + str(i + 1)] = np.zeros((layers_dims[i + 1], 1))
    return parameters
''',
    '''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        shape = (layers_dims[l], layers_dims[l - 1])
        parameters["W" + str(l)] = np.zeros_like(np.empty(shape))
        parameters["b" + str(l)] = np.zeros((shape[0], 1))
    return parameters
''',
    # --- initialize_parameters_random ---
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l-1]) * 10
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = 10 * np.random.randn(layers_dims[l], layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros([layers_dims[l], 1])
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.standard_normal((layers_dims[l], layers_dims[l - 1])) * 10.0
        parameters["b" + str(l)] = np.zeros(shape=(layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.normal(0, 10, (layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        W = np.random.randn(layers_dims[l], layers_dims[l - 1])
        W *= 10
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n, n_prev) in enumerate(zip(layers_dims[1:], layers_dims[:-1]), 1):
        parameters["W" + str(l)] = np.multiply(np.random.randn(n, n_prev), 10)
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.normal(size=(layers_dims[l], layers_dims[l - 1])) * 10
    for l in range(1, L):
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        shape = (layers_dims[l], layers_dims[l - 1])
        parameters[f"W{l}"] = np.random.randn(*shape) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    scale = 10
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = scale * np.random.randn(layers_dims[l], layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=np.float64)
    return parameters
''',
    '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    l = 1
    while l <= L:
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
        l += 1
    return parameters
''',
    # --- initialize_parameters_he ---
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l-1]) * np.sqrt(2./layers_dims[l-1])
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * (2 / layers_dims[l - 1]) ** 0.5
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
import math


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * math.sqrt(2 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1] / 2)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        he = np.sqrt(2) / np.sqrt(layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * he
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n, n_prev) in enumerate(zip(layers_dims[1:], layers_dims[:-1]), start=1):
        parameters["W" + str(l)] = np.random.normal(0, np.sqrt(2 / n_prev), (n, n_prev))
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.divide(np.random.randn(layers_dims[l], layers_dims[l - 1]),
                                             np.sqrt(layers_dims[l - 1] / 2))
        parameters["b" + str(l)] = np.zeros(shape=(layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        W = np.random.randn(layers_dims[l], layers_dims[l - 1])
        W *= np.sqrt(2.0 / layers_dims[l - 1])
        parameters[f"W{l}"], parameters[f"b{l}"] = W, np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.multiply(np.random.randn(layers_dims[l], layers_dims[l - 1]),
                                               np.sqrt(np.divide(2, layers_dims[l - 1])))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        fan_in = layers_dims[l - 1]
        parameters["W{}".format(l)] = np.random.standard_normal((layers_dims[l], fan_in)) * np.sqrt(2 / fan_in)
        parameters["b{}".format(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for i in range(len(layers_dims) - 1):
        parameters["W" + str(i + 1)] = np.random.randn(layers_dims[i + 1], layers_dims[i]) * (2 / layers_dims[i]) ** .5
        parameters["b" + str(i + 1)] = np.zeros((layers_dims[i + 1], 1))
    return parameters
''',
    '''
randn = np.random.randn
HE_GAIN = 2 ** 0.5

def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = randn(layers_dims[l], layers_dims[l - 1]) * HE_GAIN / layers_dims[l - 1] ** 0.5
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''',
]

WRONG = [
    Wrong('''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros((layers_dims[l - 1], layers_dims[l]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "W_l must have shape (layers_dims[l], layers_dims[l - 1])"),
    Wrong('''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((1, layers_dims[l]))
    return parameters
''', "b_l must be a column"),
    Wrong('''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "multiply the standard normal draws by 10"),
    Wrong('''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "np.random.rand draws uniformly"),
    Wrong('''
def initialize_parameters_random(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "Call np.random.seed(3) once at the start"),
    Wrong('''
def initialize_parameters_he(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        scale = np.sqrt(2 / layers_dims[l - 1])
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "Call np.random.seed(3) once at the start"),
    Wrong('''
def initialize_parameters_random(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        np.random.seed(3)
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "seeding again in every layer"),
    Wrong('''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1. / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "Xavier's factor"),
    Wrong('''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "the layer's own size"),
    Wrong('''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 2 / layers_dims[l - 1]
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "its square root"),
    Wrong('''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "one layer early"),
    Wrong('''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.random.randn(layers_dims[l], 1) * np.sqrt(2 / layers_dims[l - 1])
    return parameters
''', "Biases start at zero"),
    Wrong('''
def initialize_parameters_he(layers_dims):
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', "The seed must be 3"),
]


CAUGHT = [
    Caught('''
scale = np.sqrt(2.)


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale / np.sqrt(layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', Kind.UNSEEN_NAME),
    Caught('''
def initialize_parameters_he(layer_sizes):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_sizes)):
        parameters[f"W{l}"] = np.random.randn(layer_sizes[l], layer_sizes[l - 1]) * np.sqrt(2 / layer_sizes[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_sizes[l], 1))
    return parameters
''', Kind.SIGNATURE),
    Caught('''
def initialize_parameters_random(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''', Kind.SEED_REMOVED),
    Caught('''
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        raise NotImplementedError()
    return parameters
''', Kind.NOT_IMPLEMENTED),
    Caught('''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


print(W1)
''', Kind.RUN_FAILED),
    Caught('''
if True:
    def initialize_parameters_he(layers_dims):
        np.random.seed(3)
        parameters = {}
        for l in range(1, len(layers_dims)):
            parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
            parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
        return parameters
''', Kind.UNSEEN_FUNCTION),
]
