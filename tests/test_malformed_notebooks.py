"""Malformed notebooks through `autograder grade`: graded as Jupyter would run them, or refused.

A refusal is exit 2 with one line naming the file. Never a traceback, never exit 1 (which means
"below --fail-under"), never a crash of the trusted side.
"""
import copy
import json
import subprocess
import sys

import nbformat
import pytest

from autograder import sample_class
from autograder.rubric import ASSIGNMENTS

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

CORRECT = json.loads(nbformat.writes(sample_class.submissions(ASSIGNMENTS["initialization"])["correct"]))


def with_cells(*sources, change=None):
    """The correct submission with extra code cells at the end (and ``change`` applied to it)."""
    notebook = copy.deepcopy(CORRECT)
    notebook["cells"] += [{"cell_type": "code", "source": source, "metadata": {}, "outputs": [],
                           "execution_count": None} for source in sources]
    if change:
        change(notebook)
    return json.dumps(notebook).encode()


def huge_output(notebook):
    notebook["cells"][-1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x" * 50_000_000}]


def kernel_language(language):
    def change(notebook):
        notebook["metadata"]["kernelspec"] = {"name": language, "display_name": language, "language": language}
        notebook["metadata"]["language_info"] = {"name": language}
    return change


def magics_in_solution_cells(notebook):
    solution = next(cell for cell in notebook["cells"] if "def initialize_parameters_he" in "".join(cell["source"]))
    solution["source"] = "%matplotlib inline\nfiles = !ls\n" + "".join(solution["source"])


GRADED, REFUSED = "graded", "refused"
CASES = {  # name: (file content, outcome, full score when graded)
    "empty file": (b"", REFUSED, None),
    "not JSON": (b"{ this is not json", REFUSED, None),
    "a JSON list": (b"[1, 2, 3]", REFUSED, None),
    "no cells": (b'{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}', REFUSED, None),
    "an empty list of cells": (b'{"cells": [], "metadata": {}}', REFUSED, None),
    "cells that are not cells": (b'{"cells": [1, "two", null]}', REFUSED, None),
    "binary bytes": (bytes(range(256)) * 4, REFUSED, None),
    "deeply nested JSON": (b"[" * 100_000 + b"]" * 100_000, REFUSED, None),
    "unhashable literals": (with_cells("X = {[1]: 2}", "S = {[1], [2]}"), GRADED, 30),
    "a very deep expression": (with_cells("Y = " + "-" * 100_000 + "1"), GRADED, 30),
    "deep, but parsable expressions": (with_cells("Y = " + "-" * 2_500 + "1", "Z = " + "not " * 900 + "1"), GRADED, 30),
    "a huge integer literal": (with_cells("N = " + "9" * 100_000), GRADED, 30),
    "null bytes in a cell": (with_cells("X = 1\x00"), GRADED, 30),
    "magics": (with_cells("%matplotlib inline", "%%bash\necho hi", "%%time\nT = 1", "!pip install numpy",
                          change=magics_in_solution_cells), GRADED, 30),
    "a cell magic that writes a file": (with_cells("%%writefile he.py\ndef initialize_parameters_he(dims):\n"
                                                   "    return {}"), GRADED, 30),
    "huge output blobs": (with_cells("print('x')", change=huge_output), GRADED, 30),
    "another kernel's language": (with_cells("x <- c(1, 2)", change=kernel_language("R")), REFUSED, None),
}


def grade(path):
    return subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(path)], capture_output=True)


@pytest.mark.parametrize("name", CASES)
def test_a_malformed_notebook_is_graded_or_refused_in_one_line(name, tmp_path):
    content, outcome, score = CASES[name]
    path = tmp_path / "submission.ipynb"
    path.write_bytes(content)
    result = grade(path)
    assert b"Traceback" not in result.stderr + result.stdout
    if outcome == GRADED:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["score"] == score
    else:
        assert (result.returncode, result.stdout) == (2, b"")
        assert result.stderr.count(b"\n") == 1 and str(path).encode() in result.stderr
