"""Messages between the grader and its sandboxed child: a JSON header plus raw numeric arrays.

A frame is an 8-byte length, then its payload: a 4-byte length, a JSON table (the header and,
per array, its name, dtype and shape) and the arrays' bytes, back to back in the table's order.
Reading never unpickles and never evaluates anything: only numeric dtypes of a fixed spelling
are accepted, every size is checked against the bytes present, and anything malformed raises
``WireError``. The child is untrusted, so its messages are checked, never believed.
"""
import enum
import json
import math
import re
import struct

import numpy as np

from ..conventions import FRAME_LIMIT as MAX_FRAME
from ..values import NUMERIC_KINDS, decode, encode

LENGTH = struct.Struct(">Q")
TABLE_LENGTH = struct.Struct(">I")
MAX_DIMENSIONS = 32
# A dtype is only ever spelled as numpy's `dtype.str` of a plain number: byte order, kind, size.
DTYPE = re.compile(rf"[<>|][{NUMERIC_KINDS}][0-9]{{1,2}}")


class WireError(ValueError):
    """A message that does not follow the protocol."""


class Kind(enum.Enum):
    """What a message is; its value is how the header's ``"kind"`` spells it."""
    READY = "ready"  # the zygote's layers, or why it could not start
    FATAL = "fatal"  # a task the zygote could not set up
    GROUP_START = "group_start"  # a function's process was forked
    LOCK_IN_FAILED = "lock_in_failed"  # it could not lock itself in
    RELAY = "relay"  # one frame of that process, wrapped by the zygote
    GROUP_END = "group_end"  # it ended, and what it left was cleared away
    TASK_END = "task_end"  # every function of the task is done
    DEFINED = "defined"  # (relayed) the definitions ran, with notes on those that failed
    OUTCOME = "outcome"  # (relayed) one call's outcome


def kind_of(header):
    """The ``Kind`` a header names; WireError when it names none."""
    try:
        return Kind(header.get("kind"))
    except (ValueError, TypeError):
        raise WireError("a message of no known kind") from None


def pack(header, arrays=None):
    """One frame from a JSON-able header and a dict of numeric arrays."""
    layout, chunks = [], []
    for name, array in (arrays or {}).items():
        array = np.asarray(array)
        layout.append([name, array.dtype.str, list(array.shape)])
        chunks.append(array.tobytes())  # in C order, whatever the array's layout
    table = json.dumps({"header": header, "arrays": layout}).encode()
    payload = b"".join([TABLE_LENGTH.pack(len(table)), table, *chunks])
    return LENGTH.pack(len(payload)) + payload


def pack_value(header, value):
    """A frame whose header carries ``value``'s skeleton under ``"value"``."""
    skeleton, arrays = encode(value)
    return pack({**header, "value": skeleton}, arrays)


def unpack(data):
    """``(header, arrays)`` from a frame's payload (without its length prefix)."""
    data = bytes(data)
    try:
        (size,) = TABLE_LENGTH.unpack_from(data)
        table = json.loads(data[TABLE_LENGTH.size:TABLE_LENGTH.size + size].decode())
        header, layout = table["header"], table["arrays"]
    except Exception as error:  # anything struct or JSON raise means a bad frame
        raise WireError(f"unreadable message ({type(error).__name__})") from None
    if not isinstance(header, dict) or not isinstance(layout, list):
        raise WireError("message header is not an object")
    arrays, offset = {}, TABLE_LENGTH.size + size
    for entry in layout:
        name, dtype, shape = _checked_entry(entry)
        count = math.prod(shape)
        if offset + count * dtype.itemsize > len(data):
            raise WireError(f"array {name!r} is larger than its message")
        arrays[name] = np.frombuffer(data, dtype, count, offset).reshape(shape).copy()
        offset += count * dtype.itemsize
    if offset != len(data):
        raise WireError("message has bytes no array accounts for")
    return header, arrays


def _checked_entry(entry):
    if not (isinstance(entry, list) and len(entry) == 3 and type(entry[0]) is str and type(entry[1]) is str
            and DTYPE.fullmatch(entry[1]) and isinstance(entry[2], list) and len(entry[2]) <= MAX_DIMENSIONS
            and all(type(n) is int and n >= 0 for n in entry[2])):
        raise WireError("message holds a non-numeric or malformed array")
    try:
        dtype = np.dtype(entry[1])
    except Exception:  # a well-spelled size numpy has no type for, such as "<f3"
        raise WireError(f"message holds an array of unknown dtype {entry[1]!r}") from None
    if dtype.kind not in NUMERIC_KINDS:
        raise WireError(f"message holds an array of non-numeric dtype {entry[1]!r}")
    return entry[0], dtype, entry[2]


def value_of(header, arrays):
    """Decode the value a frame carries, checking that its skeleton is well formed."""
    try:
        return decode(_checked(header.get("value"), arrays), arrays)
    except (KeyError, TypeError, ValueError, RecursionError) as error:
        raise WireError(f"malformed value ({type(error).__name__})") from None


def _checked(skeleton, arrays, depth=0):
    if depth > 50 or not isinstance(skeleton, dict):
        raise ValueError("bad skeleton")
    kind = skeleton.get("type")
    if kind in ("float", "ndarray", "scalar"):
        array = arrays[skeleton["ref"]]
        if kind != "ndarray" and array.shape != ():
            raise ValueError("scalar with a shape")
    elif kind == "int":
        int(skeleton["value"])
    elif kind == "literal":
        if not (skeleton["value"] is None or type(skeleton["value"]) in (bool, str)):
            raise ValueError("bad literal")
    elif kind == "dict":
        for key, entry in skeleton["items"]:
            if type(key) is not str:
                raise ValueError("bad key")
            _checked(entry, arrays, depth + 1)
    elif kind in ("tuple", "list"):
        for entry in skeleton["items"]:
            _checked(entry, arrays, depth + 1)
    elif kind == "unsupported":
        str(skeleton["name"])
    else:
        raise ValueError("unknown type")
    return skeleton


class FrameReader:
    """Collects bytes from a pipe and yields whole frames."""

    def __init__(self):
        self.buffer = bytearray()

    def feed(self, data):
        self.buffer += data

    def payloads(self):
        """Whole frames' payloads, unread: what the zygote relays without parsing."""
        while len(self.buffer) >= LENGTH.size:
            (length,) = LENGTH.unpack_from(self.buffer)
            if length > MAX_FRAME:
                raise WireError(f"message of {length} bytes is too large")
            if len(self.buffer) < LENGTH.size + length:
                return
            data = bytes(self.buffer[LENGTH.size:LENGTH.size + length])
            del self.buffer[:LENGTH.size + length]
            yield data

    def frames(self):
        for data in self.payloads():
            yield unpack(data)


def read_frame(stream):
    """One frame from a blocking stream, or None at its end."""
    prefix = stream.read(LENGTH.size)
    if len(prefix) < LENGTH.size:
        return None
    (length,) = LENGTH.unpack(prefix)
    data = stream.read(length)
    if len(data) < length:
        return None
    return unpack(data)
