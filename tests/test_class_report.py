import json
import os
import subprocess
import sys

import pytest

from autograder import class_report
from autograder.batch.store import ResultStore
from autograder.record import CheckResult, FunctionResult, GradeRecord, Status

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HE_HINT = "You scaled by sqrt(1 / n_prev), Xavier's factor; He initialization uses sqrt(2 / n_prev)"
ZEROS_HINT = "Biases must be zeros of shape (n_l, 1)"
INITIALIZATION = {"initialize_parameters_zeros": 10, "initialize_parameters_he": 10}
GRADIENT_CHECKING = {"forward_propagation": 10, "gradient_check_n": 20}


def write_result(folder, student, content_hash, points, earned, hints=None, mtime=None):
    """A graded result file: `earned` maps a function to its score, `hints` to its diagnosis."""
    hints = hints or {}
    tests = tuple(FunctionResult(function, max_score,
                                 [CheckResult("hidden cases", "hidden", [] if earned[function] == max_score else ["wrong"])],
                                 list(hints.get(function, [])))
                  for function, max_score in points.items())
    record = GradeRecord(folder.name, Status.GRADED, tests, sum(points.values()), student=student,
                         content_hash=content_hash)
    assert record.score == sum(earned.values())
    return write_file(folder / f"{student}.{content_hash}.json", record.to_json(), mtime)


def write_file(path, text, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def results(tmp_path):
    results = tmp_path / "results"
    initialization = results / "initialization"
    write_result(initialization, "alice", "a1", INITIALIZATION,
                 {"initialize_parameters_zeros": 10, "initialize_parameters_he": 10})
    write_result(initialization, "bob", "b1", INITIALIZATION,
                 {"initialize_parameters_zeros": 10, "initialize_parameters_he": 0},
                 {"initialize_parameters_he": [HE_HINT]})
    write_result(initialization, "carol", "c1", INITIALIZATION,
                 {"initialize_parameters_zeros": 0, "initialize_parameters_he": 0},
                 {"initialize_parameters_zeros": [ZEROS_HINT], "initialize_parameters_he": [HE_HINT]})
    # dave regraded: the newer file wins though its name sorts first.
    write_result(initialization, "dave", "ffff", INITIALIZATION,
                 {"initialize_parameters_zeros": 0, "initialize_parameters_he": 0},
                 {"initialize_parameters_he": [HE_HINT]}, mtime=1_000_000)
    write_result(initialization, "dave", "0000", INITIALIZATION,
                 {"initialize_parameters_zeros": 10, "initialize_parameters_he": 0}, mtime=2_000_000)
    write_file(initialization / "erin.e1.json", GradeRecord.not_graded(
        "initialization", "erin/initialization.ipynb: not a notebook (invalid JSON)", student="erin",
        content_hash="e1").to_json())
    gradient_checking = results / "gradient_checking"
    write_result(gradient_checking, "alice", "a2", GRADIENT_CHECKING,
                 {"forward_propagation": 10, "gradient_check_n": 20})
    write_result(gradient_checking, "bob", "b2", GRADIENT_CHECKING,
                 {"forward_propagation": 10, "gradient_check_n": 0})
    return results


def mean_score_from_files(folder):
    """The class mean computed straight from the files: newest file per student, graded only."""
    newest = {}
    for path in sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime):
        result = json.loads(path.read_text())
        newest[result["student"]] = result
    scores = [result["score"] for result in newest.values() if result["gradable"]]
    return sum(scores) / len(scores)


def section(page, assignment):
    """The part of the page about one assignment."""
    return page.split(f"<h2>{assignment}</h2>")[1].split("<h2>")[0]


def test_the_most_recent_file_of_a_student_wins(results):
    loaded = ResultStore(results).load()
    assert sorted(loaded) == ["gradient_checking", "initialization"]
    dave = [record for record in loaded["initialization"] if record.student == "dave"]
    assert [record.content_hash for record in dave] == ["0000"]


def test_report_names_assignments_failures_and_the_most_frequent_mistake(results, tmp_path):
    report = class_report.write_report(results, tmp_path / "report")
    assert report == tmp_path / "report" / "report.html"
    page = report.read_text()
    assert "<h2>initialization</h2>" in page and "<h2>gradient_checking</h2>" in page
    failed = section(page, "initialization").split("Failed to grade")[1]
    assert "<th scope='row'>erin</th><td>erin/initialization.ipynb: not a notebook (invalid JSON)</td>" in failed
    # He's hint is in bob's and carol's results, not in dave's newest: 2 of 4 graded.
    mistakes = section(page, "initialization").split("Most frequent mistakes")[1].split("</table>")[0]
    first_row = mistakes.split("<tr>")[2]
    assert first_row == "<th scope='row'>You scaled by sqrt(1 / n_prev), Xavier&#x27;s factor; He initialization " \
                        "uses sqrt(2 / n_prev)</th><td>2</td><td>50%</td></tr>"
    assert "Failed to grade" not in section(page, "gradient_checking")


def test_figures_are_png_files_referenced_from_the_report(results, tmp_path):
    report = class_report.write_report(results, tmp_path / "report")
    page = report.read_text()
    figures = sorted(path for path in report.parent.iterdir() if path.suffix == ".png")
    assert len(figures) == 4  # a histogram and a pass-rate chart per assignment
    for figure in figures:
        assert figure.read_bytes().startswith(PNG_MAGIC)
        assert f"src='{figure.name}'" in page


def test_each_figures_text_alternative_says_what_it_shows_with_the_numbers(results, tmp_path):
    page = class_report.write_report(results, tmp_path / "report").read_text()
    # initialization's newest graded files: alice 20, bob 10, carol 0, dave 10 (of 20)
    assert ("<img src='initialization-scores.png' alt='score histogram for initialization: 1 of 4 students at "
            "20/20, 2 of 4 students at 10/20, 1 of 4 students at 0/20'>") in page
    assert ("<img src='initialization-pass-rates.png' alt='pass rate per function for initialization: "
            "initialize_parameters_zeros: 3 of 4 passed (75%); initialize_parameters_he: 1 of 4 passed (25%)'>") in page
    assert ("alt='score histogram for gradient_checking: 1 of 2 students at 30/30, 1 of 2 students at 10/30'") in page


def test_mean_score_matches_the_files(results, tmp_path):
    page = class_report.write_report(results, tmp_path / "report").read_text()
    for assignment in ["initialization", "gradient_checking"]:
        mean = mean_score_from_files(results / assignment)
        summary_row = section(page, assignment).split("</table>")[0]
        assert f"<td>{mean:.2f}</td>" in summary_row
    assert mean_score_from_files(results / "initialization") == 10  # dave's newest file counts 10, his older one 0


def test_command_writes_into_the_results_folder_by_default(results, capsys):
    assert class_report.main([str(results)]) == 0
    report = results / "report" / "report.html"
    assert capsys.readouterr().out.strip() == str(report)
    assert report.exists()
    # A second run does not mistake the report folder for an assignment.
    assert class_report.main([str(results)]) == 0
    assert "<h2>report</h2>" not in report.read_text()


def test_the_report_command_does_not_import_the_grader(results):
    script = ("import sys; from autograder import cli; assert cli.main(['report', sys.argv[1]]) == 0; "
              "print(sorted(m for m in sys.modules if m.startswith('autograder')))")
    loaded = subprocess.run([sys.executable, "-c", script, str(results)], capture_output=True, text=True, check=True)
    modules = loaded.stdout.splitlines()[-1]
    assert "autograder.class_report" in modules
    for grader in ("autograder.runners.sandboxed", "autograder.sandbox", "autograder.judging", "autograder.rubric",
                   "autograder.batch.worker"):
        assert f"'{grader}'" not in modules
