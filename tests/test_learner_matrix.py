"""Each release notebook, with correct answers, runs top to bottom on the oldest and newest Python the kit
supports, with the oldest numpy, matplotlib and h5py it declares and with the newest: every public test
passes and the notebook prints the course's numbers (tests/learner_matrix.py does the work).

Opt-in: a combination's environment takes a minute or more to make on first use and its notebooks half
a minute to run, so these run only with AUTOGRADER_LEARNER_MATRIX=1 (`make learner-matrix` runs the
same checks as a command). With it set, a missing Python is a failure, not a skip."""
import os

import pytest

import learner_matrix

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

OPTED_IN = os.environ.get("AUTOGRADER_LEARNER_MATRIX") == "1"


@pytest.mark.skipif(not OPTED_IN, reason="the learner's matrix is opt-in: AUTOGRADER_LEARNER_MATRIX=1 or `make learner-matrix`")
@pytest.mark.parametrize("combination", learner_matrix.combinations(), ids=lambda combination: combination.name)
def test_every_notebook_runs_top_to_bottom_with_the_courses_numbers(combination):
    try:
        env, runs = learner_matrix.check(combination)
    except learner_matrix.Unavailable as missing:
        pytest.fail(f"AUTOGRADER_LEARNER_MATRIX=1 but {missing}")
    problems = [f"{run.assignment}: {problem}" for run in runs for problem in run.problems]
    assert not problems, f"{combination.name} ({env.python}):\n" + "\n".join(problems)


def test_the_matrix_spans_the_supported_pythons_and_both_ends_of_the_declared_packages():
    """What the matrix covers follows from what the kit declares, so a new floor moves it; numpy 1.24's
    floor has no Python 3.13."""
    names = {(combination.python, combination.stack.name) for combination in learner_matrix.combinations()}
    assert names == {("3.10", "floor"), ("3.10", "newest"), ("3.13", "newest")}
    assert [requirement.split("==")[0] for requirement in learner_matrix.declared_floor()] == ["numpy", "matplotlib", "h5py"]


def test_a_kernel_that_ran_other_versions_than_asked_is_a_problem():
    floor = next(c for c in learner_matrix.combinations() if c.stack.name == "floor")
    env = learner_matrix.Environment(python=None, freeze="numpy==1.24.4\nmatplotlib==3.7.5\nh5py==3.8.0\n", seconds=0)
    ran = {"python": "3.10.13", "numpy": "1.24.4", "matplotlib": "3.7.5", "h5py": "3.8.0"}
    assert learner_matrix.versions_problems(env, floor, ran) == []
    assert learner_matrix.versions_problems(env, floor, {**ran, "python": "3.11.7"}) == [
        "the kernel ran Python 3.11.7, not 3.10"]
    assert learner_matrix.versions_problems(env, floor, {**ran, "numpy": "2.2.6"}) == [
        "the kernel ran numpy 2.2.6, the environment holds 1.24.4", "numpy 2.2.6 is not numpy==1.24.*"]
