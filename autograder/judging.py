"""The verdict on a graded function, from its plan and the outcomes of its calls, read by id.

This is the trusted half both runners share: ``plan.plan`` says what to call, a runner makes the
calls where the student's code lives and answers ``{call id: Outcome}``, ``judge`` decides.
``grade`` puts the three together for every caller. A function scores its points only when
every check passes. Judging returns data (``FunctionResult``); ``reports`` renders it.
"""
from .diagnosis import helper_usage_hints, matching_mistakes, signature_hints
from .kit.compare import differences
from .checks import Judged
from .i18n import _
from .plan import PUBLIC_ROLE, CheckKind, plan, quietly
from .record import CheckResult, FunctionResult


class OutcomesMismatch(ValueError):
    """A runner answered for calls the plan did not make, or left some unanswered: a runner's bug."""


def grade(assignment, runner, seed, references, only=None):
    """Plan, run and judge: ``[FunctionResult]`` per graded function (those named in ``only``).

    ``runner`` maps a Plan to ``{call id: Outcome}``; ``references`` is the assignment's
    ``references.References``.
    """
    the_plan = plan(assignment, seed, only)
    outcomes = runner(the_plan)
    _require_exactly(the_plan.calls, outcomes)
    return [judge(function_plan, outcomes, references) for function_plan in the_plan.functions]


@quietly
def judge(function_plan, outcomes, references):
    """The verdict on one function, from ``outcomes`` (by call id; other functions' are left aside)
    and the references."""
    function = function_plan.function
    outcomes = {call_id: outcome for call_id, outcome in outcomes.items() if call_id.function == function.name}
    _require_exactly(function_plan.calls, outcomes)
    judged = {call_id: Judged(call, outcomes[call_id]) for call_id, call in function_plan.calls.items()}
    results, fixed, properties_hold = [], {}, True
    for planned in function_plan.checks:
        mine = {call_id.role: judged[call_id] for call_id in planned.call_ids}
        checked = CheckResult(planned.name, planned.visibility, _problems(planned, mine, references))
        results.append(checked)
        fixed.update({key: outcomes[call_id] for call_id, key in planned.case_keys.items()})
        properties_hold = properties_hold and (checked.passed or not planned.kind.on_fresh_inputs)
    made = [each.outcome for each in judged.values()]  # in the plan's order, whatever the runner's
    result = FunctionResult(function.name, function.points, results, seed=function_plan.seed,
                            printed="".join(outcome.printed for outcome in made if outcome.printed))
    if not result.passed:
        # A function the grader cannot call as the course does, or that does not call its helpers as it
        # must, computes something else: its outputs are not those of a catalogued slip.
        result.hints = signature_hints(function, made) or helper_usage_hints(function, judged.values())
    if not result.passed and not result.hints:
        result.hints = [mistake.hint for mistake in matching_mistakes(function, references.mistakes(function.name), fixed)]
        if not result.hints and properties_hold and function.fallback_hint:
            result.hints.append(function.fallback_hint)
    return result


def _problems(planned, judged, references):
    """The problems ``planned`` finds in its calls' outcomes, ``judged``: ``{role: Judged}``."""
    if planned.kind is CheckKind.PUBLIC_CASE:
        outcome, case = judged[PUBLIC_ROLE].outcome, planned.case
        if outcome.error:
            return [outcome.error]
        return differences(case.expected, outcome.value, case.output_name, rtol=case.rtol, atol=case.atol)
    if planned.kind is CheckKind.HIDDEN_CASES:
        problems = []
        for call_id in planned.call_ids:
            name, outcome = _("hidden case {number}", number=call_id.role), judged[call_id.role].outcome
            if outcome.error:
                problems.append(f"{name}: {outcome.error}")
            else:
                expected = references.solution(call_id.function, planned.case_keys[call_id])
                problems += differences(expected, outcome.value, name, reveal=False)
        return problems
    return planned.check.judge(judged)


def _require_exactly(calls, outcomes):
    missing, extra = calls.keys() - outcomes.keys(), outcomes.keys() - calls.keys()
    if missing or extra:
        raise OutcomesMismatch(f"{len(missing)} calls without an outcome (e.g. {sorted(missing)[:1]}), "
                               f"{len(extra)} outcomes of no planned call (e.g. {sorted(extra)[:1]})")
