"""Starting the sandbox's zygote process (see ``child.py``).

Standard library only, so that a grader can start the zygote before its own imports and the two
warm up side by side.
"""
import os
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
