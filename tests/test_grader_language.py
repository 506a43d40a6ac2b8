"""The grader in Chinese: `--lang zh_CN` names every catalogued mistake in Chinese, and changes only
the record's prose (``record.PROSE_FIELDS``), never a field a tool reads."""
import html
import json
import re
import subprocess
import sys

import nbformat
import pytest

from autograder import demo, sample_class
from autograder.batch import worker
from autograder.i18n import _, speaking
from autograder.record import machine_fields
from autograder.rubric import ASSIGNMENTS
from autograder.runners.kernel import displayed_results
from autograder.runners.sandboxed import grade_notebook
from autograder.sandbox import Sandbox
from autograder.solutions import read_notebook
from conftest import scratch_course
from untranslated import english_words

pytestmark = pytest.mark.e2e  # grading in the sandbox

SEED = 4242


@pytest.fixture(scope="module")
def box():
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def classes():
    return {name: sample_class.submissions(assignment) for name, assignment in ASSIGNMENTS.items()}


def graded(notebook, assignment_name, box, language):
    with speaking(language):
        return grade_notebook(nbformat.writes(notebook).encode(), assignment_name, seed=SEED, box=box,
                              name="submission.ipynb").to_dict()


def catalogued():
    return [pytest.param(assignment.name, function.name, mistake, id=mistake.name)
            for assignment in ASSIGNMENTS.values() for function in assignment.functions for mistake in function.mistakes]


@pytest.mark.parametrize("assignment_name, function_name, mistake", catalogued())
def test_in_chinese_every_catalogued_mistake_is_named_and_only_the_prose_changes(
        assignment_name, function_name, mistake, box, classes):
    notebook = classes[assignment_name][sample_class.student_id(mistake)]
    english, chinese = (graded(notebook, assignment_name, box, language) for language in ("en", "zh_CN"))
    [test] = [test for test in chinese["tests"] if test["function"] == function_name]
    with speaking("zh_CN"):
        hint = _(mistake.hint)
    assert hint != mistake.hint and hint in test["output"], test["output"]
    assert not english_words(test["output"]), (english_words(test["output"]), test["output"])
    # the same bytes, but for the time grading took, which no two runs share
    same = [json.dumps({**machine_fields(record), "execution_time": None}, sort_keys=True) for record in (english, chinese)]
    assert same[0] == same[1]


def test_what_the_sandbox_says_of_a_crash_is_said_in_chinese(box):
    crashing = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\ndef initialize_parameters_zeros(layers_dims):\n    os._exit(3)\n")])
    record = graded(crashing, "initialization", box, "zh_CN")
    [zeros] = [test for test in record["tests"] if test["function"] == "initialize_parameters_zeros"]
    assert "结束了进程（退出码 3" in zeros["output"], zeros["output"]
    assert not english_words(zeros["output"]), zeros["output"]


def test_a_worker_thread_grades_each_job_in_its_own_language(classes):
    notebook = nbformat.writes(classes["initialization"]["mistake-he-xavier-scaling"]).encode()
    outputs = []
    for language in ("en", "zh_CN", "en"):
        job = worker.Job("initialization", "s.ipynb", notebook, "hash", language=language)
        outputs.append(worker.grade_job(job)["tests"][2]["output"])
    assert all("Likely mistake" in output and not re.search("[\u4e00-\u9fff]", output) for output in outputs[::2])
    assert "可能的错误" in outputs[1] and not english_words(outputs[1]), outputs[1]


def autograder(*arguments):
    return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, arguments)], capture_output=True, text=True)


def test_the_command_speaks_the_language_it_is_given(tmp_path, classes):
    path = tmp_path / "he.ipynb"
    nbformat.write(classes["initialization"]["mistake-he-xavier-scaling"], path)
    text = autograder("grade", path, "--lang", "zh_CN", "--format", "text", "--html", tmp_path / "he.html")
    assert text.returncode == 0, text.stderr
    assert "可能的错误" in text.stdout and "Xavier" in text.stdout
    page = (tmp_path / "he.html").read_text()
    assert '<html lang="zh-CN">' in page and "未通过" in page
    unknown = autograder("grade", path, "--lang", "xx")
    assert unknown.returncode == 2 and "invalid choice: 'xx'" in unknown.stderr


@pytest.fixture(scope="module")
def chinese_course(tmp_path_factory):
    """A course whose nbgrader_config.py chooses Chinese, its sample class autograded by nbgrader."""
    root = scratch_course("initialization", tmp_path_factory.mktemp("zh-course"), language="zh_CN")
    demo.grade_sample_class("initialization", root)
    return root


def test_nbgrader_autograde_and_its_feedback_speak_the_courses_language(chinese_course):
    mistake = "mistake-he-xavier-scaling"
    [result] = [each for each in displayed_results(read_notebook(
        chinese_course / "autograded" / mistake / "initialization" / "initialization.ipynb").cells)
        if each.function == "initialize_parameters_he"]
    assert not result.passed
    page = (chinese_course / "feedback" / mistake / "initialization" / "initialization.html").read_text()
    assert '<html lang="zh-CN">' in page
    with speaking("zh_CN"):
        hint = _(result.hints[0])
    assert "Xavier" in hint and html.escape(hint) in page, hint
    assert "可能的错误" in page and "Likely mistake" not in page


try:  # what Python's JSON parser says of the broken notebook below: quoted as it is, in any language
    json.loads("{ broken")
except ValueError as error:
    PARSER_SAYS = str(error)


def test_a_one_line_error_is_said_in_the_language_asked_for(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ broken")
    missing = tmp_path / "x"
    for arguments in (["grade", broken], ["report", missing], ["export", missing]):
        english, chinese = autograder(*arguments), autograder(*arguments, "--lang", "zh_CN")
        assert english.returncode == chinese.returncode == 2, (english.stderr, chinese.stderr)
        assert chinese.stderr.count("\n") == 1 and re.search("[\u4e00-\u9fff]", chinese.stderr), chinese.stderr
        ours = [text.replace(str(tmp_path), "").replace(PARSER_SAYS, "") for text in (english.stderr, chinese.stderr)]
        assert english_words(ours[0]) and not english_words(ours[1]), ours
    assert not missing.exists()  # a report of no class is not written


def test_a_command_run_in_process_speaks_its_language_for_itself_alone(tmp_path, capsys):
    from autograder.cli import main
    from autograder.i18n import chosen
    before = chosen()
    assert main(["report", str(tmp_path / "x"), "--lang", "zh_CN"]) == 2
    assert "没有结果文件夹" in capsys.readouterr().err
    assert chosen() == before  # the caller's language, and so the next command's, is as it was
