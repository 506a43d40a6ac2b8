"""The rubric: for every graded function, its points, checks and catalogued mistakes.

This is the single source of truth for grading. Both runners (nbgrader's kernel and the
sandboxed child) make the calls a check asks for and hand the plain outcomes to its judge.
A function earns its points only when every one of its checks passes: a half-right function
is not worth half, and a public case alone can be hard-coded.
"""
import importlib
import pkgutil
from dataclasses import dataclass, field

from ..calls import Call
from ..checks import Check, Judged, every_call, require, samples  # noqa: F401 (re-exported: every rubric writes them)
from ..kit.signatures import SIGNATURES


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: the reference solution with ``solution_text`` replaced by ``buggy_text``
    (and each pair of ``also`` likewise: learners repeat a slip in every layer).

    Its outputs on the fixed cases are stored with the references; a submission whose outputs
    match them is told ``hint``. The sample class holds one submission per mistake.
    """
    name: str
    hint: str
    solution_text: str
    buggy_text: str
    also: tuple = ()

    @property
    def edits(self):
        return [(self.solution_text, self.buggy_text), *self.also]


@dataclass(frozen=True)
class GradedFunction:
    name: str
    points: int
    hidden_cases: list[Call]  # fixed inputs whose solution outputs are stored as references
    properties: list[Check]
    mistakes: list[Mistake]
    # Said when fixed cases fail but no catalogued mistake matches and every property holds.
    fallback_hint: str = ""
    # Helpers the checks substitute that the function must call, each with what to say when it never does
    # ("never calls backward_propagation: ..."), after the function's name.
    must_call: dict = field(default_factory=dict)

    @property
    def signature(self):
        """How the course defines it, and so how the tests call it."""
        return SIGNATURES[self.name]

    @property
    def test_cell_id(self):
        """The nbgrader grade id of the function's test cell in the notebooks."""
        return f"test_{self.name}"


@dataclass(frozen=True)
class Assignment:
    name: str
    functions: list[GradedFunction]
    datasets: tuple[str, ...] = ()  # copied into the assignment folder by the release step

    @property
    def max_score(self):
        return sum(function.points for function in self.functions)

    def function(self, name):
        for function in self.functions:
            if function.name == name:
                return function
        raise KeyError(f"{self.name} has no graded function {name!r}")


def registered(assignments_by_module):
    """``{name: Assignment}`` from ``{module name: its ASSIGNMENT}``, refusing what would grade the
    wrong thing: an assignment not named as its module (the command line lists module names), or a
    graded function name used twice (a test cell's check finds its assignment by the function's name)."""
    seen = {}
    for module_name, assignment in assignments_by_module.items():
        if assignment.name != module_name:
            raise ValueError(f"rubric/{module_name}.py defines the assignment {assignment.name!r}: name them alike")
        for function in assignment.functions:
            if function.name in seen:
                raise ValueError(f"{function.name} is graded by both {seen[function.name]} and {assignment.name}")
            seen[function.name] = assignment.name
    return {assignment.name: assignment for assignment in assignments_by_module.values()}


# Every module of this package is one assignment, registered by its ASSIGNMENT.
ASSIGNMENTS = registered({info.name: importlib.import_module(f"{__name__}.{info.name}").ASSIGNMENT
                          for info in pkgutil.iter_modules(__path__)})


def find_assignment(function_name):
    """The assignment that grades ``function_name``."""
    for assignment in ASSIGNMENTS.values():
        if any(function.name == function_name for function in assignment.functions):
            return assignment
    raise KeyError(f"no assignment grades a function named {function_name!r}")
