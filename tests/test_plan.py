"""Plans key every call by id; judging reads outcomes by id, whatever order a runner answers in."""
import random
import re
import subprocess
import sys

import pytest

from autograder.judging import OutcomesMismatch, grade
from autograder.plan import CallId, plan
from autograder.references import References
from autograder.rubric import ASSIGNMENTS
from autograder.runners import in_process
from conftest import solution_namespace
from test_nbgrader import hidden_numbers


def verdicts(results):
    return [(result.function, result.score, [(check.name, check.problems) for check in result.checks], result.hints)
            for result in results]


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_every_call_has_an_id_of_its_own_function_and_check(name):
    for function_plan in plan(ASSIGNMENTS[name], seed=3).functions:
        assert all(isinstance(call_id, CallId) and call_id.function == function_plan.function.name
                   for call_id in function_plan.calls)
        named = {check.name for check in function_plan.checks}
        assert {call_id.check for call_id in function_plan.calls} <= named
        assert {call_id for check in function_plan.checks for call_id in check.call_ids} == set(function_plan.calls)


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_a_runner_that_answers_in_another_order_gets_the_same_grade(name):
    assignment, runner = ASSIGNMENTS[name], in_process(solution_namespace(name))

    def shuffled(the_plan):
        answers = list(runner(the_plan).items())
        random.Random(5).shuffle(answers)
        return dict(answers)

    # A wrong answer somewhere, so that the verdicts have problems and hints to compare too.
    def with_a_wrong_answer(the_plan):
        answers = runner(the_plan)
        first = next(iter(answers))
        answers[first] = type(answers[first])(error="raised ValueError: wrong")
        return answers

    for run in (runner, with_a_wrong_answer):
        straight = grade(assignment, run, 11, References(name))
        reordered = grade(assignment, lambda p, run=run: dict(reversed(list(run(p).items()))), 11, References(name))
        assert verdicts(reordered) == verdicts(straight)
    assert verdicts(grade(assignment, shuffled, 11, References(name))) == verdicts(grade(assignment, runner, 11,
                                                                                         References(name)))


def test_a_missing_or_an_extra_outcome_raises():
    assignment, runner = ASSIGNMENTS["initialization"], in_process(solution_namespace("initialization"))

    def missing(the_plan):
        answers = runner(the_plan)
        answers.pop(next(iter(answers)))
        return answers

    def extra(the_plan):
        return {**runner(the_plan), CallId("initialize_parameters_he", "no such check", "no such role"): None}

    for run in (missing, extra):
        with pytest.raises(OutcomesMismatch):
            grade(assignment, run, 0, References("initialization"))


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_the_plan_command_reviews_the_rubric_without_hidden_values(name):
    result = subprocess.run([sys.executable, "-m", "autograder.cli", "plan", name], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for function in ASSIGNMENTS[name].functions:
        assert f"{function.signature}: {function.points} points" in result.stdout
    numbers = set(re.findall(r"-?\d+\.\d+", result.stdout))
    assert not numbers & hidden_numbers(ASSIGNMENTS[name])
