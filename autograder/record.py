"""The record of one graded submission: the only place that knows its shape.

Its dictionary form is Gradescope's ``results.json`` (``score``, ``max_score``, ``tests``,
``output``, ``stdout_visibility``, ``execution_time``) plus the kit's own fields (``assignment``,
``notebook``, ``gradable``, ``sandbox``, ``seed``, and in a batch ``student`` and
``content_hash``). ``autograder grade`` prints it, a batch stores it, and the CSV, the gradebook
and the class report read it back. A record that could not be graded says why in ``error`` and
whose failure that was in ``failure``: the submission's, or the grader's own.

Standard library only: the class report and the sandbox's zygote import this without the grader.
"""
import json
from dataclasses import asdict, dataclass, fields

from .errors import first_line
from .reports import function_report

SUBMISSION, GRADER = "submission", "grader"  # whose failure kept a submission from being graded


@dataclass(frozen=True)
class FunctionScore:
    """One graded function's result: an entry of Gradescope's tests, plus the function and its diagnosis."""
    name: str
    score: float
    max_score: float
    status: str  # "passed" or "failed"
    output: str = ""
    visibility: str = "visible"
    function: str = ""
    diagnosis: tuple = ()

    @property
    def passed(self):
        return self.status == "passed"


@dataclass(frozen=True)
class GradeRecord:
    assignment: str
    score: float = 0
    max_score: float = 0
    tests: tuple = ()  # FunctionScore per graded function, in the rubric's order
    gradable: bool = True
    error: str | None = None  # why it was not graded
    failure: str | None = None  # SUBMISSION or GRADER, when not graded
    output: str = ""  # notes: cells skipped, definitions that failed
    notebook: str | None = None
    sandbox: object = None  # what the grader applied, as the grader describes it (plain JSON)
    seed: int | None = None
    execution_time: float = 0.0
    student: str | None = None
    content_hash: str | None = None

    @property
    def graded(self):
        return self.gradable and self.error is None

    @property
    def grader_failed(self):
        return self.failure == GRADER

    @classmethod
    def of_grade(cls, grade, **context):
        """The record of an isolated-grader ``Grade`` (``context``: student, content_hash, ...)."""
        tests = tuple(FunctionScore(result.function, result.score, result.max_score,
                                    "passed" if result.passed else "failed", function_report(result),
                                    function=result.function, diagnosis=tuple(result.hints))
                      for result in grade.results)
        return cls(grade.assignment, grade.score, grade.max_score, tests, output="\n".join(grade.notes),
                   notebook=grade.path, sandbox=grade.sandbox, seed=grade.seed,
                   execution_time=round(grade.seconds, 3), **context)

    @classmethod
    def not_graded(cls, assignment, error, failure=SUBMISSION, max_score=0, **context):
        """The record of a submission that could not be graded, saying why: never a silent zero."""
        return cls(assignment, 0, max_score, gradable=False, error=error, failure=failure, output=error, **context)

    @classmethod
    def grader_failure(cls, assignment, what, **context):
        """Not graded because the grader or its environment failed (``what``: what went wrong)."""
        return cls.not_graded(assignment, f"not graded (grader environment: {what})", GRADER, **context)

    def to_dict(self):
        record = asdict(self)
        record["tests"] = [{**asdict(test), "diagnosis": list(test.diagnosis)} for test in self.tests]
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
        values["tests"] = tuple(_test(test) for test in _list(values.get("tests", [])))
        for name in TEXT_FIELDS:
            if not isinstance(values.get(name), (str, type(None))):
                raise ValueError(f"{name} is not text")
        if not isinstance(values.get("assignment"), str) or not _number(values.get("score", 0)) \
                or not _number(values.get("max_score", 0)) or type(values.get("gradable", True)) is not bool:
            raise ValueError("assignment, score, max_score or gradable missing or of the wrong type")
        if values.get("error") is not None:
            values["gradable"] = False
        return cls(**values)

    @classmethod
    def read(cls, path, assignment, student):
        """The record in a result file; one that cannot be read or has the wrong shape is a failed record."""
        try:
            return cls.from_dict(json.loads(path.read_bytes()), assignment=assignment, student=student)
        except (OSError, UnicodeDecodeError, ValueError, TypeError, RecursionError) as error:
            return cls.not_graded(assignment, f"unreadable result file {path.name}: {first_line(error)}",
                                  failure=GRADER, student=student)


REQUIRED_FIELDS = {"score", "max_score", "gradable", "tests"}  # what makes a half-written record
TEXT_FIELDS = ("error", "failure", "output", "notebook", "student", "content_hash")


def _list(value):
    if not isinstance(value, list):
        raise ValueError(f"a list was expected, not {type(value).__name__}")
    return value


def _number(value):
    return type(value) in (int, float)


def _test(data):
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) \
            or not _number(data.get("score")) or not _number(data.get("max_score")):
        raise ValueError("a test without name, score and max_score")
    names = {f.name for f in fields(FunctionScore)}
    values = {"function": data["name"], **{key: value for key, value in data.items() if key in names}}
    values["diagnosis"] = tuple(_list(values.get("diagnosis", [])))
    values.setdefault("status", "passed" if values["score"] == values["max_score"] else "failed")
    if values["status"] not in ("passed", "failed") or not all(
            isinstance(values.get(name, ""), str) for name in ("output", "visibility", "function")) \
            or not all(isinstance(hint, str) for hint in values["diagnosis"]):
        raise ValueError("a test's status, output, visibility, function or diagnosis of the wrong type")
    return FunctionScore(**values)
