"""How a helper's recorded arguments are read: a swap is named only when every argument is told apart."""
import pytest

from autograder.calls import Call, Outcome
from autograder.diagnosis import helper_usage_hints
from autograder.rubric import ASSIGNMENTS, Judged

GRADIENT_CHECK = ASSIGNMENTS["gradient_checking"].function("gradient_check")
SUBSTITUTED = {"forward_propagation": "somewhere:cost", "backward_propagation": "somewhere:derivative"}


def hints(x, theta, *recorded, epsilon=2e-2):
    """What the diagnosis says of gradient_check(x, theta) that called forward_propagation as ``recorded``
    (pairs of the numbers it passed as x and as theta) and called backward_propagation as it should."""
    call = Call("gradient_check", (x, theta), {"epsilon": epsilon}, substitutes=SUBSTITUTED)
    outcome = Outcome(value=0.0, helper_calls={
        "forward_propagation": [{"x": first, "theta": second} for first, second in recorded],
        "backward_propagation": [{"x": x, "theta": theta}]})
    return helper_usage_hints(GRADIENT_CHECK, [Judged(call, outcome)])


SWAPPED = "gradient_check calls forward_propagation(theta, x): the arguments are (x, theta)"


def test_arguments_in_their_order_say_nothing():
    assert hints(1.5, -2.0, (1.5, -2.0 + 2e-2), (1.5, -2.0 - 2e-2)) == []


def test_swapped_arguments_are_named_nudged_or_not():
    assert hints(1.5, -2.0, (-2.0, 1.5)) == [SWAPPED]
    assert hints(1.5, -2.0, (-2.0 + 2e-2, 1.5), (-2.0 - 2e-2, 1.5)) == [SWAPPED]
    assert hints(1.5, -2.0, (-2.0 + 1e-7, 1.5), epsilon=1e-7) == [SWAPPED]


def test_the_same_argument_twice_is_named():
    assert hints(1.5, -2.0, (1.5, 1.5)) == [
        "gradient_check calls forward_propagation(x, x): the arguments are (x, theta)"]


@pytest.mark.parametrize("x, theta", [(0.51, 0.5), (0.5, 0.51), (-1.0, -1.03)])
def test_a_nudge_that_lands_near_the_other_argument_says_nothing(x, theta):
    # theta + 2e-2 is as near x as it is theta (or nearer): it cannot be told which one it stands for.
    assert hints(x, theta, (x, theta + 2e-2), (x, theta - 2e-2)) == []


def test_equal_arguments_cannot_be_told_apart():
    assert hints(0.75, 0.75, (0.75, 0.75)) == []
    assert hints(0.75, 0.75, (0.75 + 2e-2, 0.75)) == []


def test_a_nudge_that_lands_on_the_other_argument_says_nothing():
    # theta + 2e-2 lands 0.0013 from x: x is clearly nearest, yet x is already the first argument.
    x, theta = 2.2025656871302224, 2.183907353563656
    assert hints(x, theta, (x, theta + 2e-2)) == []


def test_what_is_no_argument_is_described():
    call = Call("gradient_check", (1.5, -2.0), substitutes=SUBSTITUTED)
    outcome = Outcome(value=0.0, helper_calls={"forward_propagation": [{"x": 1.5, "theta": {"shape": [2, 1]}}],
                                               "backward_propagation": [{"x": 1.5, "theta": -2.0}]})
    assert helper_usage_hints(GRADIENT_CHECK, [Judged(call, outcome)]) == [
        "gradient_check calls forward_propagation(x, an array of shape (2, 1)): the arguments are (x, theta)"]
