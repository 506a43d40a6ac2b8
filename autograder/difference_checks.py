"""Reading what a gradient check returns (its difference) and prints (its verdict), and the checks the
1-D and the N-D gradient checks share: the default epsilon, the printed verdict, how the difference
follows epsilon, its type."""
import numpy as np

from .conventions import GRADIENT_CHECK_THRESHOLD as THRESHOLD
from .conventions import QUOTED_PRINT_LIMIT, short
from .known_costs import NEAR_THRESHOLD, near_threshold_difference
from .checks import Check
from .i18n import _
from .kit.verdicts import Verdict, message_verdict

CLOSE = 1e-6  # relative tolerance where the expected difference is not rounding noise
PRINT_MSG = {"print_msg": True}
# The epsilons of the checks that follow epsilon, by role: large, so that a one-sided difference's error shows.
LARGE_EPSILONS = {"epsilon": 1e-2, "doubled epsilon": 2e-2}


def difference_value(outcome):
    """The returned difference as a float, or None when it is not a single number."""
    value = outcome.value
    if isinstance(value, (float, np.floating)) and not isinstance(value, np.ndarray):
        return float(value)
    return None


def value_problems(outcome, what):
    """Why ``outcome`` is no difference at all (it raised, or is not a float); nothing when it is one."""
    if outcome.error:
        return [_("{what}: {error}", what=what, error=outcome.error)]
    if difference_value(outcome) is None:
        return [_("{what}: expected the difference as a float, received {type}", what=what,
                  type=type(outcome.value).__name__)]
    return []


def expect_difference(outcome, expected, what):
    """Problems unless ``outcome`` is the difference ``expected`` (to CLOSE); never says the expected value."""
    problems = value_problems(outcome, what)
    if not problems and not np.isclose(difference_value(outcome), expected, rtol=CLOSE, atol=0):
        problems.append(_("{what}: received a difference of {difference}, not the one a correct check gives",
                          what=what, difference=format(difference_value(outcome), ".6g")))
    return problems


def epsilon_reading(small, large):
    """Say how the difference grew when epsilon doubled: 4x is a centred difference's eps^2."""
    if small and large and small > 0:
        growth = large / small
        if abs(growth - 2) < 0.3:
            return [_("doubling epsilon doubled the difference (x{growth}): that is a one-sided difference's "
                      "error, proportional to epsilon; a centred one's is proportional to epsilon squared (x4)",
                      growth=format(growth, ".2f"))]
        if abs(growth - 4) > 0.3:
            return [_("doubling epsilon multiplied the difference by {growth}, not by 4 as a centred difference's "
                      "error (proportional to epsilon squared) does", growth=format(growth, ".3g"))]
    return []


# --- Checks on the calls of a threshold check: roles "right", "wrong", and NEAR_THRESHOLD's ---

def default_epsilon_is_the_courses(threshold_check, cost):
    """``cost`` names the cost in the check's name and, through _, in its findings (mark it with N_ if it has words)."""
    def judge(judged):
        return [problem for role, offset in NEAR_THRESHOLD.items()
                for problem in expect_difference(judged[role].outcome, near_threshold_difference(offset),
                                                 _("{cost} at theta = 1e-7 without an epsilon argument",
                                                   cost=_(cost)))]

    return Check.on_the_calls_of(
        threshold_check, f"the default epsilon is 1e-7 ({cost} at theta = 1e-7, whose centred difference depends "
        "on epsilon)", judge)


def messages_follow_the_difference(threshold_check):
    """The printed verdict must follow the returned difference (whose value the other checks judge):
    a right and a wrong gradient, and the two differences either side of THRESHOLD, pin its comparison."""
    def judge(judged):
        problems = []
        for _call, outcome in judged.values():
            difference = difference_value(outcome)
            if difference is None:
                continue
            verdict = Verdict.MISTAKE if difference > THRESHOLD else Verdict.RIGHT
            if message_verdict(outcome.printed) != verdict:
                problems.append(_("with print_msg=True and a difference of {difference}, the message should say "
                                  "{verdict} (the threshold is {threshold}); printed: {printed}",
                                  difference=format(difference, ".3g"), verdict=_(verdict.value),  # N_ in kit.verdicts
                                  threshold=short(THRESHOLD),
                                  printed=repr(outcome.printed.strip()[:QUOTED_PRINT_LIMIT])))
        return problems

    return Check.on_the_calls_of(threshold_check, f"print_msg=True says plainly that there is no mistake below "
                                 f"{short(THRESHOLD)} and that there is one above", judge)


# --- Checks on calls at LARGE_EPSILONS ---

def follows_epsilon(cost, make_calls, expected_difference, what=lambda call, epsilon: None):
    """The difference follows epsilon as a centred difference does, on a cost whose gradient is known.
    ``make_calls`` makes one call per role of LARGE_EPSILONS; ``what(call, epsilon)`` names a call when
    "J = <cost>, epsilon = <epsilon>" does not say enough. ``cost`` is said through _ (mark it with N_ if it
    has words)."""
    def judge(judged):
        problems = []
        for call, outcome in judged.values():
            epsilon = call.kwargs["epsilon"]
            problems += expect_difference(outcome, expected_difference(call, epsilon),
                                          what(call, epsilon) or f"J = {_(cost)}, epsilon = {epsilon}")
        if problems:
            problems += epsilon_reading(*(difference_value(judged[role].outcome) for role in LARGE_EPSILONS))
        return problems

    return Check(f"the difference follows epsilon as a centred difference does (J = {cost}, whose gradient is known)",
                 make_calls, judge)


def returns_a_float(other_check):
    """Judged on the calls of another check: every call's answer shows its type."""
    def judge(judged):
        what = _("the returned difference")
        return list(dict.fromkeys(problem for _call, outcome in judged.values()
                                  for problem in value_problems(outcome, what)))

    return Check.on_the_calls_of(other_check, "returns the difference as a float, not an array", judge)
