"""Which of a notebook's code runs when grading outside nbgrader: the definitions.

From every code cell that is not a test cell, keep the top-level imports, function and class
definitions, and assignments that call nothing and use only names kept before them (constants,
aliases such as ``randn = np.random.randn``, helpers such as ``square = lambda W: W ** 2``).
Everything else (training runs, plots, prints, data loads, and what depends on them) is left out,
so a student's helper is kept while a demonstration is not.
Parsing goes through ``untrusted_source``: a cell that cannot be parsed is skipped with a note.
"""
import ast
import builtins
import re
from types import SimpleNamespace

from .untrusted_source import parse

KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # Python's line breaks (str.splitlines knows more)
PYTHON_CELL_MAGICS = ("%%time", "%%capture")  # they run the rest of the cell as Python, in the notebook's namespace
# IPython's own syntax, not Python: `%magic`, `!shell`, and `name = %magic` or `name = !shell`.
IPYTHON_LINE = re.compile(r"\s*([%!]|[\w.]+\s*=\s*[%!])")


def is_test_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def source_of(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def definitions_source(notebook):
    """Return ``(source, notes)``: the code to run, and one note per cell that could not be used."""
    kept, notes, bound = [], [], set(dir(builtins))
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code" or is_test_cell(cell):
            continue
        source = source_of(cell)
        if source.lstrip().startswith("%%"):
            magic = source.split()[0]
            if magic not in PYTHON_CELL_MAGICS:  # the cell is not Python (%%bash, %%writefile, ...)
                notes.append(f"cell {index + 1} was skipped: a cell magic ({magic[:40]})")
                continue
            source = "\n" + source.split("\n", 1)[-1] if "\n" in source else ""  # keep the line numbers
        source = _without_ipython_lines(source)
        nodes, problem = parse(source)
        if nodes is None:
            notes.append(f"cell {index + 1} was skipped: {problem}")
            continue
        for node in nodes:
            if isinstance(node, KEPT) or _is_plain_binding(node, bound):
                kept.append(_text_of(source, node))
                bound |= _names_bound_by(node)
    return "\n\n".join(kept) + "\n", notes


def _text_of(source, node):
    """The statement's text: a compound one from its first decorator's line, a simple one without
    what shares its line after a `;` (compound statements cannot follow one)."""
    first = node.decorator_list[0] if getattr(node, "decorator_list", None) else node
    column = 0 if first is not node else node.col_offset
    span = SimpleNamespace(lineno=first.lineno, col_offset=column, end_lineno=node.end_lineno,
                           end_col_offset=node.end_col_offset)
    return ast.get_source_segment(source, span)


def _without_ipython_lines(source):
    # Blank them rather than drop them, so line numbers stay the cell's.
    return "\n".join("" if IPYTHON_LINE.match(line) else line for line in LINE_BREAK.split(source))


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


def _is_plain_binding(node, bound):
    """An assignment to plain names whose value calls nothing and reads only names in ``bound``:
    it cannot start a training run, nor fail for want of one. A lambda's body runs only when called."""
    assigned = _assigned(node)
    if assigned is None:
        return False
    pending = [assigned[1]]
    while pending:
        part = pending.pop()
        if isinstance(part, ast.Call) or isinstance(part, ast.Name) and part.id not in bound:
            return False
        if isinstance(part, ast.Lambda):  # its defaults are evaluated now, its body later
            pending.extend(default for default in part.args.defaults + part.args.kw_defaults if default)
        else:
            pending.extend(ast.iter_child_nodes(part))
    return True


def _names_bound_by(node):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {alias.asname or alias.name.split(".")[0] for alias in node.names}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    return set(_assigned(node)[0])
