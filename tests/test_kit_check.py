"""The check before submitting (``kit.check``): it says "the grader will not see X" exactly when the
isolated grader's definitions lack X, it knows nbgrader's marks as nbgrader does, and it catches
each kind of problem it names, in the corpus's caught cases and in notebooks edited here."""
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys

import matplotlib
import nbformat
import pytest
from nbgrader.utils import compute_checksum

from autograder import release, sample_class, sandbox, solutions, student_kit
from autograder.definitions import definitions_source
from autograder.kit import check, limits, messages
from autograder.kit.cases import PUBLIC_CASES
from autograder.kit.check import Kind
from autograder.kit.definition_rules import LeftOut, Skipped, python_source, source_of
from autograder.kit.nbgrader_cells import CellKind, kind_of
from autograder.kit.public_tests import substituted
from autograder.reports import function_report
from untranslated import english_words, speaking
from autograder.rubric import ASSIGNMENTS
from autograder.runners.sandboxed import grade_notebook
from autograder.untrusted_source import compiled
from test_corpus import corpus, notebooks

NAMES = list(ASSIGNMENTS)
NAME_KINDS = (Kind.UNSEEN_NAME, Kind.UNDEFINED_NAME)
FUNCTION_KINDS = (Kind.UNSEEN_FUNCTION, Kind.MISSING_FUNCTION)


def release_notebook(name):
    return solutions.read_notebook(solutions.RELEASE / name / f"{name}.ipynb")


def as_json(notebook):
    return json.loads(nbformat.writes(notebook))


@pytest.fixture
def folder(tmp_path):
    """``folder(name)``: a fresh copy of the assignment's release folder, as a learner has it."""
    def make(name):
        copy = tmp_path / name
        if not copy.exists():
            shutil.copytree(solutions.RELEASE / name, copy, ignore=shutil.ignore_patterns("__pycache__"))
        return copy
    return make


def problems_of(notebook, name, folder, run=False):
    path = folder(name) / f"{name}.ipynb"
    nbformat.write(notebook, str(path))
    return check.problems(path, run=run)


def answered(name, notebook):
    """``notebook`` (a source notebook with answers) as a learner submits it: the release notebook answered."""
    return sample_class.answered(release_notebook(name), notebook)


# --- nbgrader's marks -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_kits_checksum_is_nbgraders_on_every_release_notebook(name):
    notebook = release_notebook(name)
    tracked = [cell for cell in notebook.cells if kind_of(cell) is not None]
    # Not vacuous: every graded function's test cell is among the cells compared.
    graded = {function.test_cell_id for function in ASSIGNMENTS[name].functions}
    assert graded <= {cell.metadata.nbgrader.grade_id for cell in tracked}
    for cell in tracked:
        ours = check.checksum(as_json(nbformat.v4.new_notebook(cells=[cell]))["cells"][0])
        assert ours == compute_checksum(cell) == cell.metadata.nbgrader.checksum, cell.metadata.nbgrader.grade_id


def test_the_checksum_sees_a_changed_source_type_and_points():
    cell = as_json(release_notebook("initialization"))["cells"][9]
    assert cell["metadata"]["nbgrader"]["grade"]
    original = check.checksum(cell)
    for change in (lambda c: c.update(source=c["source"] + [" "]), lambda c: c.update(cell_type="markdown"),
                   lambda c: c["metadata"]["nbgrader"].update(points=11)):
        changed = json.loads(json.dumps(cell))
        change(changed)
        assert check.checksum(changed) != original


@pytest.mark.parametrize("name", NAMES)
def test_the_kits_release_module_is_the_release_notebooks(name):
    text = release.release_module_text(ASSIGNMENTS[name], json.loads((solutions.RELEASE / name / f"{name}.ipynb")
                                                                          .read_text()))
    for folder in (release.KIT, solutions.SOURCE / name / "kit", solutions.RELEASE / name / "kit"):
        assert (folder / "released" / f"{name}.py").read_text() == text, f"{folder}: make release"


def test_the_seeds_the_release_notebooks_give_are_the_courses():
    from autograder.kit.conventions import DROPOUT_SEED, INITIALIZATION_SEED
    # The course's three assignments; a course may add its own (the guide's toy does).
    seeds = {name: check.RELEASES[name].SEEDS for name in ("initialization", "regularization", "gradient_checking")}
    assert seeds == {"initialization": {"initialize_parameters_random": (f"np.random.seed({INITIALIZATION_SEED})",),
                                        "initialize_parameters_he": (f"np.random.seed({INITIALIZATION_SEED})",)},
                     "regularization": {"forward_propagation_with_dropout": (f"np.random.seed({DROPOUT_SEED})",)},
                     "gradient_checking": {}}


# --- the grader's verdict and the check's ------------------------------------------------------

@contextlib.contextmanager
def quiet():
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def learner_namespace(cells, monkeypatch):
    """The namespace a learner's kernel holds after running every code cell in order (as the grader
    runs them: no training, no windows), a failing cell left behind."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    matplotlib.use("Agg")
    namespace = {"__name__": "__main__"}
    for cell in cells:
        source = python_source(source_of(cell))[0] if cell.get("cell_type") == "code" else None
        if source:
            try:
                with quiet():
                    exec(compile(source, "<cell>", "exec"), namespace)
            except Exception:
                pass
    return namespace


def grader_verdict(notebook, assignment, monkeypatch):
    """``{graded function: the names its calls find missing}``, None for a function the definitions do
    not define: the definitions run statement by statement as the sandbox runs them, then each public
    case is called; a name it finds missing is recorded and, when the learner's kernel has it, given
    from there, so that the call goes on to the next missing one."""
    student_kit.install()
    cells = as_json(notebook)["cells"]
    grader = {"__name__": "__main__"}
    for _, code in compiled(definitions_source({"cells": cells})[0]):
        try:
            with quiet():
                exec(code, grader)
        except Exception:
            pass
    learner = None
    verdict = {}
    for function in assignment.functions:
        if function.name not in grader:
            verdict[function.name] = None
            continue
        missing = []
        for case in PUBLIC_CASES[function.name]:
            while True:
                try:
                    with quiet(), substituted(grader, case.substitutes):
                        grader[function.name](*case.make_args(), **case.kwargs)
                except NameError as error:
                    if error.name in missing:
                        break
                    missing.append(error.name)
                    learner = learner if learner is not None else learner_namespace(cells, monkeypatch)
                    if error.name in learner:
                        grader[error.name] = learner[error.name]
                        continue
                except Exception:
                    pass
                break
        verdict[function.name] = set(missing)
    return verdict


def check_verdict(found, assignment):
    """The check's side of ``grader_verdict``, from its problems."""
    verdict = {}
    for function in assignment.functions:
        mine = [problem for problem in found if problem.function == function.name]
        verdict[function.name] = None if any(problem.kind in FUNCTION_KINDS for problem in mine) else \
            {problem.name for problem in mine if problem.kind in NAME_KINDS}
    return verdict


def corpus_notebooks(name):
    """Every corpus notebook as a learner submits it, the caught cases' included."""
    module = corpus(name)
    codes = module.CORRECT + module.WRONG + module.CAUGHT
    return [answered(name, notebook) for notebook, _ in notebooks(name, codes)]


def sample_notebooks(name):
    return list(sample_class.submissions(ASSIGNMENTS[name]).values())


@pytest.mark.parametrize("source", ["sample class", "corpus"])
@pytest.mark.parametrize("name", NAMES)
def test_the_check_says_the_grader_will_not_see_a_name_exactly_when_the_grader_lacks_it(
        name, source, folder, monkeypatch):
    made = sample_notebooks(name) if source == "sample class" else corpus_notebooks(name)
    assignment = ASSIGNMENTS[name]
    failures, unseen = [], 0
    for index, notebook in enumerate(made):
        found = problems_of(notebook, name, folder)
        grader, mine = grader_verdict(notebook, assignment, monkeypatch), check_verdict(found, assignment)
        unseen += sum(bool(names) for names in grader.values())
        if grader != mine:
            failures.append(f"notebook {index}: the grader lacks {grader}, the check says {mine}:\n"
                            + "\n".join(problem.describe() for problem in found))
    assert not failures, "\n\n".join(failures)
    if source == "corpus" and any(case.problem is Kind.UNSEEN_NAME for case in corpus(name).CAUGHT):
        assert unseen, "the corpus's caught unseen names are seen by the grader"


NAME_ERROR = re.compile(r"raised NameError: name '(\w+)' is not defined")


@pytest.fixture(scope="module")
def box():
    with sandbox.Sandbox() as shared:
        yield shared


@pytest.mark.e2e
@pytest.mark.parametrize("name", NAMES)
def test_the_sandboxed_grader_fails_on_the_names_the_check_says_it_will_not_see(name, folder, box):
    """The isolated grader itself: a function's report names a missing name exactly where the check
    said the grader will not see it (the corpus has one such name a function, at most)."""
    assignment, failures = ASSIGNMENTS[name], []
    for index, notebook in enumerate(corpus_notebooks(name)):
        mine = check_verdict(problems_of(notebook, name, folder), assignment)
        path = folder(name) / f"{name}.ipynb"
        graded = {result.function: set(NAME_ERROR.findall(function_report(result)))
                  for result in grade_notebook(path, name, seed=13, box=box).tests}
        if graded != {function: names or set() for function, names in mine.items()}:
            failures.append(f"notebook {index}: the grader's reports miss {graded}, the check says {mine}")
    assert not failures, "\n".join(failures)


# --- the corpus's caught cases ---------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_check_flags_every_caught_case_of_the_corpus(name, folder):
    failures = []
    for notebook, chosen in notebooks(name, corpus(name).CAUGHT):
        found = problems_of(answered(name, notebook), name, folder, run=True)
        for function, caught in chosen.items():
            if not any(problem.kind is caught.problem and problem.function in (function, None) for problem in found):
                failures.append(f"{function}: expected {caught.problem.name} for\n{caught.code}\n"
                                + "\n".join(problem.describe() for problem in found))
    assert not failures, "\n\n".join(failures)


def test_the_corpus_catches_every_kind_of_problem_in_a_function_cell():
    caught = {case.problem for name in NAMES for case in corpus(name).CAUGHT}
    assert {Kind.UNSEEN_NAME, Kind.UNSEEN_FUNCTION, Kind.SIGNATURE, Kind.SEED_REMOVED, Kind.NOT_IMPLEMENTED,
            Kind.RUN_FAILED} <= caught


# --- each kind of problem, in notebooks edited here ---------------------------------------------

def correct(name):
    return answered(name, solutions.source_notebook(name))


@pytest.mark.parametrize("name", NAMES)
def test_a_correct_notebook_is_ready_to_submit(name, folder):
    assert problems_of(correct(name), name, folder, run=True) == []


def cell_index(notebook, grade_id):
    return next(index for index, cell in enumerate(notebook.cells) if cell.metadata.get("nbgrader", {}).get("grade_id")
                == grade_id)


def edited(name, grade_id, old, new, cell_before):
    """The correct notebook with ``old`` replaced by ``new`` in the cell ``grade_id`` and a code cell
    ``cell_before`` put before it; and that cell's index."""
    notebook = correct(name)
    index = cell_index(notebook, grade_id)
    assert old in notebook.cells[index].source
    notebook.cells[index].source = notebook.cells[index].source.replace(old, new)
    notebook.cells.insert(index, nbformat.v4.new_code_cell(cell_before))
    return notebook, index


def test_a_name_made_by_a_call_is_named_with_its_cell(folder):
    notebook, he = edited("initialization", "initialize_parameters_he", "np.sqrt(2", "scale * np.sqrt(1",
                          "scale = np.sqrt(2)")
    [problem] = problems_of(notebook, "initialization", folder)
    assert problem.describe() == (
        f"initialize_parameters_he uses `scale`, which is made by a call (cell {he + 1}): the grader will not see it; "
        "define it inside the function or as a plain constant")


def test_a_plain_constant_is_seen_and_a_name_made_from_an_unkept_one_is_not(folder):
    notebook, he = edited("initialization", "initialize_parameters_he", "np.sqrt(2", "np.sqrt(two", "two = 2")
    assert problems_of(notebook, "initialization", folder) == []
    notebook.cells[he].source = "n_train = train_X.shape[1]\ntwo = 2 + 0 * n_train"
    [problem] = problems_of(notebook, "initialization", folder)
    assert (problem.kind, problem.name) == (Kind.UNSEEN_NAME, "two")
    assert "made from `n_train`" in problem.describe()


def test_a_name_made_in_a_test_cell_or_a_loop_is_not_seen(folder):
    notebook, forward = edited("gradient_checking", "forward_propagation", "theta * x", "theta * x * one",
                               "for one in [1]:\n    pass")
    [problem] = problems_of(notebook, "gradient_checking", folder)
    assert "made by a `for` loop" in problem.describe()
    test = cell_index(notebook, "test_forward_propagation")
    notebook.cells[forward].source = ""
    notebook.cells[test].source = "one = 1\n" + notebook.cells[test].source
    found = problems_of(notebook, "gradient_checking", folder)
    assert {(problem.kind, problem.name) for problem in found} == {
        (Kind.UNSEEN_NAME, "one"), (Kind.CELL_EDITED, "test_forward_propagation")}
    assert "made in a test cell" in next(problem for problem in found if problem.kind is Kind.UNSEEN_NAME).describe()


def test_an_answer_cell_that_does_not_parse_is_skipped_by_the_grader(folder):
    notebook = correct("gradient_checking")
    forward = cell_index(notebook, "forward_propagation")
    notebook.cells[forward].source = notebook.cells[forward].source.replace("return J", "return J)")
    found = problems_of(notebook, "gradient_checking", folder)
    assert [(problem.kind, problem.cell) for problem in found] == [
        (Kind.UNPARSABLE_CELL, forward + 1), (Kind.MISSING_FUNCTION, None)]
    assert found[0].describe().startswith(f"cell {forward + 1} does not parse (SyntaxError: unmatched ')'")


def test_a_helper_the_graded_function_calls_is_followed(folder):
    notebook, _ = edited("initialization", "initialize_parameters_he", "np.sqrt(2", "np.sqrt(factor()",
                         "two = int('2')\n\ndef factor():\n    return two")
    [problem] = problems_of(notebook, "initialization", folder)
    assert (problem.kind, problem.function, problem.name) == (Kind.UNSEEN_NAME, "initialize_parameters_he", "two")


def test_deleted_moved_edited_and_repeated_cells(folder):
    notebook = correct("regularization")
    imports = cell_index(notebook, "imports")
    notebook.cells[imports].source += "\nimport math"
    test = notebook.cells.pop(cell_index(notebook, "test_backward_propagation_with_dropout"))
    notebook.cells.insert(cell_index(notebook, "load-data"), test)
    del notebook.cells[cell_index(notebook, "model")]
    repeated = json.loads(json.dumps(notebook.cells[imports]))
    notebook.cells.append(nbformat.from_dict({**repeated, "id": "imports-again"}))
    found = {(problem.kind, problem.name) for problem in problems_of(notebook, "regularization", folder)}
    assert {(Kind.CELL_EDITED, "imports"), (Kind.CELL_MOVED, "test_backward_propagation_with_dropout"),
            (Kind.CELL_DELETED, "model"), (Kind.CELL_REPEATED, "imports")} <= found
    assert not {name for kind, name in found if kind is Kind.CELL_MOVED} - {"test_backward_propagation_with_dropout"}


def test_a_changed_signature_a_removed_seed_and_a_stub_left(folder):
    notebook = correct("regularization")
    dropout = cell_index(notebook, "forward_propagation_with_dropout")
    notebook.cells[dropout].source = (notebook.cells[dropout].source.replace("keep_prob=0.5", "keep_prob=0.7")
                                      .replace("np.random.seed(1)", "np.random.seed(2)")
                                      .replace("A3 = sigmoid(Z3)", "A3 = sigmoid(Z3)\n    raise NotImplementedError"))
    found = problems_of(notebook, "regularization", folder)
    assert {problem.kind for problem in found} == {Kind.SIGNATURE, Kind.SEED_REMOVED, Kind.NOT_IMPLEMENTED}
    assert all(problem.cell == dropout + 1 for problem in found)
    signature = next(problem for problem in found if problem.kind is Kind.SIGNATURE).describe()
    assert signature.startswith("forward_propagation_with_dropout must keep the signature "
                                "forward_propagation_with_dropout(X, parameters, keep_prob=0.5)")


def test_a_cell_that_fails_and_a_notebook_that_runs_too_long(folder, monkeypatch):
    notebook = correct("gradient_checking")
    example = cell_index(notebook, "forward-example")
    notebook.cells.insert(example, nbformat.v4.new_code_cell("%time\n1 / 0"))
    [problem] = problems_of(notebook, "gradient_checking", folder, run=True)
    assert problem.describe() == (f"cell {example + 1} fails when the notebook runs top to bottom: "
                                  "ZeroDivisionError: division by zero")
    notebook.cells[example].source = "%%bash\nexit 1"  # not Python: skipped, as the grader skips it
    assert problems_of(notebook, "gradient_checking", folder, run=True) == []
    notebook.cells[example].source = "while True:\n    pass"
    monkeypatch.setattr(limits, "SUBMISSION_SECONDS", 2)
    [problem] = problems_of(notebook, "gradient_checking", folder, run=True)
    assert (problem.kind, problem.cell) == (Kind.RUN_TIMED_OUT, example + 1)


# --- where the learner meets it --------------------------------------------------------------------

def test_the_command_line_says_ready_or_one_line_per_problem(folder):
    name = "initialization"
    path = folder(name) / f"{name}.ipynb"
    command = [sys.executable, "-m", "kit.check", path.name]
    environment = {key: value for key, value in os.environ.items() if key != "NBGRADER_EXECUTION"}
    nbformat.write(correct(name), str(path))
    done = subprocess.run(command, cwd=path.parent, env=environment, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{name}.ipynb is ready to submit.\n", "")
    shutil.copy(solutions.RELEASE / name / path.name, path)  # unanswered
    done = subprocess.run(command, cwd=path.parent, env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr == ""
    assert len(done.stdout.splitlines()) == 4 and done.stdout.count("still raises NotImplementedError") == 3
    # The fourth line is the first test cell's failure, said whole on one line although its report wraps.
    [failed] = [line for line in done.stdout.splitlines() if "fails when the notebook runs" in line]
    first = ASSIGNMENTS[name].functions[0].name
    assert failed.endswith(messages.not_written(first)), failed
    (path.parent / "broken.ipynb").write_text("{not json")
    done = subprocess.run([*command[:-1], "broken.ipynb"], cwd=path.parent, env=environment, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, "") and done.stdout.startswith("broken.ipynb: not a readable notebook")


@pytest.mark.parametrize("name", NAMES)
def test_the_last_cell_checks_the_notebook_and_does_nothing_under_nbgrader(name, folder):
    cell = release_notebook(name).cells[-1]
    assert re.search(rf'check_before_submitting\("{name}.ipynb"\)', cell.source)
    path = folder(name) / f"{name}.ipynb"
    nbformat.write(correct(name), str(path))
    base = {key: value for key, value in os.environ.items() if key != "NBGRADER_EXECUTION"}
    for environment, printed in ((base, f"{name}.ipynb is ready to submit.\n"),
                                 ({**base, "NBGRADER_EXECUTION": "autograde"}, "")):
        done = subprocess.run([sys.executable, "-c", cell.source], cwd=path.parent, env=environment,
                              capture_output=True, text=True, timeout=120)
        assert (done.returncode, done.stdout, done.stderr) == (0, printed, "")


# Every kind of problem, with each way the grader leaves a name out, said in Chinese with no English sentence.
EVERY_PROBLEM = [check.Problem(kind, "initialize_parameters_he", "W1", 7, how,
                               {check.Kind.UNREADABLE: "JSONDecodeError", check.Kind.SIGNATURE: "f(x)"}.get(kind, "n"),
                               CellKind.TEST if kind.name.startswith("CELL_") else None)
                 for kind in check.Kind for how in (*LeftOut, *Skipped)]


def test_every_problem_the_check_names_is_said_in_chinese():
    with speaking("zh_CN"):
        said = {problem.describe() for problem in EVERY_PROBLEM}
        ready = io.StringIO()
        with contextlib.redirect_stdout(ready):
            check._report("regularization.ipynb", [])
    assert len(said) > len(check.Kind), "the ways a name is left out should read differently"
    for sentence in [*said, ready.getvalue()]:
        assert english_words(sentence) == [] and re.search(r"[\u4e00-\u9fff]", sentence), sentence
