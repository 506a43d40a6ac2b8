"""Grading on many seeds at once: every seed's plan, each distinct call made once, each seed judged apart.

A catalogued mistake's graded functions are the mistake's own and those its edit may reach; every other
function runs the solution's code on the solution's definitions, and is graded with the solution.
"""
import ast
import json
from dataclasses import dataclass

import numpy as np

from autograder import sandbox, solutions
from autograder.conventions import SEED_BOUND
from autograder.definitions import definitions_source
from autograder.judging import judge
from autograder.plan import plan
from autograder.references import References
from autograder.reports import function_report
from autograder.rubric import ASSIGNMENTS
from autograder.runners import in_process
from autograder.runners.sandboxed import sandboxed
from autograder.values import encode

SEEDS_PER_SANDBOX_RUN = 100  # one sandbox run makes the calls of this many seeds (its clocks allow it)


def spread_seeds(count, draw_seed):
    """``count`` distinct seeds drawn over [0, SEED_BOUND), the range grading seeds come from."""
    seeds = dict.fromkeys(int(seed) for seed in np.random.default_rng(draw_seed).integers(0, SEED_BOUND, 2 * count))
    return list(seeds)[:count]


@dataclass(frozen=True)
class Batch:
    """What a runner reads of a plan (its calls): here those of many seeds' plans, each distinct one once."""
    calls: dict


def results_per_seed(assignment, function_names, runner, seeds, references):
    """``{seed: {function: FunctionResult}}`` of the named functions, graded on every seed.

    A call the same in several plans (a fixed case, a call on no fresh input) is made once: its outcome
    depends on the call alone. Every seed's plan is then judged on its own calls' outcomes.
    """
    plans = {seed: plan(assignment, seed, only=function_names) for seed in seeds}
    distinct, key_of = {}, {}
    for seed, the_plan in plans.items():
        for call_id, call in the_plan.calls.items():
            key = key_of[seed, call_id] = _content(call)
            distinct.setdefault(key, ((call.function, len(distinct)), call))
    answers = runner(Batch(dict(distinct.values())))
    results = {}
    for seed, the_plan in plans.items():
        outcomes = {call_id: answers[distinct[key_of[seed, call_id]][0]] for call_id in the_plan.calls}
        results[seed] = {function_plan.function.name: judge(function_plan, outcomes, references)
                         for function_plan in the_plan.functions}
    return results


def _content(call):
    skeleton, arrays = encode([call.args, call.kwargs])
    return (call.function, call.seed, json.dumps(skeleton), json.dumps(call.substitutes, sort_keys=True),
            tuple((array.dtype.str, array.shape, array.tobytes()) for array in arrays.values()))


def changed_names(solution_cell, mistaken_cell):
    """The top-level names that the statements a mistake changes define (in either version of the cell)."""
    before, after = ast.parse(solution_cell).body, ast.parse(mistaken_cell).body
    kept_before, kept_after = {ast.dump(node) for node in before}, {ast.dump(node) for node in after}
    changed = [node for node in before if ast.dump(node) not in kept_after]
    changed += [node for node in after if ast.dump(node) not in kept_before]
    return set().union(*map(_defined_by, changed))


def _defined_by(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {alias.asname or alias.name.split(".")[0] for alias in node.names}
    return {name.id for name in ast.walk(node) if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store)}


def reaches(namespace, function_name, names):
    """Whether ``function_name``'s code may use any of ``names``: through the global names its code (and
    that of every function of ``namespace`` it names, and so on) refers to."""
    seen, pending = set(), [function_name]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        code = getattr(namespace.get(name), "__code__", None)
        if code is not None:
            pending += _global_names(code)
    return bool(seen & set(names))


def _global_names(code):
    nested = [const for const in code.co_consts if hasattr(const, "co_names")]
    return [*code.co_names, *(name for inner in nested for name in _global_names(inner))]


# --- One job: a runner, an assignment, a notebook (the solution or a mistake's), many seeds ---

@dataclass(frozen=True)
class Job:
    runner: str  # "in_process" or "sandboxed"
    assignment: str
    seeds: tuple
    function: str | None = None  # with ``mistake``: the mistake's function; None: the solution
    mistake: str | None = None

    @property
    def name(self):
        return f"{self.runner}: {self.mistake or 'the solution'} ({len(self.seeds)} seeds)"


def failures(job):
    """What went wrong on the job's seeds, one line per seed and function: an empty list when the solution
    passes everything, or when the mistake loses exactly its function, named by its own hint alone."""
    assignment = ASSIGNMENTS[job.assignment]
    notebook = solutions.source_notebook(assignment.name)
    expected_hint, graded = None, [function.name for function in assignment.functions]
    if job.mistake:
        function = assignment.function(job.function)
        mistake = next(mistake for mistake in function.mistakes if mistake.name == job.mistake)
        mistaken = solutions.with_mistake(notebook, function.name, mistake)
        changed = changed_names(solutions.defining_cell(notebook, function.name).source,
                                solutions.defining_cell(mistaken, function.name).source)
        scope = solutions.namespace(mistaken, assignment.name)
        graded = [name for name in graded if name == function.name or reaches(scope, name, changed)]
        notebook, expected_hint = mistaken, mistake.hint
    references = References(assignment.name)
    if job.runner == "in_process":
        results = results_per_seed(assignment, graded, in_process(solutions.namespace(notebook, assignment.name)),
                                   job.seeds, references)
    else:
        results = {}
        with sandbox.Sandbox() as box:  # one for every seed of the job
            run = sandboxed(box, definitions_source(notebook)[0], sandbox.Limits())[0]
            for start in range(0, len(job.seeds), SEEDS_PER_SANDBOX_RUN):
                results |= results_per_seed(assignment, graded, run, job.seeds[start:start + SEEDS_PER_SANDBOX_RUN],
                                            references)
    return [f"seed {seed}: {problem}" for seed, by_function in results.items()
            for problem in _problems(by_function, job.function, expected_hint)]


def _problems(by_function, mistaken_function, hint):
    problems = []
    for name, result in by_function.items():
        if name != mistaken_function and not result.passed:
            problems.append(f"{name} fails:\n{function_report(result)}")
        elif name == mistaken_function and (result.passed or result.hints != [hint]):
            problems.append(f"{name} {'passes' if result.passed else 'is not named by its own hint'}:\n"
                            f"{function_report(result)}")
    return problems
