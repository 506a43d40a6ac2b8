"""Messages between the grader and its sandboxed child: a JSON header plus plain arrays, as ``.npz``.

A frame is an 8-byte length followed by an ``.npz`` archive holding ``header`` (UTF-8 JSON, as
bytes) and the arrays a value refers to. The reader never unpickles (``allow_pickle=False``),
accepts only numeric arrays, and rejects anything malformed with ``WireError``: the child is
untrusted, so its messages are checked, never believed.
"""
import io
import json
import struct

import numpy as np

from .values import NUMERIC_KINDS, decode, encode

LENGTH = struct.Struct(">Q")
MAX_FRAME = 256 * 2**20  # no honest answer of these assignments comes near this


class WireError(ValueError):
    """A message that does not follow the protocol."""


def pack(header, arrays=None):
    """One frame from a JSON-able header and a dict of arrays."""
    buffer = io.BytesIO()
    payload = {"header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}
    payload.update({f"array_{key}": value for key, value in (arrays or {}).items()})
    np.savez(buffer, **payload)
    data = buffer.getvalue()
    return LENGTH.pack(len(data)) + data


def pack_value(header, value):
    """A frame whose header carries ``value``'s skeleton under ``"value"``."""
    skeleton, arrays = encode(value)
    return pack({**header, "value": skeleton}, arrays)


def unpack(data):
    """``(header, arrays)`` from a frame's payload (without its length prefix)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            contents = {name: archive[name] for name in archive.files}
        header = json.loads(contents.pop("header").tobytes().decode())
    except Exception as error:  # anything the archive or JSON readers raise means a bad frame
        raise WireError(f"unreadable message ({type(error).__name__})") from None
    if not isinstance(header, dict):
        raise WireError("message header is not an object")
    arrays = {}
    for name, array in contents.items():
        if not name.startswith("array_") or type(array) is not np.ndarray or array.dtype.kind not in NUMERIC_KINDS:
            raise WireError(f"message holds a non-numeric or unexpected array {name!r}")
        arrays[name[len("array_"):]] = array
    return header, arrays


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
