"""Solutions written apart from the kit (tests/corpus/) graded by both runners: every correct one earns
full marks, every wrong one loses its function's points and is told its mistake. Then the same
solutions as nbgrader submissions: `nbgrader autograde` gives them the scores the isolated grader gives.

Many solutions share a notebook (one per function), so that a whole corpus is a few gradings."""
import importlib
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from autograder import demo, sandbox, sample_class, solutions
from autograder.release import nbgrader
from autograder.reports import function_report
from autograder.rubric import ASSIGNMENTS
from autograder.runners.kernel import displayed_results
from autograder.runners.sandboxed import grade_notebook
from conftest import grade_in_process, scratch_course
from corpus import Wrong, function_name

SEED = 13
NAMES = list(ASSIGNMENTS)


def corpus(name):
    return importlib.import_module(f"corpus.{name}")


def by_function(codes, name):
    found = {function.name: [] for function in ASSIGNMENTS[name].functions}
    for code in codes:
        found[function_name(getattr(code, "code", code))].append(code)
    return found


def notebooks(name, codes):
    """Notebooks that hold every one of ``codes``: the k-th of each function in the k-th notebook, the
    source solution where a function has no k-th; and, per notebook, the functions whose code was put in."""
    source = solutions.source_notebook(name)
    grouped = by_function(codes, name)
    made = []
    for k in range(max(len(group) for group in grouped.values())):
        notebook = nbformat.from_dict(source)
        chosen = {function: group[k] for function, group in grouped.items() if k < len(group)}
        for function, code in chosen.items():
            solutions.defining_cell(notebook, function).source = getattr(code, "code", code)
        made.append((notebook, chosen))
    return made


@pytest.fixture(scope="module")
def box():
    with sandbox.Sandbox() as shared:
        yield shared


def grades(name, notebook, tmp_path, box, index):
    """{function: FunctionResult} from the in-process runner and from the isolated grader."""
    scope = solutions.namespace(notebook, name)
    in_process = {f.name: grade_in_process(name, f, scope, SEED) for f in ASSIGNMENTS[name].functions}
    path = tmp_path / f"{name}-{index}.ipynb"
    nbformat.write(notebook, str(path))
    isolated = {result.function: result for result in grade_notebook(path, name, seed=SEED, box=box).tests}
    return {"in process": in_process, "isolated": isolated}


def test_the_corpus_is_large_enough():
    for name in NAMES:
        assert len(corpus(name).CORRECT) >= 30, name
    assert sum(len(corpus(name).WRONG) for name in NAMES) >= 30


@pytest.mark.parametrize("name", NAMES)
def test_every_correct_solution_earns_full_marks_under_both_runners(name, tmp_path, box):
    failures = []
    for index, (notebook, chosen) in enumerate(notebooks(name, corpus(name).CORRECT)):
        for runner, results in grades(name, notebook, tmp_path, box, index).items():
            failures += [f"{runner}, notebook {index}, {function}:\n{chosen.get(function, 'source solution')}\n"
                         f"{function_report(result)}" for function, result in results.items() if not result.passed]
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_every_wrong_solution_loses_its_points_and_is_named_under_both_runners(name, tmp_path, box):
    failures = []
    for index, (notebook, chosen) in enumerate(notebooks(name, corpus(name).WRONG)):
        for runner, results in grades(name, notebook, tmp_path, box, index).items():
            for function, result in results.items():
                wrong = chosen.get(function)
                if wrong is None and not result.passed:
                    failures.append(f"{runner}: the source solution of {function} fails next to wrong ones")
                elif wrong and (result.score or wrong.names not in " ".join(result.hints)):
                    failures.append(f"{runner}, {function} should lose its points and name "
                                    f"{wrong.names!r}:\n{wrong.code}\n{function_report(result)}")
    assert not failures, "\n\n".join(failures)


def submissions(name, release):
    """``{student: (submission, chosen)}``: the corpus as nbgrader submissions, ``correct-<k>`` holding the
    k-th notebook of the correct solutions, ``wrong-<k>`` the k-th of the wrong ones."""
    return {f"{kind}-{index:02d}": (sample_class.answered(release, notebook), chosen)
            for kind, codes in (("correct", corpus(name).CORRECT), ("wrong", corpus(name).WRONG))
            for index, (notebook, chosen) in enumerate(notebooks(name, codes))}


def submission_path(root, folder, student, name):
    return root / folder / student / name / f"{name}.ipynb"


def autograde(name, root):
    """Write the corpus into ``root/submitted``, run `nbgrader autograde` on it (its log in ``root``) and
    return ``{student: (chosen, nbgrader's row)}``."""
    made = submissions(name, solutions.read_notebook(root / "release" / name / f"{name}.ipynb"))
    for student, (submission, _) in made.items():
        path = submission_path(root, "submitted", student, name)
        path.parent.mkdir(parents=True)
        nbformat.write(submission, str(path))
    with open(root / "nbgrader.log", "w") as log:
        nbgrader("autograde", name, "--force", course_root=root, stdout=log, stderr=log)
    rows = {row["student"]: row for row in demo.class_rows(name, list(made), root)}
    return {student: (chosen, rows[student]) for student, (_, chosen) in made.items()}


@pytest.fixture(scope="module")
def autograded(tmp_path_factory):
    """Per assignment, its scratch course and the corpus autograded there by nbgrader, the three at once."""
    roots = {name: scratch_course(name, tmp_path_factory.mktemp(f"nbgrader-{name}")) for name in NAMES}
    with ThreadPoolExecutor(len(NAMES)) as pool:
        graded = {name: pool.submit(autograde, name, root) for name, root in roots.items()}
        return {name: (roots[name], future.result()) for name, future in graded.items()}


def hidden_test_output(notebook, function):
    """The likely mistakes the hidden test of ``function`` named in the autograded notebook, read from
    the result it displayed as data."""
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == function.test_cell_id)
    return "\n".join(hint for result in displayed_results([cell]) for hint in result.hints)


@pytest.mark.e2e
@pytest.mark.parametrize("name", NAMES)
def test_nbgrader_grades_the_corpus_as_the_isolated_grader_does(name, autograded, box):
    """Same scores per function; under nbgrader too each correct solution earns full marks and each
    wrong one loses its function's points, with its mistake named in the hidden test's output."""
    root, students = autograded[name]
    failures = []
    for student, (chosen, row) in students.items():
        if row["total"] is None:
            failures.append(f"{student}: nbgrader could not grade it (see {root / 'nbgrader.log'})")
            continue
        graded = grade_notebook(submission_path(root, "submitted", student, name), name, box=box)
        isolated = {result.function: result.score for result in graded.tests}
        if row["scores"] != isolated:
            failures.append(f"{student}: nbgrader {row['scores']}, isolated grader {isolated}")
        notebook = solutions.read_notebook(submission_path(root, "autograded", student, name))
        for function in ASSIGNMENTS[name].functions:
            code = chosen.get(function.name)
            score, output = row["scores"][function.name], hidden_test_output(notebook, function)
            if not isinstance(code, Wrong) and score != function.points:
                failures.append(f"{student}, {function.name}: {score} of {function.points} under nbgrader for\n"
                                f"{code or 'the source solution'}\n{output}")
            elif isinstance(code, Wrong) and (score or code.names not in output):
                failures.append(f"{student}, {function.name} should lose its points and name {code.names!r} "
                                f"under nbgrader:\n{code.code}\n{output}")
    assert not failures, "\n\n".join(failures)
