"""The complex-step derivative: an oracle for gradients, exact to rounding and independent of
backpropagation and of finite differences."""
import numpy as np

from autograder.kit.vectors import GRADIENT_CHECKING_NETWORK_SHAPES


def written_out_cost(X, Y, theta, shapes=GRADIENT_CHECKING_NETWORK_SHAPES):
    """The 3-layer network's cost from the rolled parameter vector, with @ and np.where; also for complex theta."""
    values, start = {}, 0
    for name, shape in shapes:
        size = int(np.prod(shape))
        values[name] = theta[start:start + size].reshape(shape)
        start += size
    A1 = (lambda Z: np.where(Z.real > 0, Z, 0))(values["W1"] @ X + values["b1"])
    A2 = (lambda Z: np.where(Z.real > 0, Z, 0))(values["W2"] @ A1 + values["b2"])
    A3 = 1 / (1 + np.exp(-(values["W3"] @ A2 + values["b3"])))
    return np.mean(-Y * np.log(A3) - (1 - Y) * np.log(1 - A3))


def complex_step_gradient(X, Y, theta, step=1e-30, shapes=GRADIENT_CHECKING_NETWORK_SHAPES):
    """Im J(theta + i h e_k) / h for every k, a column like theta."""
    directions = np.eye(theta.size) * 1j * step
    return np.array([[written_out_cost(X, Y, theta + directions[:, [k]], shapes).imag / step]
                     for k in range(theta.size)])
