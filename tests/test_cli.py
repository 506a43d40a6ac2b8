"""The contract of `autograder grade`: formats, exit codes, one-line errors."""
import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import nbformat
import pytest

from autograder import sample_class
from autograder.rubric import ASSIGNMENTS

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    class_ = sample_class.submissions(ASSIGNMENTS["initialization"])
    paths = {}
    for student in ("correct", "mistake-he-xavier-scaling"):
        paths[student] = folder / f"{student}.ipynb"
        nbformat.write(class_[student], paths[student])
    paths["invalid"] = folder / "invalid.ipynb"
    paths["invalid"].write_text("{ not json")
    paths["unrelated"] = folder / "unrelated.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), paths["unrelated"])
    return paths


def grade(*arguments):
    return subprocess.run([sys.executable, "-m", "autograder.cli", "grade", *map(str, arguments)],
                          capture_output=True, text=True)


def test_json_result_follows_gradescope_plus_the_kit_fields(notebooks):
    result = grade(notebooks["mistake-he-xavier-scaling"])
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["assignment"] == "initialization" and report["gradable"] is True
    assert (report["score"], report["max_score"]) == (20, 30)
    assert isinstance(report["seed"], int) and report["execution_time"] > 0
    he = report["tests"][2]
    assert he["name"] == he["function"] == "initialize_parameters_he"
    assert (he["score"], he["max_score"], he["status"], he["visibility"]) == (0, 10, "failed", "visible")
    assert "Xavier" in he["output"]


def test_fail_under_exits_one_below_the_bar(notebooks):
    assert grade(notebooks["mistake-he-xavier-scaling"], "--fail-under", 21).returncode == 1
    assert grade(notebooks["mistake-he-xavier-scaling"], "--fail-under", 20).returncode == 0


def test_an_unreadable_notebook_exits_two_with_one_line_naming_it(notebooks):
    result = grade(notebooks["invalid"])
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "invalid.ipynb: not a readable notebook" in result.stderr


def test_a_notebook_of_no_known_assignment_exits_two(notebooks):
    result = grade(notebooks["unrelated"])
    assert result.returncode == 2 and "cannot tell which assignment" in result.stderr


def test_junit_and_output_file(notebooks, tmp_path):
    out = tmp_path / "result.xml"
    assert grade(notebooks["mistake-he-xavier-scaling"], "--format", "junit", "--output", out).returncode == 0
    suite = ElementTree.parse(out).getroot()
    assert suite.tag == "testsuite" and suite.get("tests") == "3" and suite.get("failures") == "1"
    failed = [case.get("name") for case in suite if case.find("failure") is not None]
    assert failed == ["initialize_parameters_he"]


def test_text_and_html_feedback(notebooks, tmp_path):
    page = tmp_path / "feedback.html"
    result = grade(notebooks["correct"], "--format", "text", "--html", page)
    assert result.stdout.startswith("initialization: 30/30")
    html = page.read_text()
    assert "initialize_parameters_he" in html and "30/30" in html


def test_help_documents_the_exit_codes():
    for command in ([], ["grade"]):
        result = subprocess.run([sys.executable, "-m", "autograder.cli", *command, "--help"], capture_output=True,
                                text=True)
        assert result.returncode == 0
        assert all(line in result.stdout for line in ["0  graded", "1  graded below --fail-under",
                                                      "2  not a gradable notebook", "3  a grader or environment"])


def test_an_unexpected_error_is_exit_three_in_one_line_and_a_traceback_only_with_debug(notebooks, tmp_path):
    unwritable = tmp_path / "no such folder" / "result.json"
    result = grade(notebooks["correct"], "--output", unwritable)
    assert result.returncode == 3 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("autograder: unexpected error: FileNotFoundError") and "--debug" in result.stderr
    debugged = grade(notebooks["correct"], "--output", unwritable, "--debug")
    assert debugged.returncode == 3 and "Traceback (most recent call last)" in debugged.stderr


def test_a_refused_notebook_still_leaves_a_record_where_output_points(notebooks, tmp_path):
    out = tmp_path / "result.xml"
    result = grade(notebooks["invalid"], "--format", "junit", "--output", out)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    suite = ElementTree.parse(out).getroot()
    assert suite.get("errors") == "1" and "not a readable notebook" in suite.find("testcase/error").text
