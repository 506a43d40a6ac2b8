"""Public property checks: what a graded function's answers must satisfy on fresh inputs, with no
solution and no hidden value needed to say so.

The learner's public test draws the inputs in their kernel (a fresh seed each time, said when a check
fails) and the grader draws them from its grading seed: the same ``Property`` in both, so what the
public test says of a property is what the grade says. Each assignment's module of ``cases`` lists
its properties in ``PUBLIC_PROPERTIES``; a judge gets the answers by role and returns one sentence per
problem, none when the property holds.
"""
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np


@dataclass(frozen=True)
class Probe:
    """One call on fresh inputs: its arguments, and kit functions put in place of the notebook's by name."""
    args: tuple
    kwargs: dict = field(default_factory=dict)
    substitutes: dict = field(default_factory=dict)


class Answer(NamedTuple):
    """What one probe gave: its arguments again, the returned value and what the call printed."""
    args: tuple
    kwargs: dict
    value: object
    printed: str


@dataclass(frozen=True)
class Property:
    """``draw(generator)`` gives ``{role: Probe}``; ``judge({role: Answer})`` gives the problems."""
    name: str  # as the learner reads it, after "public property: "
    draw: Callable[[np.random.Generator], dict]
    judge: Callable[[dict], list]

    def probes(self, seed):
        """The probes drawn from ``seed``: every property has its own generator, so the learner's kernel
        and the grader draw the same inputs from the same seed whatever the other checks draw."""
        return self.draw(np.random.default_rng(seed))


def float_array(value, shape=None):
    """``value`` as a float array (of ``shape``, if given), or None: judges read untrusted answers."""
    if type(value) is not np.ndarray or value.dtype.kind not in "biuf" or (shape and value.shape != tuple(shape)):
        return None
    return value.astype(float)


def number(value):
    """``value`` as a float when it is a single real number (a 0-d or 1-entry array too), else None."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    array = float_array(value)
    return float(array.ravel()[0]) if array is not None and array.size == 1 else None
