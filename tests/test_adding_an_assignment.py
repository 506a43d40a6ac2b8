"""Adding an assignment takes the steps of docs/adding-an-assignment.md and nothing else.

In a copy of the repository, the guide's toy assignment (one graded function, ``relu_derivative(Z)``,
with the guide's own code) is added by writing only the files the guide lists for it: its public
cases and signature, its rubric module, its source notebook and its corpus (the toy needs no data
set, seed or helper module, the guide's optional steps). No other file of the copy is edited. It is
then released and gets its references; the kit's fast tier passes in the copy, and `autograder
plan`, `grade`, `batch` and `mutants` grade it, all through the copy's own `autograder` package (a
guard checks that, for the sandbox too).
"""
import csv
import json
import os
import re
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest

pytestmark = pytest.mark.e2e  # nbgrader, the sandbox, a batch and mutation analysis

REPO = Path(__file__).resolve().parent.parent
TOY = "relu"

GUIDE = REPO / "docs" / "adding-an-assignment.md"


def from_guide(first_line):
    """The guide's one code block that starts with ``first_line``, dedented (some sit in list items)."""
    blocks = [textwrap.dedent(body) for _, body in
              re.findall(r"^( *)```\w*\n(.*?)^\1```", GUIDE.read_text(), re.MULTILINE | re.DOTALL)]
    [block] = [block for block in blocks if block.startswith(first_line)]
    return block


# The toy assignment's code is the guide's own, so the guide cannot drift from what works.
RUBRIC = from_guide('"""Rubric of the relu assignment')
CASES = from_guide('"""Public cases of the relu assignment')
SOLUTION = from_guide("# GRADED FUNCTION: relu_derivative")
TEST_CELL = from_guide("### BEGIN HIDDEN TESTS")
CORPUS = from_guide('"""The relu assignment\'s corpus')
LAST_CELL = from_guide("# The grader skips this cell")
TRANSLATIONS = {"autograder/kit/locales/zh_CN/LC_MESSAGES/kit.po": from_guide('msgid "Z with a zero"'),
                "autograder/locales/zh_CN/LC_MESSAGES/autograder.po": from_guide('msgid "public case: Z with a zero"')}

HINT = "At Z = 0 the slope is taken as 0"

# What the guide has an instructor write (and the translations it has them add to the catalogues); nothing else
# of the repository is edited.
GUIDE_FILES = {
    f"autograder/rubric/{TOY}.py": RUBRIC,
    f"autograder/kit/cases/{TOY}.py": CASES,
    f"tests/corpus/{TOY}.py": CORPUS,
}


def nbgrader_cell(cell, grade_id, **flags):
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "schema_version": 3, "grade": False, "solution": False,
                                 "locked": False, "task": False, **flags}
    return cell


def source_notebook():
    new = nbformat.v4
    notebook = new.new_notebook(cells=[
        nbgrader_cell(new.new_markdown_cell("# The ReLU's derivative\n\nWrite `relu_derivative(Z)`."),
                      "intro", locked=True),
        nbgrader_cell(new.new_code_cell("import numpy as np\n\nfrom kit.public_tests import public_test"),
                      "imports", locked=True),
        nbgrader_cell(new.new_code_cell(SOLUTION), "relu_derivative", solution=True),
        # Points are the rubric's: release writes them (and the grade_id) into this cell.
        nbgrader_cell(new.new_code_cell(TEST_CELL), "relu-test", grade=True, locked=True, points=1),
        nbgrader_cell(new.new_code_cell(LAST_CELL), "check-before-submitting", locked=True),
    ])
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return notebook


class Course:
    """A copy of the repository at ``root`` with its own interpreter: a venv whose site-packages
    reach the copy first, then this interpreter's packages. The sandbox's zygote runs with ``-I``
    (no PYTHONPATH, no current folder), so only a path in site-packages points it at the copy."""

    def __init__(self, root):
        self.root = root
        for relative in subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True,
                                       check=True).stdout.split("\0"):
            if relative and (REPO / relative).is_file():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / relative).write_bytes((REPO / relative).read_bytes())
        venv = root / ".venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
        self.python = venv / "bin" / "python"
        site_packages = self.ask("import sysconfig; print(sysconfig.get_paths()['purelib'])")
        Path(site_packages, "course.pth").write_text(f"{root}\n{sysconfig.get_paths()['purelib']}\n")
        # nbgrader runs helpers such as `alembic` by name: this interpreter's folder has them.
        self.environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        self.environment["PATH"] = os.pathsep.join([str(venv / "bin"), str(Path(sys.executable).parent),
                                                    os.environ.get("PATH", "")])

    def ask(self, code, *flags):
        return subprocess.run([self.python, *flags, "-c", code], cwd="/", capture_output=True, text=True,
                              check=True).stdout.strip()

    def autograder(self, *arguments, expect=0):
        result = subprocess.run([self.python, "-m", "autograder.cli", *map(str, arguments)], cwd=self.root,
                                env=self.environment, capture_output=True, text=True, timeout=600)
        assert result.returncode == expect, f"autograder {' '.join(map(str, arguments))}: {result.stderr}"
        return result.stdout

    def notebook(self, answer):
        """The released notebook with ``answer`` in its solution cell, as a student hands it in."""
        notebook = nbformat.read(self.root / "release" / TOY / f"{TOY}.ipynb", as_version=4)
        [cell] = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
        cell.source = answer
        return notebook


def answer(solution_text="Z > 0", written="Z > 0"):
    return SOLUTION.replace("    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION\n", "") \
        .replace(solution_text, written)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = Course(tmp_path_factory.mktemp("course"))
    for relative, text in GUIDE_FILES.items():
        assert not (course.root / relative).exists(), f"{relative} is not new: pick another toy name"
        (course.root / relative).write_text(text)
    (course.root / "source" / TOY).mkdir(parents=True)
    nbformat.write(source_notebook(), course.root / "source" / TOY / f"{TOY}.ipynb")
    for catalogue_path, block in TRANSLATIONS.items():
        with open(course.root / catalogue_path, "a") as catalogue:
            catalogue.write("\n" + block)
    course.autograder("catalogues")
    course.autograder("release")  # every assignment: each release ships the kit's catalogue, which changed
    course.autograder("references", TOY)
    return course


def test_the_copy_grades_with_its_own_package_in_the_sandbox_too(course):
    imported = "import autograder; print(autograder.__file__)"
    assert Path(course.ask(imported)).is_relative_to(course.root)
    assert Path(course.ask(imported, "-I")).is_relative_to(course.root)  # how the zygote starts
    assert not (REPO / "autograder" / "rubric" / f"{TOY}.py").exists()


def test_the_kits_fast_tier_passes_in_the_copy(course, tmp_path):
    """The fast tests parametrised over the rubric pick the toy up: what the guide left out fails here."""
    report = tmp_path / "fast-tier.xml"
    result = subprocess.run([course.python, "-m", "pytest", "-q", "-rf", "-m", "not e2e", "-p", "no:cacheprovider",
                             f"--junitxml={report}"], cwd=course.root, env=course.environment,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-8000:]
    passed = {case.get("name") for case in ElementTree.parse(report).iter("testcase") if not len(case)}
    assert {"test_every_correct_solution_earns_full_marks_under_both_runners[relu]",
            "test_a_release_folder_runs_on_its_own_and_uses_all_its_kit[relu]",
            "test_stored_references_equal_a_rebuild[relu]"} <= passed


def test_release_writes_the_rubrics_points_and_clears_the_solution(course):
    released = nbformat.read(course.root / "release" / TOY / f"{TOY}.ipynb", as_version=4)
    [test_cell] = [c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert (test_cell.metadata.nbgrader.points, test_cell.metadata.nbgrader.grade_id) == (10, "test_relu_derivative")
    assert "check(" not in test_cell.source and "public_test(relu_derivative)" in test_cell.source
    code = "\n".join(cell.source for cell in released.cells)
    assert "Z > 0" not in code and "raise NotImplementedError" in code
    assert (course.root / "release" / TOY / "kit" / "cases" / f"{TOY}.py").is_file()
    assert (course.root / "autograder" / "references" / f"{TOY}.h5").is_file()


def test_plan_prints_what_the_guide_shows(course):
    assert course.autograder("plan", TOY) == from_guide("relu: 10 points")


def test_grade_gives_full_marks_to_the_solution_and_names_the_mistake(course, tmp_path):
    for name, text in (("right", answer()), ("wrong", answer("Z > 0", "Z >= 0"))):
        nbformat.write(course.notebook(text), tmp_path / f"{name}.ipynb")
    right = json.loads(course.autograder("grade", tmp_path / "right.ipynb"))
    assert (right["assignment"], right["score"], right["max_score"]) == (TOY, 10, 10)
    wrong = json.loads(course.autograder("grade", tmp_path / "wrong.ipynb"))
    assert (wrong["assignment"], wrong["score"], wrong["max_score"]) == (TOY, 0, 10)
    assert any(HINT in test["output"] for test in wrong["tests"])


def test_the_hidden_test_cell_grades_in_the_students_kernel(course):
    """The notebook's code as nbgrader's autograde runs it, its test cell restored from source/:
    the public test passes after a silent check on the solution; the mistake's hint on the wrong one."""
    for text, expected in ((answer(), "relu_derivative: all 1 public test(s) passed"),
                           (answer("Z > 0", "Z >= 0"), HINT)):
        cells = [TEST_CELL if cell.metadata.nbgrader.get("grade") else cell.source
                 for cell in course.notebook(text).cells if cell.cell_type == "code"]
        result = subprocess.run([course.python, "-c", "\n".join(cells)], cwd=course.root / "release" / TOY,
                                env=course.environment, capture_output=True, text=True)
        assert expected in result.stdout + result.stderr
        assert (result.returncode == 0) == (text == answer())


def test_batch_grades_a_class_of_the_new_assignment(course):
    students = {"ada": answer(), "bob": answer("Z > 0", "Z >= 0"), "cy": None}
    for student, text in students.items():
        folder = course.root / "submitted" / student / TOY
        folder.mkdir(parents=True)
        released = course.root / "release" / TOY / f"{TOY}.ipynb"
        nbformat.write(course.notebook(text) if text else nbformat.read(released, as_version=4),
                       folder / f"{TOY}.ipynb")
    printed = course.autograder("batch", course.root, "--workers", "1")
    assert "3 submissions" in printed and "nbgrader: 3 submissions autograded with the kit's grades" in printed
    with open(course.root / "results" / "grades.csv") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert {student: float(rows[student]["relu_derivative"]) for student in students} == {"ada": 10, "bob": 0, "cy": 0}


def test_mutation_analysis_runs_on_the_new_assignment(course):
    printed = course.autograder("mutants", TOY)
    assert "catalogued mistakes killed by the hidden tests: 1/1 (100%), named with their own hint: 1/1 (100%)" in printed
    assert "survivors of the hidden tests (0)" in printed
    assert "a submission hard-coding the public outputs earns 0/10" in printed
