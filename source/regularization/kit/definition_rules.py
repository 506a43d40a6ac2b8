"""Which of a notebook's statements the isolated grader runs: its "definitions".

From every code cell that is not a test cell, the grader keeps the top-level imports, function and
class definitions, and assignments that call nothing and use only names kept before them
(constants, aliases such as ``randn = np.random.randn``, helpers such as ``square = lambda W: W ** 2``).
Everything else (training runs, plots, prints, data loads, and what depends on them) is left out.

The grader (``autograder.definitions``) and the check before submitting (``kit.check``) both walk a
notebook with ``statements`` below, so they cannot disagree on what is kept. Each passes its own
``parse``: the grader's guards against hostile input. Standard library only.
"""
from __future__ import annotations

import ast
import builtins
import enum
import re
from dataclasses import dataclass

from .nbgrader_cells import is_grade, is_solution

KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # Python's line breaks (str.splitlines knows more)
PYTHON_CELL_MAGICS = ("%%time", "%%capture")  # they run the rest of the cell as Python, in the notebook's namespace
# IPython's own syntax, not Python: `%magic`, `!shell`, and `name = %magic` or `name = !shell`.
IPYTHON_LINE = re.compile(r"\s*([%!]|[\w.]+\s*=\s*[%!])")


class LeftOut(enum.Enum):
    """Why the grader does not run a top-level statement."""
    CALL = "made by a call"
    UNKEPT_NAME = "made from a name the grader does not keep"
    NOT_A_DEFINITION = "made by a statement that is not a definition"


class Skipped(enum.Enum):
    """Why the grader runs nothing of a code cell."""
    TEST_CELL = "a test cell"
    CELL_MAGIC = "a cell magic"
    UNPARSABLE = "code that does not parse"


@dataclass(frozen=True)
class Statement:
    """One top-level statement of a code cell, and whether the grader runs it."""
    cell: int  # index in the notebook's cells
    node: ast.stmt
    source: str  # the cell's Python source, which the node's positions refer to
    left_out: LeftOut | None = None  # None: the grader runs it
    unkept_name: str | None = None  # for UNKEPT_NAME: the name it reads

    @property
    def kept(self):
        return self.left_out is None


@dataclass(frozen=True)
class SkippedCell:
    cell: int
    why: Skipped
    detail: str = ""  # the magic, or the parser's complaint


def is_test_cell(cell):
    return bool(is_grade(cell)) and not is_solution(cell)


def source_of(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def python_source(source):
    """``(the cell's Python, None)``, IPython's lines blanked so line numbers stay the cell's; or
    ``(None, the cell magic)`` for a cell that is not Python (``%%bash``, ``%%writefile``, ...)."""
    if source.lstrip().startswith("%%"):
        magic = source.split()[0]
        if magic not in PYTHON_CELL_MAGICS:
            return None, magic[:40]
        source = "\n" + source.split("\n", 1)[-1] if "\n" in source else ""  # keep the line numbers
    return "\n".join("" if IPYTHON_LINE.match(line) else line for line in LINE_BREAK.split(source)), None


def statements(cells, parse):
    """``(statements, skipped cells)`` of a notebook's cells, in order.

    ``parse(source)`` returns ``(top-level nodes, None)`` or ``(None, why it does not parse)``.
    """
    found, skipped, bound = [], [], set(dir(builtins))
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        if is_test_cell(cell):
            skipped.append(SkippedCell(index, Skipped.TEST_CELL))
            continue
        source, magic = python_source(source_of(cell))
        if source is None:
            skipped.append(SkippedCell(index, Skipped.CELL_MAGIC, magic))
            continue
        nodes, problem = parse(source)
        if nodes is None:
            skipped.append(SkippedCell(index, Skipped.UNPARSABLE, problem))
            continue
        for node in nodes:
            left_out, name = (None, None) if isinstance(node, KEPT) else _why_left_out(node, bound)
            found.append(Statement(index, node, source, left_out, name))
            if left_out is None:
                bound |= names_bound_by(node)
    return found, skipped


def _assigned(node):
    """``(names, value)`` of an assignment to plain names (``a = ...``, ``a, b = ...``), None otherwise."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return None
    names = [part for target in targets
             for part in (target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target])]
    return ([name.id for name in names], value) if all(isinstance(name, ast.Name) for name in names) else None


def _why_left_out(node, bound):
    """``(why, the unkept name it reads)``, ``(None, None)`` for an assignment to plain names whose
    value calls nothing and reads only names in ``bound``: it cannot start a training run, nor fail
    for want of one. A lambda's body runs only when called."""
    assigned = _assigned(node)
    if assigned is None:
        return LeftOut.NOT_A_DEFINITION, None
    pending = [assigned[1]]
    while pending:
        part = pending.pop()
        if isinstance(part, ast.Call):
            return LeftOut.CALL, None
        if isinstance(part, ast.Name) and part.id not in bound:
            return LeftOut.UNKEPT_NAME, part.id
        if isinstance(part, ast.Lambda):  # its defaults are evaluated now, its body later
            pending.extend(default for default in part.args.defaults + part.args.kw_defaults if default)
        else:
            pending.extend(ast.iter_child_nodes(part))
    return None, None


def names_bound_by(node):
    """The names a kept statement binds."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {alias.asname or alias.name.split(".")[0] for alias in node.names}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    return set(_assigned(node)[0])
