"""Which of a notebook's code runs when grading outside nbgrader: the definitions.

From every code cell that is not a test cell, keep the top-level imports, function and class
definitions, and assignments that call nothing and use only names kept before them (constants,
aliases such as ``randn = np.random.randn``, helpers such as ``square = lambda W: W ** 2``).
Everything else (training runs, plots, prints, data loads, and what depends on them) is left out,
so a student's helper is kept while a demonstration is not.
"""
import ast
import builtins
import json

KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def is_test_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def source_of(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def definitions(notebook):
    """Return ``(source, notes)``: the code to run, and one note per cell that could not be used."""
    kept, notes, bound = [], [], set(dir(builtins))
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code" or is_test_cell(cell):
            continue
        source = _without_shell_lines(source_of(cell))
        try:
            tree = ast.parse(source)
        except SyntaxError as error:
            notes.append(f"cell {index + 1} was skipped: syntax error on its line {error.lineno}: {error.msg}")
            continue
        lines = source.splitlines()
        for node in tree.body:
            if isinstance(node, KEPT) or _is_plain_binding(node, bound):
                start = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
                kept.append("\n".join(lines[start - 1:node.end_lineno]))
                bound |= _names_bound_by(node)
    return "\n\n".join(kept) + "\n", notes


def read_notebook(path):
    """Read a notebook as plain JSON; raise ValueError with a one-line reason when it is not one.

    Plain JSON, not nbformat: grading needs only the cells, and nbformat's schema validator
    takes seconds to import.
    """
    try:
        with open(path, encoding="utf-8") as file:
            notebook = json.load(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable notebook ({_first_line(error)})") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not all(isinstance(cell, dict) and isinstance(cell.get("metadata", {}), dict)
                                              and isinstance(cell.get("source", ""), (str, list)) for cell in cells):
        raise ValueError(f"{path}: not a readable notebook (no list of cells with sources)")
    return notebook


def _first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _without_shell_lines(source):
    # IPython magics and shell escapes are not Python; blank them to keep line numbers.
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


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
