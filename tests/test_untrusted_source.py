"""No student input crashes the trusted side: reading and the definitions only return or refuse.

A fuzz test with a fixed seed and few examples (so that CI stays fast): random bytes, random
notebook JSON, random cell sources and random top-level statements go through the grader's read
step, its definitions step and the zygote's compile step. Each may return, or raise NotGradable
(the kit's own refusal, one line naming the file); nothing else.
"""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.definitions import definitions_source
from autograder.errors import NotGradable
from autograder.untrusted_source import compiled, read_notebook_json

FUZZ = settings(derandomize=True, max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20)
# Pieces of Python that parse into statements the definitions step must judge: literals of every
# kind, unhashable keys, operators that nest, and the IPython syntax notebooks hold.
TOKENS = ["X = ", "def f(x):\n    return ", "import ", "from . import ", "class C:\n    ", "@f\n", "lambda", "[", "]",
          "{", "}", "(", ")", ":", ",", "-", "+", "~", "not ", "**", "1", "1.5e308", "1j", "'s'", "b'b'", "None",
          "...", "x", ".", ";", "\n", "    ", "%time ", "!ls", "%%bash\n", "= !", "\x00", "\\", "#", "\"\"\"",
          "\r", "\x0c", "\u2028", "é", "async ", "await ", "yield ", "*", "=", "if ", "else ", "global x"]
python_like = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
# Expressions that parse, built the way literals nest: unhashable keys, sets of lists, big numbers.
expressions = st.recursive(
    st.sampled_from(["1", "-1", "1.5", "1e999", "1j", "'s'", "b'b'", "None", "True", "x", "..."]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(lambda items: "(" + "".join(item + ", " for item in items) + ")"),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "{" + ", ".join(items) + "}"),
        st.lists(st.tuples(inner, inner), max_size=3).map(lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"),
        st.builds(lambda op, a: f"{op}{a}", st.sampled_from(["-", "+", "~", "not "]), inner),
        st.builds(lambda a, op, b: f"({a} {op} {b})", inner, st.sampled_from(["+", "-", "*", "**", "<", "and"]), inner),
        inner.map(lambda a: f"f({a})")),
    max_leaves=12)
statements = st.builds(lambda target, value: f"{target}{value}",
                       st.sampled_from(["X = ", "X = Y = ", "X: int = ", "X, Y = ", "def f():\n    return ", ""]),
                       expressions)
deep = st.builds(lambda unary, depth, tail: "Y = " + unary * depth + tail,
                 st.sampled_from(["-", "~", "not ", "(", "[", "{1: ", "-+"]), st.sampled_from([1, 100, 1000, 3000, 100_000]),
                 st.sampled_from(["1", "[1]", ")" * 3, ""]))
sources = statements | python_like | deep | st.text(max_size=200) | \
    st.lists(statements, max_size=5).map("\n".join)
cells = st.fixed_dictionaries({"cell_type": st.sampled_from(["code", "markdown", "raw", 3]),
                               "source": sources | st.lists(sources, max_size=3),
                               "metadata": st.sampled_from([{}, {"nbgrader": {"grade": True}},
                                                            {"nbgrader": {"solution": True, "grade": True}}])})


def graded_steps(data):
    """The trusted steps on one file: read, definitions, and the zygote's compiling."""
    try:
        notebook = read_notebook_json(data, "fuzzed.ipynb")
    except NotGradable as refusal:
        assert "fuzzed.ipynb" in str(refusal) and "\n" not in str(refusal)
        return
    source, notes = definitions_source(notebook)
    assert all(isinstance(note, str) for note in notes)
    compiled(source)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(data):
    graded_steps(data)


@FUZZ
@given(json_values | st.fixed_dictionaries({"cells": st.lists(json_values, max_size=3)}, optional={
    "metadata": json_values}))
def test_random_notebook_json(value):
    graded_steps(json.dumps(value).encode())


@FUZZ
@given(st.lists(cells, max_size=4))
def test_random_cells_and_statements(notebook_cells):
    graded_steps(json.dumps({"cells": notebook_cells, "metadata": {}}).encode())


@FUZZ
@given(st.lists(statements | deep, min_size=1, max_size=5))
def test_random_top_level_statements(lines):
    cell = {"cell_type": "code", "source": "\n".join(lines), "metadata": {}}
    graded_steps(json.dumps({"cells": [cell]}).encode())
