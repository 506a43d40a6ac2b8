"""Name the likely mistake behind a failed function, from what its fixed calls returned."""
from .calls import summary
from .i18n import _
from .kit.mistakes import reproduces
from .kit.signatures import is_signature_problem, parameter_names


def matching_mistakes(function, stored, fixed_outcomes):
    """The catalogued mistakes whose stored outputs the student's outputs reproduce on every fixed case.

    ``stored`` maps case keys to ``{mistake name: output}``, ``fixed_outcomes`` case keys to Outcomes.
    A mistake that stores no output for a case (its call raised) cannot be matched there.
    """
    if any(outcome.error for outcome in fixed_outcomes.values()):
        return []
    received = {key: outcome.value for key, outcome in fixed_outcomes.items()}
    return [mistake for mistake in function.mistakes
            if reproduces({key: stored[key].get(mistake.name) for key in received}, received)]


def signature_hints(function, outcomes):
    """The sentence saying which signature to keep, once, when a call could not be made for its signature."""
    return list(dict.fromkeys(outcome.error for outcome in outcomes
                              if outcome.error and is_signature_problem(function.name, outcome.error)))


def helper_usage_hints(function, judged):
    """What the calls of the kit's substitutes show: a helper the function must call and never does
    (``function.must_call``), or a helper called with its arguments in another order.

    ``judged``: every call of the function with its outcome (``rubric.Judged``). Only calls that
    substituted the helper count; "never" needs a call that returned, arguments are read from every
    call. The records are the student's side's word: they only ever name a mistake.
    """
    hints = []
    for helper, never_called in function.must_call.items():
        made = [each for each in judged if helper in each.call.substitutes]
        returned = [each.outcome for each in made if not each.outcome.error]
        if returned and not any(outcome.helper_calls.get(helper) for outcome in returned):
            hints.append(f"{function.name} {_(never_called)}")
        for call, outcome in made:
            for arguments in outcome.helper_calls.get(helper, []):
                received = _argument_names(function.name, call, arguments)
                if received is not None and received != list(arguments):
                    hints.append(_("{function} calls {helper}({received}): the arguments are ({arguments})",
                                   function=function.name, helper=helper, received=", ".join(received),
                                   arguments=", ".join(arguments)))
    return list(dict.fromkeys(hints))


# A number the helper received stands for the graded call's argument it is nearest (theta + epsilon is
# theta) only when that one is at least this many times nearer than any other.
CLEARLY_NEARER = 10


def _argument_names(function_name, call, arguments):
    """Which of the graded call's arguments each recorded argument is; what matches none is described.

    None when a recorded argument could stand for either of two: they have equal summaries, no number is
    clearly nearest it, or it is only near an argument that another recorded argument is exactly
    (f(x, x + delta) may be x with theta far off, or theta nudged towards x). Then nothing is said.
    """
    given = dict(zip(parameter_names(function_name), call.args)) | call.kwargs
    summaries = {name: summary(given[name]) for name in arguments if name in given}
    exact = [[name for name, value in summaries.items() if value == received] for received in arguments.values()]
    names = []
    for received, same in zip(arguments.values(), exact):
        possible = same or _nearest_numbers(received, summaries)
        if len(possible) > 1 or (not same and possible and possible in exact):
            return None
        names.append(possible[0] if possible else _described(received))
    return names


def _nearest_numbers(received, summaries):
    """For a number, the argument nearest it, or the two nearest when neither is clearly nearer; else []."""
    numbers = {name: value for name, value in summaries.items() if type(value) is float}
    if type(received) is not float:
        return []
    nearest = sorted(numbers, key=lambda name: abs(numbers[name] - received))[:2]
    distances = [abs(numbers[name] - received) for name in nearest]
    if len(nearest) == 2 and CLEARLY_NEARER * distances[0] >= distances[1]:
        return nearest
    return nearest[:1]


def _described(received):
    if type(received) is float:
        return repr(received)
    (kind, content), = received.items()
    return {"shape": lambda: _("an array of shape {shape}", shape=tuple(content)),
            "keys": lambda: _("a dict of {keys}", keys=", ".join(content)),
            "type": lambda: _("a {type}", type=content)}[kind]()
