"""Mutation analysis: how many wrong answers the public and hidden checks catch.

Two kinds of wrong answers: the rubric's catalogued mistakes, and mutants generated from each
reference solution's syntax tree (one small change each: a swapped operator, an off-by-one
constant, a dropped term, ...). A generated mutant that gives the solution's outputs on every
call the rubric makes, planned with several seeds, is equivalent and left out. Every other one
is graded through the isolated grader on a fresh seed, like a student's submission.

``python -m autograder.mutants [ASSIGNMENT ...]`` (or ``autograder mutants``) prints the table.
"""
import ast
import copy
import os
import re
import sys
from dataclasses import dataclass

from . import sandbox, solutions
from .calls import run_call
from .conventions import grading_seed
from .definitions import definitions_source
from .judging import grade
from .kit.compare import differences
from .plan import plan_function
from .references import References
from .rubric import ASSIGNMENTS, Mistake
from .runners.sandboxed import sandboxed

EQUIVALENCE_SEEDS = range(5)
EQUIVALENCE_RTOL = 1e-9
EQUIVALENCE_ATOL = 1e-15  # the smallest meaningful outputs (gradient-check differences) are near 1e-8
REMOVED = None  # a mutation's replacement that deletes the statement
SHOWN_CHARACTERS = 60
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
CONTEXT_CHARACTERS = 20  # shown either side of what changed in a long expression


@dataclass(frozen=True)
class Mutant:
    function: str
    description: str  # the catalogued mistake's name, or "line N: before -> after"
    cell_source: str  # the function's defining cell with the mutation applied
    mistake: Mistake | None = None


@dataclass
class MutantResult:
    mutant: Mutant
    killed_by_public: bool  # a visible check failed
    killed_by_hidden: bool  # a hidden or property check failed: the function loses its points there
    diagnosed: bool = False  # catalogued mistakes only: the result names the mistake's own hint


@dataclass
class FunctionAnalysis:
    assignment: str
    function: str
    catalogued: list[MutantResult]
    generated: list[MutantResult]  # the non-equivalent generated mutants
    equivalent: list[Mutant]  # generated mutants left out
    hard_coded_score: int = 0  # of a submission that returns the public cases' expected outputs
    hard_coded_passes_public: bool = False  # it must, or its zero proves nothing
    max_score: int = 0

    @property
    def survivors(self):
        return [result.mutant for result in self.catalogued + self.generated if not result.killed_by_hidden]


# --- Generating mutants: each mutation maps one node to its replacements, with a description ---

SWAPPED_OPERATORS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
SWAPPED_COMPARISONS = {ast.Lt: [ast.Gt, ast.LtE], ast.Gt: [ast.Lt, ast.GtE], ast.LtE: [ast.Lt], ast.GtE: [ast.Gt]}


def swapped_operator(node):
    if isinstance(node, ast.BinOp) and type(node.op) in SWAPPED_OPERATORS:
        replacement = ast.BinOp(node.left, SWAPPED_OPERATORS[type(node.op)](), node.right)
        yield replacement, _change(node, replacement)


def swapped_comparison(node):
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        for operator in SWAPPED_COMPARISONS.get(type(node.ops[0]), []):
            replacement = ast.Compare(node.left, [operator()], node.comparators)
            yield replacement, _change(node, replacement)


def dropped_term(node):
    # a + b -> a and b; a - b -> a; a * b -> a and b; a / b -> a
    if isinstance(node, ast.BinOp) and type(node.op) in SWAPPED_OPERATORS:
        yield node.left, _change(node, node.left)
        if isinstance(node.op, (ast.Add, ast.Mult)):
            yield node.right, _change(node, node.right)


def dropped_negation(node):
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield node.operand, _change(node, node.operand)


def changed_number(node):
    # Integers off by one (indices, layer counts, the 2 of sqrt(2 / n)); floats doubled and halved
    # (epsilon, thresholds, the 1. of 1. / m).
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        values = (node.value - 1, node.value + 1) if type(node.value) is int else (node.value * 2, node.value / 2)
        for value in values:
            yield ast.Constant(value), _change(node, ast.Constant(value))


def shifted_range_bound(node):
    # range(1, L) -> range(1, L + 1) and range(1, L - 1); bounds with a constant are changed_number's
    if _is_call_to(node, "range"):
        for index, bound in enumerate(node.args):
            if isinstance(bound, ast.Name):
                for operator in (ast.Add, ast.Sub):
                    args = list(node.args)
                    args[index] = ast.BinOp(bound, operator(), ast.Constant(1))
                    replacement = ast.Call(node.func, args, node.keywords)
                    yield replacement, _change(node, replacement)


def swapped_arguments(node):
    # f(a, b) -> f(b, a), and the shape (n, m) -> (m, n)
    if isinstance(node, ast.Call) and len(node.args) == 2 and _different(*node.args) \
            and not any(isinstance(arg, ast.Starred) for arg in node.args):
        replacement = ast.Call(node.func, node.args[::-1], node.keywords)
        yield replacement, _change(node, replacement)
    if isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load) and len(node.elts) == 2 \
            and _different(*node.elts):
        replacement = ast.Tuple(node.elts[::-1], ast.Load())
        yield replacement, _change(node, replacement)


def removed_seed(node):
    if isinstance(node, ast.Expr) and _is_call_to(node.value, "np.random.seed"):
        yield REMOVED, f"{_shown(node)} removed"


def removed_keepdims(node):
    if isinstance(node, ast.Call) and any(keyword.arg == "keepdims" for keyword in node.keywords):
        replacement = ast.Call(node.func, node.args, [k for k in node.keywords if k.arg != "keepdims"])
        yield replacement, _change(node, replacement)


def unwrapped_copy(node):
    if _is_call_to(node, "np.copy") and len(node.args) == 1:
        yield node.args[0], _change(node, node.args[0])


MUTATIONS = [swapped_operator, swapped_comparison, dropped_term, dropped_negation, changed_number,
             shifted_range_bound, swapped_arguments, removed_seed, removed_keepdims, unwrapped_copy]


def generated_mutants(function_name, cell_source):
    """Every single-point mutant of ``function_name`` in its defining cell, without duplicates."""
    source = solutions.solution_code(cell_source)
    definition = _function_node(ast.parse(source), function_name)
    seen = {ast.unparse(definition)}
    mutants = []
    for index, node in enumerate(_mutable_nodes(definition)):
        for mutation in MUTATIONS:
            for replacement, description in mutation(node):
                mutated = _with_node_replaced(definition, index, replacement)
                text = ast.unparse(mutated)
                if text in seen:
                    continue
                seen.add(text)
                mutants.append(Mutant(function_name, f"line {node.lineno}: {description}",
                                      _with_function_replaced(source, function_name, text)))
    return mutants


def _function_node(tree, function_name):
    return next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == function_name)


def _with_function_replaced(source, function_name, function_text):
    """``source`` with the def of ``function_name`` replaced by ``function_text``, every other line kept."""
    lines = source.splitlines(keepends=True)
    definition = _function_node(ast.parse(source), function_name)
    before, after = lines[:definition.lineno - 1], lines[definition.end_lineno:]
    return "".join(before) + function_text.strip("\n") + "\n" + "".join(after)


def _mutable_nodes(definition):
    """The nodes a mutation may change, in a fixed order: the defaults and the body, docstring aside."""
    body = definition.body[1:] if ast.get_docstring(definition) is not None else definition.body
    roots = definition.args.defaults + definition.args.kw_defaults + body
    nodes = [node for root in roots if root is not None for node in ast.walk(root)
             if isinstance(node, (ast.expr, ast.stmt))]  # operators and contexts are changed through their parents
    return sorted(nodes, key=lambda node: (node.lineno, node.col_offset))


def _with_node_replaced(definition, index, replacement):
    """A copy of ``definition`` whose ``index``-th mutable node is ``replacement`` (REMOVED: deleted)."""
    mutated = copy.deepcopy(definition)
    target = _mutable_nodes(mutated)[index]
    for parent in ast.walk(mutated):
        for name, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, name, replacement)
                return mutated
            if isinstance(value, list) and any(item is target for item in value):
                kept = [replacement if item is target else item for item in value]
                kept = [item for item in kept if item is not REMOVED]
                setattr(parent, name, kept or [ast.Pass()])
                return mutated
    raise LookupError(f"node {index} has no parent")


def _is_call_to(node, dotted_name):
    return isinstance(node, ast.Call) and ast.unparse(node.func) == dotted_name


def _different(a, b):
    return ast.dump(a) != ast.dump(b)


def _change(before, after):
    """'before -> after'; long ones cut to the part that changed, with a little context."""
    old, new = ast.unparse(before), ast.unparse(after)
    if max(len(old), len(new)) <= SHOWN_CHARACTERS:
        return f"{old} -> {new}"
    prefix = len(os.path.commonprefix([old, new]))
    suffix = min(len(os.path.commonprefix([old[::-1], new[::-1]])), min(len(old), len(new)) - prefix)
    start = max(0, prefix - CONTEXT_CHARACTERS)

    def window(text):
        end = min(len(text), len(text) - suffix + CONTEXT_CHARACTERS)
        return _shortened(("..." if start else "") + text[start:end] + ("..." if end < len(text) else ""))

    return f"{window(old)} -> {window(new)}"


def _shown(node):
    return _shortened(ast.unparse(node))


def _shortened(text):
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS - 3] + "..."


def catalogued_mutants(function, notebook):
    def cell_with(mistake):
        return solutions.defining_cell(solutions.with_mistake(notebook, function.name, mistake), function.name).source

    return [Mutant(function.name, mistake.name, cell_with(mistake), mistake) for mistake in function.mistakes]


# --- Equivalent mutants: same outputs as the solution on every call of the rubric, several seeds ---

def probe_calls(function):
    """The calls of every check of ``function``, planned with several seeds (fixed cases once)."""
    calls = []
    for seed in EQUIVALENCE_SEEDS:
        planned = plan_function(function, seed)
        fixed = {call_id for check in planned.checks for call_id in check.case_keys}
        calls += [call for call_id, call in planned.calls.items() if seed == EQUIVALENCE_SEEDS[0] or call_id not in fixed]
    return calls


def same_outcomes(expected, received):
    """Whether two lists of Outcomes (of the same calls) agree in everything a check can see.

    Printed text is compared without its terminal colours: they dress a message, and a mutant
    that only drops one says the same thing.
    """
    return all(a.error == b.error and a.rng_next == b.rng_next and _plain_text(a.printed) == _plain_text(b.printed)
               and not differences(a.value, b.value, rtol=EQUIVALENCE_RTOL, atol=EQUIVALENCE_ATOL)
               for a, b in zip(expected, received))


def _plain_text(printed):
    return ANSI_COLOUR.sub("", printed)


def with_cell(notebook, function_name, cell_source):
    """A copy of the notebook whose cell defining ``function_name`` reads ``cell_source``."""
    changed = copy.deepcopy(notebook)
    solutions.defining_cell(changed, function_name).source = cell_source
    return changed


# --- Grading through the isolated grader ---

def grade_mutant(box, assignment, function, notebook, mutant, seed):
    """Grade the mutant's function in the sandbox, as the sandboxed runner does."""
    source, _ = definitions_source(with_cell(notebook, function.name, mutant.cell_source))
    [result] = grade(assignment, sandboxed(box, source, sandbox.Limits())[0], seed, References(assignment.name),
                     only=[function.name])
    failed = [check for check in result.checks if not check.passed]
    return MutantResult(mutant, killed_by_public=any(check.visibility == "visible" for check in failed),
                        killed_by_hidden=any(check.visibility != "visible" for check in failed),
                        diagnosed=mutant.mistake is not None and mutant.mistake.hint in result.hints)


# --- A submission that hard-codes every public expected output ---

HARD_CODED_FUNCTION = '''
def {name}(*args, **kwargs):
    from kit.cases import PUBLIC_CASES
    from kit.compare import differences
    cases = PUBLIC_CASES["{name}"]
    for case in cases:
        if not differences((case.make_args(), case.kwargs), (args, kwargs)):
            return case.expected
    return cases[0].expected
'''


def hard_coded_notebook(notebook, assignment):
    """The solution notebook with every graded function replaced by a lookup of the public cases."""
    hard_coded = notebook
    for function in assignment.functions:
        cell = solutions.solution_code(solutions.defining_cell(hard_coded, function.name).source)
        lookup = HARD_CODED_FUNCTION.format(name=function.name)
        hard_coded = with_cell(hard_coded, function.name, _with_function_replaced(cell, function.name, lookup))
    return hard_coded


def hard_coded_results(box, assignment, notebook, seed):
    """{function: FunctionResult} of the hard-coded submission, graded in the sandbox."""
    source, _ = definitions_source(hard_coded_notebook(notebook, assignment))
    results = grade(assignment, sandboxed(box, source, sandbox.Limits())[0], seed, References(assignment.name))
    return {result.function: result for result in results}


# --- The analysis ---

def analyse_function(box, assignment_name, function, notebook, solution_scope, seed):
    cell_source = solutions.defining_cell(notebook, function.name).source
    calls = probe_calls(function)
    expected = [run_call(solution_scope, call) for call in calls]
    generated, equivalent = [], []
    for mutant in generated_mutants(function.name, cell_source):
        scope = solutions.namespace(with_cell(notebook, function.name, mutant.cell_source), assignment_name)
        if same_outcomes(expected, [run_call(scope, call) for call in calls]):
            equivalent.append(mutant)
        else:
            generated.append(grade_mutant(box, ASSIGNMENTS[assignment_name], function, notebook, mutant, seed))
    catalogued = [grade_mutant(box, ASSIGNMENTS[assignment_name], function, notebook, mutant, seed)
                  for mutant in catalogued_mutants(function, notebook)]
    return FunctionAnalysis(assignment_name, function.name, catalogued, generated, equivalent,
                            max_score=function.points)


def analyse(assignment_names=None, seed=None):
    """A FunctionAnalysis per graded function of the named assignments (default: all)."""
    seed = grading_seed() if seed is None else seed
    analyses = []
    with sandbox.Sandbox() as box:
        for name in assignment_names or list(ASSIGNMENTS):
            assignment = ASSIGNMENTS[name]
            notebook = solutions.source_notebook(name)
            solution_scope = solutions.namespace(notebook, name)
            found = [analyse_function(box, name, function, notebook, solution_scope, seed)
                     for function in assignment.functions]
            hard_coded = hard_coded_results(box, assignment, notebook, seed)
            for analysis in found:
                result = hard_coded[analysis.function]
                analysis.hard_coded_score = result.score
                analysis.hard_coded_passes_public = all(check.passed for check in result.checks
                                                        if check.visibility == "visible")
            analyses += found
    return analyses


def _rate(results, killed):
    part = sum(killed(result) for result in results)
    return f"{part}/{len(results)} ({part / len(results):.0%})" if results else "0/0"


def table(analyses):
    """The per-function counts, the totals against issue 7's bars, and the survivors, as text."""
    rows = [f"{'function':<42} {'catalogued: n public hidden named':>34}   "
            f"{'generated: n equivalent public hidden':>38}   hard-coded"]
    for index, a in enumerate(analyses):
        if index == 0 or a.assignment != analyses[index - 1].assignment:
            rows += ["", a.assignment]
        catalogued = [sum(r.killed_by_public for r in a.catalogued), sum(r.killed_by_hidden for r in a.catalogued),
                      sum(r.diagnosed for r in a.catalogued)]
        generated = [sum(r.killed_by_public for r in a.generated), sum(r.killed_by_hidden for r in a.generated)]
        rows.append(f"{a.function:<42} {len(a.catalogued):>15} {catalogued[0]:>6} {catalogued[1]:>6} "
                    f"{catalogued[2]:>5}   {len(a.generated):>14} {len(a.equivalent):>10} {generated[0]:>6} "
                    f"{generated[1]:>6}   {a.hard_coded_score:>4}/{a.max_score}")
    catalogued = [r for a in analyses for r in a.catalogued]
    generated = [r for a in analyses for r in a.generated]
    hidden, public, named = (lambda r: r.killed_by_hidden), (lambda r: r.killed_by_public), (lambda r: r.diagnosed)
    rows += ["",
             f"catalogued mistakes killed by the hidden tests: {_rate(catalogued, hidden)}, "
             f"named with their own hint: {_rate(catalogued, named)}",
             f"generated non-equivalent mutants killed by the hidden tests: {_rate(generated, hidden)} "
             f"({sum(len(a.equivalent) for a in analyses)} equivalent left out)",
             f"all mutants caught by the public tests: {_rate(catalogued + generated, public)}",
             f"a submission hard-coding the public outputs earns "
             f"{sum(a.hard_coded_score for a in analyses)}/{sum(a.max_score for a in analyses)}"]
    survivors = [f"  {mutant.function}: {mutant.description}" for a in analyses for mutant in a.survivors]
    rows += ["", f"survivors of the hidden tests ({len(survivors)}):"] + (survivors or ["  none"])
    return "\n".join(rows)


def main(assignment_names=None):
    seed = grading_seed()
    print(table(analyse(assignment_names, seed)))
    print(f"(fresh inputs drawn with seed {seed})")


if __name__ == "__main__":
    main(sys.argv[1:])
