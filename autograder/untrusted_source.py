"""A student's notebook and code, read and parsed with one error policy, for the grader and the zygote.

Whatever reading, parsing, literal evaluation or compiling raises on student input (SyntaxError,
ValueError for null bytes, MemoryError and RecursionError for deep expressions, TypeError for
unhashable literals, ...) ends in one of two ways: a statement or cell is skipped with a note, or
the whole notebook is refused with ``NotGradable``, one line naming the file, in the language in
force (a forked grader inherits it). Nothing else escapes. Standard library only: the sandbox's
zygote imports it (and ``i18n``, which is standard library too).
"""
import ast
import json

from .conventions import SOURCE_ERROR_LIMIT
from .errors import NotGradable, first_line
from .i18n import _

MAX_NOTEBOOK_BYTES = 256 * 2**20  # larger is no course notebook; reading it could exhaust memory


def read_notebook_json(data, name):
    """The notebook in ``data`` (its file's bytes) as plain JSON; ``NotGradable`` naming ``name`` if it is not one.

    Plain JSON, not nbformat: grading needs only the cells, and nbformat's schema validator
    takes seconds to import. What nbformat would refuse (cells that are not cells) is refused.
    """
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotGradable(_("{name}: not a readable notebook (larger than {size} MB)", name=name,
                            size=MAX_NOTEBOOK_BYTES // 2**20))
    try:
        notebook = json.loads(data.decode("utf-8"))
    except Exception as error:  # UnicodeDecodeError, JSONDecodeError, RecursionError on deep nesting
        raise NotGradable(_("{name}: not a readable notebook ({error})", name=name, error=first_line(error))) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list) \
            or not all(map(_is_cell, notebook["cells"])):
        raise NotGradable(_("{name}: not a readable notebook (no list of cells with sources)", name=name))
    language = _language(notebook.get("metadata"))
    if language not in ("python", None):
        raise NotGradable(_("{name}: not a Python notebook (its kernel's language is {language!r})", name=name,
                            language=language[:40]))
    return notebook


def read_file(path):
    """A notebook file's bytes; ``NotGradable`` naming it when it cannot be read."""
    try:
        with open(path, "rb") as file:
            return file.read(MAX_NOTEBOOK_BYTES + 1)
    except OSError as error:
        raise NotGradable(_("{name}: not a readable notebook ({error})", name=path, error=first_line(error))) from None


def _is_cell(cell):
    if not isinstance(cell, dict) or not isinstance(cell.get("cell_type", "code"), str):
        return False
    source, metadata = cell.get("source", ""), cell.get("metadata", {})
    return (isinstance(source, str) or isinstance(source, list) and all(isinstance(line, str) for line in source)) \
        and isinstance(metadata, dict) and isinstance(metadata.get("nbgrader", {}), dict)


def _language(metadata):
    """The kernel's language as the notebook states it, lower case; None when it does not say."""
    if not isinstance(metadata, dict):
        return None
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(section, {}).get(key) if isinstance(metadata.get(section), dict) else None
        if isinstance(value, str):
            return value.lower()
    return None


def parse(source):
    """``(top-level statements, None)``, or ``(None, why)`` when the source cannot be parsed."""
    try:
        return ast.parse(source).body, None
    except Exception as error:
        return None, _problem(error)


def compiled(source):
    """The source as ``(line, code or why it did not compile)`` per top-level statement.

    Compiling runs none of the student's code.
    """
    nodes, problem = parse(source)
    if nodes is None:
        return [(1, problem)]
    statements = []
    for node in nodes:
        try:
            statements.append((node.lineno, compile(ast.Module([node], []), "<notebook>", "exec")))
        except Exception as error:
            statements.append((node.lineno, _problem(error)))
    return statements


def _problem(error):
    message = first_line(error)
    problem = type(error).__name__ if message == type(error).__name__ else f"{type(error).__name__}: {message}"
    return problem[:SOURCE_ERROR_LIMIT]
