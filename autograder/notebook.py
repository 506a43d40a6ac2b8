"""Runner 1: the hidden tests inside nbgrader's kernel.

A hidden test cell calls ``check("initialize_parameters_he", globals())``. The checks run on the
notebook's own functions; the report goes to stdout; a failed function raises ``FunctionFailed``,
which nbgrader scores as zero. Its traceback is only the report, so feedback never shows hidden
test code. This runner shares the student's kernel: see the README on what that allows.
"""
import secrets

from .calls import run_call
from .judging import grade
from .rubric import find_assignment


class FunctionFailed(AssertionError):
    """A graded function failed a check; the message is the whole report."""

    def _render_traceback_(self):
        # IPython shows this instead of a traceback, keeping the hidden test code out of the output.
        return [f"FunctionFailed: {line}" if index == 0 else line
                for index, line in enumerate(str(self).splitlines())]


def check(function_name, namespace, seed=None):
    """Grade ``function_name`` as defined in ``namespace`` (the notebook's ``globals()``)."""
    assignment = find_assignment(function_name)
    seed = secrets.randbelow(2**31) if seed is None else seed
    result = grade(assignment.name, assignment.function(function_name),
                   lambda calls: [run_call(namespace, call) for call in calls], seed)
    if not result.passed:
        raise FunctionFailed(result.report())
    print(result.report())
