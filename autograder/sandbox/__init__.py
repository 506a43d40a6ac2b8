"""The sandbox: student code runs in locked-in processes, and only plain data comes back.

- ``zygote.py``: the process that forks one locked-in process per graded function;
- ``policy.py``: the lock-in, the strongest layer per concern, from the layers' own modules
  (``namespaces``, ``seccomp``, ``runtime``, ``landlock``, ``identity``, ``limits``; ``linux``
  holds what they share);
- ``layers.py``: what each concern got, as types, and the isolation level (``Isolation``);
- ``reaper.py``: killing what a function's process left running;
- ``supervisor.py``: the grader's side (``Sandbox``): clocks, messages, verdicts on deaths;
- ``limits.py``: what a submission may spend (``Limits``);
- ``wire.py``: the messages between them;
- ``doctor.py``: ``autograder doctor``.

This file is the standard library only: a grader calls ``start()`` before its own heavy imports,
so that the zygote's warm-up overlaps them. ``Sandbox``, ``Limits`` and ``Isolation`` are imported on first use.
"""
import os
import sys

UID_BASE = 100_000  # sandboxes run as uid UID_BASE + the zygote's pid: a uid shared with nothing
SCRUBBED_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/", "MPLBACKEND": "Agg",
                        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def start(program=("-m", f"{__name__}.zygote")):
    """A fresh zygote and the read end of its result pipe. ``program``: what the interpreter runs,
    given the pipe's descriptor last (a benchmark runs a timed zygote this way)."""
    import subprocess  # here: the zygote imports this package too, and never starts a process (10 ms)
    read_end, write_end = os.pipe()
    # Where the interpreter finds its own shared library, when the environment says so, is all
    # the grader's environment passes on.
    loader = {"LD_LIBRARY_PATH": os.environ["LD_LIBRARY_PATH"]} if "LD_LIBRARY_PATH" in os.environ else {}
    process = subprocess.Popen([sys.executable, "-I", *program, str(write_end)],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               pass_fds=(write_end,), env={**SCRUBBED_ENVIRONMENT, **loader},
                               start_new_session=True, cwd="/")
    os.close(write_end)
    return process, read_end


def stop(started):
    """End a zygote that ``start()`` gave, whether or not a Sandbox took it."""
    process, read_end = started
    process.kill()
    process.wait()
    process.stdin.close()
    os.close(read_end)


def __getattr__(name):
    if name == "Sandbox":
        from .supervisor import Sandbox
        return Sandbox
    if name == "Limits":
        from .limits import Limits
        return Limits
    if name == "Isolation":
        from .layers import Isolation
        return Isolation
    raise AttributeError(name)
