"""The sandboxed runner: grade a notebook with its code in the sandbox and the verdict computed here.

read (the notebook as JSON) -> definitions (imports, defs, constants) -> plan (the rubric's calls)
-> sandbox (run them locked in) -> judge (trusted comparison and diagnosis) -> a Grade.
"""
import re
import time
from dataclasses import dataclass, field

from .. import sandbox
from ..conventions import grading_seed
from ..definitions import definitions_source, source_of
from ..judging import grade
from ..errors import NotGradable
from ..references import References
from ..rubric import ASSIGNMENTS
from ..untrusted_source import read_file, read_notebook_json


@dataclass
class Grade:
    """The grade of one submission."""
    assignment: str
    path: str
    results: list  # FunctionResult per graded function
    notes: list = field(default_factory=list)  # cells skipped, definitions that failed
    seed: int | None = None
    seconds: float = 0.0
    sandbox: dict = field(default_factory=dict)  # what isolation each concern had (Sandbox.sandbox_description)

    @property
    def score(self):
        return sum(result.score for result in self.results)

    @property
    def max_score(self):
        return sum(result.max_score for result in self.results)


def infer_assignment(notebook, path):
    """The assignment whose graded functions the notebook defines or tests."""
    text = "\n".join(source_of(cell) for cell in notebook["cells"])
    counts = {name: sum(bool(re.search(rf"\b{re.escape(f.name)}\b", text)) for f in assignment.functions)
              for name, assignment in ASSIGNMENTS.items()}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise NotGradable(f"{path}: cannot tell which assignment this is (give --assignment)")
    return best


def grade_notebook(notebook, assignment_name=None, limits=None, seed=None, box=None, name=None, isolation="full"):
    """Grade ``notebook``, a path or the notebook file's bytes; NotGradable when it is not a notebook,
    sandbox.GraderFailure when the sandbox cannot run it as required.

    With bytes, ``name`` (the client's path of the file) is what results and messages call it.
    ``box`` is a Sandbox to reuse (a batch keeps one per worker); without it a fresh one is used,
    with the given ``isolation`` ("full", or "minimal" to grade where nothing hides the files).
    """
    started = time.monotonic()
    owned = box is None
    box = box or sandbox.Sandbox(isolation=isolation)  # started first: its imports overlap the planning below
    try:
        data, name = (notebook, name) if isinstance(notebook, bytes) else (read_file(notebook), str(notebook))
        return _grade(data, name, assignment_name, limits or sandbox.Limits(), seed, box, started)
    finally:
        if owned:
            box.close()


def _grade(data, path, assignment_name, limits, seed, box, started):
    notebook = read_notebook_json(data, path)
    assignment = ASSIGNMENTS[assignment_name or infer_assignment(notebook, path)]
    source, notes = definitions_source(notebook)
    seed = grading_seed() if seed is None else seed
    runner, sandbox_notes = sandboxed(box, source, limits)
    results = grade(assignment, runner, seed, References(assignment.name))
    return Grade(assignment.name, str(path), results, notes + sandbox_notes, seed,
                 time.monotonic() - started, box.sandbox_description())


def sandboxed(box, source, limits):
    """A runner that makes a plan's calls on ``source``'s definitions in ``box``; and the list
    that collects the sandbox's notes (definitions that failed, ...)."""
    notes = []

    def run(plan):
        result = box.run(source, plan.calls, limits)
        notes.extend(result.notes)
        return result.outcomes

    return run, notes
