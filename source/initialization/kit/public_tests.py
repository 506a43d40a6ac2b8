"""The public tests: the course's example inputs and its published outputs, as data.

In a notebook: ``public_test(initialize_parameters_he)`` runs every public case of that function,
then, when they pass, its public properties on fresh inputs (``properties``), and either prints that
all passed or fails with a short report: the likely mistake in the grader's own words when the outputs
are a catalogued mistake's, what differs, compactly, or which property fails and on which draw. The
failure shows only its report (no traceback through the kit), and still fails the cell, as the grader
does.
"""
import contextlib
import copy
import enum
import io
import secrets
import sysconfig
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import messages, mistakes
from .cases import PUBLIC_CASES, PUBLIC_PROPERTIES
from .compare import differences
from .conventions import PRE_SEED
from .properties import Answer
from .signatures import signature_problem

KIT = Path(__file__).resolve().parent


class Kind(enum.Enum):
    ERROR = "error"  # the function could not be called, or raised: said alone, nothing was compared
    MISTAKE = "mistake"  # a catalogued mistake's hint
    DIFFERENCE = "difference"  # what differs on one case
    PROPERTY = "property"  # a public property that fails on the fresh inputs
    SOURCE = "source"  # a line of the learner's code, shown as it is: code is not wrapped


@dataclass(frozen=True)
class Finding:
    """One thing a public test found, rendered as one paragraph of the report."""
    kind: Kind
    text: str  # in the learner's language, but for a mistake: its hint's English text, said by lines()
    case: str = ""  # the public case (or the property) it is about, in English; "" for the function as a whole

    def lines(self):
        if self.kind is Kind.ERROR:
            return messages.paragraph(self.text)
        if self.kind is Kind.SOURCE:
            return [messages.INDENT + self.text]
        if self.kind is Kind.MISTAKE:
            return messages.paragraph(messages.likely_mistake(self.text), messages.INDENT)
        return messages.paragraph(messages.about(self.case, self.text), messages.INDENT)


class PublicTestFailure(AssertionError):
    """A public test failed; the message is the whole report, and IPython shows only it."""

    def __init__(self, name, findings, failures=0, count=0, seed=None):
        self.name, self.findings = name, list(findings)
        super().__init__("\n".join(self.report(failures, count, seed)))

    def report(self, failures, count, seed):
        if any(finding.kind is Kind.ERROR for finding in self.findings):
            return [line for finding in self.findings for line in finding.lines()]
        if any(finding.kind is Kind.PROPERTY for finding in self.findings):
            lines = messages.paragraph(messages.failed_properties(self.name, failures, count))
            for prop in dict.fromkeys(finding.case for finding in self.findings):  # each property once, in order
                lines += messages.paragraph(messages.property_heading(prop), messages.INDENT)
                lines += [line for finding in self.findings if finding.case == prop
                          for line in messages.paragraph(finding.text, 2 * messages.INDENT)]
            return lines + messages.paragraph(messages.drawn_again(self.name, seed), messages.INDENT)
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


def public_test(function, seed=None):
    """Run the public cases of ``function`` (looked up by its name), then its public properties on inputs
    drawn from ``seed`` (a fresh one if not given), and report what differs."""
    name = function.__name__
    if name not in PUBLIC_CASES:
        raise PublicTestFailure(name, [Finding(Kind.ERROR, messages.unknown_function(name))])
    cases = PUBLIC_CASES[name]
    received, findings, failures = {}, [], 0
    for index, case in enumerate(cases):
        received[index] = called(function, case.make_args(), case.kwargs, case.substitutes, case.name)
        found = [Finding(Kind.DIFFERENCE, line, case.name) for line in
                 differences(case.expected, received[index], case.output_name, rtol=case.rtol, atol=case.atol)]
        failures += bool(found)
        findings += found
    if findings:
        hints = [Finding(Kind.MISTAKE, mistake.hint) for mistake in mistakes.matching(name, received)]
        raise PublicTestFailure(name, hints + findings, failures, len(cases))
    properties = PUBLIC_PROPERTIES.get(name, [])
    seed = secrets.randbelow(2 ** 32) if seed is None else seed
    failing = {prop.name: problems for prop in properties if (problems := property_problems(function, prop, seed))}
    if failing:
        raise PublicTestFailure(name, [Finding(Kind.PROPERTY, problem, prop) for prop, problems in failing.items()
                                       for problem in problems], len(failing), len(properties), seed)
    print(messages.passed(name, len(cases), len(properties)))


def property_problems(function, prop, seed):
    """What ``prop`` (a properties.Property) finds in ``function``'s answers on the inputs drawn from ``seed``."""
    answers = {}
    for role, probe in prop.probes(seed).items():
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):  # a verdict printed for the judge, not for the notebook
            # Copies, as the grader passes them: an answer that changes its arguments cannot change what is judged.
            value = called(function, copy.deepcopy(probe.args), copy.deepcopy(probe.kwargs), probe.substitutes,
                           messages.fresh_inputs(prop.name, role))
        answers[role] = Answer(probe.args, probe.kwargs, value, printed.getvalue())
    return prop.judge(answers)


def called(function, args, kwargs, substitutes, where):
    """What ``function`` returns on ``args`` and ``kwargs`` (with ``substitutes`` in its namespace), called as
    the grader calls it (the RNG seeded with PRE_SEED first, and the notebook's RNG state restored after); a
    call that cannot be made or raises fails the test with a short report saying ``where``."""
    name = function.__name__
    if problem := signature_problem(name, function, args, kwargs):
        raise PublicTestFailure(name, [Finding(Kind.ERROR, problem)])
    state = np.random.get_state()
    try:
        np.random.seed(PRE_SEED)
        with substituted(function.__globals__, substitutes):
            return function(*args, **kwargs)
    except NotImplementedError:
        raise PublicTestFailure(name, [Finding(Kind.ERROR, messages.not_written(name))]) from None
    except Exception as error:
        said = [Finding(Kind.ERROR, messages.raised(name, where, error))]
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
