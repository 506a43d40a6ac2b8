"""Grading mutants as submissions: which checks catch them, and which mutants are equivalent.

A generated mutant that gives the solution's outputs on every call the rubric makes, planned with
several seeds, is equivalent and left out. Every other one, and every catalogued mistake, is graded
through the one entry point (``runners.sandboxed.grade_notebook``) on a fresh seed, like a
student's submission.
"""
import copy
import re
from dataclasses import dataclass

import nbformat

from .. import solutions
from ..calls import run_call
from ..conventions import grading_seed
from ..errors import GraderFailure
from ..kit.compare import differences
from ..plan import CheckKind, plan_function
from ..rubric import ASSIGNMENTS
from ..runners.sandboxed import grade_notebook
from ..sandbox import Sandbox
from .operators import Mutant, _with_function_replaced, catalogued_mutants, generated_mutants

EQUIVALENCE_SEEDS = range(5)
EQUIVALENCE_RTOL = 1e-9
EQUIVALENCE_ATOL = 1e-15  # the smallest meaningful outputs (gradient-check differences) are near 1e-8
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


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
    hard_coded_passes_public: bool = False  # its public cases: it must, or its zero proves nothing
    max_score: int = 0

    @property
    def survivors(self):
        return [result.mutant for result in self.catalogued + self.generated if not result.killed_by_hidden]

    @property
    def public_survivors(self):
        """Mutants every public test and public property passes: the learner hears of them only at grading."""
        return [result.mutant for result in self.catalogued + self.generated if not result.killed_by_public]


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


# --- Grading as a submission ---

def graded(box, assignment, notebook, seed, only=None):
    """The FunctionResults of ``notebook`` graded as a submission (of the functions in ``only``)."""
    record = grade_notebook(nbformat.writes(notebook).encode(), assignment.name, seed=seed, box=box,
                            name=f"{assignment.name} mutant", only=only)
    if not record.graded:  # the analysed notebooks are the kit's own: not grading one is the grader's failure
        raise GraderFailure(record.error)
    return record.tests


def grade_mutant(box, assignment, function, notebook, mutant, seed):
    """Grade the mutant's function as a submission's."""
    [result] = graded(box, assignment, with_cell(notebook, function.name, mutant.cell_source), seed, [function.name])
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
    """{function: FunctionResult} of the hard-coded submission, graded as a submission."""
    return {result.function: result for result in graded(box, assignment, hard_coded_notebook(notebook, assignment), seed)}


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
    with Sandbox() as box:
        for name in assignment_names or list(ASSIGNMENTS):
            assignment = ASSIGNMENTS[name]
            notebook = solutions.source_notebook(name)
            solution_scope = solutions.namespace(notebook, name)
            found = [analyse_function(box, name, function, notebook, solution_scope, seed)
                     for function in assignment.functions]
            hard_coded = hard_coded_results(box, assignment, notebook, seed)
            for function, analysis in zip(assignment.functions, found):
                result = hard_coded[analysis.function]
                cases = {planned.name for planned in plan_function(function, seed).checks
                         if planned.kind is CheckKind.PUBLIC_CASE}
                analysis.hard_coded_score = result.score
                analysis.hard_coded_passes_public = all(check.passed for check in result.checks if check.name in cases)
            analyses += found
    return analyses
