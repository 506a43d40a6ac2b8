"""The rubric's strength, measured by mutation analysis, must not slide back below its bars.

That every catalogued mistake loses its function and is named, under both runners, is
tests/test_rubric.py's matrix."""
import pytest

from autograder import solutions
from autograder.mutants import analysis, operators

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

HIDDEN_KILL_BAR = 0.95  # of the generated non-equivalent mutants
PUBLIC_CATCH_BAR = 0.99  # of all mutants, catalogued and generated
PUBLIC_CATCH_BAR_PER_FUNCTION = 0.95  # of each graded function's


@pytest.fixture(scope="module")
def analyses():
    # The whole analysis (every assignment, about two minutes) runs once for all the tests here.
    return analysis.analyse(seed=20240607)


def test_the_hidden_tests_kill_the_generated_mutants(analyses):
    generated = [r for a in analyses for r in a.generated]
    killed = sum(r.killed_by_hidden for r in generated)
    survivors = "\n".join(f"{a.function}: {r.mutant.description}" for a in analyses for r in a.generated
                          if not r.killed_by_hidden)
    assert killed >= HIDDEN_KILL_BAR * len(generated), f"{killed} of {len(generated)} killed; survivors:\n{survivors}"


def test_the_public_tests_catch_most_mutants(analyses):
    everything = [r for a in analyses for r in a.catalogued + a.generated]
    caught = sum(r.killed_by_public for r in everything)
    survivors = "\n".join(f"{a.function}: {m.description}" for a in analyses for m in a.public_survivors)
    assert caught >= PUBLIC_CATCH_BAR * len(everything), f"{caught} of {len(everything)} caught; survivors:\n{survivors}"
    for a in analyses:
        mine = a.catalogued + a.generated
        assert sum(r.killed_by_public for r in mine) >= PUBLIC_CATCH_BAR_PER_FUNCTION * len(mine), \
            f"{a.function}: survivors of the public tests:\n{survivors}"


def test_hard_coding_the_public_outputs_earns_nothing(analyses):
    assert all(a.hard_coded_passes_public for a in analyses)  # the submission does game the public tests
    assert {a.function: a.hard_coded_score for a in analyses if a.hard_coded_score} == {}


def test_every_generated_mutant_changes_one_point_of_the_solution():
    notebook = solutions.source_notebook("initialization")
    cell = solutions.defining_cell(notebook, "initialize_parameters_he").source
    found = {m.description.split(": ", 1)[1]: m for m in operators.generated_mutants("initialize_parameters_he", cell)}
    assert {"2 -> 1", "np.random.seed(3) removed", "L + 1 -> L"} <= set(found)
    assert "np.random.seed(3)" not in found["np.random.seed(3) removed"].cell_source
    assert "np.sqrt(1 / layers_dims[l - 1])" in found["2 -> 1"].cell_source
    assert "range(1, L)" in found["L + 1 -> L"].cell_source


def test_a_mutant_with_the_solutions_outputs_is_left_out_as_equivalent(analyses):
    # np.multiply's arguments commute: swapping them changes nothing any check can see.
    backward = next(a for a in analyses if a.function == "backward_propagation_with_regularization")
    assert any("np.multiply(np.int64(A2 > 0), dA2)" in m.description for m in backward.equivalent)
    assert not any("np.multiply(np.int64(A2 > 0), dA2)" in r.mutant.description for r in backward.generated)
