"""Name the likely mistake behind a failed function, from what its fixed calls returned."""
from .kit.compare import differences


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
