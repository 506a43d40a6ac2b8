"""Starting the sandbox's zygote process (see ``child.py``).

Standard library only, so that a grader can start the zygote before its own imports and the two
warm up side by side.
"""
import os
import signal
import subprocess
import sys

UID_BASE = 100_000  # sandboxes run as uid UID_BASE + the zygote's pid: a uid shared with nothing
SCRUBBED_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/", "MPLBACKEND": "Agg",
                        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def start():
    """A fresh zygote and the read end of its result pipe."""
    read_end, write_end = os.pipe()
    process = subprocess.Popen([sys.executable, "-I", "-m", "autograder.child", str(write_end)],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               pass_fds=(write_end,), env=SCRUBBED_ENVIRONMENT, start_new_session=True, cwd="/")
    os.close(write_end)
    return process, read_end


def kill_all_of(uid, pid):
    """Kill the sandboxed process ``pid`` and everything it started, wherever those went.

    As root, every process of the sandbox's uid: a process of that uid killing everything it may
    signal reaches every fork of the sandbox and nothing else, the uid being shared with nothing;
    the caller stays root. Without root there is no uid of its own, and only the process group
    of ``pid`` can be reached.
    """
    if pid is None:
        return
    if os.geteuid() != 0:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return
    reaper = os.fork()
    if reaper == 0:
        try:
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)  # every process this uid may signal, but not the reaper
        finally:
            os._exit(0)
    os.waitpid(reaper, 0)
