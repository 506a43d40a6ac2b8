"""The stored reference outputs are what the source solutions and mistakes give now."""
import functools
from dataclasses import replace

import pytest

from autograder import references
from autograder.kit import mistakes as kit_mistakes
from autograder.kit.cases import PUBLIC_CASES
from autograder.kit.compare import differences
from autograder.rubric import ASSIGNMENTS


# numpy builds differ in the last bits of exp and log (their SIMD paths; Python 3.13's wheel
# against 3.11's here): that is not a stale reference. Any edit of a solution or a case moves
# its outputs by far more.
REBUILD_TOLERANCE = {"rtol": 1e-11, "atol": 1e-14}


@functools.lru_cache(maxsize=None)
def rebuilt(name):
    return references.compute(ASSIGNMENTS[name])


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_stored_references_equal_a_rebuild(name):
    stored, fresh = references.load(name), rebuilt(name)
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
def test_the_kits_mistakes_file_equals_a_rebuild(name):
    # The students' share of the references: each mistake's hint, as the rubric words it now, and its
    # outputs on the public cases.
    stored = kit_mistakes.read(kit_mistakes.path(name))
    fresh = references.public_mistakes(ASSIGNMENTS[name], rebuilt(name))
    where = f"{name}: stale {kit_mistakes.path(name).name}; make references"
    assert sorted(stored) == sorted(fresh), where
    for function, mistakes in fresh.items():
        assert [(m.name, m.hint) for m in stored[function]] == [(m.name, m.hint) for m in mistakes], where
        for kept, made in zip(stored[function], mistakes):
            assert kept.outputs.keys() == made.outputs.keys(), f"{where}: {made.name}"
            for index, value in made.outputs.items():
                assert not differences(value, kept.outputs[index], **REBUILD_TOLERANCE), f"{where}: {made.name}"


def test_the_staleness_test_sees_a_changed_hint_or_output(tmp_path, monkeypatch):
    assignment = ASSIGNMENTS["initialization"]
    table = rebuilt("initialization")
    shipped = references.public_mistakes(assignment, table)
    mistake = shipped["initialize_parameters_he"][0]
    changed_hint = replace(mistake, hint=mistake.hint + " (reworded)")
    changed_output = replace(mistake, outputs={0: {**mistake.outputs[0], "b1": mistake.outputs[0]["b1"] + 1e-6}})
    monkeypatch.setattr(kit_mistakes, "FOLDER", tmp_path)
    for changed in (changed_hint, changed_output):
        kit_mistakes.write(kit_mistakes.path("initialization"),
                           {**shipped, "initialize_parameters_he": [changed, *shipped["initialize_parameters_he"][1:]]})
        with pytest.raises(AssertionError, match="stale initialization_mistakes.h5"):
            test_the_kits_mistakes_file_equals_a_rebuild("initialization")


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
