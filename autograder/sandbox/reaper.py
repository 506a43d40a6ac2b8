"""Killing what a function's process left running, wherever it went.

The zygote is a child subreaper: every descendant of a function's process, however orphaned,
becomes its child. So after a function it kills its children until none is left
(``clear_up``), as any uid. The grader, which is no ancestor of those processes, stops a
function that overruns its clock with ``kill_all_of``.
"""
import os
import signal


def kill_all_of(uid, pid):
    """Kill the sandboxed process ``pid`` and, where the sandbox has a uid of its own, every
    process of that uid.

    As root, a process of that uid killing everything it may signal reaches every fork of the
    sandbox and nothing else, the uid being shared with nothing; the caller stays root. Without
    a uid of its own, the process group of ``pid``: the zygote's ``clear_up`` gets the rest.
    """
    if pid is None:
        return
    if os.geteuid() != 0:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
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


def clear_up(uid, rounds=100):
    """In the zygote: kill and reap every child left, round after round until none is left
    (the usual case: none). A child forked during a round is the next round's."""
    for _ in range(rounds):
        _reap_ended()
        children = _children()
        if not children:
            return
        if os.geteuid() == 0:  # first one signal to the whole uid: a fork bomb's children cannot outrun it
            kill_all_of(uid, children[0])
        for child in children:
            try:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
            except (ChildProcessError, ProcessLookupError):
                pass  # reaped already


def _reap_ended():
    try:
        while os.waitpid(-1, os.WNOHANG) != (0, 0):
            pass
    except ChildProcessError:
        pass


def _children():
    children = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as file:
                children += map(int, file.read().split())
        except OSError:
            pass
    return children
