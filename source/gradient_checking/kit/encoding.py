"""Plain data as it is stored: a JSON skeleton plus a flat dict of plain numpy arrays.

Only builtin containers, numbers, strings, plain ``np.ndarray`` and numpy scalars survive; anything
else (an ndarray subclass, an object array, a custom class) becomes an ``Unsupported`` marker. The
grader stores its references and sends its sandbox messages in this encoding (``autograder.values``),
and the kit reads the public mistakes' outputs shipped to students with it.
"""
import json

import numpy as np

NUMERIC_KINDS = "biuf"


class Unsupported:
    """Stands for a value of a type the grader does not accept."""

    def __init__(self, type_name):
        self.described_as = type_name

    def __repr__(self):
        return f"<{self.described_as}>"

    def __eq__(self, other):
        return isinstance(other, Unsupported) and other.described_as == self.described_as


def encode(value):
    """Return ``(skeleton, arrays)``: a JSON-able description and the arrays it refers to."""
    arrays = {}

    def add(array):
        key = f"a{len(arrays)}"
        arrays[key] = array
        return key

    def walk(item):
        kind = type(item)
        if item is None or kind in (bool, str):
            return {"type": "literal", "value": item}
        if kind is int:
            return {"type": "int", "value": str(item)}
        if kind is float:
            return {"type": "float", "ref": add(np.array(item))}
        if kind is np.ndarray and item.dtype.kind in NUMERIC_KINDS:
            return {"type": "ndarray", "ref": add(item)}
        if isinstance(item, np.generic) and kind.__module__ == "numpy" and item.dtype.kind in NUMERIC_KINDS:
            return {"type": "scalar", "ref": add(np.array(item))}
        if kind is dict and all(type(key) is str for key in item):
            return {"type": "dict", "items": [[key, walk(entry)] for key, entry in item.items()]}
        if kind in (tuple, list):
            return {"type": kind.__name__, "items": [walk(entry) for entry in item]}
        name = item.described_as if kind is Unsupported else _type_name(item)  # encoded twice keeps its name
        return {"type": "unsupported", "name": name}

    return walk(value), arrays


def decode(skeleton, arrays):
    """Rebuild a value from ``encode``'s output; arrays must already be plain ndarrays."""
    kind = skeleton["type"]
    if kind == "literal":
        return skeleton["value"]
    if kind == "int":
        return int(skeleton["value"])
    if kind == "float":
        return float(arrays[skeleton["ref"]])
    if kind == "ndarray":
        return arrays[skeleton["ref"]]
    if kind == "scalar":
        return arrays[skeleton["ref"]][()]
    if kind == "dict":
        return {key: decode(entry, arrays) for key, entry in skeleton["items"]}
    if kind in ("tuple", "list"):
        items = [decode(entry, arrays) for entry in skeleton["items"]]
        return tuple(items) if kind == "tuple" else items
    return Unsupported(skeleton["name"])


def plain(value):
    """The value as the judge may see it: encoded and decoded, so only plain data is left."""
    return decode(*encode(value))


def write_h5(group, value):
    """Store ``value`` in an h5py group: one dataset per array, the skeleton as an attribute."""
    skeleton, arrays = encode(value)
    group.attrs["skeleton"] = json.dumps(skeleton)
    for key, array in arrays.items():
        group.create_dataset(key, data=array)


def read_h5(group):
    arrays = {key: group[key][()] for key in group.keys()}
    arrays = {key: np.asarray(array) for key, array in arrays.items()}
    return decode(json.loads(group.attrs["skeleton"]), arrays)


def _type_name(item):
    kind = type(item)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
