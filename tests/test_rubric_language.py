"""The rubric's findings are translatable: every sentence given to _ or _n is a literal Babel can extract,
and the English a learner reads is the sentence as written."""
import ast
from pathlib import Path

import numpy as np
import pytest

from autograder import catalogues
from autograder.calls import Outcome
from autograder.difference_checks import expect_difference
from autograder.i18n import speaking
from autograder.network_checks import gradient_problems

FILES = ["rubric/__init__.py", "rubric/gradient_checking.py", "rubric/initialization.py",
         "rubric/regularization.py", "network_checks.py", "trusted_network.py", "known_costs.py",
         "difference_checks.py", "numerics.py", "conventions.py"]
SAID_FROM_DATA = {"verdict.value", "cost"}  # marked with N_ where they are held (kit.verdicts, rubric/gradient_checking)


def unextractable_calls(source):
    """``line: call`` of each _ or _n call whose sentences are not string literals."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "_n"):
            sentences = node.args[:1 if node.func.id == "_" else 2]
            if len(sentences) < len(node.args[:2]) or not all(
                    (isinstance(arg, ast.Constant) and isinstance(arg.value, str)) or ast.unparse(arg) in SAID_FROM_DATA
                    for arg in sentences):
                found.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
    return found


@pytest.mark.parametrize("name", FILES)
def test_every_sentence_said_is_a_literal(name):
    assert unextractable_calls((Path(catalogues.PACKAGE) / name).read_text()) == []


def test_the_literal_check_sees_a_built_sentence():
    assert unextractable_calls('_(f"{x} differs")\n_("a" "b", x=1)\n_n("one", plural, n)\n') == \
        ["1: _(f'{x} differs')", "3: _n('one', plural, n)"]


def test_findings_read_as_written_in_english_and_are_said_in_any_language():
    difference = expect_difference(Outcome(value=0.5), 0.25, "J = x")
    gradients = gradient_problems({"dW1": np.zeros((2, 2))}, {"dW1": np.ones((2, 2))}, lambda key, value: "it is 0")
    assert difference == ["J = x: received a difference of 0.5, not the one a correct check gives"]
    assert gradients == ["dW1 differs from the finite differences of the cost (relative difference 1): it is 0"]
    with speaking("zh_CN"):
        assert len(expect_difference(Outcome(value=0.5), 0.25, "J = x")) == 1
        assert len(gradient_problems({"dW1": None}, {"dW1": np.ones((2, 2))})) == 1
