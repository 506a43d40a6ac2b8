"""The learner's side: a release notebook in the three states a learner meets it in, and what each
state must show under its cells, wherever the notebook runs (a browser's page, a kernel of another
Python). The expected words and figures come from their one place: the kit's own public tests, the
rubric's mistakes and the notebook's prose (the course's published numbers)."""
import ast
import contextlib
import enum
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from autograder import sample_class, solutions
from autograder.kit import messages
from autograder.kit.public_tests import public_test
from autograder.rubric import ASSIGNMENTS
from conftest import solution_namespace
from test_gradient_checking import BUGS as BACKWARD_N_BUGS

ANSI = re.compile(r"\x1b\[[0-9;]*m")
GREEN = re.compile(r"\x1b\[(?:32|92)m(.*?)\x1b\[0m", re.DOTALL)
KIT_FRAME = re.compile(r"kit/public_tests\.py|File [^\n]*[/\\]kit[/\\][^\n]*\.py")


class State(enum.Enum):
    UNANSWERED = "unanswered"  # the release notebook as is, every stub raising NotImplementedError
    CORRECT = "correct"        # the source notebook's solutions in its stubs
    MISTAKE = "mistake"        # the solutions with one catalogued mistake


# The catalogued mistake each notebook is opened with in State.MISTAKE: (function, mistake name).
SHOWN_MISTAKES = {
    "initialization": ("initialize_parameters_he", "he: Xavier scaling"),
    "regularization": ("compute_cost_with_regularization", "L2 cost: lambd over m instead of 2m"),
    "gradient_checking": ("gradient_check", "check: divides by epsilon"),
}


def mistake(assignment_name):
    function_name, name = SHOWN_MISTAKES[assignment_name]
    [found] = [m for m in ASSIGNMENTS[assignment_name].function(function_name).mistakes if m.name == name]
    return found


def notebook(assignment_name, state):
    """The release notebook of ``assignment_name`` as a learner has it in ``state``."""
    release = solutions.read_notebook(solutions.RELEASE / assignment_name / f"{assignment_name}.ipynb")
    source = solutions.source_notebook(assignment_name)
    if state is State.UNANSWERED:
        return release
    if state is State.MISTAKE:
        source = solutions.with_mistake(source, SHOWN_MISTAKES[assignment_name][0], mistake(assignment_name))
    return sample_class.answered(release, source)


def release_copy(assignment_name, state, folder):
    """A copy of the release folder at ``folder`` whose notebook is in ``state``; returns the notebook's path."""
    shutil.copytree(solutions.RELEASE / assignment_name, folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = Path(folder) / f"{assignment_name}.ipynb"
    nbformat.write(notebook(assignment_name, state), path)
    return path


def backward_n_fixed(source):
    """``backward_propagation_n``'s cell as a learner who found the course's two planted bugs leaves it."""
    for buggy, fixed in BACKWARD_N_BUGS.items():
        assert source.count(buggy) == 1, f"the planted bug {buggy!r} is not in backward_propagation_n's cell"
        source = source.replace(buggy, fixed)
    return source


def backward_n_index(nb):
    [index] = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
               and cell.source.lstrip().startswith("def backward_propagation_n(")]
    return index


def backward_n_check_index(nb):
    """The cell that checks ``backward_propagation_n``'s gradients with the learner's gradient_check_n."""
    return max(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
               and "backward_propagation_n(X, Y, cache)" in cell.source)


@dataclass(frozen=True)
class Shown:
    """What one cell shows under it once run."""
    executed: bool        # it has an execution count (a cell after an error that stopped "run all" has none)
    text: str             # every output's text, in order, as a person reads it (no colour codes)
    green: tuple = ()     # the parts of ``text`` drawn in green
    stderr: str = ""      # the text of stderr and error outputs (tracebacks)
    images: int = 0       # images among its outputs (plots)


def shown_by_executed_notebook(nb):
    """``[Shown]`` per cell of a notebook executed by nbclient: what Jupyter's front ends would show."""
    shown = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            shown.append(Shown(executed=False, text=""))
            continue
        texts, green, stderr, images = [], [], [], 0
        for output in cell.outputs:
            if output.output_type == "stream":
                raw = output.text
                (stderr if output.name == "stderr" else texts).append(ANSI.sub("", raw))
                green += [ANSI.sub("", part) for part in GREEN.findall(raw)]
            elif output.output_type == "error":
                stderr.append(ANSI.sub("", "\n".join(output.traceback)))
            else:
                data = output.get("data", {})
                if "image/png" in data:
                    images += 1
                elif "text/plain" in data:
                    texts.append(data["text/plain"])
        shown.append(Shown(executed=cell.get("execution_count") is not None, text="\n".join(texts + stderr),
                           green=tuple(green), stderr="\n".join(stderr), images=images))
    return shown


# --- What each state must show ----------------------------------------------------------------------

def passed_line(assignment_name, function_name):
    """What the kit's public test prints for the reference solution of ``function_name``."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        public_test(solution_namespace(assignment_name)[function_name])
    line = ANSI.sub("", printed.getvalue()).strip()
    assert "passed" in line, line
    return line


def says(text, words):
    """Whether ``text`` says ``words``: a report wraps its lines at words to fit the cell."""
    return " ".join(words.split()) in " ".join(text.split())


def test_cell_indices(nb, assignment_name):
    """``{function name: index of its test cell}`` in notebook order."""
    ids = {function.test_cell_id: function.name for function in ASSIGNMENTS[assignment_name].functions}
    return {ids[cell.metadata["nbgrader"]["grade_id"]]: index for index, cell in enumerate(nb.cells)
            if cell.metadata.get("nbgrader", {}).get("grade_id") in ids}


def problems_of_every_state(shown):
    """What no state may show: a traceback through the kit."""
    return [f"cell {index}: a traceback through the kit:\n{cell.text}" for index, cell in enumerate(shown)
            if KIT_FRAME.search(cell.text)]


def problems_unanswered(nb, assignment_name, shown):
    first, index = next(iter(test_cell_indices(nb, assignment_name).items()))
    problems = problems_of_every_state(shown)
    if not says(shown[index].text, messages.not_written(first)):
        problems.append(f"the test cell of {first} (cell {index}) does not say {messages.not_written(first)!r}; "
                        f"it shows:\n{shown[index].text}")
    if "Traceback" in shown[index].text:
        problems.append(f"the test cell of {first} (cell {index}) shows a traceback")
    return problems


def problems_passed(assignment_name, shown, tests):
    """Each of ``tests`` (``{function: cell index}``) shows its passed line, in green."""
    problems = []
    for function_name, index in tests.items():
        line = passed_line(assignment_name, function_name)
        if line not in shown[index].green:
            problems.append(f"the test cell of {function_name} (cell {index}) does not show {line!r} in green; "
                            f"it shows:\n{shown[index].text}")
    return problems


def problems_mistake(nb, assignment_name, shown):
    tests = test_cell_indices(nb, assignment_name)
    wrong = SHOWN_MISTAKES[assignment_name][0]
    before = dict(list(tests.items())[:list(tests).index(wrong)])
    problems = problems_of_every_state(shown) + problems_passed(assignment_name, shown, before)
    hint = mistake(assignment_name).hint
    if not says(shown[tests[wrong]].text, hint):
        problems.append(f"the test cell of {wrong} (cell {tests[wrong]}) does not show the hint of "
                        f"{mistake(assignment_name).name!r} ({hint!r}); it shows:\n{shown[tests[wrong]].text}")
    return problems


def problems_correct(nb, assignment_name, shown):
    """Every cell ran and nothing went to stderr; every public test passed; every cell that shows a
    figure shows an image; the accuracies and differences printed are the ones the prose states."""
    problems = problems_of_every_state(shown) + problems_passed(assignment_name, shown, test_cell_indices(nb, assignment_name))
    figures = figure_cells(nb)
    for index, (cell, seen) in enumerate(zip(nb.cells, shown)):
        if cell.cell_type != "code":
            continue
        if not seen.executed:
            problems.append(f"cell {index} did not run")
        if seen.stderr:
            problems.append(f"cell {index} wrote to stderr:\n{seen.stderr}")
        if index in figures and not seen.images:
            problems.append(f"cell {index} shows a figure but no image is among its outputs")
    return problems + problems_figures(nb, shown)


def figure_cells(nb):
    """The indices of the code cells that show a figure when they run: they call ``plt.show()``, or a
    function an earlier cell defines that does (``model``, ``plot_pitch``), outside any definition."""
    showing, cells = {"plt.show"}, set()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        module = ast.parse(TransformerManager().transform_cell(cell.source))  # %magics to Python
        for node in module.body:
            called = {ast.unparse(call.func) for call in ast.walk(node) if isinstance(call, ast.Call)}
            if isinstance(node, ast.FunctionDef):
                if called & showing:
                    showing.add(node.name)
            elif called & showing:
                cells.add(index)
    return cells


# --- The course's numbers, as the notebook's prose states them --------------------------------------

TABLE_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*(\d+(?:\.\d+)?)%\s*\|\s*(\d+(?:\.\d+)?)%\s*\|", re.MULTILINE)
PRINTED_ACCURACY = re.compile(r"Accuracy: (\d+(?:\.\d+)?)")
PLANTED_DIFFERENCE = re.compile(r"difference is about (\d+\.\d+)")
FIXED_DIFFERENCE = re.compile(r"drops to about \$(\d+(?:\.\d+)?) \\times 10\^\{(-?\d+)\}\$")
PRINTED_DIFFERENCE = re.compile(r"difference = (\S+)")


def prose(nb):
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def stated_accuracies(nb):
    """``[(model, train, test)]`` from the notebook's results table, as the strings it prints ("99.3")."""
    return TABLE_ROW.findall(prose(nb))


def as_stated(fraction, stated):
    """``fraction`` (0.9933) as a percentage to the decimals of ``stated`` ("99.3")."""
    decimals = len(stated.partition(".")[2])
    return f"{round(float(fraction) * 100, decimals):.{decimals}f}"


def to_significant_digits(number, like):
    return f"{float(number):.{len(like.replace('.', '').lstrip('0'))}g}"


def problems_figures(nb, shown):
    """The accuracies printed are the notebook's table's, row by row; a gradient check of the given
    backward_propagation_n prints the difference the prose states."""
    problems = problems_planted_difference(nb, shown) if PLANTED_DIFFERENCE.search(prose(nb)) else []
    stated = stated_accuracies(nb)
    printed = [value for seen in shown for value in PRINTED_ACCURACY.findall(seen.text)]
    pairs = list(zip(printed[0::2], printed[1::2]))
    if len(pairs) != len(stated) or len(printed) % 2:
        return problems + [f"the notebook states {len(stated)} train/test accuracies but prints {printed}"]
    for (model, train, test), (printed_train, printed_test) in zip(stated, pairs):
        got = (as_stated(printed_train, train), as_stated(printed_test, test))
        if got != (train, test):
            problems.append(f"{model}: the notebook states {train}% / {test}%, the run printed "
                            f"{printed_train} / {printed_test}")
    return problems


def problems_planted_difference(nb, shown):
    """The gradient check of the given, buggy backward_propagation_n prints the difference the prose states."""
    return _problems_difference(shown, PLANTED_DIFFERENCE.search(prose(nb)).group(1), "with the planted bugs")


def problems_fixed_difference(nb, shown):
    mantissa, exponent = FIXED_DIFFERENCE.search(prose(nb)).groups()
    return _problems_difference(shown, f"{mantissa}e{exponent}", "once backward_propagation_n is fixed")


def _problems_difference(shown, stated, when):
    printed = [value for seen in shown for value in PRINTED_DIFFERENCE.findall(seen.text)]
    if not printed:
        return [f"no difference printed {when}"]
    last = printed[-1]  # the N-D check comes after the 1-D one
    if float(to_significant_digits(last, stated.partition("e")[0])) != float(stated):
        return [f"{when}, the notebook states a difference of about {stated}; the run printed {last}"]
    return []
