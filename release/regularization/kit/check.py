"""The check before submitting: ``python -m kit.check NOTEBOOK`` in the assignment's folder, or the
notebook's last cell. One line per problem the grader would meet, or that the notebook is ready.

It reads the notebook file as saved and looks for what costs points without the learner seeing
it in their own kernel:
- a graded function that uses a name the isolated grader does not keep (it runs only the
  notebook's definitions, by the rules of ``definition_rules``, which the grader itself applies);
- a test or read-only cell deleted, moved or edited, an answer cell deleted (nbgrader's marks, as
  the release notebook gave them in ``released``);
- a graded function whose signature or given ``np.random.seed`` line changed, or that still raises
  ``NotImplementedError``;
- a notebook that does not run top to bottom, as the grader runs it, within the grader's time.

Exits 0 when the notebook is ready, 1 when a problem was found, 2 when the file is not a notebook.
"""
from __future__ import annotations

import ast
import builtins
import enum
import json
import os
import subprocess
import symtable
import sys
from dataclasses import dataclass
from pathlib import Path

from . import limits
from .i18n import N_, _
from .cases import PUBLIC_CASES, PUBLIC_PROPERTIES, SIGNATURES
from .definition_rules import LeftOut, Skipped, is_test_cell, names_bound_by, python_source, source_of, statements
from .nbgrader_cells import CellKind, checksum, nbgrader_metadata
from .released import RELEASES
from .signatures import must_keep

CHECKING = "KIT_CHECK_RUNNING"  # set in the child that runs the notebook, so that a check there does nothing
GRADER_ENVIRONMENT = {"NBGRADER_EXECUTION": "autograde", "MPLBACKEND": "Agg"}  # no training, no windows
MESSAGE_LIMIT = 200


class Kind(enum.Enum):
    UNREADABLE = "not a readable notebook"
    UNSEEN_NAME = "a name the grader will not see"
    UNDEFINED_NAME = "a name the notebook never defines"
    UNPARSABLE_CELL = "a cell that does not parse"
    UNSEEN_FUNCTION = "a graded function the grader will not see"
    MISSING_FUNCTION = "a graded function the notebook does not define"
    CELL_DELETED = "a cell deleted"
    CELL_MOVED = "a cell moved"
    CELL_EDITED = "a cell edited"
    CELL_REPEATED = "a cell repeated"
    SIGNATURE = "a signature changed"
    SEED_REMOVED = "a seed line removed"
    NOT_IMPLEMENTED = "a stub left"
    RUN_FAILED = "a cell that fails"
    RUN_TIMED_OUT = "a notebook that runs too long"


# How a statement the grader leaves out made a name, in words.
STATEMENT_WORDS = {ast.For: N_("a `for` loop"), ast.While: N_("a `while` loop"), ast.If: N_("an `if` statement"),
                   ast.With: N_("a `with` statement"), ast.Try: N_("a `try` statement"),
                   ast.AugAssign: N_("an augmented assignment"),
                   ast.Expr: N_("an expression")}
OTHER_STATEMENT = N_("a statement that is not a definition")
SKIPPED_WORDS = {Skipped.CELL_MAGIC: N_("a cell magic"), Skipped.UNPARSABLE: N_("code that does not parse")}
CELL_WORDS = {CellKind.TEST: N_("test cell"), CellKind.READ_ONLY: N_("read-only cell"), CellKind.ANSWER: N_("answer cell")}


@dataclass(frozen=True)
class Problem:
    """One thing the grader would meet. ``cell`` counts every cell from 1, markdown ones included."""
    kind: Kind
    function: str | None = None
    name: str | None = None  # the name, grade id or seed line concerned
    cell: int | None = None
    how: LeftOut | Skipped | None = None  # UNSEEN_NAME, UNSEEN_FUNCTION: why the grader leaves it out
    detail: str = ""  # the unkept name read, the statement's words, the signature, the exception
    cell_kind: CellKind | None = None  # CELL_DELETED, CELL_MOVED, CELL_EDITED: which kind of cell

    def describe(self):
        said = dict(function=self.function, name=self.name, cell=self.cell, detail=self.detail,
                    where=_(" (cell {cell})", cell=self.cell) if self.cell else "",
                    kind=_(CELL_WORDS[self.cell_kind]) if self.cell_kind else "")
        kind = self.kind
        if kind is Kind.UNREADABLE:
            return _("{name}: not a readable notebook ({detail})", **said)
        if kind is Kind.UNSEEN_NAME:
            return _("{function} uses `{name}`, which is {made}{where}: the grader will not see it; define it inside "
                     "the function or as a plain constant", made=self._made(), **said)
        if kind is Kind.UNDEFINED_NAME:
            return _("{function} uses `{name}`, which the notebook never defines: the grader will fail on it too", **said)
        if kind is Kind.UNPARSABLE_CELL:
            return _("cell {cell} does not parse ({detail}): the grader skips all of it", **said)
        if kind is Kind.UNSEEN_FUNCTION:
            return _("{function} is {made}{where}: the grader will not see it; define it with `def` at the top level "
                     "of its cell", made=self._made(), **said)
        if kind is Kind.MISSING_FUNCTION:
            return _("{function} is not defined in the notebook: the grader will find nothing to grade", **said)
        if kind is Kind.CELL_DELETED:
            return _("the {kind} `{name}` was deleted: copy it back from a fresh copy of the assignment", **said)
        if kind is Kind.CELL_MOVED:
            return _("the {kind} `{name}`{where} was moved: put it back where it was", **said)
        if kind is Kind.CELL_EDITED:
            return _("the {kind} `{name}`{where} was edited: nbgrader puts the original back when grading; undo your "
                     "change (or copy the cell from a fresh copy of the assignment)", **said)
        if kind is Kind.CELL_REPEATED:
            return _("cell {cell} repeats the cell `{name}`: nbgrader refuses a notebook with both; delete the copy",
                     **said)
        if kind is Kind.SIGNATURE:
            return _("{must_keep}{where}; yours is {detail}", must_keep=must_keep(self.function), **said)
        if kind is Kind.SEED_REMOVED:
            return _("{function}{where} no longer calls `{name}`: put that line back, the expected values rely on it",
                     **said)
        if kind is Kind.NOT_IMPLEMENTED:
            return _("{function}{where} still raises NotImplementedError: replace that line with your code", **said)
        if kind is Kind.RUN_FAILED:
            return _("cell {cell} fails when the notebook runs top to bottom: {detail}", **said)
        return _("the notebook did not finish within {seconds:g} s, the grader's limit (cell {cell} was running): "
                 "make it faster", seconds=limits.SUBMISSION_SECONDS, **said)

    def _made(self):
        if self.how is LeftOut.CALL:
            return _("made by a call")
        if self.how is LeftOut.UNKEPT_NAME:
            return _("made from `{name}`, which the grader does not keep either", name=self.detail)
        if self.how is LeftOut.NOT_A_DEFINITION:
            return _("made by {statement}", statement=_(self.detail))
        if self.how is Skipped.TEST_CELL:
            return _("made in a test cell")
        return _("made in a cell the grader skips ({why})", why=_(SKIPPED_WORDS[self.how]))


def check_before_submitting(notebook, run=True):
    """Print one line per problem of the notebook file ``notebook``, or that it is ready to submit.
    Does nothing while nbgrader or another check runs the notebook."""
    if not (os.environ.get(CHECKING) or "NBGRADER_EXECUTION" in os.environ):
        _report(notebook, problems(notebook, run=run))


def _report(notebook, found):
    for problem in found:
        print(problem.describe())
    if not found:
        print(_("{notebook} is ready to submit.", notebook=Path(notebook).name))
    return found


def problems(notebook, run=True):
    """The ``Problem`` list of the notebook file ``notebook``; with ``run``, it is also run top to bottom."""
    path = Path(notebook)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
            raise ValueError("its cells are not a list of cells")
    except Exception as error:
        return [Problem(Kind.UNREADABLE, name=str(path), detail=shortened(f"{type(error).__name__}: {error}"))]
    release = release_of(path, cells)
    found = cell_problems(cells, release) + function_problems(cells, release)
    return found + (run_problems(cells, path.parent) if run else [])


def shortened(text):
    """``text`` on one line (a report wraps its lines), cut at a word to at most MESSAGE_LIMIT characters."""
    text = " ".join(text.split())
    if len(text) <= MESSAGE_LIMIT:
        return text
    return text[:MESSAGE_LIMIT - 4].rsplit(" ", 1)[0] + " ..."


def release_of(path, cells):
    """The ``released`` module of the notebook's assignment: by the file's name, else by its cells."""
    if path.stem in RELEASES:
        return RELEASES[path.stem]
    ids = {nbgrader_metadata(cell).get("grade_id") for cell in cells}
    return max(RELEASES.values(), key=lambda release: len(ids & {cell.grade_id for cell in release.CELLS}))


def parse(source):
    try:
        return ast.parse(source).body, None
    except Exception as error:  # SyntaxError, ValueError (a null byte), RecursionError, MemoryError
        return None, shortened(f"{type(error).__name__}: {error}")


# --- nbgrader's cells -------------------------------------------------------------------------

def cell_problems(cells, release):
    """Cells of the release notebook deleted, moved, edited or repeated."""
    found, positions = [], {}
    for number, cell in enumerate(cells, start=1):
        grade_id = nbgrader_metadata(cell).get("grade_id")
        if grade_id is None:
            continue
        if grade_id in positions:
            found.append(Problem(Kind.CELL_REPEATED, name=grade_id, cell=number))
            continue
        positions[grade_id] = number
    for cell in release.CELLS:
        if cell.grade_id not in positions:
            found.append(Problem(Kind.CELL_DELETED, name=cell.grade_id, cell_kind=cell.kind))
    present = [cell for cell in release.CELLS if cell.grade_id in positions]
    order = sorted(range(len(present)), key=lambda index: positions[present[index].grade_id])
    in_place = set(longest_increasing(order))
    for index, cell in enumerate(present):
        number = positions[cell.grade_id]
        if index not in in_place:
            found.append(Problem(Kind.CELL_MOVED, name=cell.grade_id, cell=number, cell_kind=cell.kind))
        if cell.kind is not CellKind.ANSWER and _checksum(cells[number - 1]) != cell.checksum:
            found.append(Problem(Kind.CELL_EDITED, name=cell.grade_id, cell=number, cell_kind=cell.kind))
    return found


def _checksum(cell):
    try:
        return checksum(cell)
    except Exception:  # marks that are not nbgrader's (points that are not a number): edited all the same
        return None


def longest_increasing(values):
    """The values of a longest strictly increasing subsequence of ``values``."""
    best = []  # best[i]: the longest increasing run ending at values[i]
    for index, value in enumerate(values):
        before = [best[j] for j in range(index) if values[j] < value]
        best.append(max(before, key=len, default=[]) + [value])
    return max(best, key=len, default=[])


# --- graded functions ---------------------------------------------------------------------------

def function_problems(cells, release):
    found_statements, skipped = statements(cells, parse)
    test_statements = [(cell_index, node) for cell_index, cell in enumerate(cells)
                       if cell.get("cell_type") == "code" and is_test_cell(cell)
                       for node in (parse(python_source(source_of(cell))[0] or "")[0] or [])]
    kept = [statement for statement in found_statements if statement.kept]
    kept_names = set(dir(builtins)).union(*(names_bound_by(statement.node) for statement in kept))
    binders = {}  # name -> the kept statements that bind it
    for statement in kept:
        for name in names_bound_by(statement.node):
            binders.setdefault(name, []).append(statement)
    star_imports = "*" in kept_names
    found = [Problem(Kind.UNPARSABLE_CELL, cell=cell.cell + 1, detail=cell.detail)
             for cell in skipped if cell.why is Skipped.UNPARSABLE]
    for function in release.FUNCTIONS:
        definitions = [statement for statement in binders.get(function, [])
                       if isinstance(statement.node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        if not definitions:
            found.append(_unseen_function(function, found_statements, test_statements))
            continue
        definition = definitions[-1]  # the one the grader calls
        own = own_problems(function, definition.node, definition.cell + 1, release)
        unfinished = any(problem.kind is Kind.NOT_IMPLEMENTED for problem in own)
        # A stub reads names its missing code will make; `from module import *` may bind any name.
        if not unfinished and not star_imports:
            supplied = substituted_names(function)
            found += [_unseen_name(function, name, found_statements, test_statements)
                      for name in sorted(needed_names(definition, binders, supplied) - kept_names)]
        found += own
    return found


def substituted_names(function):
    """The names the public tests (cases and properties alike) put in place while testing ``function``."""
    probes = [probe for prop in PUBLIC_PROPERTIES.get(function, ()) for probe in prop.probes(0).values()]
    return {name for each in [*PUBLIC_CASES.get(function, ()), *probes] for name in each.substitutes}


def needed_names(definition, binders, supplied=()):
    """The global names a kept definition reads, and those read by the kept definitions of those
    names, and so on: what the grader's namespace must hold for it to run. The names in ``supplied``
    the tests put in place themselves (gradient_check runs on the kit's cost, not the notebook's)."""
    needed, pending, seen = set(), [definition], set()
    while pending:
        statement = pending.pop()
        if id(statement) in seen:
            continue
        seen.add(id(statement))
        for name in global_names(statement.node) - needed - set(supplied):
            needed.add(name)
            pending += binders.get(name, [])
    return needed


def global_names(node):
    """The global names a top-level statement reads: when it runs, and in every function, lambda
    or class nested in it when those run."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return set()
    try:
        table = symtable.symtable(ast.unparse(node), "<cell>", "exec")
    except Exception:  # too deep to rewrite: the grader could not run it either
        return set()
    names = {symbol.get_name() for symbol in table.get_symbols() if symbol.is_referenced()}
    pending = list(table.get_children())
    while pending:
        scope = pending.pop()
        pending += scope.get_children()
        names |= {symbol.get_name() for symbol in scope.get_symbols() if symbol.is_referenced() and symbol.is_global()}
    return names


def _last_binding(name, found_statements, test_statements):
    """``(cell index, statement, why the grader leaves it out)`` of the last statement the grader
    leaves out that binds ``name``, a test cell's counting; None when nothing binds it."""
    binding = None
    for statement in found_statements:
        if not statement.kept and name in names_stored(statement.node):
            binding = (statement.cell, statement.node, statement.left_out, statement.unkept_name)
    if binding is None:
        for cell_index, node in test_statements:
            if name in names_stored(node):
                binding = (cell_index, node, Skipped.TEST_CELL, None)
    return binding


def _unseen_name(function, name, found_statements, test_statements):
    binding = _last_binding(name, found_statements, test_statements)
    if binding is None:
        return Problem(Kind.UNDEFINED_NAME, function, name)
    cell_index, node, how, unkept = binding
    return Problem(Kind.UNSEEN_NAME, function, name, cell_index + 1, how, _how_words(how, node, unkept))


def _unseen_function(function, found_statements, test_statements):
    binding = _last_binding(function, found_statements, test_statements)
    if binding is None:
        return Problem(Kind.MISSING_FUNCTION, function)
    cell_index, node, how, unkept = binding
    return Problem(Kind.UNSEEN_FUNCTION, function, function, cell_index + 1, how, _how_words(how, node, unkept))


def _how_words(how, node, unkept):
    if how is LeftOut.UNKEPT_NAME:
        return unkept
    if how is LeftOut.NOT_A_DEFINITION:
        return STATEMENT_WORDS.get(type(node), OTHER_STATEMENT)
    return ""


def names_stored(node):
    """The names a top-level statement binds in the notebook's namespace (not in the scopes it makes)."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return names_bound_by(node)
    found, pending = set(), [node]
    while pending:
        part = pending.pop()
        if isinstance(part, ast.Name) and isinstance(part.ctx, ast.Store):
            found.add(part.id)
        elif isinstance(part, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(part.name)  # its body binds nothing here
        elif isinstance(part, (ast.Import, ast.ImportFrom)):
            found |= names_bound_by(part)
        elif not isinstance(part, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            pending.extend(ast.iter_child_nodes(part))
    return found


def own_problems(function, node, number, release):
    """A graded function's own problems: its signature, its seed lines, a stub left."""
    found = []
    course = ast.parse(f"def {SIGNATURES[function]}: pass").body[0] if function in SIGNATURES else None
    if course and _parameters(node) != _parameters(course):
        found.append(Problem(Kind.SIGNATURE, function, cell=number, detail=f"{function}({ast.unparse(node.args)})"))
    calls = {ast.unparse(part) for part in ast.walk(node) if isinstance(part, ast.Call)}
    found += [Problem(Kind.SEED_REMOVED, function, seed, number)
              for seed in release.SEEDS.get(function, ()) if seed not in calls]
    if any(isinstance(part, ast.Raise) and part.exc is not None and "NotImplementedError" in ast.unparse(part.exc)
           for part in ast.walk(node)):
        found.append(Problem(Kind.NOT_IMPLEMENTED, function, cell=number))
    return found


def _parameters(node):
    """A function's parameters as the tests call them: names, kinds and defaults, annotations aside."""
    arguments = node.args
    groups = (("positional only", arguments.posonlyargs), ("positional", arguments.args),
              ("keyword only", arguments.kwonlyargs), ("*", [arguments.vararg]), ("**", [arguments.kwarg]))
    return ([(kind, part.arg if part else None) for kind, group in groups for part in group],
            [ast.dump(default) if default else None for default in arguments.defaults + arguments.kw_defaults])


# --- running it ---------------------------------------------------------------------------------

# The child: runs each cell's Python in one namespace, as a kernel would, its own output thrown away;
# says on the protocol stream which cell starts, then how the run ended.
CHILD = r"""
import json, os, sys, traceback
protocol = os.fdopen(os.dup(1), "w", buffering=1)
quiet = os.open(os.devnull, os.O_WRONLY)
os.dup2(quiet, 1)
os.dup2(quiet, 2)
sys.stdout = sys.stderr = open(os.devnull, "w")
namespace = {"__name__": "__main__"}
for number, source in json.loads(sys.stdin.read()):
    protocol.write(json.dumps({"cell": number}) + "\n")
    try:
        exec(compile(source, f"<cell {number}>", "exec"), namespace)
    except BaseException as error:
        said = str(error).strip()
        what = type(error).__name__ + (": " + said if said else "")
        protocol.write(json.dumps({"cell": number, "error": what}) + "\n")
        break
else:
    protocol.write(json.dumps({"done": True}) + "\n")
"""


def run_problems(cells, folder):
    """Run the notebook's code cells top to bottom in a child Python, as the grader runs them
    (``NBGRADER_EXECUTION`` set, matplotlib's Agg backend, IPython's magics as the grader treats
    them) within the grader's time; a problem for the cell that failed or was running at the end."""
    runnable = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") == "code":
            source = python_source(source_of(cell))[0]
            if source is not None:
                runnable.append((number, source))
    environment = {**os.environ, **GRADER_ENVIRONMENT, CHECKING: "1"}
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=folder, env=environment, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        output, _errors = child.communicate(json.dumps(runnable), timeout=limits.SUBMISSION_SECONDS)
        timed_out = False
    except subprocess.TimeoutExpired:
        child.kill()
        output, _errors = child.communicate()
        timed_out = True
    reports = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    last = reports[-1] if reports else {}
    if timed_out:
        return [Problem(Kind.RUN_TIMED_OUT, cell=last.get("cell"))]
    if "error" in last:
        return [Problem(Kind.RUN_FAILED, cell=last["cell"], detail=shortened(last["error"]))]
    if not last.get("done"):
        stopped = _("Python stopped (exit status {status})", status=child.returncode)
        return [Problem(Kind.RUN_FAILED, cell=last.get("cell"), detail=stopped)]
    return []


def main(argv=None):
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("usage: python -m kit.check NOTEBOOK")
        return 2
    found = _report(arguments[0], problems(arguments[0]))
    if any(problem.kind is Kind.UNREADABLE for problem in found):
        return 2  # as every command of the kit: the input cannot be used
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
