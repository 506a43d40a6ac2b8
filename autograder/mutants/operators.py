"""Mutants of a reference solution: the rubric's catalogued mistakes, and generated ones.

A generated mutant is one small change of the solution's syntax tree (a swapped operator, an
off-by-one constant, a dropped term, ...). Each mutation maps one node to its replacements, with
a description.
"""
import ast
import copy
import os
from dataclasses import dataclass

from .. import solutions
from ..rubric import Mistake

REMOVED = None  # a mutation's replacement that deletes the statement
SHOWN_CHARACTERS = 60
CONTEXT_CHARACTERS = 20  # shown either side of what changed in a long expression


@dataclass(frozen=True)
class Mutant:
    function: str
    description: str  # the catalogued mistake's name, or "line N: before -> after"
    cell_source: str  # the function's defining cell with the mutation applied
    mistake: Mistake | None = None


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
