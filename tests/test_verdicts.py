"""Reading a gradient check's printed message for what it says, in the words learners use."""
import pytest

from autograder.kit.verdicts import Verdict, message_verdict

MISTAKE, RIGHT = Verdict.MISTAKE, Verdict.RIGHT

MESSAGES = {  # what learners print, and what it says
    "\033[93mThere is a mistake in the backward propagation! difference = 0.28\033[0m": MISTAKE,
    "\033[92mYour backward propagation works perfectly fine! difference = 1e-07\033[0m": RIGHT,
    "The gradients do not match their estimate: backward propagation has a mistake. difference = 3e-07": MISTAKE,
    "The gradients match their estimate: backward propagation looks right. difference = 1e-07": RIGHT,
    "The gradient is wrong!": MISTAKE, "The gradient is correct!": RIGHT,
    "Gradient check failed: relative error 0.3": MISTAKE, "Gradient check passed 1e-08": RIGHT,
    "No mistake found, relative error = 1e-8": RIGHT, "Backprop is not correct": MISTAKE,
    "gradients don't match": MISTAKE, "There is an error in backprop": MISTAKE,
    "difference = 0.3": None, "": None, "correct? wrong?": None,
}


@pytest.mark.parametrize("printed, verdict", MESSAGES.items())
def test_a_printed_verdict_is_read_for_what_it_says(printed, verdict):
    assert message_verdict(printed) == verdict
