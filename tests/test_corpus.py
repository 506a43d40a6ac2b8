"""Solutions written apart from the kit (tests/corpus/) graded by both runners: every correct one earns
full marks, every wrong one loses its function's points and is told its mistake.

Many solutions share a notebook (one per function), so that a whole corpus is a few gradings."""
import importlib

import nbformat
import pytest

from autograder import sandbox, solutions
from autograder.reports import function_report
from autograder.rubric import ASSIGNMENTS
from autograder.runners.sandboxed import grade_notebook
from conftest import grade_in_process
from corpus import function_name

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
    isolated = {result.function: result for result in grade_notebook(path, name, seed=SEED, box=box).results}
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
