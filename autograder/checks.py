"""What a property check is: the calls it makes, each named by its role, and how it judges what they gave.

Both runners make the calls where the student's code lives and hand back plain outcomes; the
judge runs here, in trusted code, on ``{role: Judged(call, outcome)}``.
"""
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

from .calls import Call, Outcome
from .i18n import _


class Judged(NamedTuple):
    """A call a check made, and what it gave."""
    call: Call
    outcome: Outcome


Judge = Callable[[dict[str, Judged]], list[str]]  # {role: Judged} -> one message per problem


@dataclass(frozen=True)
class Check:
    """A property checked on fresh inputs: the calls to make, and how to judge what they gave.

    ``make_calls`` draws its inputs from the generator it is given (seeded per grading run) and
    names each call by its role: ``{"right": Call(...), "wrong": Call(...)}``. A check that reads
    another aspect of the same answers makes no calls of its own: ``calls_of`` names the earlier
    check of the same function whose calls it judges (they are made once). ``judge`` gets
    ``{role: Judged(call, outcome)}`` and returns one message per problem, none when the check passes.
    """
    name: str
    make_calls: Callable[[np.random.Generator], dict[str, Call]] | None
    judge: Judge
    calls_of: str | None = None

    def __post_init__(self):
        if (self.make_calls is None) == (self.calls_of is None):
            raise ValueError(f"check {self.name!r}: give it either calls to make or the name of a check whose "
                             "calls it judges")

    @classmethod
    def on_the_calls_of(cls, other, name, judge):
        """A check judging the calls ``other`` (a Check that makes them) makes."""
        return cls(name, None, judge, calls_of=other.name)


def require(judged):
    """Problems for calls that raised; shared by property judges."""
    return [_("call {role}: {error}", role=_(role), error=each.outcome.error)
            for role, each in judged.items() if each.outcome.error]


def samples(count, make_call):
    """``count`` interchangeable calls, each made by ``make_call()``, in the roles "1", "2", ..."""
    return {str(number): make_call() for number in range(1, count + 1)}


def every_call(judge_call):
    """A judge saying which calls raised (``require``) and judging each of the others apart:
    ``judge_call(call, outcome)`` returns its problems."""
    def judge(judged):
        problems = require(judged)
        for call, outcome in judged.values():
            if not outcome.error:
                problems += judge_call(call, outcome)
        return problems
    return judge
