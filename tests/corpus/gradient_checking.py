"""Gradient checking: the 1-D cost and derivative, gradient_check and gradient_check_n, as learners write them."""
from . import Caught, Kind, Wrong

# The message blocks learners keep: the course's, the kit's, and their own words.
COURSE_MESSAGES = '''
    if print_msg:
        if difference > 2e-7:
            print("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
        else:
            print("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")
    return difference
'''
KIT_MESSAGES = '''
    if print_msg:
        if difference > 2e-7:
            print(f"The derivative does not match its estimate: backward propagation has a mistake. difference = {difference}")
        else:
            print(f"The derivative matches its estimate: backward propagation looks right. difference = {difference}")
    return difference
'''
OWN_MESSAGES = '''
    if print_msg:
        print("Gradient check passed!" if difference <= 2e-7 else "Gradient check failed!", difference)
    return difference
'''
CORRECT_OR_WRONG = '''
    if print_msg:
        if difference < 2e-7:
            print("The gradient is correct!")
        else:
            print("The gradient is wrong!")
    return difference
'''


def check_1d(body, messages=COURSE_MESSAGES, signature="x, theta, epsilon=1e-7, print_msg=False"):
    return f"\ndef gradient_check({signature}):{body}" + messages


def check_n(body, messages=COURSE_MESSAGES, signature="parameters, gradients, X, Y, epsilon=1e-7, print_msg=False"):
    return f"\ndef gradient_check_n({signature}):{body}" + messages


N_HEAD = '''
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
'''
N_TAIL = '''
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
'''
COURSE_LOOP = '''
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i][0] = theta_plus[i][0] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i][0] = theta_minus[i][0] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
'''
ONE_D_COURSE = '''
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
'''

CORRECT = [
    # --- forward_propagation ---
    "\ndef forward_propagation(x, theta):\n    J = theta * x\n    return J\n",
    "\ndef forward_propagation(x, theta):\n    J = x * theta\n    return J\n",
    "\ndef forward_propagation(x, theta):\n    J = np.dot(theta, x)\n    return J\n",
    "\ndef forward_propagation(x, theta):\n    return np.multiply(theta, x)\n",
    "\ndef forward_propagation(x, theta):\n    J = theta*x\n    return J\n",
    "\ndef forward_propagation(x, theta):\n    J = np.prod([theta, x])\n    return J\n",
    "\ndef forward_propagation(x, theta):\n    cost = float(theta) * float(x)\n    return cost\n",
    # --- backward_propagation ---
    "\ndef backward_propagation(x, theta):\n    dtheta = x\n    return dtheta\n",
    "\ndef backward_propagation(x, theta):\n    return x\n",
    "\ndef backward_propagation(x, theta):\n    dtheta = 1 * x\n    return dtheta\n",
    "\ndef backward_propagation(x, theta):\n    dtheta = x + 0 * theta\n    return dtheta\n",
    "\ndef backward_propagation(x, theta):\n    dtheta = float(x)\n    return dtheta\n",
    "\ndef backward_propagation(x, theta):\n    # J = theta * x, so dJ/dtheta = x\n    dtheta = x\n    return dtheta\n",
    # --- gradient_check ---
    check_1d(ONE_D_COURSE),
    check_1d(ONE_D_COURSE, KIT_MESSAGES),
    check_1d(ONE_D_COURSE, OWN_MESSAGES),
    check_1d(ONE_D_COURSE, CORRECT_OR_WRONG),
    check_1d('''
    thetaplus = theta + epsilon
    thetaminus = theta - epsilon
    J_plus = forward_propagation(x=x, theta=thetaplus)
    J_minus = forward_propagation(x=x, theta=thetaminus)
    gradapprox = (J_plus - J_minus) / 2 / epsilon
    grad = backward_propagation(x, theta)
    difference = abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))
'''),
    check_1d('''
    gradapprox = np.divide(forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon), 2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.sqrt((grad - gradapprox) ** 2)
    denominator = np.sqrt(grad ** 2) + np.sqrt(gradapprox ** 2)
    difference = numerator / max(denominator, 1e-8)
''', KIT_MESSAGES),
    check_1d('''
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2. * epsilon)
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox) + 1e-12)
''', OWN_MESSAGES),
    check_1d('''
    theta_plus, theta_minus = theta + epsilon, theta - epsilon
    gradapprox = (forward_propagation(x, theta_plus) - forward_propagation(x, theta_minus)) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = float(np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
''', signature="x, theta, epsilon = 1e-7, print_msg = False"),
    check_1d('''
    grad = backward_propagation(x, theta)
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    difference = np.abs(grad - gradapprox) / (np.abs(grad) + np.abs(gradapprox))
''', CORRECT_OR_WRONG),
    # --- gradient_check_n ---
    check_n(N_HEAD + COURSE_LOOP + N_TAIL),
    check_n(N_HEAD + COURSE_LOOP + N_TAIL, KIT_MESSAGES),
    check_n(N_HEAD + '''
    for i in range(num_parameters):
        theta_plus = parameters_values.copy()
        theta_plus[i] += epsilon
        J_plus[i] = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))[0]
        theta_minus = parameters_values.copy()
        theta_minus[i] -= epsilon
        J_minus[i] = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))[0]
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
''' + N_TAIL, OWN_MESSAGES),
    check_n(N_HEAD + COURSE_LOOP + '''
    numerator = np.sqrt(np.sum((grad - gradapprox) ** 2))
    denominator = np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(gradapprox ** 2))
    difference = numerator / max(denominator, 1e-8)
''', CORRECT_OR_WRONG),
    check_n('''
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = []
    for i in range(len(parameters_values)):
        nudge = np.zeros_like(parameters_values)
        nudge[i, 0] = epsilon
        cost_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values + nudge))
        cost_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values - nudge))
        gradapprox.append((cost_plus - cost_minus) / (2 * epsilon))
    gradapprox = np.array(gradapprox).reshape(-1, 1)
''' + N_TAIL),
    check_n(N_HEAD + '''
    for i in range(num_parameters):
        theta = np.copy(parameters_values)
        theta[i, 0] += epsilon
        J_plus[i, 0], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta))
        theta = np.copy(parameters_values)
        theta[i, 0] -= epsilon
        J_minus[i, 0], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta))
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    difference = np.linalg.norm(grad - gradapprox, ord=2) / (np.linalg.norm(grad, ord=2) + np.linalg.norm(gradapprox, ord=2))
'''),
    check_n(N_HEAD + COURSE_LOOP + '''
    difference = float(np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
''', KIT_MESSAGES),
    check_n(N_HEAD + '''
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], cache = forward_propagation_n(X=X, Y=Y, parameters=vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], cache = forward_propagation_n(X=X, Y=Y, parameters=vector_to_dictionary(theta_minus))
        gradapprox[i] = np.divide(J_plus[i] - J_minus[i], 2 * epsilon)
''' + N_TAIL, OWN_MESSAGES),
    check_n(N_HEAD + COURSE_LOOP + '''
    difference = np.linalg.norm(grad - gradapprox) / np.add(np.linalg.norm(grad), np.linalg.norm(gradapprox))
''', signature="parameters, gradients, X, Y, epsilon = 1e-7, print_msg = False"),
    # constants bound at the top of the cell: colours in a tuple, a threshold computed
    '''
WARN, OK = "\\033[93m", "\\033[92m"
THRESHOLD = 2 * 10 ** -7
''' + check_n(N_HEAD + COURSE_LOOP + N_TAIL, '''
    if print_msg:
        if difference > THRESHOLD:
            print(WARN + "There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print(OK + "Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
'''),
]

WRONG = [
    Wrong("\ndef forward_propagation(x, theta):\n    J = theta + x\n    return J\n", "the product theta * x"),
    Wrong("\ndef backward_propagation(x, theta):\n    dtheta = theta\n    return dtheta\n", "is x, not theta"),
    Wrong("\ndef backward_propagation(x, theta):\n    dtheta = theta * x\n    return dtheta\n", "You returned J itself"),
    Wrong(check_1d('''
    J_plus = theta_plus = theta + epsilon
    J_plus = theta_plus * x
    J_minus = (theta - epsilon) * x
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = x
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
'''), "computes J itself instead of calling forward_propagation"),
    Wrong(check_1d('''
    J_plus = forward_propagation(theta + epsilon, x)
    J_minus = forward_propagation(theta - epsilon, x)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
'''), "calls forward_propagation(theta, x): the arguments are (x, theta)"),
    Wrong(check_1d('''
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = x
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
'''), "never calls backward_propagation"),
    Wrong(check_1d('''
    J_plus = forward_propagation(x, theta + epsilon)
    J = forward_propagation(x, theta)
    gradapprox = (J_plus - J) / epsilon
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
'''), "one-sided difference"),
    Wrong(check_1d('''
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / epsilon
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
'''), "divide their difference by 2 * epsilon"),
    Wrong(check_1d('''
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox)
'''), "The difference is relative"),
    Wrong(check_1d(ONE_D_COURSE, '''
    print("difference =", difference)
    return difference
''', signature="x, theta, epsilon=1e-7"), "yours has no print_msg"),
    Wrong(check_n(N_HEAD + '''
    for i in range(num_parameters):
        theta_plus = parameters_values
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
''' + N_TAIL), "does not copy"),
    Wrong(check_n(N_HEAD + '''
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        J_minus[i], _ = forward_propagation_n(X, Y, parameters)
        gradapprox[i] = (J_plus[i] - J_minus[i]) / epsilon
''' + N_TAIL), "one-sided difference"),
    Wrong(check_n(N_HEAD + COURSE_LOOP + '''
    numerator = np.linalg.norm(grad - gradapprox, axis=0)
    denominator = np.linalg.norm(grad, axis=0) + np.linalg.norm(gradapprox, axis=0)
    difference = numerator / denominator
'''), "Return the difference as a float"),
    Wrong(check_n(N_HEAD + '''
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(vector_to_dictionary(theta_plus), X, Y)
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(vector_to_dictionary(theta_minus), X, Y)
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
''' + N_TAIL), "calls forward_propagation_n(parameters, X, Y): the arguments are (X, Y, parameters)"),
    Wrong(check_n(N_HEAD + COURSE_LOOP + N_TAIL, '''
    if difference > 2e-7:
        print("There is a mistake in the backward propagation! difference = " + str(difference))
    else:
        print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
''', signature="parameters, gradients, X, Y, epsilon=1e-7"), "yours has no print_msg"),
]


CAUGHT = [
    Caught('''
for unit in [1.0]:
    pass


def forward_propagation(x, theta):
    J = unit * theta * x
    return J
''', Kind.UNSEEN_NAME),
]
