"""A learner opens each release notebook in JupyterLab and in Notebook 7 and runs all its cells: as
released, with correct answers and with one catalogued mistake. What the page shows under the cells
is what the learner reads: the public tests' verdicts and hints, the plots, the course's numbers, and
never a traceback through the kit. One Jupyter server and one browser per front end; a screenshot of
each notebook in each state goes to test-artifacts/learner-<front end>-<assignment>-<state>.png."""
import shutil

import nbformat
import pytest

import browser
import learner
from autograder.rubric import ASSIGNMENTS
from learner import State

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

SCREENSHOT_VIEWPORT = {"width": 1280, "height": 2000}  # tall enough for a test cell and what it leads to

PROBLEMS = {State.UNANSWERED: learner.problems_unanswered, State.CORRECT: learner.problems_correct,
            State.MISTAKE: learner.problems_mistake}


@pytest.fixture(scope="module", params=list(browser.UI), ids=lambda ui: ui.name.lower())
def front_end(request, tmp_path_factory):
    """``(ui, page, base, token, root)``: a server on a folder of notebook copies for ``ui`` alone (a run
    saves its outputs into the file, which must not reach the other front end), and one browser page."""
    ui = request.param
    root = tmp_path_factory.mktemp(f"learner-{ui.name.lower()}")
    with browser.jupyter_server(root, tmp_path_factory.mktemp("server") / "jupyter.log") as (base, token):
        with browser.chromium() as page:
            browser.sign_in(page, base, token)
            yield ui, page, base, token, root


def opened(front_end, assignment_name, state, folder=None):
    ui, page, base, token, root = front_end
    path = learner.release_copy(assignment_name, state, root / (folder or state.value) / assignment_name)
    return browser.OpenNotebook(page, ui, base, token, str(path.relative_to(root))), nbformat.read(path, as_version=4)


def shown(cells):
    """The page's cells as ``learner.Shown``."""
    return [learner.Shown(executed=bool(browser.EXECUTED.match(cell["prompt"])), text=cell["text"],
                          green=tuple(cell["green"]), stderr=cell["stderr"], images=cell["images"]) for cell in cells]


def screenshot(page_notebook, index, ui, assignment_name, label):
    page_notebook.page.set_viewport_size(SCREENSHOT_VIEWPORT)
    page_notebook.page.wait_for_timeout(500)  # the panel lays itself out anew before it can scroll
    page_notebook.show(index)
    path = browser.screenshot(page_notebook.page, f"learner-{ui.name.lower()}-{assignment_name}-{label}")
    page_notebook.page.set_viewport_size({"width": 1280, "height": 900})
    return path


def key_cell(nb, assignment_name, state):
    """The cell a screenshot of ``state`` starts at: the test cell whose verdict the state is about."""
    tests = learner.test_cell_indices(nb, assignment_name)
    if state is State.UNANSWERED:
        return next(iter(tests.values()))
    if state is State.MISTAKE:
        return tests[learner.SHOWN_MISTAKES[assignment_name][0]]
    return list(tests.values())[-1]


@pytest.mark.parametrize("state", list(State), ids=lambda state: state.value)
@pytest.mark.parametrize("assignment_name", list(ASSIGNMENTS))
def test_a_learner_running_all_cells_sees_each_states_messages(front_end, assignment_name, state):
    ui, page, base, token, _ = front_end
    notebook, nb = opened(front_end, assignment_name, state)
    try:
        cells = shown(notebook.run_all())
        screenshot(notebook, key_cell(nb, assignment_name, state), ui, assignment_name, state.value)
    finally:
        browser.shut_down_sessions(base, token)
    assert len(cells) == len(nb.cells)
    problems = PROBLEMS[state](nb, assignment_name, cells)
    assert not problems, f"{ui.name}, {assignment_name}, {state.value}:\n" + "\n".join(problems)


def test_fixing_backward_propagation_n_in_the_page_brings_the_difference_to_the_one_the_notebook_states(front_end):
    """The notebook's last exercise is a fix of the given code: typed into its cell, the check passes."""
    ui, page, base, token, _ = front_end
    notebook, nb = opened(front_end, "gradient_checking", State.CORRECT, folder="fixed")
    index = learner.backward_n_index(nb)
    try:
        before = shown(notebook.run_all())
        notebook.replace_source(index, learner.backward_n_fixed(nb.cells[index].source))
        after = shown(notebook.run_all())
        screenshot(notebook, learner.backward_n_check_index(nb), ui, "gradient_checking", "fixed")
    finally:
        browser.shut_down_sessions(base, token)
    assert not learner.problems_planted_difference(nb, before)
    assert not learner.problems_fixed_difference(nb, after)
    assert not learner.problems_of_every_state(after)
