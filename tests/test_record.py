"""GradeRecord: its JSON round trip, its Gradescope fields, and result files that cannot be read."""
import json

import pytest

from autograder.record import CheckResult, FunctionResult, GradeRecord, Status

HE_FAILED = FunctionResult("initialize_parameters_he", 10, [CheckResult("public case: [3, 1, 2]", "visible", []),
                                                            CheckResult("hidden cases", "hidden", ["wrong"])],
                           ["You scaled by sqrt(1 / n_prev)"], seed=7)
GRADED = GradeRecord("initialization", Status.GRADED, (
    FunctionResult("initialize_parameters_zeros", 10, [CheckResult("hidden cases", "hidden", [])], seed=7),
    HE_FAILED), 30,
    notebook="alice.ipynb", sandbox={"network": "namespace", "filesystem": "chroot"}, seed=7, execution_time=0.5,
    student="alice", content_hash="ab" * 32)


VALID = {"assignment": "initialization", "score": 0, "max_score": 30, "gradable": True, "tests": []}


def test_a_record_survives_its_json_form():
    assert GradeRecord.from_dict(json.loads(GRADED.to_json())) == GRADED


def test_the_dictionary_form_has_gradescopes_fields_and_the_kits():
    form = GRADED.to_dict()
    assert (form["score"], form["max_score"], form["stdout_visibility"]) == (10, 30, "hidden")
    assert form["tests"][1] == {"name": "initialize_parameters_he", "score": 0, "max_score": 10, "status": "failed",
                                "output": HE_FAILED.output, "visibility": "visible", "function": "initialize_parameters_he",
                                "diagnosis": ["You scaled by sqrt(1 / n_prev)"], "seed": 7,
                                "checks": [{"name": "public case: [3, 1, 2]", "visibility": "visible", "problems": []},
                                           {"name": "hidden cases", "visibility": "hidden", "problems": ["wrong"]}]}
    assert "[FAILED] hidden cases" in HE_FAILED.output and "wrong" in HE_FAILED.output
    assert form["sandbox"] == {"network": "namespace", "filesystem": "chroot"}  # opaque: as the grader said it
    assert (form["assignment"], form["gradable"], form["status"], form["seed"], form["notebook"]) == (
        "initialization", True, "graded", 7, "alice.ipynb")


def test_not_graded_records_say_whose_failure_it_was():
    refused = GradeRecord.not_graded("initialization", "a.ipynb: not a readable notebook (empty)")
    broken = GradeRecord.not_graded("initialization", "chroot refused", Status.GRADER_FAILURE)
    assert not refused.graded and refused.status is Status.NOT_GRADABLE and not refused.grader_failed
    assert not broken.graded and broken.status is Status.GRADER_FAILURE and broken.grader_failed
    assert refused.to_dict()["status"] == "not_gradable" and broken.to_dict()["status"] == "grader_failure"
    assert broken.error == "not graded (grader environment: chroot refused)"
    assert broken.to_dict()["gradable"] is False and broken.to_dict()["tests"] == []
    assert GradeRecord.from_dict(broken.to_dict()) == broken


@pytest.mark.parametrize("content", [
    b"", b"{", b"{}", b'{"assignment": "initialization", "score": 3', b"\xff\xfe", b"[]", b"null", b'"text"',
    *(json.dumps({**VALID, **change}).encode() for change in [
        {"score": "high"}, {"tests": {}}, {"tests": [{"name": 1}]}, {"tests": [{"name": "f", "score": 1}]},
        {"tests": [{"name": "f", "score": 1, "max_score": 1, "status": "great"}]}, {"gradable": "yes"},
        {"error": 3}, {"tests": [None]}, {"tests": [{"name": "f", "score": 1, "max_score": 1, "diagnosis": [2]}]},
        {"status": "great"}, {"error": "gone"}, {"score": 10}, {"tests": [{"name": "f", "max_score": 1, "checks": [3]}]},
        {"tests": [{"name": "f", "max_score": 1, "checks": [{"name": "c", "visibility": "public", "problems": []}]}]},
        {"tests": [{"name": "f", "max_score": 1, "checks": [], "seed": "7"}]}]), b"[" * 100_000 + b"]" * 100_000,
], ids=repr)
def test_an_unreadable_or_wrong_shaped_result_file_is_a_failed_record(tmp_path, content):
    path = tmp_path / "bob.0123456789abcdef.json"
    path.write_bytes(content)
    record = GradeRecord.read(path, "initialization", "bob")
    assert (record.graded, record.student, record.assignment) == (False, "bob", "initialization")
    assert record.error.startswith("unreadable result file bob.0123456789abcdef.json")


def test_a_missing_result_file_is_a_failed_record(tmp_path):
    assert not GradeRecord.read(tmp_path / "gone.json", "initialization", "gone").graded


def test_the_fields_a_result_file_needs_are_enough(tmp_path):
    path = tmp_path / "bob.0123456789abcdef.json"
    path.write_text(json.dumps(VALID))
    assert GradeRecord.read(path, "initialization", "bob").graded


def test_a_function_scores_its_points_only_when_every_check_passes():
    assert (GRADED.tests[0].score, GRADED.tests[1].score, GRADED.score) == (10, 0, 10)
    assert [test.status for test in GRADED.tests] == ["passed", "failed"]
