"""The reference solutions, read from the source notebooks, and the catalogued mistakes applied to them.

Only the kit's own tooling runs this code (reference building, the sample class): it is the
instructors' code, never a student's.
"""
import copy
import re
from pathlib import Path

import nbformat

from . import student_kit
from .definitions import definitions_source
from .i18n import _

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "source"
RELEASE = REPO / "release"
SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)


def read_notebook(path):
    return nbformat.read(str(path), as_version=4)


def source_notebook(assignment_name):
    return read_notebook(SOURCE / assignment_name / f"{assignment_name}.ipynb")


def defining_cell(notebook, function_name):
    """The code cell that defines ``function_name``."""
    pattern = re.compile(rf"^def {re.escape(function_name)}\(", re.MULTILINE)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code" and pattern.search(cell.source)]
    if len(cells) != 1:
        raise LookupError(_("expected one cell defining {function}, found {count}", function=function_name,
                            count=len(cells)))
    return cells[0]


def with_mistake(notebook, function_name, mistake):
    """A copy of the notebook whose ``function_name`` carries ``mistake``."""
    mutated = copy.deepcopy(notebook)
    cell = defining_cell(mutated, function_name)
    for solution_text, buggy_text in mistake.edits:
        count = cell.source.count(solution_text)
        if count != 1:
            raise LookupError(_("mistake {mistake!r}: {text!r} occurs {count} times in {function}", mistake=mistake.name,
                                text=solution_text, count=count, function=function_name))
        cell.source = cell.source.replace(solution_text, buggy_text)
    return mutated


def solution_code(cell_source):
    """A solution cell's code without the nbgrader markers, as a student who got it right would write it."""
    return SOLUTION_MARKERS.sub("", cell_source)


class UnkeptDefinitions(ValueError):
    """A notebook of the kit's own has code the grader would not keep (a cell skipped, a definition that
    failed): its solutions would not grade as the notebook runs."""


def namespace(notebook, assignment_name):
    """Run the notebook's definitions and return the namespace they built."""
    student_kit.install()
    source, notes = definitions_source(notebook)
    if notes:
        raise UnkeptDefinitions(f"{assignment_name}: " + "; ".join(notes))
    scope = {"__name__": f"{assignment_name}_solution"}
    exec(compile(source, f"<{assignment_name} solution>", "exec"), scope)
    return scope
