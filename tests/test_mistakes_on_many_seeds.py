"""Whatever the grading seed, every catalogued mistake loses exactly its function's points and is named by
its own hint, and the solution passes: on SEEDS, 1,000 seeds spread over [0, 2**31), in this process
(what nbgrader's kernel runs: runners.kernel.check grades in_process on the notebook's namespace), and on
the same seeds through the sandbox (what `autograder grade` runs).

A function a mistake's edit cannot reach runs the solution's code and is graded with the solution; the
functions it may reach are graded with the mistake (see many_seeds.failures). The jobs run on two
processes, one sandbox per job.
"""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from autograder import solutions
from autograder.judging import grade
from autograder.references import References
from autograder.rubric import ASSIGNMENTS
from autograder.runners import in_process
from conftest import solution_namespace
from many_seeds import Job, changed_names, failures, reaches, results_per_seed, spread_seeds

SEEDS = tuple(spread_seeds(1000, draw_seed=20240607))
WORKERS = 2

MISTAKES = [(assignment.name, function.name, mistake.name) for assignment in ASSIGNMENTS.values()
            for function in assignment.functions for mistake in function.mistakes]
RUNNERS = {"in_process": SEEDS, "sandboxed": SEEDS}
JOBS = [Job(runner, name, seeds) for runner, seeds in RUNNERS.items() for name in ASSIGNMENTS] + \
       [Job(runner, name, seeds, function, mistake) for runner, seeds in RUNNERS.items()
        for name, function, mistake in MISTAKES]


@pytest.fixture(scope="module")
def found():
    """{job: its failures}, every job run once for all the tests here."""
    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
        return dict(zip(JOBS, pool.map(failures, JOBS)))


@pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out
@pytest.mark.parametrize("job", JOBS, ids=[job.name for job in JOBS])
def test_every_seed_grades_as_expected(found, job):
    problems = found[job]
    assert not problems, f"{len(problems)} problems, the first:\n" + "\n".join(problems[:3])


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_grading_many_seeds_at_once_is_grading_each_seed(name):
    assignment, runner, references = ASSIGNMENTS[name], in_process(solution_namespace(name)), References(name)
    seeds = SEEDS[:3]
    at_once = results_per_seed(assignment, [f.name for f in assignment.functions], runner, seeds, references)
    for seed in seeds:
        one_by_one = {result.function: result for result in grade(assignment, runner, seed, references)}
        assert at_once[seed] == one_by_one, seed


def test_a_mistake_reaches_the_functions_that_call_its_function_and_no_other():
    notebook = solutions.source_notebook("gradient_checking")
    forward = ASSIGNMENTS["gradient_checking"].function("forward_propagation")
    mistaken = solutions.with_mistake(notebook, forward.name, forward.mistakes[0])
    changed = changed_names(solutions.defining_cell(notebook, forward.name).source,
                            solutions.defining_cell(mistaken, forward.name).source)
    assert changed == {"forward_propagation"}
    scope = solution_namespace("gradient_checking")
    assert {name for name in ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n")
            if reaches(scope, name, changed)} == {"forward_propagation", "gradient_check"}


def test_the_seeds_are_spread_over_the_grading_range():
    assert len(set(SEEDS)) == 1000 and max(SEEDS) > 2**30 and sum(seed < 2**30 for seed in SEEDS) > 400
