"""The sandbox's message format: values survive the trip, and malformed or hostile frames are refused."""
import json

import numpy as np
import pytest

from autograder.sandbox.layers import Filesystem, Identity, Layers, Network, Processes
from autograder.sandbox.wire import LENGTH, MAX_FRAME, TABLE_LENGTH, FrameReader, WireError, pack, pack_value, unpack, value_of


def payload_of(frame):
    return frame[LENGTH.size:]


def handmade(table, body=b""):
    """A payload whose table is written by hand, as a hostile child could."""
    text = json.dumps(table).encode()
    return TABLE_LENGTH.pack(len(text)) + text + body


def round_trip(value):
    header, arrays = unpack(payload_of(pack_value({"kind": "outcome"}, value)))
    return value_of(header, arrays)


def test_a_value_crosses_whole_with_its_types_shapes_and_dtypes():
    value = {"W1": np.arange(6.0).reshape(2, 3).T,  # not C-contiguous
             "mask": np.array([[True, False]]), "ints": np.arange(3, dtype=">i4"), "empty": np.zeros((0, 4)),
             "zero_d": np.array(2.5), "scalar": np.float32(1.5), "cost": 0.25, "count": 10**30,
             "nested": (1, [None, "text", False])}
    back = round_trip(value)
    for key in ("W1", "mask", "ints", "empty", "zero_d"):
        assert type(back[key]) is np.ndarray
        assert back[key].shape == value[key].shape and back[key].dtype == value[key].dtype
        np.testing.assert_array_equal(back[key], value[key])
    assert back["scalar"] == np.float32(1.5) and type(back["scalar"]) is np.float32
    assert back["cost"] == 0.25 and back["count"] == 10**30 and back["nested"] == (1, [None, "text", False])


def test_arrays_read_back_are_the_readers_own():
    header, arrays = unpack(payload_of(pack({"kind": "x"}, {"a": np.zeros(3)})))
    arrays["a"][0] = 1.0  # writable, not a view of the message
    assert header == {"kind": "x"}


@pytest.mark.parametrize("table, body, reason", [
    ({"header": {}, "arrays": [["a", "|O", [1]]]}, bytes(8), "non-numeric"),
    ({"header": {}, "arrays": [["a", "|V8", [1]]]}, bytes(8), "non-numeric"),
    ({"header": {}, "arrays": [["a", "<c16", [1]]]}, bytes(16), "non-numeric"),
    ({"header": {}, "arrays": [["a", "<f3", [1]]]}, bytes(3), "unknown dtype"),
    ({"header": {}, "arrays": [["a", "<f8", [-1]]]}, bytes(8), "non-numeric or malformed"),
    ({"header": {}, "arrays": [["a", "<f8", [True]]]}, bytes(8), "non-numeric or malformed"),
    ({"header": {}, "arrays": [["a", "<f8", [1.0]]]}, bytes(8), "non-numeric or malformed"),
    ({"header": {}, "arrays": [["a", "<f8", [10**12, 10**12]]]}, bytes(8), "larger than its message"),
    ({"header": {}, "arrays": [["a", "<f8", [2]]]}, bytes(8), "larger than its message"),
    ({"header": {}, "arrays": [["a", "<f8", [1]]]}, bytes(9), "no array accounts for"),
    ({"header": [], "arrays": []}, b"", "not an object"),
    ({"arrays": []}, b"", "unreadable"),
])
def test_malformed_frames_are_refused_with_a_reason(table, body, reason):
    with pytest.raises(WireError, match=reason):
        unpack(handmade(table, body))


def test_bytes_that_are_not_a_table_are_refused():
    for data in (b"", b"\x00\x00", TABLE_LENGTH.pack(100) + b"{}", TABLE_LENGTH.pack(2) + b"\xff\xfe"):
        with pytest.raises(WireError, match="unreadable"):
            unpack(data)


def test_a_skeleton_that_does_not_match_its_arrays_is_refused():
    _, arrays = unpack(payload_of(pack({}, {"a0": np.zeros(2)})))
    for skeleton in ({"type": "float", "ref": "a0"}, {"type": "ndarray", "ref": "missing"}, {"type": "eval"},
                     {"type": "literal", "value": [1]}):
        with pytest.raises(WireError, match="malformed value"):
            value_of({"value": skeleton}, arrays)


def test_the_reader_yields_whole_frames_and_refuses_an_oversized_one():
    frames = pack({"n": 1}) + pack({"n": 2}, {"a": np.ones(3)})
    reader = FrameReader()
    seen = []
    for start in range(0, len(frames), 7):  # as a pipe delivers them: in pieces
        reader.feed(frames[start:start + 7])
        seen += [header["n"] for header, _ in reader.frames()]
    assert seen == [1, 2]
    reader.feed(LENGTH.pack(MAX_FRAME + 1))
    with pytest.raises(WireError, match="too large"):
        list(reader.frames())


# The words of the result's `sandbox` field, which consumers read: they never change.
RUNTIME = "(standard library and numpy, read-only)"
WORDS = {Network.NAMESPACE_AND_SECCOMP: "namespace, seccomp (no sockets)", Network.NAMESPACE: "namespace",
         Network.SECCOMP: "seccomp (no sockets)", Network.NONE: "none",
         Identity.OWN_UID: "own uid", Identity.USER_NAMESPACE: "user namespace, non-dumpable grader",
         Identity.GRADER_UID: "grader's uid, non-dumpable grader",
         Processes.PID_NAMESPACE: "pid namespace, process limit, reaper", Processes.LIMIT_AND_REAPER: "process limit, reaper"}
FILESYSTEM_WORDS = {(Filesystem.CHROOT, 0): f"chroot {RUNTIME}", (Filesystem.LANDLOCK, 3): f"Landlock ABI 3 {RUNTIME}",
                    (Filesystem.NONE, 0): "none"}


def test_every_layer_says_its_own_words_in_results():
    assert set(WORDS) == {*Network, *Identity, *Processes} and {kind for kind, _ in FILESYSTEM_WORDS} == set(Filesystem)
    for layer, words in WORDS.items():
        assert layer.describe() == words
    for (layer, abi), words in FILESYSTEM_WORDS.items():
        assert layer.describe(abi) == words
    layers = Layers(Network.SECCOMP, Filesystem.LANDLOCK, Identity.GRADER_UID, Processes.LIMIT_AND_REAPER, landlock_abi=3)
    assert json.dumps(layers.as_dict()) == (
        '{"network": "seccomp (no sockets)", "filesystem": "Landlock ABI 3 (standard library and numpy, read-only)", '
        '"identity": "grader\'s uid, non-dumpable grader", "processes": "process limit, reaper", '
        '"resources": "rlimits, wall clocks"}')


def test_layers_cross_the_wire_by_value_and_a_wrong_description_is_refused():
    for network in Network:
        for filesystem in Filesystem:
            layers = Layers(network, filesystem, Identity.USER_NAMESPACE, Processes.PID_NAMESPACE,
                            landlock_abi=4 if filesystem is Filesystem.LANDLOCK else 0)
            assert Layers.from_wire(json.loads(json.dumps(layers.to_wire()))) == layers
    wire = Layers(Network.NONE, Filesystem.NONE, Identity.GRADER_UID, Processes.LIMIT_AND_REAPER).to_wire()
    for wrong in ({**wire, "network": "namespace, seccomp (no sockets)"}, {**wire, "landlock_abi": "4"},
                  {key: value for key, value in wire.items() if key != "identity"}, []):
        with pytest.raises(ValueError):
            Layers.from_wire(wrong)
