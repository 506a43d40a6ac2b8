"""Which of a notebook's code runs when grading outside nbgrader: the definitions.

The rules (what is kept: imports, defs, classes, plain constants) are ``kit.definition_rules``',
shared with the learner's check before submitting; here they are applied to untrusted input, parsed
through ``untrusted_source``: a cell that cannot be parsed is skipped with a note.
"""
from .kit.definition_rules import Skipped, is_test_cell, source_of, statements  # noqa: F401 (the grader's names)
from .i18n import _
from .untrusted_source import parse


def definitions_source(notebook):
    """Return ``(source, notes)``: the code to run, and one note per cell that could not be used."""
    found, skipped = statements(notebook["cells"], parse)
    kept = [statement for statement in found if statement.kept]
    # Each cell's lines split once, not once per statement as ast.get_source_segment does.
    sources = {statement.cell: statement.source for statement in kept}
    lines = {cell: _lines(source) for cell, source in sources.items()}
    kept = [_text_of(lines[statement.cell], statement.node) for statement in kept]
    notes = [_("cell {number} was skipped: {why}", number=cell.cell + 1,
               why=_("a cell magic ({magic})", magic=cell.detail) if cell.why is Skipped.CELL_MAGIC else cell.detail)
             for cell in skipped if cell.why is not Skipped.TEST_CELL]
    return "\n\n".join(kept) + "\n", notes


def _lines(source):
    """The source's lines in UTF-8, the unit of a node's columns (a cell's Python breaks lines with "\\n" alone)."""
    return [line.encode() for line in source.split("\n")]


def _text_of(lines, node):
    """The statement's text: a compound one from its first decorator's line, a simple one without
    what shares its line after a `;` (compound statements cannot follow one)."""
    first = node.decorator_list[0] if getattr(node, "decorator_list", None) else node
    start = 0 if first is not node else node.col_offset
    if first.lineno == node.end_lineno:
        return lines[node.end_lineno - 1][start:node.end_col_offset].decode()
    middle = lines[first.lineno:node.end_lineno - 1]
    return b"\n".join([lines[first.lineno - 1][start:], *middle, lines[node.end_lineno - 1][:node.end_col_offset]]).decode()
