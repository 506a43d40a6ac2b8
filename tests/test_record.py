"""GradeRecord: its JSON round trip, its Gradescope fields, and result files that cannot be read."""
import json

import pytest

from autograder.record import GRADER, SUBMISSION, FunctionScore, GradeRecord

GRADED = GradeRecord("initialization", 20, 30, (
    FunctionScore("initialize_parameters_zeros", 10, 10, "passed", "ok", function="initialize_parameters_zeros"),
    FunctionScore("initialize_parameters_he", 0, 10, "failed", "wrong", function="initialize_parameters_he",
                  diagnosis=("You scaled by sqrt(1 / n_prev)",))),
    notebook="alice.ipynb", sandbox={"network": "namespace", "filesystem": "chroot"}, seed=7, execution_time=0.5,
    student="alice", content_hash="ab" * 32)


VALID = {"assignment": "initialization", "score": 0, "max_score": 30, "gradable": True, "tests": []}


def test_a_record_survives_its_json_form():
    assert GradeRecord.from_dict(json.loads(GRADED.to_json())) == GRADED


def test_the_dictionary_form_has_gradescopes_fields_and_the_kits():
    form = GRADED.to_dict()
    assert (form["score"], form["max_score"], form["stdout_visibility"]) == (20, 30, "hidden")
    assert form["tests"][1] == {"name": "initialize_parameters_he", "score": 0, "max_score": 10, "status": "failed",
                                "output": "wrong", "visibility": "visible", "function": "initialize_parameters_he",
                                "diagnosis": ["You scaled by sqrt(1 / n_prev)"]}
    assert form["sandbox"] == {"network": "namespace", "filesystem": "chroot"}  # opaque: as the grader said it
    assert (form["assignment"], form["gradable"], form["seed"], form["notebook"]) == ("initialization", True, 7,
                                                                                      "alice.ipynb")


def test_not_graded_records_say_whose_failure_it_was():
    refused = GradeRecord.not_graded("initialization", "a.ipynb: not a readable notebook (empty)")
    broken = GradeRecord.grader_failure("initialization", "chroot refused")
    assert not refused.graded and refused.failure == SUBMISSION and not refused.grader_failed
    assert not broken.graded and broken.failure == GRADER and broken.grader_failed
    assert broken.error == "not graded (grader environment: chroot refused)"
    assert broken.to_dict()["gradable"] is False and broken.to_dict()["tests"] == []
    assert GradeRecord.from_dict(broken.to_dict()) == broken


@pytest.mark.parametrize("content", [
    b"", b"{", b"{}", b'{"assignment": "initialization", "score": 3', b"\xff\xfe", b"[]", b"null", b'"text"',
    *(json.dumps({**VALID, **change}).encode() for change in [
        {"score": "high"}, {"tests": {}}, {"tests": [{"name": 1}]}, {"tests": [{"name": "f", "score": 1}]},
        {"tests": [{"name": "f", "score": 1, "max_score": 1, "status": "great"}]}, {"gradable": "yes"},
        {"error": 3}, {"tests": [None]}, {"tests": [{"name": "f", "score": 1, "max_score": 1, "diagnosis": [2]}]}]), b"[" * 100_000 + b"]" * 100_000,
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
