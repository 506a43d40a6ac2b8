"""What grading calls: per graded function its checks, and the calls each check makes, every call
with an id of its own.

A plan is plain and pure: it reads no file and runs nothing. A runner (the kernel's, the
sandbox's, an in-process one) turns a plan into ``{call id: Outcome}``; ``judging.judge`` reads
the outcomes by id. Nothing is ever matched by position, so a runner may answer in any order.
"""
import enum
import functools
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .calls import Call
from .checks import require
from .conventions import PRE_SEED
from .kit.cases import PUBLIC_CASES, PUBLIC_PROPERTIES
from .kit.properties import Answer
from .rubric import Assignment, Check, GradedFunction


class CallId(NamedTuple):
    """Which call: of which function, made for which check, in which role ("right", "1", "case", ...).

    The function comes first: the sandbox runs the calls of one function in one process."""
    function: str
    check: str
    role: str


PUBLIC_ROLE = "case"  # the one call of a public case's check


class CheckKind(enum.Enum):
    PUBLIC_CASE = "public"  # the student sees the case and the expected values
    PUBLIC_PROPERTY = "public property"  # the student's public test checks it too, on its own fresh inputs
    HIDDEN_CASES = "hidden"  # fixed cases judged against the reference outputs
    PROPERTY = "property"  # the rubric's, on fresh inputs

    @property
    def visibility(self):
        return "visible" if self in (CheckKind.PUBLIC_CASE, CheckKind.PUBLIC_PROPERTY) else "hidden"

    @property
    def on_fresh_inputs(self):
        return self in (CheckKind.PUBLIC_PROPERTY, CheckKind.PROPERTY)


@dataclass(frozen=True)
class PlannedCheck:
    """A check of some ``kind`` and the ids of the calls it judges.

    A property check with ``calls_of`` judges the calls of the check it names: their ids carry that
    check's name.
    """
    name: str
    kind: CheckKind
    call_ids: tuple
    check: Check | None = None  # the rubric's check, for a property; the public property's, adapted
    case: object = None  # the public case (kit.cases), for a public case
    case_keys: dict = field(default_factory=dict)  # CallId -> reference key, for fixed calls

    @property
    def visibility(self):
        return self.kind.visibility


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


def _kit_targets(substitutes):
    """Kit functions (name -> function) as the ``"module:attribute"`` a Call names them by."""
    return {name: f"{kit.__module__}:{kit.__name__}" for name, kit in substitutes.items()}


def public_property(function_name, prop):
    """A public property (kit.properties.Property) as a Check of the rubric's kind: its probes as Calls,
    judged by the property's own judge on what they gave."""
    def make_calls(draws):
        seed = int(draws.integers(2 ** 32))
        return {role: Call(function_name, probe.args, probe.kwargs, seed=PRE_SEED,
                           substitutes=_kit_targets(probe.substitutes)) for role, probe in prop.probes(seed).items()}

    def judge(judged):
        return require(judged) or prop.judge({role: Answer(call.args, call.kwargs, outcome.value, outcome.printed)
                                              for role, (call, outcome) in judged.items()})

    return Check(f"public property: {prop.name}", make_calls, judge)


def public_cases(function):
    """``{reference key: (public case, its Call)}`` of a graded function's public cases (kit.cases)."""
    return {f"public {index}": (case, Call(function.name, case.make_args(), case.kwargs, seed=PRE_SEED,
                                           substitutes=_kit_targets(case.substitutes)))
            for index, case in enumerate(PUBLIC_CASES.get(function.name, []))}


def hidden_cases(function):
    """``{role: (reference key, Call)}`` of a graded function's hidden cases; role "1" is "hidden case 1"."""
    return {str(index + 1): (f"hidden {index}", call) for index, call in enumerate(function.hidden_cases)}


def fixed_calls(function):
    """Every fixed call of a graded function, by reference key: the public cases, then the hidden ones."""
    public = {key: call for key, (_, call) in public_cases(function).items()}
    return public | {key: call for key, call in hidden_cases(function).values()}


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
    # The public properties' inputs come from a generator of their own: the rubric's draws stay as they were.
    public_draws = np.random.default_rng([seed, 1])
    checks, calls = [], {}

    def add(name, kind, made, case_keys=None, **rule):
        if any(planned.name == name for planned in checks):
            raise ValueError(f"{function.name}: two checks are named {name!r}")
        if type(made) is not dict or not all(type(role) is str for role in made):
            raise TypeError(f"{function.name}: the calls of {name!r} must be {{role: Call}}")
        ids = {role: CallId(function.name, name, role) for role in made}
        calls.update({ids[role]: call for role, call in made.items()})
        keys = {ids[role]: key for role, key in (case_keys or {}).items()}
        checks.append(PlannedCheck(name, kind, tuple(ids.values()), case_keys=keys, **rule))

    for key, (case, call) in public_cases(function).items():
        add(f"public case: {case.name}", CheckKind.PUBLIC_CASE, {PUBLIC_ROLE: call}, {PUBLIC_ROLE: key}, case=case)
    for check in (public_property(function.name, prop) for prop in PUBLIC_PROPERTIES.get(function.name, [])):
        add(check.name, CheckKind.PUBLIC_PROPERTY, check.make_calls(public_draws), check=check)
    if hidden := hidden_cases(function):
        add("hidden cases", CheckKind.HIDDEN_CASES, {role: call for role, (_, call) in hidden.items()},
            {role: key for role, (key, _) in hidden.items()})
    for check in function.properties:
        if check.calls_of is None:
            add(check.name, CheckKind.PROPERTY, check.make_calls(rng), check=check)
            continue
        # A call costs the sandbox far more than judging it again (every argument and result crosses
        # the wire): a check that reads other aspects of the same answers judges the same calls, made once.
        owner = next((planned for planned in checks if planned.name == check.calls_of
                      and planned.check is not None and planned.check.calls_of is None), None)
        if owner is None:
            raise ValueError(f"{function.name}: {check.name!r} judges the calls of {check.calls_of!r}, "
                             "which no earlier property check of the function makes")
        checks.append(PlannedCheck(check.name, CheckKind.PROPERTY, owner.call_ids, check))
    return FunctionPlan(function, seed, tuple(checks), calls)


def describe(assignment, seed=0):
    """What the rubric checks, function by function, without hidden values (``autograder plan``)."""
    lines = [f"{assignment.name}: {assignment.max_score} points"]
    for function_plan in plan(assignment, seed).functions:
        function = function_plan.function
        lines += ["", f"{function.signature}: {function.points} points, all checks must pass"]
        for check in function_plan.checks:
            count = len(check.call_ids)
            shared = "" if check.call_ids[0].check == check.name else f", judged on the calls of {check.call_ids[0].check!r}"
            lines.append(f"  [{check.kind.value}] {check.name} ({count} call{'s' * (count != 1)}{shared})")
        lines += [f"  mistake named when reproduced: {mistake.name}" for mistake in function.mistakes]
    return "\n".join(lines)
