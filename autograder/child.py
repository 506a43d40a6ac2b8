"""The sandbox's zygote: runs a submission's definitions and the grader's calls, nothing else.

Started by ``zygote.start()`` as ``python -I -m autograder.child``. It imports every module the
code may need and leaves the network (as root: a fresh network namespace with no interface up,
inherited by every fork), then serves submission after submission without running student code
itself. Per submission it compiles the definitions once; per graded function it forks a process
that locks itself in: a session of its own, ``chroot`` into an empty folder and an unprivileged
uid (as root); always resource limits and stdin/stdout/stderr on /dev/null. From then on that
process can reach only its answer pipe, where it writes one frame per call.
"""
import ctypes
import gc
import importlib
import os
import pkgutil
import resource
import sys
import types

import numpy as np

from . import kit, untrusted_source
from .calls import Call, Outcome, run_call
from .zygote import kill_all_of
from .wire import FrameReader, WireError, pack, pack_value, read_frame, value_of

CLONE_NEWNET = 0x40000000
PR_SET_CHILD_SUBREAPER = 36
libc = ctypes.CDLL(None, use_errno=True)
IMPORTED = ["numpy", "numpy.linalg", "numpy.random", "numpy.testing", "math", "copy", "random"]
# Nothing is plotted or loaded from disk while grading, and importing matplotlib costs a second:
# these modules are stand-ins whose every attribute is a no-op.
STAND_INS = ["matplotlib", "matplotlib.pyplot", "matplotlib.cm", "matplotlib.colors", "h5py"]


def main():
    """Serve submissions until stdin ends: one task frame in, a stream of frames out."""
    prepare_imports()  # while the grader plans its first calls
    offline = leave_the_network()
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # what a function's process leaves behind stays ours
    gc.freeze()  # the imports are never collected in the forks, so their pages stay shared
    results = os.fdopen(int(sys.argv[1]), "wb", buffering=0)
    while (task := read_task(sys.stdin.buffer)) is not None:
        try:
            for target in {target for call in task["calls"] for target in call.substitutes.values()}:
                importlib.import_module(target.split(":")[0])
        except Exception as error:  # our own failure, before any student code ran
            results.write(pack({"kind": "fatal", "error": f"sandbox setup failed: {type(error).__name__}: {error}"}))
            continue
        task["offline"] = offline
        task["statements"] = compiled(task["definitions"])  # once, not once per function's process
        for group in sorted(set(task["groups"])):
            run_group(task, group, results)
        results.write(pack({"kind": "task_end"}))
    os._exit(0)


def run_group(task, group, results):
    """Fork a locked-in process for one function's calls, relay its answers, and clear up after it.

    This process stays privileged and never runs student code. Each function gets a fresh
    process, so whatever one function's code does to its process cannot reach another's. That
    process writes to a pipe of its own, and every frame it sends is relayed wrapped: it cannot
    forge this process's messages, nor reach the grader once its function is done.
    """
    folder = os.path.join(task["workdir"], f"function-{group}")  # an empty folder per function
    os.mkdir(folder)
    release_read, release_write = os.pipe()
    answer_read, answer_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        results.close()
        os.close(release_write)
        os.close(answer_read)
        os.read(release_read, 1)  # wait until the grader knows this process
        answers = os.fdopen(answer_write, "wb", buffering=0)
        try:
            lock_in(task, folder)
        except Exception as error:
            answers.write(pack({"kind": "fatal", "error": f"sandbox lock-in failed: {type(error).__name__}: {error}"}))
            os._exit(70)
        namespace = {"__name__": "__main__"}
        answers.write(pack({"kind": "defined", "notes": define(task["statements"], namespace)}))
        for index, call in enumerate(task["calls"]):
            if task["groups"][index] == group:
                answers.write(frame_for(index, run_call(namespace, call)))
        os._exit(0)
    os.close(release_read)
    os.close(answer_write)
    results.write(pack({"kind": "group_start", "group": group, "pid": pid}))
    os.write(release_write, b"go")
    os.close(release_write)
    relay(answer_read, group, results)
    os.close(answer_read)
    _, status = os.waitpid(pid, 0)
    clear_up(pid, task["uid"])
    results.write(pack({"kind": "group_end", "group": group, "status": status}))


def relay(answer_read, group, results):
    """Forward each whole frame the function's process writes, wrapped, until it closes its pipe."""
    reader = FrameReader()
    while data := os.read(answer_read, 1 << 20):
        reader.feed(data)
        try:
            for payload in reader.payloads():
                results.write(pack({"kind": "relay", "group": group},
                                   {"payload": np.frombuffer(payload, dtype=np.uint8)}))
        except WireError:  # an oversized frame: stop listening; the grader reports the function
            return


def clear_up(pid, uid):
    """Kill and reap whatever the function's process ``pid`` left running.

    This process is a child subreaper, so every descendant of a function's process, however
    orphaned, is its child: with no child left, nothing is left, and no reaper is needed.
    """
    if not reap(os.WNOHANG):
        return  # the usual case: nothing was left behind
    kill_all_of(uid, pid)
    # As root everything was killed: wait for it all. Without root, strays outside the process
    # group may live on: never wait on them.
    reap(0 if os.geteuid() == 0 else os.WNOHANG)


def reap(options):
    """Reap ended children (with ``options=0``, wait until all have ended); whether any is left."""
    try:
        while os.waitpid(-1, options) != (0, 0):
            pass
        return True
    except ChildProcessError:
        return False


def read_task(stream):
    frame = read_frame(stream)
    if frame is None:
        return None
    header, arrays = frame
    arguments = value_of(header, arrays)
    header["groups"] = [spec["group"] for spec in header["calls"]]
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
    # The student's `kit` is the kit the release folders carry (tests keep the copies identical).
    sys.modules["kit"] = kit
    for info in pkgutil.walk_packages(kit.__path__, "autograder.kit."):
        module = importlib.import_module(info.name)
        sys.modules["kit." + info.name[len("autograder.kit."):]] = module


def leave_the_network():
    """As root, move into a network namespace of our own, with nothing in it; the error, if that fails."""
    if os.geteuid() == 0 and libc.unshare(CLONE_NEWNET) != 0:
        return f"unshare(CLONE_NEWNET) failed: {os.strerror(ctypes.get_errno())}"
    return None


def lock_in(task, folder):
    os.setsid()  # a session of its own, so that the grader can kill it with everything it starts
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if os.geteuid() == 0:
        if task["offline"] is not None:
            raise OSError(task["offline"])
        uid = task["uid"]
        os.chown(folder, uid, uid)
        os.chroot(folder)
        os.chdir("/")
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        resource.setrlimit(resource.RLIMIT_NPROC, (task["processes"], task["processes"]))
    else:
        os.chdir(folder)
    limits = {resource.RLIMIT_AS: task["memory_bytes"], resource.RLIMIT_CPU: task["cpu_seconds"],
              resource.RLIMIT_FSIZE: task["file_bytes"], resource.RLIMIT_CORE: 0}
    for which, value in limits.items():
        resource.setrlimit(which, (value, value))


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
        notes.append(f"line {line} of the definitions {problem}")
    return notes


def frame_for(index, outcome: Outcome):
    header = {"kind": "outcome", "index": index, "error": outcome.error, "printed": outcome.printed,
              "rng_next": outcome.rng_next}
    try:
        return pack_value(header, outcome.value)
    except Exception as error:  # a value numpy cannot store
        return pack_value({**header, "error": f"returned a value the grader cannot read ({error})"}, None)


if __name__ == "__main__":
    main()
