"""The calls a check makes, as plain data, and how one runs where the student's code lives.

Both runners share this: nbgrader's kernel runs calls on the notebook's globals; the sandboxed
child runs them on the namespace its definitions built. Either way only an ``Outcome`` of plain
data goes back to the judge.
"""
import contextlib
import copy
import importlib
import inspect
import io
import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from .conventions import PRINTED_LIMIT
from .i18n import _
from .kit.public_tests import substituted
from .kit.signatures import signature_problem
from .values import plain

HELPER_CALLS_KEPT = 3  # per substituted helper: its first calls show how the function calls it


@dataclass(frozen=True)
class Call:
    """Call ``function(*args, **kwargs)`` in the student's namespace.

    ``seed`` re-seeds numpy's global RNG just before the call, so a function that forgets its
    own seed gives a known wrong answer. ``substitutes`` maps names of the student's namespace
    to ``"module:attribute"`` of kit code put in their place during the call (to prove that a
    function really calls a helper); how they are called is recorded in the Outcome.
    """
    function: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    seed: int | None = None
    substitutes: dict = field(default_factory=dict)


@dataclass
class Outcome:
    """What one call gave: a plain value or an error, what it printed, and the RNG's next draw."""
    value: object = None
    error: str | None = None
    printed: str = ""
    rng_next: float | None = None  # np.random.random_sample() right after the call
    # Per substituted helper, its first calls: {parameter: summary of the argument} (see ``summary``).
    # An empty list: never called. Plain JSON, for diagnosis only: it never decides a score.
    helper_calls: dict = field(default_factory=dict)


def run_call(namespace, call):
    """Run ``call`` against the functions defined in ``namespace`` and return its Outcome."""
    function = namespace.get(call.function)
    if not callable(function):
        return Outcome(error=_("{function} is not defined: keep the course's function name", function=call.function))
    if problem := signature_problem(call.function, function, call.args, call.kwargs):
        return Outcome(error=problem)
    printed = BoundedText(PRINTED_LIMIT)
    outcome = Outcome()
    # Student code may print or warn; nothing of it may reach the notebook's stderr (nbgrader
    # scores any stderr output as a failure), so both are captured and kept as text.
    substitutes = {name: _recorded(name, _resolve(target), outcome.helper_calls)
                   for name, target in call.substitutes.items()}
    with substituted(namespace, substitutes), warnings.catch_warnings(record=True) as caught, \
            contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        warnings.simplefilter("always")
        try:
            if call.seed is not None:
                np.random.seed(call.seed)
            value = function(*copy.deepcopy(call.args), **copy.deepcopy(call.kwargs))
            outcome.rng_next = float(np.random.random_sample())
            outcome.value = plain(value)
        except NotImplementedError:
            outcome.error = _("not implemented yet (the function still raises NotImplementedError)")
        except (Exception, SystemExit) as error:  # the student's bug, reported, never raised here
            outcome.error = _("raised {error_type}: {error}", error_type=type(error).__name__, error=error)
    warned = "".join(f"{w.category.__name__}: {w.message}\n" for w in caught[:20])
    outcome.printed = (printed.getvalue() + warned)[:PRINTED_LIMIT]
    return outcome


class BoundedText(io.TextIOBase):
    """A text sink that keeps the first ``limit`` characters and drops the rest (a gigabyte of prints)."""

    def __init__(self, limit):
        self.limit, self.kept = limit, []
        self.size = 0

    def write(self, text):
        if self.size < self.limit:
            self.kept.append(str(text)[:self.limit - self.size])
            self.size += len(self.kept[-1])
        return len(text)

    def getvalue(self):
        return "".join(self.kept)


def _recorded(name, helper, log):
    """``helper``, noting in ``log[name]`` the arguments of its first calls, bound to its parameter names."""
    calls = log.setdefault(name, [])
    signature = inspect.signature(helper)

    def recording(*args, **kwargs):
        if len(calls) < HELPER_CALLS_KEPT:
            try:
                bound = signature.bind(*args, **kwargs).arguments
            except TypeError:  # the helper itself will say what is wrong with the call
                bound = {}
            calls.append({parameter: summary(value) for parameter, value in bound.items()})
        return helper(*args, **kwargs)

    return recording


def summary(value):
    """A small plain stand-in for an argument: a number as a float, an array by its shape, a dict by its keys."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) else {"type": "non-finite number"}
    if type(value) is np.ndarray:
        return {"shape": [int(n) for n in value.shape]}
    if type(value) is dict:
        return {"keys": sorted(str(key) for key in value)}
    return {"type": type(value).__name__}


def plain_helper_calls(received):
    """Whether ``received`` (from the sandbox, untrusted) has the form of ``Outcome.helper_calls``."""
    def plain(item):
        if type(item) is float:
            return True
        if type(item) is not dict or len(item) != 1:
            return False
        (kind, content), = item.items()
        if kind == "shape":
            return type(content) is list and all(type(n) is int for n in content)
        if kind == "keys":
            return type(content) is list and all(type(key) is str for key in content)
        return kind == "type" and type(content) is str

    return type(received) is dict and all(
        type(name) is str and type(calls) is list and len(calls) <= HELPER_CALLS_KEPT
        and all(type(call) is dict and all(type(key) is str and plain(item) for key, item in call.items())
                for call in calls)
        for name, calls in received.items())


def _resolve(target):
    module, attribute = target.split(":")
    return getattr(importlib.import_module(module), attribute)
