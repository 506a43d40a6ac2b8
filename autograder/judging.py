"""Turn a graded function's rubric into calls, and the calls' plain outcomes into a verdict.

This is the trusted half shared by both runners: ``plan`` says what to call, the runner makes
the calls where the student's code lives, ``judge`` decides. A function scores its points
only when every check passes.
"""
import functools
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import references
from .calls import Call
from .conventions import PRE_SEED
from .diagnosis import helper_usage_hints, matching_mistakes, signature_hints
from .kit.cases import PUBLIC_CASES
from .kit.compare import differences
from .rubric import Check


@dataclass
class CheckResult:
    name: str
    visibility: str  # "visible": the student sees the case and expected values; "hidden": only what failed
    problems: list[str]

    @property
    def passed(self):
        return not self.problems


@dataclass
class FunctionResult:
    function: str
    max_score: int
    checks: list[CheckResult]
    hints: list[str] = field(default_factory=list)
    printed: str = ""  # what the student's code printed or warned during the calls
    seed: int | None = None  # of the fresh inputs of the property checks

    @property
    def passed(self):
        return all(check.passed for check in self.checks)

    @property
    def score(self):
        return self.max_score if self.passed else 0

    def report(self):
        """The feedback text: per check a mark and its problems, then the likely mistakes."""
        passed = sum(check.passed for check in self.checks)
        lines = [f"{self.function}: {self.score}/{self.max_score} points, {passed} of {len(self.checks)} checks passed"]
        for check in self.checks:
            lines.append(f"  [{'ok' if check.passed else 'FAILED'}] {check.name}")
            lines += [f"      {problem}" for problem in check.problems]
        lines += [f"  Likely mistake: {hint}" for hint in self.hints]
        if self.seed is not None:
            lines.append(f"  (fresh inputs drawn with seed {self.seed})")
        return "\n".join(lines)


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


def public_calls(function):
    return [Call(function.name, case.make_args(), case.kwargs, seed=PRE_SEED,
                 substitutes={name: f"{kit.__module__}:{kit.__name__}" for name, kit in case.substitutes.items()})
            for case in PUBLIC_CASES.get(function.name, [])]


@dataclass
class Planned:
    """A check and the calls it makes; ``case_keys`` name fixed calls in the references.

    ``shares`` is the index of an earlier item whose calls this check judges instead of making
    its own (then ``calls`` is empty).
    """
    check: Check
    calls: list[Call]
    case_keys: list[str] = field(default_factory=list)
    visibility: str = "hidden"
    shares: int | None = None


@quietly
def plan(assignment_name, function, seed):
    """The checks of ``function`` with the calls each makes; property inputs come from ``seed``."""
    rng = np.random.default_rng(seed)
    planned = [Planned(_public_check(case), [call], [f"public {i}"], "visible")
               for i, (case, call) in enumerate(zip(PUBLIC_CASES.get(function.name, []), public_calls(function)))]
    if function.hidden_cases:
        keys = [f"hidden {i}" for i in range(len(function.hidden_cases))]
        stored = references.solutions(assignment_name)[function.name]
        planned.append(Planned(_hidden_check([stored[key] for key in keys]),
                               list(function.hidden_cases), keys))
    # Checks built on the same make_calls judge the same calls, made once: a call costs the
    # sandbox far more than judging it again (every argument and result crosses the wire).
    made = {}
    for check in function.properties:
        if check.make_calls in made:
            planned.append(Planned(check, [], shares=made[check.make_calls]))
        else:
            made[check.make_calls] = len(planned)
            planned.append(Planned(check, check.make_calls(rng)))
    return planned


@quietly
def judge(assignment_name, function, planned, outcomes, seed=None):
    """The verdict on ``function`` from the outcomes of the planned calls, in the same order."""
    results, fixed, printed, cursor, made = [], {}, [], 0, []
    for item in planned:
        mine = outcomes[cursor:cursor + len(item.calls)]
        cursor += len(item.calls)
        made.append(mine)
        printed += [outcome.printed for outcome in mine if outcome.printed]
        calls, mine = (item.calls, mine) if item.shares is None else (planned[item.shares].calls, made[item.shares])
        results.append(CheckResult(item.check.name, item.visibility, item.check.judge(calls, mine)))
        fixed.update(zip(item.case_keys, mine))
    result = FunctionResult(function.name, function.points, results, printed="".join(printed), seed=seed)
    if not result.passed:
        # A function the grader cannot call as the course does, or that does not call its helpers as it
        # must, computes something else: its outputs are not those of a catalogued slip.
        result.hints = (signature_hints(function, outcomes)
                        or helper_usage_hints(function, [call for item in planned for call in item.calls], outcomes))
    if not result.passed and not result.hints:
        stored = references.mistakes(assignment_name, function.name)
        result.hints = [mistake.hint for mistake in matching_mistakes(function, stored, fixed)]
        properties_hold = all(r.passed for r, item in zip(results, planned) if not item.case_keys)
        if not result.hints and properties_hold and function.fallback_hint:
            result.hints.append(function.fallback_hint)
    return result


def grade(assignment_name, function, run_calls, seed):
    """Plan, run (``run_calls`` maps a list of Calls to their Outcomes) and judge one function."""
    planned = plan(assignment_name, function, seed)
    outcomes = run_calls([call for item in planned for call in item.calls])
    return judge(assignment_name, function, planned, outcomes, seed)


def _public_check(case):
    def judge(calls, outcomes):
        outcome = outcomes[0]
        if outcome.error:
            return [outcome.error]
        return differences(case.expected, outcome.value, case.output_name, rtol=case.rtol, atol=case.atol)

    return Check(f"public case: {case.name}", lambda rng: [], judge)


def _hidden_check(expected_values):
    def judge(calls, outcomes):
        problems = []
        for index, (expected, outcome) in enumerate(zip(expected_values, outcomes)):
            name = f"hidden case {index + 1}"
            if outcome.error:
                problems.append(f"{name}: {outcome.error}")
            else:
                problems += differences(expected, outcome.value, name, reveal=False)
        return problems

    return Check("hidden cases", lambda rng: [], judge)
