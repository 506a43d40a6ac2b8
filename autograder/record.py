"""The result of grading: per graded function a ``FunctionResult``, per submission a ``GradeRecord``.

These are the only result types, and this is the only place that knows their shape. A record's
dictionary form is Gradescope's ``results.json`` (``score``, ``max_score``, ``tests``, ``output``,
``stdout_visibility``, ``execution_time``) plus the kit's own fields (``assignment``, ``status``,
``gradable``, ``error``, ``notebook``, ``sandbox``, ``seed``, and in a batch ``student`` and
``content_hash``). ``autograder grade`` prints it, a batch stores it, Gradescope's runner writes
it, and the CSV, the gradebook and the class report read it back.

Standard library only: the class report and the sandbox's zygote import this without the grader.
"""
import enum
import json
from dataclasses import dataclass, field, fields

from .errors import first_line
from .i18n import _
from .reports import function_report


class Status(enum.Enum):
    """Whether a submission was graded, and if not, whose failure that was."""
    GRADED = "graded"
    NOT_GRADABLE = "not_gradable"  # the submission's: not a notebook of a known assignment
    GRADER_FAILURE = "grader_failure"  # the grader's or its environment's: no student is to blame

    def describe(self, what):
        """The record's ``error`` for a submission not graded because of ``what``."""
        return _("not graded (grader environment: {what})", what=what) if self is Status.GRADER_FAILURE else what


@dataclass
class CheckResult:
    name: str
    visibility: str  # "visible": the student sees the case and expected values; "hidden": only what failed
    problems: list[str]

    @property
    def passed(self):
        return not self.problems


@dataclass
class FunctionResult:
    """One graded function's verdict: its checks, and when it failed the likely mistakes."""
    function: str
    max_score: int
    checks: list[CheckResult]
    hints: list[str] = field(default_factory=list)
    printed: str = ""  # what the student's code printed or warned during the calls (not stored)
    seed: int | None = None  # of the fresh inputs of the property checks

    @property
    def passed(self):
        return all(check.passed for check in self.checks)

    @property
    def score(self):
        return self.max_score if self.passed else 0

    # Gradescope's names for the same things.
    name = property(lambda self: self.function)
    status = property(lambda self: "passed" if self.passed else "failed")
    diagnosis = property(lambda self: tuple(self.hints))
    output = property(lambda self: function_report(self))

    def to_dict(self):
        return {"name": self.function, "function": self.function, "score": self.score, "max_score": self.max_score,
                "status": self.status, "output": self.output, "visibility": "visible", "diagnosis": list(self.hints),
                "checks": [{"name": check.name, "visibility": check.visibility, "problems": list(check.problems)}
                           for check in self.checks],
                "seed": self.seed}

    @classmethod
    def from_dict(cls, data):
        """The result from its dictionary form; a wrong shape raises ValueError. Its score and status
        follow from its checks, whatever the file says."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not _number(data.get("max_score")):
            raise ValueError("a test without name and max_score")
        checks = [CheckResult(check["name"], check["visibility"], list(check["problems"]))
                  for check in _list(data.get("checks")) if _check_shaped(check)]
        hints = _list(data.get("diagnosis", []))
        if len(checks) != len(data["checks"]) or not all(isinstance(hint, str) for hint in hints) \
                or not isinstance(data.get("seed"), (int, type(None))):
            raise ValueError("a test's checks, diagnosis or seed of the wrong shape")
        return cls(data["name"], data["max_score"], checks, list(hints), seed=data.get("seed"))


@dataclass(frozen=True)
class GradeRecord:
    """One submission's result: graded, or not, and then why (``error``) and whose failure (``status``)."""
    assignment: str
    status: Status = Status.GRADED
    tests: tuple = ()  # FunctionResult per graded function, in the rubric's order
    max_score: float = 0
    error: str | None = None  # why it was not graded, in one line
    output: str = ""  # notes: cells skipped, definitions that failed
    notebook: str | None = None
    sandbox: object = None  # what the grader applied, as the grader describes it (plain JSON)
    seed: int | None = None
    execution_time: float = 0.0
    student: str | None = None
    content_hash: str | None = None

    @property
    def score(self):
        return sum(test.score for test in self.tests)

    @property
    def graded(self):
        return self.status is Status.GRADED

    @property
    def grader_failed(self):
        return self.status is Status.GRADER_FAILURE

    @classmethod
    def not_graded(cls, assignment, what, status=Status.NOT_GRADABLE, **context):
        """The record of a submission that could not be graded, saying why: never a silent zero."""
        error = status.describe(what)
        return cls(assignment, status, error=error, output=error, **context)

    def to_dict(self):
        record = {f.name: getattr(self, f.name) for f in fields(self)}
        record.update(status=self.status.value, gradable=self.graded, score=self.score,
                      tests=[test.to_dict() for test in self.tests])
        record["stdout_visibility"] = "hidden"  # Gradescope: the grader's own log is for instructors
        return record

    def to_json(self):
        return json.dumps(self.to_dict(), indent=1)

    @classmethod
    def from_dict(cls, data, **known_context):
        """A record from its dictionary form; a wrong shape raises ValueError.

        ``known_context`` (a result file's student and assignment, known from its path) wins
        over what the data says.
        """
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if not REQUIRED_FIELDS <= data.keys():
            raise ValueError(f"no {', '.join(sorted(REQUIRED_FIELDS - data.keys()))}")
        names = {f.name for f in fields(cls)}
        values = {**{key: value for key, value in data.items() if key in names}, **known_context}
        values["tests"] = tuple(FunctionResult.from_dict(test) for test in _list(values.get("tests", [])))
        for name in TEXT_FIELDS:
            if not isinstance(values.get(name), (str, type(None))):
                raise ValueError(f"{name} is not text")
        if not isinstance(values.get("assignment"), str) or not _number(data["score"]) \
                or not _number(values["max_score"]) or type(data["gradable"]) is not bool:
            raise ValueError("assignment, score, max_score or gradable missing or of the wrong type")
        if data["score"] != sum(test.score for test in values["tests"]):
            raise ValueError("the score is not the sum of its tests' scores")
        try:
            values["status"] = Status(data.get("status", "graded" if data["gradable"] else "not_gradable"))
        except ValueError:
            raise ValueError("an unknown status") from None
        if values["status"] is Status.GRADED and (not data["gradable"] or values.get("error") is not None):
            raise ValueError("graded, yet not gradable or with an error")
        return cls(**values)

    @classmethod
    def read(cls, path, assignment, student):
        """The record in a result file; one that cannot be read or has the wrong shape is a grader failure."""
        try:
            return cls.from_dict(json.loads(path.read_bytes()), assignment=assignment, student=student)
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError) as error:
            error = f"unreadable result file {path.name}: {first_line(error)}"
            return cls(assignment, Status.GRADER_FAILURE, error=error, output=error, student=student)


REQUIRED_FIELDS = {"score", "max_score", "gradable", "tests"}  # what makes a half-written record
# What is said in the language of the grading: a record's, its tests' and its checks' prose fields.
# Every other field (names, statuses, scores, the sandbox's words) is the same in every language.
PROSE_FIELDS = {"record": ("error", "output"), "test": ("output", "diagnosis"), "check": ("problems",)}


def machine_fields(data):
    """A record's dictionary form without its prose: what tools may read, whatever the language."""
    def without(item, kind):
        return {key: value for key, value in item.items() if key not in PROSE_FIELDS[kind]}
    return {**without(data, "record"), "tests": [
        {**without(test, "test"), "checks": [without(check, "check") for check in test["checks"]]}
        for test in data["tests"]]}
TEXT_FIELDS = ("error", "output", "notebook", "student", "content_hash")


def _list(value):
    if not isinstance(value, list):
        raise ValueError(f"a list was expected, not {type(value).__name__}")
    return value


def _number(value):
    return type(value) in (int, float)


def _check_shaped(check):
    return isinstance(check, dict) and isinstance(check.get("name"), str) \
        and check.get("visibility") in ("visible", "hidden") and isinstance(check.get("problems"), list) \
        and all(isinstance(problem, str) for problem in check["problems"])
