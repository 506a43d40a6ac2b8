"""The sandbox's zygote: runs a submission's definitions and the grader's calls, nothing else.

``autograder.sandbox.start()`` runs it as ``python -I -m autograder.sandbox.zygote``. It imports every module the
code may need, chooses its lock-in layers (``policy.choose``: it may leave the network here, once,
for every fork) and tells the grader which, then serves submission after submission without
running student code itself. Per submission it compiles the definitions once; per graded
function it forks a process that locks itself in (``policy.lock_in``) and says whether that
worked on a pipe it closes before any student code runs. From then on that process can reach
only its answer pipe, where it writes one frame per call.
"""
import ctypes
import gc
import importlib
import os
import select
import shutil
import sys
import types

import numpy as np

from .. import student_kit, untrusted_source
from ..calls import Call, Outcome, run_call
from ..conventions import SANDBOX_MESSAGE_LIMIT
from ..i18n import _, speak
from . import UID_BASE
from . import policy
from .limits import Limits
from .reaper import clear_up
from .wire import FrameReader, Kind, WireError, pack, pack_value, read_frame, value_of

PR_SET_CHILD_SUBREAPER = 36
libc = ctypes.CDLL(None, use_errno=True)
# Imported once here, so that no function's process pays for them. Not numpy.testing (unittest,
# importlib.metadata, email: 30 ms at every start): no course notebook uses it, and one that does
# imports it from the runtime tree as any module.
IMPORTED = ["numpy", "numpy.linalg", "numpy.random", "math", "copy", "random"]
# Nothing is plotted or loaded from disk while grading, and importing matplotlib costs a second:
# these modules are stand-ins whose every attribute is a no-op.
STAND_INS = ["matplotlib", "matplotlib.pyplot", "matplotlib.cm", "matplotlib.colors", "h5py"]


def main():
    """Serve submissions until stdin ends: one task frame in, a stream of frames out."""
    results = os.fdopen(int(sys.argv[1]), "wb", buffering=0)
    prepare_imports()  # while the grader plans its first calls
    try:
        layers = policy.prepare(policy.choose(UID_BASE + os.getpid()))
    except Exception as error:  # our own failure: the grader reports it as such
        results.write(pack({"kind": Kind.READY.value, "error": f"{type(error).__name__}: {error}"}))
        os._exit(0)
    results.write(pack({"kind": Kind.READY.value, "layers": layers.to_wire()}))
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # what a function's process leaves behind stays ours
    gc.freeze()  # the imports are never collected in the forks, so their pages stay shared
    while (task := read_task(sys.stdin.buffer)) is not None:
        try:
            for target in {target for call in task["calls"] for target in call.substitutes.values()}:
                importlib.import_module(target.split(":")[0])
        except Exception as error:  # our own failure, before any student code ran
            results.write(pack({"kind": Kind.FATAL.value, "error": f"sandbox setup failed: {type(error).__name__}: {error}"}))
            continue
        speak(task["language"])  # the grader's job's, read here: a locked-in process opens no catalogue
        task["statements"] = compiled(task["definitions"])  # once, not once per function's process
        for group in dict.fromkeys(task["groups"]):  # each function's calls, in the order they came
            if not run_group(task, group, layers, results):
                break  # the lock-in failed: it would fail for every function alike
        results.write(pack({"kind": Kind.TASK_END.value}))
    os._exit(0)


def run_group(task, group, layers, results):
    """Fork a locked-in process for one function's calls, relay its answers, and clear up after it;
    whether its lock-in worked.

    This process never runs student code. Each function gets a fresh process, so whatever one
    function's code does to its process cannot reach another's. That process writes to a pipe
    of its own, and every frame it sends is relayed wrapped: it cannot forge this process's
    messages, nor reach the grader once its function is done.
    """
    folder = policy.function_folder(layers)  # empty, and its own
    release_read, release_write = os.pipe()
    locked_read, locked_write = os.pipe()
    answer_read, answer_write = os.pipe()
    pid = policy.fork(layers)
    if pid == 0:
        results.close()
        for fd in (release_write, locked_read, answer_read):
            os.close(fd)
        os.read(release_read, 1)  # wait until the grader knows this process
        try:
            policy.lock_in(layers, folder, task["uid"], task["limits"])
        except BaseException as error:
            os.write(locked_write, f"{type(error).__name__}: {error}".encode()[:SANDBOX_MESSAGE_LIMIT] or b"?")
            os._exit(70)
        os.write(locked_write, b"ok")
        os.close(locked_write)  # closed before any student code runs: it cannot speak for the lock-in
        answers = os.fdopen(answer_write, "wb", buffering=0)
        namespace = {"__name__": "__main__"}
        answers.write(pack({"kind": Kind.DEFINED.value, "notes": define(task["statements"], namespace)}))
        for call_id, call_group, call in zip(task["ids"], task["groups"], task["calls"]):
            if call_group == group:
                answers.write(frame_for(call_id, run_call(namespace, call)))
        os._exit(0)
    for fd in (release_read, locked_write, answer_write):
        os.close(fd)
    results.write(pack({"kind": Kind.GROUP_START.value, "group": group, "pid": pid}))
    os.write(release_write, b"go")
    os.close(release_write)
    locked = os.read(locked_read, 1000)
    os.close(locked_read)
    if locked == b"ok":
        status = relay(answer_read, pid, group, results)
    else:
        results.write(pack({"kind": Kind.LOCK_IN_FAILED.value, "error": locked.decode(errors="replace") or "it died"}))
        status = os.waitpid(pid, 0)[1]
    os.close(answer_read)
    clear_up(task["uid"])
    try:
        os.rmdir(folder)  # what a function usually leaves: nothing
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    results.write(pack({"kind": Kind.GROUP_END.value, "group": group, "status": status}))
    return locked == b"ok"


def relay(answer_read, pid, group, results):
    """Forward each whole frame the function's process writes, wrapped, until it has ended and
    its pipe is drained (what it left running may hold the pipe open); its wait status."""
    reader, status = FrameReader(), None
    while True:
        if select.select([answer_read], [], [], 0.05 if status is None else 0)[0]:
            data = os.read(answer_read, 1 << 20)
            if not data:
                break
            reader.feed(data)
            try:
                for payload in reader.payloads():
                    results.write(pack({"kind": Kind.RELAY.value, "group": group},
                                       {"payload": np.frombuffer(payload, dtype=np.uint8)}))
            except WireError:  # an oversized frame: stop listening; the grader reports the function
                break
        elif status is not None:
            break
        if status is None:
            ended, wait_status = os.waitpid(pid, os.WNOHANG)
            status = wait_status if ended else None
    return status if status is not None else os.waitpid(pid, 0)[1]


def read_task(stream):
    frame = read_frame(stream)
    if frame is None:
        return None
    header, arrays = frame
    arguments = value_of(header, arrays)
    header["limits"] = Limits(**header["limits"])
    header["groups"] = [spec["group"] for spec in header["calls"]]
    header["ids"] = [spec["id"] for spec in header["calls"]]
    header["calls"] = [Call(spec["function"], tuple(args), kwargs, spec["seed"], spec["substitutes"])
                       for spec, (args, kwargs) in zip(header["calls"], arguments)]
    return header


class NoOp(types.ModuleType):
    def __getattr__(self, name):
        return NoOp(f"{self.__name__}.{name}")

    def __call__(self, *args, **kwargs):
        return NoOp(self.__name__)


def prepare_imports():
    for name in STAND_INS:
        sys.modules[name] = NoOp(name)
    for name in IMPORTED:
        importlib.import_module(name)
    student_kit.install()


def compiled(source):
    """The definitions compiled once per submission, not once per function's process (see untrusted_source)."""
    return untrusted_source.compiled(source)


def define(statements, namespace):
    """Run the definitions one statement at a time, so one failing import does not sink the rest.

    Nothing is captured: what defining prints or warns goes to /dev/null.
    """
    notes = []
    for line, code in statements:
        try:
            if isinstance(code, str):  # it did not compile
                problem = code
            else:
                exec(code, namespace)
                continue
        except (Exception, SystemExit) as error:
            problem = f"{type(error).__name__}: {error}"
        notes.append(_("line {line} of the definitions {problem}", line=line, problem=problem))
    return notes


def frame_for(call_id, outcome: Outcome):
    header = {"kind": Kind.OUTCOME.value, "id": call_id, "error": outcome.error, "printed": outcome.printed,
              "rng_next": outcome.rng_next, "helper_calls": outcome.helper_calls}
    try:
        return pack_value(header, outcome.value)
    except Exception as error:  # a value numpy cannot store
        return pack_value({**header, "error": f"returned a value the grader cannot read ({error})"}, None)


if __name__ == "__main__":
    main()
