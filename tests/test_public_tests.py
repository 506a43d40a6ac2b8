"""The public tests say exactly what is wrong: which key, which shape, which entries."""
import contextlib
import functools
import importlib
import io
import linecache
import types

import numpy as np
import pytest

from autograder import references, solutions
from autograder.kit import i18n, messages
from autograder.kit import mistakes as kit_mistakes
from autograder.kit.cases import PUBLIC_CASES, SIGNATURES, DuplicateCase, collected
from autograder.kit.compare import differences
from autograder.kit.public_tests import Kind, PublicTestFailure, public_test
from autograder.rubric import ASSIGNMENTS
from conftest import solution_namespace
from untranslated import english_words, speaking


def he():
    return solution_namespace("initialization")["initialize_parameters_he"]


def variant(change):
    """initialize_parameters_he with its output changed by ``change(parameters)``."""
    def initialize_parameters_he(layers_dims):
        parameters = he()(layers_dims)
        change(parameters)
        return parameters
    return initialize_parameters_he


def failure(function):
    with pytest.raises(PublicTestFailure) as failed:
        public_test(function)
    return failed.value


def unwrapped(text):
    """The report as one line: it wraps at words, and what it says must not depend on where."""
    return " ".join(text.split())


def failure_message(function):
    return unwrapped(str(failure(function)))


def test_a_correct_function_passes(capsys):
    public_test(he())
    assert "all 2 public test(s) passed" in capsys.readouterr().out


def test_a_transposed_weight_names_key_and_both_shapes():
    message = failure_message(variant(lambda p: p.update(W1=p["W1"].T)))
    assert "parameters['W1']: expected shape (4, 2), received shape (2, 4)" in message


def test_a_wrong_value_shows_the_first_differing_entries():
    def change(p):
        p["W1"] = p["W1"].copy()
        p["W1"][0, 1] = 5.0
    message = failure_message(variant(change))
    assert "layers [2, 4, 1]: parameters['W1']: 1 of 8 entries differ; worst: at [0, 1] expected 0.43650985, " \
           "received 5" in message


def test_a_missing_key_is_named():
    message = failure_message(variant(lambda p: p.pop("b2")))
    assert "parameters: missing key(s) 'b2'" in message


def test_a_list_instead_of_an_array_is_described():
    message = failure_message(variant(lambda p: p.update(b1=p["b1"].tolist())))
    assert "parameters['b1']: expected a numpy array of shape (4, 1), received a list of 4 items" in message


def test_a_non_numeric_array_is_rejected():
    message = failure_message(variant(lambda p: p.update(b1=p["b1"].astype(str))))
    assert "parameters['b1']: expected numbers, received an array of dtype <U" in message


def test_a_scalar_where_an_array_belongs_and_the_reverse():
    from autograder.kit.compare import differences
    assert differences(np.float64(1.5), np.array([[1.5]]), "cost") == [
        "cost: expected a scalar, received a numpy array of shape (1, 1) and dtype float64"]
    assert differences(np.float64(1.5), 1.75, "cost") == ["cost: expected 1.5, received 1.75"]


def test_a_renamed_function_is_told_to_keep_the_course_name():
    def initialize_he(layers_dims):
        return he()(layers_dims)
    assert "keep the course's name" in failure_message(initialize_he)


def test_a_failure_is_never_a_bare_assertion():
    message = str(failure(variant(lambda p: p.update(W1=p["W1"] * 3))))
    assert message.startswith("initialize_parameters_he failed 2 of 2 public test(s):\n  ")


def cases_module(file, signatures, cases):
    return types.SimpleNamespace(__file__=file, SIGNATURES=signatures, PUBLIC_CASES=cases)


def test_the_cases_package_collects_every_modules_signatures_and_cases():
    first = cases_module("kit/cases/one.py", ["f(x)"], {"f": ["f's case"]})
    second = cases_module("kit/cases/two.py", ["g(x, y=1)"], {"g": ["g's case"]})
    assert collected([first, second]) == ({"f": "f(x)", "g": "g(x, y=1)"}, {"f": ["f's case"], "g": ["g's case"]})


@pytest.mark.parametrize("repeated", [
    cases_module("kit/cases/two.py", ["f(x, y)"], {}),
    cases_module("kit/cases/two.py", [], {"f": ["another case"]}),
], ids=["signature", "public cases"])
def test_the_cases_package_refuses_a_function_that_two_modules_define(repeated):
    first = cases_module("kit/cases/one.py", ["f(x)"], {"f": ["f's case"]})
    with pytest.raises(DuplicateCase) as refused:
        collected([first, repeated])
    assert "kit/cases/one.py" in str(refused.value) and "kit/cases/two.py" in str(refused.value)


def test_the_cases_package_refuses_a_signature_listed_twice_in_one_module():
    with pytest.raises(DuplicateCase, match="f: signature in both kit/cases/one.py and kit/cases/one.py"):
        collected([cases_module("kit/cases/one.py", ["f(x)", "f(x, y)"], {})])


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_the_graders_kit_holds_every_assignments_signatures_and_cases(name):
    module = importlib.import_module(f"autograder.kit.cases.{name}")
    assert all(SIGNATURES[signature.split("(")[0]] == signature for signature in module.SIGNATURES)
    assert all(PUBLIC_CASES[function] is cases for function, cases in module.PUBLIC_CASES.items())


# What a learner sees: the grader's hint when the outputs are a catalogued mistake's, the difference
# said compactly otherwise, and a short report in place of a traceback.

@functools.lru_cache(maxsize=None)
def mistaken(assignment_name, function_name, mistake_name):
    """The graded function as the source solution defines it with one catalogued mistake made."""
    [mistake] = [m for m in find_function(function_name).mistakes if m.name == mistake_name]
    notebook = solutions.source_notebook(assignment_name)
    return solutions.namespace(solutions.with_mistake(notebook, function_name, mistake), assignment_name)[function_name]


def find_function(function_name):
    return next(f for assignment in ASSIGNMENTS.values() for f in assignment.functions if f.name == function_name)


EVERY_MISTAKE = [(assignment.name, function.name, mistake.name) for assignment in ASSIGNMENTS.values()
                 for function in assignment.functions for mistake in function.mistakes]


@pytest.mark.parametrize("assignment_name, function_name, mistake_name", EVERY_MISTAKE,
                         ids=[mistake for _, _, mistake in EVERY_MISTAKE])
def test_a_catalogued_mistake_is_named_by_the_graders_own_hint(assignment_name, function_name, mistake_name):
    function = mistaken(assignment_name, function_name, mistake_name)
    [hint] = [m.hint for m in find_function(function_name).mistakes if m.name == mistake_name]
    stored = references.load(assignment_name)[function_name]
    public = [key for key in stored if key.startswith("public ")]
    outputs = [stored[key]["mistakes"].get(mistake_name) for key in public]
    try:
        public_test(function)
    except PublicTestFailure as failed:
        # `in` would compare arrays with ==: a mistake's output may be an array.
        if any(output is None for output in outputs):  # it raises on a public case: the report says so, names no mistake
            assert failed.findings[0].kind is Kind.ERROR and not failed.hints, str(failed)
        else:
            assert hint in failed.hints, f"{mistake_name}: not named\n{failed}"
            assert unwrapped(hint) in unwrapped(str(failed))
        return
    # Passing is right only for a mistake that gives the correct output on every public case.
    assert not any(differences(case.expected, output, rtol=case.rtol, atol=case.atol)
                   for case, output in zip(PUBLIC_CASES[function_name], outputs)), mistake_name


@pytest.mark.parametrize("assignment_name, function_name, mistake_name", EVERY_MISTAKE,
                         ids=[mistake for _, _, mistake in EVERY_MISTAKE])
def test_in_chinese_a_catalogued_mistake_is_named_by_its_translated_hint(assignment_name, function_name, mistake_name):
    function = mistaken(assignment_name, function_name, mistake_name)
    [hint] = [m.hint for m in find_function(function_name).mistakes if m.name == mistake_name]
    with speaking("zh_CN"):
        translated = i18n._(hint)
        try:
            public_test(function)
        except PublicTestFailure as failed:
            report, hints = str(failed), failed.hints
        else:
            return  # right on every public case: the English test proves that this is expected
    assert translated != hint, f"{mistake_name}: its hint has no Chinese translation"
    if hints:
        assert hints == [hint] and squeezed(translated) in squeezed(report), report
        assert english_words(report) == [], report
        assert all(messages.display_width(line) <= messages.WIDTH for line in report.splitlines()), report


def squeezed(text):
    """``text`` without its spaces: a Chinese line breaks between characters, where no space was."""
    return "".join(text.split())


def test_a_chinese_paragraph_breaks_between_characters_and_keeps_its_punctuation():
    text = "可能的错误：" + "你用了 sqrt(1 / n_prev)（Xavier 的系数）；He 初始化用的是 sqrt(2 / n_prev)。" * 3
    lines = messages.paragraph(text, messages.INDENT)
    assert len(lines) > 1 and all(messages.display_width(line) <= messages.WIDTH for line in lines), lines
    assert squeezed("".join(lines)) == squeezed(text)
    assert not any(line.strip()[0] in messages.CLOSING for line in lines), lines
    assert all(line.count("(") == line.count(")") for line in lines), lines  # no formula split
    unspaced = messages.paragraph("形状对了，但数值不是课程的抽样" * 12)  # no space to break at: between characters
    assert len(unspaced) > 1 and all(messages.WIDTH - 2 <= messages.display_width(line) <= messages.WIDTH
                                     for line in unspaced[:-1]), unspaced


def test_the_hint_comes_first_and_the_report_keeps_to_a_few_differences():
    failed = failure(mistaken("regularization", "forward_propagation_with_dropout", "dropout forward: greater-than mask"))
    lines = str(failed).splitlines()
    assert lines[1].startswith("  Likely mistake: The mask must keep a unit with probability keep_prob")
    assert sum(line.startswith("  the course's example") for line in lines) == messages.SHOWN_DIFFERENCES
    hidden = sum(finding.kind is Kind.DIFFERENCE for finding in failed.findings) - messages.SHOWN_DIFFERENCES
    assert hidden > 0 and lines[-1] == f"  (and {hidden} more differences)"


def report_lines(function):
    failed = failure(function)
    lines = failed._render_traceback_()
    assert lines == str(failed).splitlines()
    return lines


@pytest.mark.parametrize("change", [
    lambda p: p.update(W1=p["W1"] * 3),
    lambda p: p.update(W1=p["W1"].T),
    lambda p: p.pop("b2"),
], ids=["factor", "transposed", "missing key"])
def test_a_report_is_plain_lines_that_fit_a_cell(change):
    lines = report_lines(variant(change))
    assert all(len(line) <= messages.WIDTH for line in lines), lines
    assert not any("\033" in line or "Traceback" in line for line in lines)


def test_a_pass_is_said_in_words_drawn_green(capsys):
    public_test(he())
    assert capsys.readouterr().out == ("\033[92minitialize_parameters_he: all 2 public test(s) passed, and 1 property "
                                       "check(s) on fresh inputs.\033[0m\n")


def test_a_constant_factor_is_named_with_its_square_root():
    message = failure_message(variant(lambda p: p.update(W1=p["W1"] * np.sqrt(1 / 2))))
    assert "parameters['W1']: 8 of 8 entries differ: every entry is 0.7071 (sqrt(1/2)) times the expected one" in message
    assert "worst: at [1, 1] expected -1.8634927, received -1.3176883; at [0, 0] expected 1.7886285, " \
           "received 1.2647513" in message


def test_a_sign_flip_is_named():
    message = failure_message(variant(lambda p: p.update(W2=-p["W2"])))
    assert "parameters['W2']: 4 of 4 entries differ: every entry has the opposite sign" in message


def test_a_transposed_array_is_named_whether_square_or_not():
    message = failure_message(variant(lambda p: p.update(W1=p["W1"].T)))
    assert "expected shape (4, 2), received shape (2, 4), the transpose of the expected array" in message
    square = {"W": np.array([[1.0, 2.0], [3.0, 4.0]])}
    assert differences(square, {"W": square["W"].T}, "parameters") == [
        "parameters['W']: 2 of 4 entries differ: it is the expected array transposed; "
        "worst: at [0, 1] expected 2, received 3; at [1, 0] expected 3, received 2"]


def test_a_layer_too_few_or_too_many_is_named():
    def without_last_layer(p):
        p.pop("W2"), p.pop("b2")
    assert "parameters: 1 layer where 2 are expected (one too few)" in failure_message(variant(without_last_layer))
    extra = failure_message(variant(lambda p: p.update(W3=np.zeros((1, 1)), b3=np.zeros((1, 1)))))
    assert "parameters: 3 layers where 2 are expected (one too many)" in extra


def test_the_grader_is_told_no_pattern():
    expected = {"W1": np.array([[1.0, -2.0]]), "b1": np.zeros((1, 1))}
    assert differences(expected, {"W1": expected["W1"] * 2}, "parameters", reveal=False) == [
        "parameters: missing key(s) 'b1'", "parameters['W1']: 2 of 2 entries differ"]
    assert differences(expected, {**expected, "W1": expected["W1"].T}, "parameters", reveal=False) == [
        "parameters['W1']: expected shape (1, 2), received shape (2, 1)"]


def learners_code(source):
    """Functions defined by ``source`` as a notebook cell defines them: a file name of the kernel's own,
    its lines in linecache, where tracebacks read them."""
    filename = "/tmp/ipykernel_4242/1.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    scope = {"np": np}
    exec(compile(source, filename, "exec"), scope)
    return scope


def test_an_unanswered_function_gets_one_sentence():
    scope = learners_code("def initialize_parameters_zeros(layers_dims):\n    raise NotImplementedError()\n")
    lines = report_lines(scope["initialize_parameters_zeros"])
    assert unwrapped("\n".join(lines)) == ("initialize_parameters_zeros is not written yet: "
                                           "replace `raise NotImplementedError()` in the cell above.")


def test_an_error_names_the_exception_and_the_learners_line():
    scope = learners_code("def initialize_parameters_he(layers_dims):\n"
                          "    W1 = np.ones((4, 2))\n"
                          "    return {'W1': np.dot(W1, np.ones((3, 1)))}\n")
    lines = report_lines(scope["initialize_parameters_he"])
    assert unwrapped("\n".join(lines[:-2])).startswith(
        "initialize_parameters_he raised ValueError on layers [2, 4, 1]: shapes (4,2) and (3,1)")
    assert lines[-2:] == ["In initialize_parameters_he, line 3:", "  return {'W1': np.dot(W1, np.ones((3, 1)))}"]
    assert not any("public_tests.py" in line for line in lines) and len(lines) <= 4


def test_ipython_shows_the_report_alone():
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell(colors="nocolor")  # not the singleton: the rest of the suite is not in IPython
    shell.user_ns.update(public_test=public_test, np=np)
    assert shell.run_cell("def initialize_parameters_zeros(layers_dims):\n    raise NotImplementedError()").success
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(shown):
        ran = shell.run_cell("public_test(initialize_parameters_zeros)")
    assert not ran.success and isinstance(ran.error_in_exec, PublicTestFailure)
    assert shown.getvalue() == str(ran.error_in_exec) + "\n"
    assert unwrapped(shown.getvalue()) == ("initialize_parameters_zeros is not written yet: "
                                           "replace `raise NotImplementedError()` in the cell above.")
    from IPython import get_ipython
    assert get_ipython() is None


def test_the_public_test_leaves_the_notebooks_random_state_alone():
    seed = int(np.random.default_rng().integers(2**31))
    np.random.seed(seed)
    expected = np.random.random_sample(3)
    np.random.seed(seed)
    public_test(he())
    assert np.array_equal(np.random.random_sample(3), expected), f"seed {seed}"


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_the_kit_ships_the_rubrics_hints_and_public_outputs_alone(name):
    stored = kit_mistakes.read(kit_mistakes.path(name))
    assert sorted(stored) == sorted(function.name for function in ASSIGNMENTS[name].functions)
    for function in ASSIGNMENTS[name].functions:
        assert [(m.name, m.hint) for m in stored[function.name]] == [(m.name, m.hint) for m in function.mistakes]
        public = range(len(PUBLIC_CASES.get(function.name, [])))
        assert all(set(m.outputs) <= set(public) for m in stored[function.name]), function.name


def test_a_report_never_breaks_inside_code():
    for name in ("compute_cost_with_regularization", "backward_propagation_with_regularization", "f"):
        lines = messages.paragraph(messages.not_written(name))
        assert sum(line.count("`") for line in lines) == 2
        assert all(line.count("`") % 2 == 0 for line in lines), lines
        assert all(len(line) <= messages.WIDTH for line in lines if "`" not in line)
