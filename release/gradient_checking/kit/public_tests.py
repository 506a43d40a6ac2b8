"""The public tests: the course's example inputs and its published outputs, as data.

In a notebook: ``public_test(initialize_parameters_he)`` runs every public case of that function
and either prints that they passed or fails with a short report: the likely mistake in the grader's
own words when the outputs are a catalogued mistake's, and what differs, compactly. The failure
shows only its report (no traceback through the kit), and still fails the cell, as the grader does.
"""
import contextlib
import enum
import sysconfig
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import messages, mistakes
from .cases import PUBLIC_CASES
from .compare import differences
from .conventions import PRE_SEED
from .signatures import signature_problem

KIT = Path(__file__).resolve().parent


class Kind(enum.Enum):
    ERROR = "error"  # the function could not be called, or raised: said alone, nothing was compared
    MISTAKE = "mistake"  # a catalogued mistake's hint
    DIFFERENCE = "difference"  # what differs on one case
    SOURCE = "source"  # a line of the learner's code, shown as it is: code is not wrapped


@dataclass(frozen=True)
class Finding:
    """One thing a public test found, rendered as one paragraph of the report."""
    kind: Kind
    text: str
    case: str = ""  # the public case it is about; "" for the function as a whole

    def lines(self):
        if self.kind is Kind.ERROR:
            return messages.paragraph(self.text)
        if self.kind is Kind.SOURCE:
            return [messages.INDENT + self.text]
        prefix = messages.LIKELY_MISTAKE if self.kind is Kind.MISTAKE else ""
        return messages.paragraph(prefix + (f"{self.case}: " if self.case else "") + self.text, messages.INDENT)


class PublicTestFailure(AssertionError):
    """A public test failed; the message is the whole report, and IPython shows only it."""

    def __init__(self, name, findings, failures=0, count=0):
        self.name, self.findings = name, list(findings)
        super().__init__("\n".join(self.report(failures, count)))

    def report(self, failures, count):
        if any(finding.kind is Kind.ERROR for finding in self.findings):
            return [line for finding in self.findings for line in finding.lines()]
        shown, differences_seen = [], 0
        for finding in self.findings:
            differences_seen += finding.kind is Kind.DIFFERENCE
            if finding.kind is not Kind.DIFFERENCE or differences_seen <= messages.SHOWN_DIFFERENCES:
                shown += finding.lines()
        if differences_seen > messages.SHOWN_DIFFERENCES:
            shown += messages.paragraph(messages.more_differences(differences_seen - messages.SHOWN_DIFFERENCES),
                                        messages.INDENT)
        return [messages.failed(self.name, failures, count), *shown]

    @property
    def hints(self):
        return [finding.text for finding in self.findings if finding.kind is Kind.MISTAKE]

    def _render_traceback_(self):
        # IPython shows these lines instead of a traceback through the kit.
        return str(self).splitlines()


def public_test(function):
    """Run the public cases of ``function`` (looked up by its name) and report what differs."""
    name = function.__name__
    if name not in PUBLIC_CASES:
        raise PublicTestFailure(name, [Finding(Kind.ERROR, messages.unknown_function(name))])
    cases = PUBLIC_CASES[name]
    received, findings, failures = {}, [], 0
    for index, case in enumerate(cases):
        received[index] = called(function, case)
        found = [Finding(Kind.DIFFERENCE, line, case.name) for line in
                 differences(case.expected, received[index], case.output_name, rtol=case.rtol, atol=case.atol)]
        failures += bool(found)
        findings += found
    if findings:
        hints = [Finding(Kind.MISTAKE, mistake.hint) for mistake in mistakes.matching(name, received)]
        raise PublicTestFailure(name, hints + findings, failures, len(cases))
    print(messages.passed(name, len(cases)))


def called(function, case):
    """What ``function`` returns on ``case``, called as the grader calls it (the RNG seeded with PRE_SEED
    first, and the notebook's RNG state restored after); a call that cannot be made or raises fails the
    test with a short report."""
    name, args = function.__name__, case.make_args()
    if problem := signature_problem(name, function, args, case.kwargs):
        raise PublicTestFailure(name, [Finding(Kind.ERROR, problem)])
    state = np.random.get_state()
    try:
        np.random.seed(PRE_SEED)
        with substituted(function.__globals__, case.substitutes):
            return function(*args, **case.kwargs)
    except NotImplementedError:
        raise PublicTestFailure(name, [Finding(Kind.ERROR, messages.not_written(name))]) from None
    except Exception as error:
        said = [Finding(Kind.ERROR, messages.raised(name, case.name, error))]
        if frame := learners_frame(error):
            said.append(Finding(Kind.ERROR, messages.raised_at(frame.lineno, frame.name)))
            if frame.line:
                said.append(Finding(Kind.SOURCE, frame.line.strip()))
        raise PublicTestFailure(name, said) from None
    finally:
        np.random.set_state(state)


def learners_frame(error):
    """The innermost frame of the error's traceback in the learner's code: not the kit's, nor a library's."""
    libraries = {Path(sysconfig.get_paths()[key]).resolve() for key in ("stdlib", "platstdlib", "purelib", "platlib")}

    def learners(filename):
        path = Path(filename).resolve()
        return not any(path.is_relative_to(folder) for folder in (KIT, *libraries))

    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if learners(frame.filename)]
    return frames[-1] if frames else None


@contextlib.contextmanager
def substituted(namespace, substitutes):
    """Put ``substitutes`` (name -> function) in ``namespace`` for the duration, then restore it."""
    saved = {name: namespace[name] for name in substitutes if name in namespace}
    namespace.update(substitutes)
    try:
        yield
    finally:
        for name in substitutes:
            namespace.pop(name, None)
        namespace.update(saved)
