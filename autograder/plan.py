"""What grading calls: per graded function its checks, and the calls each check makes, every call
with an id of its own.

A plan is plain and pure: it reads no file and runs nothing. A runner (the kernel's, the
sandbox's, an in-process one) turns a plan into ``{call id: Outcome}``; ``judging.judge`` reads
the outcomes by id. Nothing is ever matched by position, so a runner may answer in any order.
"""
import functools
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .calls import Call
from .conventions import PRE_SEED
from .kit.cases import PUBLIC_CASES
from .rubric import Assignment, Check, GradedFunction


class CallId(NamedTuple):
    """Which call: of which function, for which check, the how-manieth."""
    function: str
    check: str
    index: int


@dataclass(frozen=True)
class PlannedCheck:
    """A check and the ids of the calls it judges.

    ``kind`` is "public" (the student sees the case and the expected values), "hidden" (fixed
    cases judged against the reference outputs named by ``case_keys``) or "property" (fresh
    inputs). A property check built on the same call maker as an earlier one judges that
    check's calls instead of making its own.
    """
    name: str
    kind: str
    call_ids: tuple
    check: Check | None = None  # the rubric's check, for "property"
    case: object = None  # the public case (kit.cases), for "public"
    case_keys: dict = field(default_factory=dict)  # CallId -> reference key, for fixed calls

    @property
    def visibility(self):
        return "visible" if self.kind == "public" else "hidden"


@dataclass(frozen=True)
class FunctionPlan:
    function: GradedFunction
    seed: int
    checks: tuple
    calls: dict  # CallId -> Call, every call this function's checks make, once


@dataclass(frozen=True)
class Plan:
    assignment: Assignment
    seed: int
    functions: tuple  # FunctionPlan per graded function, in the rubric's order

    @property
    def calls(self):
        return {call_id: call for function in self.functions for call_id, call in function.calls.items()}


def public_calls(function):
    return [Call(function.name, case.make_args(), case.kwargs, seed=PRE_SEED,
                 substitutes={name: f"{kit.__module__}:{kit.__name__}" for name, kit in case.substitutes.items()})
            for case in PUBLIC_CASES.get(function.name, [])]


def fixed_calls(function):
    """Every fixed call of a graded function, by reference key: the public cases, then the hidden ones."""
    calls = {f"public {i}": call for i, call in enumerate(public_calls(function))}
    calls.update({f"hidden {i}": call for i, call in enumerate(function.hidden_cases)})
    return calls


def plan(assignment, seed, only=None):
    """The plan of ``assignment`` (of the functions named in ``only``, if given); fresh inputs from ``seed``."""
    return Plan(assignment, seed, tuple(plan_function(function, seed) for function in assignment.functions
                                        if only is None or function.name in only))


def quietly(trusted):
    """Run trusted computations without letting numpy warnings out.

    Expected values on extreme fresh inputs, or a wrong answer's NaN, may meet log(0); in
    nbgrader's kernel a warning on stderr would score the cell zero for the wrong reason.
    """
    @functools.wraps(trusted)
    def quiet(*args, **kwargs):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return trusted(*args, **kwargs)
    return quiet


@quietly
def plan_function(function, seed):
    """The checks of ``function`` with the calls each makes; property inputs drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    checks, calls = [], {}

    def add(name, kind, made, case_keys=(), **rule):
        ids = tuple(CallId(function.name, name, index) for index in range(len(made)))
        if any(planned.name == name for planned in checks):
            raise ValueError(f"{function.name}: two checks are named {name!r}")
        calls.update(zip(ids, made))
        checks.append(PlannedCheck(name, kind, ids, case_keys=dict(zip(ids, case_keys)), **rule))

    for index, (case, call) in enumerate(zip(PUBLIC_CASES.get(function.name, []), public_calls(function))):
        add(f"public case: {case.name}", "public", [call], [f"public {index}"], case=case)
    if function.hidden_cases:
        add("hidden cases", "hidden", list(function.hidden_cases),
            case_keys=[f"hidden {i}" for i in range(len(function.hidden_cases))])
    # Checks built on the same call maker judge the same calls, made once: a call costs the
    # sandbox far more than judging it again (every argument and result crosses the wire).
    made_by = {}
    for check in function.properties:
        if check.make_calls in made_by:
            checks.append(PlannedCheck(check.name, "property", made_by[check.make_calls].call_ids, check))
        else:
            add(check.name, "property", check.make_calls(rng), check=check)
            made_by[check.make_calls] = checks[-1]
    return FunctionPlan(function, seed, tuple(checks), calls)
