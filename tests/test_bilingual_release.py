"""The notebooks in Chinese beside English: every English markdown cell of the source has its
Simplified Chinese twin, which keeps its formulas, code and numbers; every language's release has
the same code cells; `autograder release --lang` chooses the language."""
import copy
import re
import subprocess
import sys
from collections import Counter

import nbformat
import pytest

from autograder import course_language, solutions
from autograder.course_language import CHINESE, ENGLISH, LANGUAGES, cell_language, kit_language_line, twin_id
from autograder.rubric import ASSIGNMENTS
from test_release import code_cell_differences, language_release  # noqa: F401 (a fixture the drift and leak tests share)

NAMES = list(ASSIGNMENTS)
# The course's three notebooks, translated; a new assignment joins once its twins are written
# (docs/notebook-languages.md).
TRANSLATED = ("initialization", "regularization", "gradient_checking")

CODE_SPAN = re.compile(r"`[^`\n]+`")
FORMULA = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.DOTALL)
HTML_TAG = re.compile(r"<[^>\n]+>")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def untranslatable(text):
    """What a translation keeps byte for byte, each as a multiset (word order may change): the code
    spans, then the formulas and HTML tags of what is left, then the numbers in the words."""
    code = CODE_SPAN.findall(text)
    text = CODE_SPAN.sub(" ", text)
    formulas, tags = FORMULA.findall(text), HTML_TAG.findall(text)
    words = HTML_TAG.sub(" ", FORMULA.sub(" ", text))
    return {"code": Counter(code), "formulas": Counter(formulas), "html": Counter(tags),
            "numbers": Counter(NUMBER.findall(words))}


def untranslatable_differences(english, chinese):
    """One line per code span, formula, tag or number the Chinese text dropped or added (a changed
    one is both); none when it kept them all."""
    kept, translated = untranslatable(english), untranslatable(chinese)
    return ([f"{kind}: dropped {item!r}" for kind in kept for item in (kept[kind] - translated[kind]).elements()]
            + [f"{kind}: added {item!r}" for kind in kept for item in (translated[kind] - kept[kind]).elements()])


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def twin_problems(notebook):
    """One line per way the notebook's markdown cells break the rule of twins: each English cell
    followed right away by its Chinese twin (grade_id ``<english>_zh_CN``, the same nbgrader marks
    and cell id as its grade_id), each Chinese cell right after its English one."""
    cells, problems = notebook.cells, []
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        if cell_language(cell) == ENGLISH:
            twin = cells[index + 1] if index + 1 < len(cells) else None
            if twin is None or twin.cell_type != "markdown" or cell_language(twin) != CHINESE:
                problems.append(f"{grade_id(cell)}: no Chinese twin right after it")
            elif grade_id(twin) != twin_id(grade_id(cell)) or twin.get("id") != grade_id(twin):
                problems.append(f"{grade_id(cell)}: its twin is {grade_id(twin)} (cell id {twin.get('id')})")
            elif {**twin.metadata.nbgrader, "grade_id": grade_id(cell)} != cell.metadata.nbgrader:
                problems.append(f"{grade_id(twin)}: nbgrader's marks differ from {grade_id(cell)}'s")
        elif cell_language(cell) == CHINESE:
            before = cells[index - 1] if index else None
            if before is None or before.cell_type != "markdown" or cell_language(before) != ENGLISH:
                problems.append(f"{grade_id(cell)}: not right after an English cell")
        else:
            problems.append(f"{grade_id(cell)}: in {cell_language(cell)}, which the course does not have")
    return problems


def twins(notebook):
    """(English cell, its Chinese twin) for each English markdown cell followed by its twin."""
    return [(cell, following) for cell, following in zip(notebook.cells, notebook.cells[1:])
            if cell.cell_type == following.cell_type == "markdown"
            and cell_language(cell) == ENGLISH and cell_language(following) == CHINESE]


@pytest.mark.parametrize("name", TRANSLATED)
def test_every_english_markdown_cell_has_its_chinese_twin_right_after_it(name):
    notebook = solutions.source_notebook(name)
    assert not twin_problems(notebook)
    assert twins(notebook), "the source has twins"


@pytest.mark.parametrize("name", NAMES)
def test_every_cell_has_a_grade_id_of_its_own(name):
    ids = [grade_id(cell) for cell in solutions.source_notebook(name).cells if grade_id(cell)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_twin_rule_sees_a_missing_moved_or_misnamed_twin():
    notebook = solutions.source_notebook("initialization")
    english, chinese = twins(notebook)[0]
    position = notebook.cells.index(chinese)
    without = copy.deepcopy(notebook)
    del without.cells[position]
    assert twin_problems(without) == [f"{grade_id(english)}: no Chinese twin right after it"]
    moved = copy.deepcopy(notebook)
    moved.cells.append(moved.cells.pop(position))
    assert len(twin_problems(moved)) == 2  # the English cell lost it, and it follows no English cell
    renamed = copy.deepcopy(notebook)
    renamed.cells[position].metadata.nbgrader["grade_id"] = "md1_zh"
    assert twin_problems(renamed)
    unlocked = copy.deepcopy(notebook)
    unlocked.cells[position].metadata.nbgrader["locked"] = False
    assert twin_problems(unlocked)


@pytest.mark.parametrize("name", TRANSLATED)
def test_each_twin_keeps_the_formulas_code_and_numbers_of_its_english_cell(name):
    for english, chinese in twins(solutions.source_notebook(name)):
        assert not untranslatable_differences(english.source, chinese.source), grade_id(chinese)


def test_the_translation_check_sees_a_dropped_or_changed_formula_code_or_number():
    pairs = {grade_id(english): (english.source, chinese.source)
             for english, chinese in twins(solutions.source_notebook("regularization"))}
    english, chinese = pairs["md18"]  # L2's update rule and inverted dropout's arithmetic
    assert untranslatable_differences(english, chinese) == []
    assert untranslatable_differences(english, chinese.replace("80%", "八成")) == ["numbers: dropped '80'"]
    assert untranslatable_differences(english, chinese.replace("$2.0 / 0.8 = 2.5$", "$2.0 / 0.8 = 2.50$")) == [
        "formulas: dropped '$2.0 / 0.8 = 2.5$'", "formulas: added '$2.0 / 0.8 = 2.50$'"]
    assert untranslatable_differences(english, chinese.replace("`keep_prob = 0.8`", "keep_prob = 0.8")) == [
        "code: dropped '`keep_prob = 0.8`'", "numbers: added '0.8'"]  # the code, now words
    formula = re.search(r"\$\$.+?\$\$", english, re.DOTALL).group()
    assert untranslatable_differences(english, chinese.replace(formula, "")) == [f"formulas: dropped {formula!r}"]


def read_release(language_release, name, language):
    return nbformat.read(str(language_release(name, language) / f"{name}.ipynb"), as_version=4)


@pytest.mark.e2e  # three nbgrader releases an assignment
@pytest.mark.parametrize("name", NAMES)
def test_every_languages_release_has_the_same_code_cells(name, language_release):
    english = read_release(language_release, name, ENGLISH)
    for language in LANGUAGES:
        assert not code_cell_differences(english, read_release(language_release, name, language), language), language


@pytest.mark.e2e
def test_the_code_cell_comparison_sees_a_changed_code_cell(language_release):
    english = read_release(language_release, "regularization", ENGLISH)
    chinese = read_release(language_release, "regularization", CHINESE)
    assert code_cell_differences(english, chinese, CHINESE) == []
    edited = copy.deepcopy(chinese)
    [model] = [cell for cell in edited.cells if grade_id(cell) == "model"]
    index = [cell for cell in edited.cells if cell.cell_type == "code"].index(model)
    model.source = model.source.replace("learning_rate=0.3", "learning_rate=0.03")
    assert code_cell_differences(english, edited, CHINESE) == [f"code cell {index} (model): its source differs"]
    model.source = chinese.cells[edited.cells.index(model)].source
    model.metadata.nbgrader["points"] = 1
    assert code_cell_differences(english, edited, CHINESE) == [f"code cell {index} (model): its metadata differs"]
    silent = copy.deepcopy(chinese)
    first = next(cell for cell in silent.cells if cell.cell_type == "code")
    first.source = first.source.replace(kit_language_line(CHINESE) + "\n", "")
    assert code_cell_differences(english, silent, CHINESE) == ["code cell 0 (imports): its source differs"]


@pytest.mark.e2e
@pytest.mark.parametrize("name", TRANSLATED)
def test_a_release_with_chinese_has_the_kit_speak_it_and_english_does_not(name, language_release):
    for language in LANGUAGES:
        notebook = read_release(language_release, name, language)
        first = next(cell for cell in notebook.cells if cell.cell_type == "code")
        speaks_chinese = CHINESE in course_language.spoken(language)
        assert (kit_language_line(CHINESE) in first.source.splitlines()) is speaks_chinese, language
        assert ("import kit" in first.source.splitlines()) is speaks_chinese, language
        assert speaks_chinese or not any("kit.language(" in cell.source for cell in notebook.cells)
        kept = {cell_language(cell) for cell in notebook.cells if cell.cell_type == "markdown"}
        assert kept == course_language.spoken(language), language


def test_the_kit_speaks_after_the_last_import_of_the_first_cell():
    source = "import numpy as np\nfrom kit.data import load_dataset\n\n%matplotlib inline\nRUN = True"
    assert course_language.with_kit_language(source, CHINESE) == (
        'import numpy as np\nfrom kit.data import load_dataset\nimport kit\nkit.language("zh_CN")\n\n%matplotlib inline\nRUN = True')
    assert course_language.with_kit_language("import kit\n", CHINESE) == 'import kit\nkit.language("zh_CN")\n'


def test_the_course_language_is_read_from_nbgrader_config(tmp_path):
    assert course_language.course_language(solutions.REPO) == ENGLISH  # the committed release's
    assert course_language.course_language(tmp_path) == ENGLISH  # no nbgrader_config.py
    (tmp_path / "nbgrader_config.py").write_text('c = get_config()\nc.CourseKit.language = "en+zh_CN"\n')
    assert course_language.course_language(tmp_path) == "en+zh_CN"
    assert course_language.release_language(CHINESE, tmp_path) == CHINESE  # --lang wins


@pytest.mark.parametrize("language", ["fr", "en,zh_CN"])
def test_a_language_the_course_does_not_have_exits_2_with_one_line(language):
    result = subprocess.run([sys.executable, "-m", "autograder.cli", "release", "--lang", language],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("autograder: --lang"), result.stderr
    assert result.stdout == ""
