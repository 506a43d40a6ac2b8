"""Say exactly how a received value differs from the expected one.

Shared by the public tests (students see expected values) and the grader's hidden checks
(``reveal=False``: where and how it differs, never the expected numbers).
"""
import numpy as np

RTOL = 1e-6
ATOL = 1e-9
SHOWN_ENTRIES = 3


def differences(expected, received, name="output", reveal=True, rtol=RTOL, atol=ATOL):
    """Return a list of one-line messages, empty when ``received`` matches ``expected``.

    Dicts are compared key by key, tuples and lists position by position, arrays by shape then
    values (any numeric dtype may stand for another), scalars by kind and value.
    """
    if isinstance(expected, dict):
        return _dict_differences(expected, received, name, reveal, rtol, atol)
    if isinstance(expected, (tuple, list)):
        return _sequence_differences(expected, received, name, reveal, rtol, atol)
    if isinstance(expected, np.ndarray):
        return _array_differences(expected, received, name, reveal, rtol, atol)
    return _scalar_differences(expected, received, name, reveal, rtol, atol)


def describe(value):
    """A short description of a value's type and shape, e.g. 'a numpy array of shape (2, 3)'."""
    if type(value) is np.ndarray:
        return f"a numpy array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, np.generic):
        return f"a numpy scalar of type {type(value).__name__}"
    if isinstance(value, (dict, tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    # The grader stands in for values it refuses (an ndarray subclass, say) with objects that
    # carry the refused type's name.
    return f"a {getattr(value, 'described_as', type(value).__name__)}"


def _dict_differences(expected, received, name, reveal, rtol, atol):
    if not isinstance(received, dict):
        return [f"{name}: expected a dict, received {describe(received)}"]
    missing = [key for key in expected if key not in received]
    extra = [key for key in received if key not in expected]
    problems = []
    if missing:
        problems.append(f"{name}: missing key(s) {', '.join(map(repr, missing))}")
    if extra:
        problems.append(f"{name}: unexpected key(s) {', '.join(map(repr, extra))}")
    for key in expected:
        if key in received:
            problems += differences(expected[key], received[key], f"{name}[{key!r}]", reveal, rtol, atol)
    return problems


def _sequence_differences(expected, received, name, reveal, rtol, atol):
    kind = type(expected).__name__
    if not isinstance(received, (tuple, list)):
        return [f"{name}: expected a {kind}, received {describe(received)}"]
    if len(received) != len(expected):
        return [f"{name}: expected a {kind} of {len(expected)} items, received {len(received)}"]
    problems = []
    for position, (want, got) in enumerate(zip(expected, received)):
        problems += differences(want, got, f"{name}[{position}]", reveal, rtol, atol)
    return problems


def _array_differences(expected, received, name, reveal, rtol, atol):
    if type(received) is not np.ndarray:
        return [f"{name}: expected a numpy array of shape {expected.shape}, received {describe(received)}"]
    if received.dtype.kind not in "biuf":
        return [f"{name}: expected numbers, received an array of dtype {received.dtype}"]
    if received.shape != expected.shape:
        return [f"{name}: expected shape {expected.shape}, received shape {received.shape}"]
    if (received == expected).all():  # the usual case, and far cheaper to see than closeness
        return []
    close = np.isclose(received.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol,
                       equal_nan=True)
    if close.all():
        return []
    wrong = np.argwhere(~close)
    summary = f"{name}: {len(wrong)} of {expected.size} entries differ"
    if not reveal:
        return [summary]
    shown = [f"at {_index(where)} expected {_show(expected[tuple(where)])}, received {_show(received[tuple(where)])}"
             for where in wrong[:SHOWN_ENTRIES]]
    return [f"{summary}; first: " + "; ".join(shown)]


def _scalar_differences(expected, received, name, reveal, rtol, atol):
    if isinstance(received, np.ndarray):
        return [f"{name}: expected a scalar, received {describe(received)}"]
    if isinstance(expected, (bool, np.bool_)) or not isinstance(expected, (int, float, np.number)):
        same = type(received) is type(expected) and received == expected
        return [] if same else [_scalar_message(expected, received, name, reveal)]
    if isinstance(received, (bool, np.bool_)) or not isinstance(received, (int, float, np.number)):
        return [f"{name}: expected a number, received {describe(received)}"]
    if float(received) == float(expected) or np.isclose(float(received), float(expected), rtol=rtol, atol=atol, equal_nan=True):
        return []
    return [_scalar_message(expected, received, name, reveal)]


def _scalar_message(expected, received, name, reveal):
    if reveal:
        return f"{name}: expected {_show(expected)}, received {_show(received)}"
    return f"{name}: the value differs from the expected one"


def _show(value):
    # numpy 2 spells scalars as np.float64(...); students should see the number.
    return repr(value.item() if isinstance(value, np.generic) else value)


def _index(where):
    return "[" + ", ".join(str(int(i)) for i in where) + "]"
