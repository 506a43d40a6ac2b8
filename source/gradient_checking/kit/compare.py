"""Say exactly how a received value differs from the expected one.

Shared by the public tests (students see expected values) and the grader's hidden checks
(``reveal=False``: where and how it differs, never the expected numbers). Revealed, a value's
difference is said compactly: the worst entries, and a pattern where one holds (a constant factor,
a sign flip, a transposition, a layer too many or too few).
"""
import re

import numpy as np

from .i18n import _, _n

RTOL = 1e-6
ATOL = 1e-9
SHOWN_ENTRIES = 2  # the worst few: a learner reads two numbers, not a table
SIGNIFICANT_DIGITS = 8  # as the course prints its expected values
LAYER_KEY = re.compile(r"^[A-Za-z]+(\d+)$")  # "W3", "b3", "dW3": a parameter or gradient of layer 3


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
        return _("a numpy array of shape {shape} and dtype {dtype}", shape=value.shape, dtype=value.dtype)
    if isinstance(value, np.generic):
        return _("a numpy scalar of type {type}", type=type(value).__name__)
    if isinstance(value, (dict, tuple, list)):
        return _n("a {type} of {count} item", "a {type} of {count} items", len(value), type=type(value).__name__)
    # The grader stands in for values it refuses (an ndarray subclass, say) with objects that
    # carry the refused type's name.
    return _("a {type}", type=getattr(value, "described_as", type(value).__name__))


def _dict_differences(expected, received, name, reveal, rtol, atol):
    if not isinstance(received, dict):
        return [_("{name}: expected a dict, received {received}", name=name, received=describe(received))]
    missing = [key for key in expected if key not in received]
    extra = [key for key in received if key not in expected]
    problems = []
    if missing:
        problems.append(_("{name}: missing key(s) {keys}", name=name, keys=", ".join(map(repr, missing))))
    if extra:
        problems.append(_("{name}: unexpected key(s) {keys}", name=name, keys=", ".join(map(repr, extra))))
    if reveal and (missing or extra) and (layers := _layer_counts(expected, received)):
        wanted, got = layers
        if got == wanted - 1:
            problems.append(_n("{name}: {count} layer where {wanted} are expected (one too few)",
                               "{name}: {count} layers where {wanted} are expected (one too few)", got, name=name,
                               wanted=wanted))
        elif got == wanted + 1:
            problems.append(_n("{name}: {count} layer where {wanted} are expected (one too many)",
                               "{name}: {count} layers where {wanted} are expected (one too many)", got, name=name,
                               wanted=wanted))
        else:
            problems.append(_n("{name}: {count} layer where {wanted} are expected",
                               "{name}: {count} layers where {wanted} are expected", got, name=name, wanted=wanted))
    for key in expected:
        if key in received:
            problems += differences(expected[key], received[key], f"{name}[{key!r}]", reveal, rtol, atol)
    return problems


def _sequence_differences(expected, received, name, reveal, rtol, atol):
    kind = type(expected).__name__
    if not isinstance(received, (tuple, list)):
        return [_("{name}: expected a {kind}, received {received}", name=name, kind=kind, received=describe(received))]
    if len(received) != len(expected):
        return [_("{name}: expected a {kind} of {count} items, received {received}", name=name, kind=kind,
                  count=len(expected), received=len(received))]
    problems = []
    for position, (want, got) in enumerate(zip(expected, received)):
        problems += differences(want, got, f"{name}[{position}]", reveal, rtol, atol)
    return problems


def _array_differences(expected, received, name, reveal, rtol, atol):
    if type(received) is not np.ndarray:
        return [_("{name}: expected a numpy array of shape {shape}, received {received}", name=name,
                  shape=expected.shape, received=describe(received))]
    if received.dtype.kind not in "biuf":
        return [_("{name}: expected numbers, received an array of dtype {dtype}", name=name, dtype=received.dtype)]
    if received.shape != expected.shape:
        shapes = dict(name=name, expected=expected.shape, received=received.shape)
        if reveal and received.ndim == 2 and received.shape == expected.shape[::-1]:
            if _all_close(received, expected.T, rtol, atol):
                return [_("{name}: expected shape {expected}, received shape {received}, the transpose of the "
                          "expected array", **shapes)]
            return [_("{name}: expected shape {expected}, received shape {received}, the transpose of the expected "
                      "shape", **shapes)]
        return [_("{name}: expected shape {expected}, received shape {received}", **shapes)]
    if (received == expected).all():  # the usual case, and far cheaper to see than closeness
        return []
    close = _close(received, expected, rtol, atol)
    if close.all():
        return []
    summary = _("{name}: {count} of {size} entries differ", name=name, count=np.count_nonzero(~close),
                size=expected.size)
    if not reveal:
        return [summary]
    if pattern := _pattern(expected.astype(np.float64), received.astype(np.float64), rtol, atol):
        summary = _("{summary}: {pattern}", summary=summary, pattern=pattern)
    worst = [_("at {index} {difference}", index=_index(where), difference=_expected_received(expected[where], received[where]))
             for where in _worst(expected, received, close)]
    return [_("{summary}; worst: {entries}", summary=summary, entries=_("; ").join(worst))]


def _close(received, expected, rtol, atol):
    """Entry by entry, whether ``received`` is ``expected`` within the tolerances (any numeric dtypes)."""
    return np.isclose(received.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol, equal_nan=True)


def _all_close(received, expected, rtol, atol):
    return bool(_close(received, expected, rtol, atol).all())


def _worst(expected, received, close):
    """The indices of the SHOWN_ENTRIES entries furthest from the expected (a NaN furthest of all)."""
    gap = np.abs(received.astype(np.float64) - expected.astype(np.float64))
    gap = np.where(np.isnan(gap), np.inf, gap)
    gap[close] = -1
    order = np.argsort(-gap, axis=None, kind="stable")[:min(SHOWN_ENTRIES, np.count_nonzero(~close))]
    return [np.unravel_index(flat, expected.shape) for flat in order]


def _pattern(expected, received, rtol, atol):
    """How every entry relates to the expected one, when one rule holds: a transposition, a sign flip or
    a constant factor."""
    if expected.ndim == 2 and expected.shape[0] == expected.shape[1] and _all_close(received, expected.T, rtol, atol):
        return _("it is the expected array transposed")
    nonzero = expected != 0
    if not nonzero.any() or not np.isfinite(received).all() or not np.isfinite(expected).all():
        return None
    factor = float(np.median(received[nonzero] / expected[nonzero]))
    if factor == 0 or not _all_close(received, factor * expected, rtol, atol):
        return None
    if np.isclose(factor, -1, rtol=rtol):
        return _("every entry has the opposite sign")
    return _("every entry is {factor} times the expected one", factor=_factor(factor))


def _factor(factor):
    """A factor as a number, and as the square root of a small fraction when it is one: "0.7071 (sqrt(1/2))"."""
    shown = f"{factor:.4g}"
    for denominator in range(1, 11):
        numerator = round(factor * factor * denominator)
        if 1 <= numerator <= 10 and np.isclose(factor * factor, numerator / denominator, rtol=1e-6) \
                and not np.isclose(abs(factor) * denominator, round(abs(factor) * denominator), rtol=1e-6):
            root = f"sqrt({numerator}/{denominator})" if denominator > 1 else f"sqrt({numerator})"
            return f"{shown} ({'-' if factor < 0 else ''}{root})"
    return shown


def _layer_counts(expected, received):
    """(expected, received) numbers of layers of dicts keyed like "W1", "b1", ...; None for other dicts."""
    def layers(keys):
        numbers = [LAYER_KEY.match(key) for key in keys if isinstance(key, str)]
        return max(int(match.group(1)) for match in numbers) if numbers and all(numbers) else None
    counts = layers(expected), layers(received)
    return counts if None not in counts and counts[0] != counts[1] else None


def _scalar_differences(expected, received, name, reveal, rtol, atol):
    if isinstance(received, np.ndarray):
        return [_("{name}: expected a scalar, received {received}", name=name, received=describe(received))]
    if isinstance(expected, (bool, np.bool_)) or not isinstance(expected, (int, float, np.number)):
        same = type(received) is type(expected) and received == expected
        return [] if same else [_scalar_message(expected, received, name, reveal)]
    if isinstance(received, (bool, np.bool_)) or not isinstance(received, (int, float, np.number)):
        return [_("{name}: expected a number, received {received}", name=name, received=describe(received))]
    if float(received) == float(expected) or np.isclose(float(received), float(expected), rtol=rtol, atol=atol, equal_nan=True):
        return []
    return [_scalar_message(expected, received, name, reveal)]


def _scalar_message(expected, received, name, reveal):
    if reveal:
        return _("{name}: {difference}", name=name, difference=_expected_received(expected, received))
    return _("{name}: the value differs from the expected one", name=name)


def _expected_received(expected, received):
    shown = _show(expected), _show(received)
    if shown[0] == shown[1]:  # they differ beyond the digits shown: show them all
        shown = _show(expected, digits=17), _show(received, digits=17)
    return _("expected {expected}, received {received}", expected=shown[0], received=shown[1])


def _show(value, digits=SIGNIFICANT_DIGITS):
    # numpy 2 spells scalars as np.float64(...); students should see the number, to the course's digits.
    value = value.item() if isinstance(value, np.generic) else value
    return f"{value:.{digits}g}" if type(value) is float else repr(value)


def _index(where):
    return "[" + ", ".join(str(int(i)) for i in where) + "]"
