"""The sandboxed runner, and the one way to grade a notebook: ``grade_notebook`` -> ``GradeRecord``.

read (the notebook as JSON) -> definitions (imports, defs, constants) -> plan (the rubric's calls)
-> sandbox (run them locked in) -> judge (trusted comparison and diagnosis) -> a GradeRecord.
``autograder grade``, the batch worker, Gradescope's runner and mutation analysis all call it.
"""
import re
import time

from .. import sandbox
from ..conventions import grading_seed
from ..definitions import definitions_source, source_of
from ..errors import GraderFailure, NotGradable, first_line
from ..i18n import _
from ..judging import grade
from ..record import GradeRecord, Status
from .. import references
from ..rubric import ASSIGNMENTS
from ..untrusted_source import read_file, read_notebook_json

UNKNOWN_ASSIGNMENT = "unknown"  # a record's assignment when none was given and none could be told


def infer_assignment(notebook, path):
    """The assignment whose graded functions the notebook defines or tests."""
    text = "\n".join(source_of(cell) for cell in notebook["cells"])
    counts = {name: sum(bool(re.search(rf"\b{re.escape(f.name)}\b", text)) for f in assignment.functions)
              for name, assignment in ASSIGNMENTS.items()}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise NotGradable(_("{path}: cannot tell which assignment this is (give `--assignment`)", path=path))
    return best


def grade_notebook(notebook, assignment_name=None, *, seed=None, box=None, isolation="full", limits=None,
                   name=None, only=None, **context):
    """The record of ``notebook`` (a path, or the notebook file's bytes), whatever happens to it:
    graded, not gradable (the submission's failure) or not graded (the grader's or the sandbox's).

    With bytes, ``name`` (the client's path of the file) is what the record and messages call it.
    ``box`` is a Sandbox to reuse (a batch keeps one per worker); without it a fresh one is used,
    with the given ``isolation`` ("full", or "minimal" to grade where nothing hides the files).
    ``only`` grades just the functions it names. ``context`` (student, content_hash) goes into the record.
    """
    started = time.monotonic()
    name = name or str(notebook)
    owned = box is None
    box = box or sandbox.Sandbox(isolation=isolation)  # started first: its imports overlap the planning below
    context = {"notebook": name, **context}
    try:
        data = notebook if isinstance(notebook, bytes) else read_file(notebook)
        return _graded(data, name, assignment_name, limits or sandbox.Limits(), seed, box, only, started, context)
    except NotGradable as error:
        return _not_graded(assignment_name, first_line(error), Status.NOT_GRADABLE, context)
    except GraderFailure as error:
        return _not_graded(assignment_name, f"{name}: {first_line(error)}", Status.GRADER_FAILURE, context)
    finally:
        if owned:
            box.close()


def _graded(data, path, assignment_name, limits, seed, box, only, started, context):
    notebook = read_notebook_json(data, path)
    assignment = ASSIGNMENTS[assignment_name or infer_assignment(notebook, path)]
    references.read_meanwhile(assignment.name)  # while this process plans and waits on the sandbox
    source, notes = definitions_source(notebook)
    seed = grading_seed() if seed is None else seed
    runner, sandbox_notes = sandboxed(box, source, limits)
    results = grade(assignment, runner, seed, references.References(assignment.name), only)
    return GradeRecord(assignment.name, Status.GRADED, tuple(results), sum(result.max_score for result in results),
                       output="\n".join(notes + sandbox_notes), sandbox=box.sandbox_description(), seed=seed,
                       execution_time=round(time.monotonic() - started, 3), **context)


def _not_graded(assignment_name, what, status, context):
    assignment = ASSIGNMENTS.get(assignment_name)
    return GradeRecord.not_graded(assignment_name or UNKNOWN_ASSIGNMENT, what, status,
                                  max_score=assignment.max_score if assignment else 0, **context)


def sandboxed(box, source, limits):
    """A runner that makes a plan's calls on ``source``'s definitions in ``box``; and the list
    that collects the sandbox's notes (definitions that failed, ...)."""
    notes = []

    def run(plan):
        result = box.run(source, plan.calls, limits)
        notes.extend(result.notes)
        return result.outcomes

    return run, notes
