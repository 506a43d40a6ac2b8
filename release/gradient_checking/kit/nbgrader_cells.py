"""nbgrader's marks on a notebook's cells, read without nbgrader: which cells are tests, read-only
or answers, and the checksum nbgrader stores to tell whether a cell was changed.

The checksum follows nbgrader's documented rule (``nbgrader.utils.compute_checksum``): the MD5 of
the cell's source, its type, whether it is a grade cell, a solution cell and locked, its grade id,
and for a grade cell its points as a float. A test compares it with nbgrader's own on every
release notebook.
"""
from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass


class CellKind(enum.Enum):
    TEST = "test cell"  # graded and read-only: nbgrader puts its own back when grading
    READ_ONLY = "read-only cell"  # locked: the course's code, put back when grading
    ANSWER = "answer cell"  # the learner's to fill in


@dataclass(frozen=True)
class ReleasedCell:
    """One cell of the release notebook that nbgrader knows by its grade id."""
    grade_id: str
    kind: CellKind
    checksum: str


def nbgrader_metadata(cell):
    metadata = cell.get("metadata", {})
    marks = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return marks if isinstance(marks, dict) else {}


def is_grade(cell):
    return nbgrader_metadata(cell).get("grade", False)


def is_solution(cell):
    return nbgrader_metadata(cell).get("solution", False)


def is_locked(cell):
    """nbgrader's rule: a solution cell is never locked, a grade cell always is."""
    if is_solution(cell):
        return False
    return True if is_grade(cell) else nbgrader_metadata(cell).get("locked", False)


def kind_of(cell):
    """The cell's kind, or None for a cell nbgrader does not track."""
    if "grade_id" not in nbgrader_metadata(cell):
        return None
    if is_solution(cell):
        return CellKind.ANSWER
    if is_grade(cell):
        return CellKind.TEST
    return CellKind.READ_ONLY if is_locked(cell) else None


def checksum(cell):
    """nbgrader's checksum of ``cell`` (a cell of the notebook's JSON), computed from its rule."""
    source = cell.get("source", "")
    marks = nbgrader_metadata(cell)
    parts = ["".join(source) if isinstance(source, list) else source, cell.get("cell_type", ""),
             str(is_grade(cell)), str(is_solution(cell)), str(is_locked(cell)), marks["grade_id"]]
    if is_grade(cell):
        parts.append(str(float(marks["points"])))
    digest = hashlib.md5()
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def released_cells(notebook):
    """The ``ReleasedCell`` of every cell nbgrader tracks in ``notebook``, in order."""
    return [ReleasedCell(nbgrader_metadata(cell)["grade_id"], kind_of(cell), checksum(cell))
            for cell in notebook["cells"] if kind_of(cell) is not None]
