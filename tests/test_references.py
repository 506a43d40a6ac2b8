"""The stored reference outputs are what the source solutions and mistakes give now."""
import pytest

from autograder import references
from autograder.kit.cases import PUBLIC_CASES
from autograder.kit.compare import differences
from autograder.rubric import ASSIGNMENTS


# numpy builds differ in the last bits of exp and log (their SIMD paths; Python 3.13's wheel
# against 3.11's here): that is not a stale reference. Any edit of a solution or a case moves
# its outputs by far more.
REBUILD_TOLERANCE = {"rtol": 1e-11, "atol": 1e-14}


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_stored_references_equal_a_rebuild(name):
    stored, fresh = references.load(name), references.compute(ASSIGNMENTS[name])
    assert stored.keys() == fresh.keys()
    for function, cases in fresh.items():
        assert stored[function].keys() == cases.keys(), f"{function}: cases changed; make references"
        for key, entry in cases.items():
            where = f"{function} {key}: stale reference; make references"
            assert not differences(entry["solution"], stored[function][key]["solution"], **REBUILD_TOLERANCE), where
            assert entry["mistakes"].keys() == stored[function][key]["mistakes"].keys(), where
            for mistake, value in entry["mistakes"].items():
                assert not differences(value, stored[function][key]["mistakes"][mistake], **REBUILD_TOLERANCE), where


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_the_solution_reproduces_the_course_published_public_outputs(name):
    stored = references.load(name)
    for function in ASSIGNMENTS[name].functions:
        for index, case in enumerate(PUBLIC_CASES.get(function.name, [])):
            solution = stored[function.name][f"public {index}"]["solution"]
            assert not differences(case.expected, solution), f"{function.name}: {case.name}"


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_every_mistake_changes_some_fixed_output(name):
    stored = references.load(name)
    for function in ASSIGNMENTS[name].functions:
        for mistake in function.mistakes:
            cases = stored[function.name].values()
            assert any(mistake.name not in case["mistakes"]
                       or differences(case["solution"], case["mistakes"][mistake.name]) for case in cases), mistake.name


def test_a_missing_reference_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(references, "FOLDER", tmp_path)
    references.solutions.cache_clear()
    with pytest.raises(references.ReferenceError, match="initialization.h5"):
        references.load("initialization")
    references.solutions.cache_clear()
