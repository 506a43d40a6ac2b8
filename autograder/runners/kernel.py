"""The kernel runner: the hidden tests inside nbgrader's kernel.

A hidden test cell calls ``check("initialize_parameters_he", globals())``. The checks run on the
notebook's own functions. The result is displayed twice over: as text (the feedback) and as
data of its own MIME type (``RESULT_MIME``), which tools read back from the autograded notebook
instead of parsing the text. A failed function then raises ``FunctionFailed``, which nbgrader
scores as zero; its traceback is only the report, so feedback never shows hidden test code.
This runner shares the student's kernel: see the README on what that allows.
"""
import functools
from pathlib import Path

from ..conventions import grading_seed
from ..i18n import speaking
from ..judging import grade
from ..record import FunctionResult
from ..references import References
from ..reports import function_report
from ..rubric import find_assignment
from . import in_process

RESULT_MIME = "application/vnd.autograder.function-result+json"


class FunctionFailed(AssertionError):
    """A graded function failed a check; the message is the whole report."""

    def _render_traceback_(self):
        # IPython shows this instead of a traceback, keeping the hidden test code out of the output.
        return [f"FunctionFailed: {line}" if index == 0 else line
                for index, line in enumerate(str(self).splitlines())]


def check(function_name, namespace, seed=None):
    """Grade ``function_name`` as defined in ``namespace`` (the notebook's ``globals()``)."""
    assignment = find_assignment(function_name)
    seed = grading_seed() if seed is None else seed
    with speaking(course_language_here(Path.cwd())):
        [result] = grade(assignment, in_process(namespace), seed, References(assignment.name), only=[function_name])
        report = function_report(result)
        data = result.to_dict()
    # A failure's report is its traceback's text: shown once, there.
    show(report if result.passed else None, data)
    if not result.passed:
        raise FunctionFailed(report)


@functools.lru_cache(maxsize=None)
def course_language_here(folder):
    """What the learners of the course ``folder`` is in read (nbgrader autograde runs a submission in
    the course's autograded/ folder); None, following the environment, outside a course."""
    from ..course_language import course_language, enclosing_course, learners_language
    course = enclosing_course(folder)
    return learners_language(course_language(course)) if course else None


def show(report, data):
    """The report as text, and in a kernel also the result as data for tools to read back."""
    from IPython import get_ipython
    from IPython.display import display
    if get_ipython() is None:  # not in a kernel (a plain script): the text alone
        if report:
            print(report)
        return
    display({**({"text/plain": report} if report else {}), RESULT_MIME: data}, raw=True)


def displayed_results(cells):
    """The FunctionResults that hidden test cells displayed as data, read back from a notebook's cells."""
    return [FunctionResult.from_dict(output["data"][RESULT_MIME])
            for cell in cells for output in cell.get("outputs", []) if RESULT_MIME in output.get("data", {})]
