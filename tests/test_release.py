"""release/ is what nbgrader generates from source/, and it gives nothing away."""
import copy
import filecmp
import gettext
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import release, solutions
from autograder.course_language import CHINESE, ENGLISH, LANGUAGES, cell_language, spoken, with_kit_language
from autograder.kit import i18n, mistakes as kit_mistakes
from autograder.kit.nbgrader_cells import checksum
from autograder.kit.cases import PUBLIC_CASES
from autograder.rubric import ASSIGNMENTS
import learner
from conftest import scratch_course
from test_datasets import make_datasets

NAMES = list(ASSIGNMENTS)


def files_under(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@pytest.mark.parametrize("name", NAMES)
def test_source_holds_exact_copies_of_the_shared_files(name):
    folder = solutions.SOURCE / name
    shared = release.shared_files(ASSIGNMENTS[name])
    for relative, original in shared.items():
        assert filecmp.cmp(folder / relative, original, shallow=False), f"{folder / relative} differs: make release"
    copied = [p for p in files_under(folder) if p.parts[0] in ("kit", "datasets")]
    assert sorted(copied) == sorted(shared), "stale files in source: make release"


@pytest.mark.parametrize("folder", [solutions.SOURCE, solutions.RELEASE], ids=["source", "release"])
@pytest.mark.parametrize("name", NAMES)
def test_a_folders_kit_holds_its_own_assignments_cases_alone(name, folder):
    cases = folder / name / "kit" / "cases"
    assert sorted(p.name for p in cases.glob("*.py")) == sorted(["__init__.py", f"{name}.py"])


@pytest.mark.parametrize("name", NAMES)
def test_every_data_set_an_assignment_carries_has_a_recipe(name):
    # datasets/make_datasets.py rebuilds each file from its recipe, and a test fails on a stale one.
    assert set(ASSIGNMENTS[name].datasets) <= set(make_datasets.BUILDERS)


# What a student has: the release folder, numpy, matplotlib and h5py. Run in a fresh interpreter
# (-I -S: no site, no .pth, so not the editable grader), sys.path is the folder, the standard library
# and the folders holding those libraries. The folder's notebook, given the source's answers, runs
# top to bottom; what it imported of `kit` is printed last.
STUDENT_LIBRARIES = ("numpy", "matplotlib", "h5py")
STUDENT_RUN = """
import json, sys
sys.path[:0] = [{folder!r}]
sys.path += {libraries!r}
import importlib.util
assert importlib.util.find_spec("autograder") is None, "the grader is reachable"
exec(compile({code!r}, "notebook", "exec"), {{"__name__": "__main__"}})
print(json.dumps(sorted(sys.modules[m].__file__ for m in sys.modules if m == "kit" or m.startswith("kit."))))
"""


def students_code(name, folder=None, source=None):
    """The code cells of the release notebook in ``folder`` (default: release/), its answer cells replaced by the
    answers of ``source`` (default: the source notebook's). Lines of IPython magics (``%matplotlib inline``) are
    left out: they are the kernel's, not Python's."""
    folder, source = folder or solutions.RELEASE / name, source or solutions.source_notebook(name)
    answers = {cell.metadata.nbgrader["grade_id"]: solutions.solution_code(cell.source)
               for cell in source.cells if cell.metadata.get("nbgrader", {}).get("solution")}
    notebook = solutions.read_notebook(folder / f"{name}.ipynb")
    cells = [answers[cell.metadata.nbgrader["grade_id"]] if cell.metadata.get("nbgrader", {}).get("solution")
             else cell.source for cell in notebook.cells if cell.cell_type == "code"]
    return re.sub(r"^%.*$", "", "\n".join(cells), flags=re.MULTILINE)


def run_as_the_learner(folder, code):
    """``code`` run in the release ``folder`` with the learner's libraries alone (no grader), as STUDENT_RUN says."""
    libraries = sorted({str(Path(importlib.util.find_spec(library).origin).parents[1]) for library in STUDENT_LIBRARIES})
    script = STUDENT_RUN.format(folder=str(folder), libraries=libraries, code=code)
    environment = {**os.environ, "NBGRADER_EXECUTION": "autograde", "MPLBACKEND": "Agg"}  # no training, no window
    environment.pop("AUTOGRADER_LANG", None)
    return subprocess.run([sys.executable, "-I", "-S", "-c", script], cwd=folder, env={**environment, "LANG": "C.UTF-8"},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", NAMES)
def test_a_release_folder_runs_on_its_own_and_uses_all_its_kit(name):
    folder = solutions.RELEASE / name
    result = run_as_the_learner(folder, students_code(name))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("public test(s) passed") == len(ASSIGNMENTS[name].functions), result.stdout
    imported = {Path(path).relative_to(folder) for path in json.loads(result.stdout.splitlines()[-1])}
    shipped = {relative for relative in files_under(folder) if relative.parts[0] == "kit"}
    modules = {relative for relative in shipped if relative.suffix == ".py"}
    assert imported == modules, "the kit holds a module the notebook never imports, or the notebook imports one from elsewhere"
    catalogues = {Path("kit") / path.relative_to(i18n.KIT_LOCALES.parent) for path in i18n.KIT_LOCALES.rglob("*.mo")}
    assert catalogues and shipped - modules == {
        Path("kit") / kit_mistakes.path(name).relative_to(kit_mistakes.FOLDER.parent), *catalogues}, \
        "a kit's data files are its own assignment's mistakes and the kit's compiled catalogues"


@pytest.fixture(scope="session")
def language_release(tmp_path_factory):
    """``(assignment, language) -> release folder``, made once a session in a scratch course: English
    as nbgrader generates it from source/, another language as `autograder release --lang` makes it
    (nbgrader in that language, then the release module of the notebook it gave)."""
    folders = {}

    def released(name, language):
        if (name, language) not in folders:
            root = scratch_course(name, tmp_path_factory.mktemp(f"{name}-{language}"))
            if language != ENGLISH:
                release.release_in_language(name, root, language)
            folders[name, language] = root / "release" / name
        return folders[name, language]
    return released


def code_cell_differences(english, other, language):
    """One line per way the code cells of ``other``, a release in ``language``, differ from those of
    ``english``, the English release: in number, order, source or metadata. The one difference
    allowed: a release with Chinese has the kit speak it (``with_kit_language``) in its first code
    cell, whose checksum is then nbgrader's of that source."""
    expected = [copy.deepcopy(cell) for cell in english.cells if cell.cell_type == "code"]
    if CHINESE in spoken(language):
        expected[0].source = with_kit_language(expected[0].source, CHINESE)
        expected[0].metadata.nbgrader.checksum = checksum(expected[0])
    found = [cell for cell in other.cells if cell.cell_type == "code"]
    if len(found) != len(expected):
        return [f"{len(found)} code cells, the English release has {len(expected)}"]
    return [f"code cell {index} ({cell.metadata.get('nbgrader', {}).get('grade_id')}): its {part} differs"
            for index, (wanted, cell) in enumerate(zip(expected, found))
            for part in ("source", "metadata") if cell[part] != wanted[part]]


def words_of(name):
    """What a release in another language than the committed one's has of its own: the notebook and
    the release module written from it."""
    return {Path(f"{name}.ipynb"), Path("kit", "released", f"{name}.py")}


@pytest.mark.e2e  # nbgrader generate_assignment: ten seconds an assignment and language
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_release_equals_a_fresh_generation(name, language, language_release):
    fresh, committed = language_release(name, language), solutions.RELEASE / name
    assert files_under(fresh) == files_under(committed)
    own = words_of(name) if language != ENGLISH else set()
    for relative in set(files_under(fresh)) - own:
        assert filecmp.cmp(fresh / relative, committed / relative, shallow=False), f"{relative} drifted: make release"
    if own:  # the committed release's code cells, and the source's markdown cells of the language, in order
        notebook = solutions.read_notebook(fresh / f"{name}.ipynb")
        assert not code_cell_differences(solutions.read_notebook(committed / f"{name}.ipynb"), notebook, language)
        kept = spoken(language)
        assert [c.source for c in notebook.cells if c.cell_type == "markdown"] == \
            [c.source for c in solutions.source_notebook(name).cells if c.cell_type == "markdown" and cell_language(c) in kept]


def squeezed(line):
    """A line without white space, so that spacing does not hide a copy."""
    return re.sub(r"\s+", "", line)


def solution_lines(name):
    """Lines written only inside solution regions of the source notebook (not in the provided code),
    without white space."""
    notebook = solutions.source_notebook(name)
    inside, outside = set(), set()
    for cell in notebook.cells:
        in_solution = False
        for line in cell.source.splitlines():
            if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
                in_solution = "BEGIN" in line
                continue
            (inside if in_solution else outside).add(squeezed(line))
    return {line for line in inside - outside if line}


ASSIGNED = re.compile(r"^[\w\[\]\"'.,()]+(?<![=!<>])=(?!=)(.+)$")  # target = value (not ==, <=, ...)


def values(lines):
    """What assignments and return statements compute: an answer may be stored or returned under another name."""
    found = {match.group(1) for match in map(ASSIGNED.match, lines) if match}
    return found | {line[len("return"):] for line in lines if line.startswith("return") and len(line) > len("return")}


def leaks(secrets, text):
    """Solution lines in ``text``: whole lines however short (``dtheta = x``), a solution's value assigned or
    returned there (``return theta * x``), and longer lines anywhere, even inside other text."""
    lines = {squeezed(line) for line in text.splitlines()}
    squeezed_text = squeezed(text)
    found = (secrets & lines) | {f"...={value}" for value in values(secrets) & values(lines)}
    return found | {line for line in secrets if len(line) > 12 and line in squeezed_text}


def test_the_leak_test_sees_short_lines_and_renamed_answers():
    secrets = solution_lines("gradient_checking")
    assert {"J=theta*x", "dtheta=x"} <= secrets
    assert leaks(secrets, "def cost(x, theta):\n    return theta * x\n")
    assert leaks(secrets, "def derivative(x, theta):\n    return x\n")
    assert leaks(secrets, "  dtheta =  x")
    assert not leaks(secrets, "def cost(x, theta):\n    return x * theta ** 3\n")


# The committed (English) release is read as it is; another language's is generated: the slow tier.
EVERY_LANGUAGE = [ENGLISH, *(pytest.param(language, marks=pytest.mark.e2e) for language in LANGUAGES if language != ENGLISH)]


@pytest.mark.parametrize("language", EVERY_LANGUAGE)
@pytest.mark.parametrize("name", NAMES)
def test_release_holds_no_solution_hidden_test_or_reference(name, language, request):
    folder = solutions.RELEASE / name if language == ENGLISH else request.getfixturevalue("language_release")(name, language)
    secrets = solution_lines(name)
    assert secrets, "the source notebook should have solution regions"
    for relative in files_under(folder):
        if relative == Path("kit", "cases", kit_mistakes.path(name).name):
            assert_only_public_mistakes(name, folder / relative, secrets)
            continue
        if relative.suffix == ".h5":
            assert relative.parts[0] == "datasets", f"{relative}: only data sets and the kit's mistakes may be HDF5 files"
            continue
        text = catalogue_text(folder / relative) if relative.suffix == ".mo" else (folder / relative).read_text()
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{relative} contains {marker}"
        assert not re.search(r"^\s*(from|import) autograder", text, re.MULTILINE), f"{relative} imports the grader"
        leaked = leaks(secrets, text)
        assert not leaked, f"{relative} contains solution code: {sorted(leaked)[:3]}"


def catalogue_text(path):
    """A compiled catalogue's messages and translations, as lines of text."""
    with open(path, "rb") as file:
        messages = gettext.GNUTranslations(file)._catalog
    return "\n".join(str(text) for pair in messages.items() for text in pair)


def assert_only_public_mistakes(name, path, secrets):
    """The kit's mistakes file holds the rubric's mistakes of this assignment alone, their outputs on the
    public cases alone (the release holds those cases' correct outputs already), and hints that hold no
    solution line."""
    stored = kit_mistakes.read(path)
    assert sorted(stored) == sorted(function.name for function in ASSIGNMENTS[name].functions), path
    for function, mistakes in stored.items():
        public = set(range(len(PUBLIC_CASES.get(function, []))))
        for mistake in mistakes:
            assert set(mistake.outputs) <= public, f"{path}: {mistake.name} stores a hidden case"
            assert not leaks(secrets, mistake.hint), f"{path}: the hint of {mistake.name} holds solution code"


@pytest.mark.e2e
@pytest.mark.parametrize("language", [language for language in LANGUAGES if CHINESE in spoken(language)])
@pytest.mark.parametrize("name", NAMES)
def test_a_release_with_chinese_speaks_it_where_the_learner_runs_it(name, language, language_release):
    """Its public tests say a pass, and the catalogued mistake learner.SHOWN_MISTAKES names, in Chinese."""
    folder = language_release(name, language)
    passing = run_as_the_learner(folder, students_code(name, folder))
    assert passing.returncode == 0, passing.stderr
    assert "public test(s) passed" not in passing.stdout
    assert passing.stdout.count("个公开测试全部通过") == len(ASSIGNMENTS[name].functions), passing.stdout
    function_name, _ = learner.SHOWN_MISTAKES[name]
    mistaken = solutions.with_mistake(solutions.source_notebook(name), function_name, learner.mistake(name))
    failing = run_as_the_learner(folder, students_code(name, folder, mistaken))
    with i18n.speaking(CHINESE):
        hint = i18n._(learner.mistake(name).hint)
    assert failing.returncode != 0 and hint != learner.mistake(name).hint
    assert "".join(hint.split()) in "".join(failing.stderr.split()), failing.stderr  # the report wraps its lines
