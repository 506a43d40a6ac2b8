"""Name the likely mistake behind a failed function, from what its fixed calls returned."""
from .calls import summary
from .kit.compare import differences
from .kit.signatures import is_signature_problem, parameter_names


def matching_mistakes(function, stored, fixed_outcomes):
    """The catalogued mistakes whose stored outputs the student's outputs reproduce on every fixed case.

    ``stored`` maps case keys to ``{mistake name: output}``, ``fixed_outcomes`` case keys to Outcomes.
    A mistake that stores no output for a case (its call raised) cannot be matched there.
    """
    matches = []
    for mistake in function.mistakes:
        same_everywhere = True
        for key, outcome in fixed_outcomes.items():
            output = stored[key].get(mistake.name)
            if outcome.error or output is None or differences(output, outcome.value):
                same_everywhere = False
                break
        if same_everywhere:
            matches.append(mistake)
    return matches


def signature_hints(function, outcomes):
    """The sentence saying which signature to keep, once, when a call could not be made for its signature."""
    return list(dict.fromkeys(outcome.error for outcome in outcomes
                              if outcome.error and is_signature_problem(function.name, outcome.error)))


def helper_usage_hints(function, calls, outcomes):
    """What the calls of the kit's substitutes show: a helper the function must call and never does
    (``function.must_call``), or a helper called with its arguments in another order.

    Only calls that substituted the helper count; "never" needs a call that returned, arguments are
    read from every call. The records are the student's side's word: they only ever name a mistake.
    """
    hints = []
    for helper, never_called in function.must_call.items():
        made = [(call, outcome) for call, outcome in zip(calls, outcomes) if helper in call.substitutes]
        returned = [outcome for _, outcome in made if not outcome.error]
        if returned and not any(outcome.helper_calls.get(helper) for outcome in returned):
            hints.append(f"{function.name} {never_called}")
        for call, outcome in made:
            for arguments in outcome.helper_calls.get(helper, []):
                if (received := _argument_names(function.name, call, arguments)) != list(arguments):
                    hints.append(f"{function.name} calls {helper}({', '.join(received)}): "
                                 f"the arguments are ({', '.join(arguments)})")
    return list(dict.fromkeys(hints))


def _argument_names(function_name, call, arguments):
    """Which of the graded call's arguments each recorded argument is: one with the same summary, or for a
    number the nearest number (theta + epsilon is theta); what matches none is described."""
    given = dict(zip(parameter_names(function_name), call.args)) | call.kwargs
    candidates = {name: summary(given[name]) for name in arguments if name in given}
    names = []
    for received in arguments.values():
        same = [name for name, value in candidates.items() if value == received]
        numbers = {name: value for name, value in candidates.items() if type(value) is float}
        if not same and type(received) is float and numbers:
            same = [min(numbers, key=lambda name: abs(numbers[name] - received))]
        names.append(same[0] if same else _described(received))
    return names


def _described(received):
    if type(received) is float:
        return repr(received)
    (kind, content), = received.items()
    return {"shape": lambda: f"an array of shape {tuple(content)}", "keys": lambda: "a dict of " + ", ".join(content),
            "type": lambda: f"a {content}"}[kind]()
