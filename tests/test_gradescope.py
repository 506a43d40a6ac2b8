"""Gradescope's package, end to end: unpacked into a stand-in /autograder, run_autograder grades
a submission in the Docker-like setting and leaves results.json as Gradescope reads it."""
import json
import subprocess
import sys
import zipfile

import nbformat
import pytest

import isolation_settings
from autograder import sample_class
from autograder.cli import main
from autograder.rubric import ASSIGNMENTS
from test_nbgrader import hidden_numbers

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

ASSIGNMENT = ASSIGNMENTS["initialization"]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gradescope")
    assert main(["gradescope", ASSIGNMENT.name, "--output", str(folder / "autograder.zip")]) == 0
    return folder / "autograder.zip"


def run_autograder(package, tmp_path, files):
    """Run the package on a submission of ``files`` ({name: text}); the results.json it leaves."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "source")
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    (root / "submission").mkdir()
    for name, text in files.items():
        (root / "submission" / name).write_text(text)
    run = isolation_settings.command("docker", [], env={"AUTOGRADER_ROOT": str(root),
                                                         "AUTOGRADER_PYTHON": sys.executable})
    run["args"] = ["bash", str(root / "source" / "run_autograder")]
    subprocess.run(**run, check=True, capture_output=True, timeout=120)
    return json.loads((root / "results" / "results.json").read_text())


def test_the_package_holds_the_kit_but_no_source_notebook(package):
    names = zipfile.ZipFile(package).namelist()
    assert "kit/pyproject.toml" in names and "kit/autograder/references/initialization.h5" in names
    assert not [name for name in names if name.endswith(".ipynb") or "source/" in name]


@pytest.mark.parametrize("student, expected", [("correct", 30), ("mistake-he-xavier-scaling", 20)])
def test_a_submission_is_graded_into_results_json(package, tmp_path, student, expected):
    submission = sample_class.submissions(ASSIGNMENT)[student]
    results = run_autograder(package, tmp_path, {"my-work.ipynb": nbformat.writes(submission)})
    assert results["score"] == expected and results["stdout_visibility"] == "hidden"
    assert results["sandbox"]["level"] == "full" and results["sandbox"]["filesystem"].startswith("chroot")
    assert [test["name"] for test in results["tests"]] == [function.name for function in ASSIGNMENT.functions]
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
    text = json.dumps(results)
    assert not [number for number in hidden_numbers(ASSIGNMENT) if number in text]
    if expected < 30:
        assert "Xavier" in results["tests"][2]["output"]


def test_no_notebook_or_a_broken_one_still_gives_results_json(package, tmp_path):
    missing = run_autograder(package, tmp_path / "missing", {"notes.txt": "my answers"})
    assert missing["score"] == 0 and "upload initialization.ipynb" in missing["output"]
    broken = run_autograder(package, tmp_path / "broken", {"initialization.ipynb": "{ not json"})
    assert broken["score"] == 0 and "initialization.ipynb: not a readable notebook" in broken["output"]
