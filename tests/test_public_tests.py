"""The public tests say exactly what is wrong: which key, which shape, which entries."""
import importlib
import types

import numpy as np
import pytest

from autograder.kit.cases import PUBLIC_CASES, SIGNATURES, DuplicateCase, collected
from autograder.kit.public_tests import PublicTestFailure, public_test
from autograder.rubric import ASSIGNMENTS
from conftest import solution_namespace


def he():
    return solution_namespace("initialization")["initialize_parameters_he"]


def variant(change):
    """initialize_parameters_he with its output changed by ``change(parameters)``."""
    def initialize_parameters_he(layers_dims):
        parameters = he()(layers_dims)
        change(parameters)
        return parameters
    return initialize_parameters_he


def failure_message(function):
    with pytest.raises(PublicTestFailure) as failure:
        public_test(function)
    return str(failure.value)


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
    assert "layers [2, 4, 1]: parameters['W1']: 1 of 8 entries differ" in message
    assert "at [0, 1] expected 0.43650985" in message and "received 5.0" in message


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
    message = failure_message(variant(lambda p: p.update(W1=p["W1"] * 2)))
    assert message.startswith("initialize_parameters_he failed") and "\n  " in message


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
