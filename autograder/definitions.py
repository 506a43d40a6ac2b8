"""Which of a notebook's code runs when grading outside nbgrader: the definitions.

The rules (what is kept: imports, defs, classes, plain constants) are ``kit.definition_rules``',
shared with the learner's check before submitting; here they are applied to untrusted input, parsed
through ``untrusted_source``: a cell that cannot be parsed is skipped with a note.
"""
import ast
from types import SimpleNamespace

from .kit.definition_rules import Skipped, is_test_cell, source_of, statements  # noqa: F401 (the grader's names)
from .i18n import _
from .untrusted_source import parse


def definitions_source(notebook):
    """Return ``(source, notes)``: the code to run, and one note per cell that could not be used."""
    found, skipped = statements(notebook["cells"], parse)
    kept = [_text_of(statement.source, statement.node) for statement in found if statement.kept]
    notes = [_("cell {number} was skipped: {why}", number=cell.cell + 1,
               why=_("a cell magic ({magic})", magic=cell.detail) if cell.why is Skipped.CELL_MAGIC else cell.detail)
             for cell in skipped if cell.why is not Skipped.TEST_CELL]
    return "\n\n".join(kept) + "\n", notes


def _text_of(source, node):
    """The statement's text: a compound one from its first decorator's line, a simple one without
    what shares its line after a `;` (compound statements cannot follow one)."""
    first = node.decorator_list[0] if getattr(node, "decorator_list", None) else node
    column = 0 if first is not node else node.col_offset
    span = SimpleNamespace(lineno=first.lineno, col_offset=column, end_lineno=node.end_lineno,
                           end_col_offset=node.end_col_offset)
    return ast.get_source_segment(source, span)
