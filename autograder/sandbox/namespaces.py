"""Namespaces: a network of our own with nothing in it, and a PID namespace per function.

Both need CAP_SYS_ADMIN: root, or an unprivileged user namespace. Docker's default seccomp
profile refuses them all; then the other layers are what is left.
"""
import functools
import os
import signal

from .linux import PR_SET_PDEATHSIG, failed, libc, works_in_a_child

CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWPID = 0x40000000, 0x10000000, 0x20000000


def leave_the_network(root):
    """Move into a network namespace of our own with no interface up: nothing can be reached;
    whether that worked. Not as root, it goes through a user namespace that maps the grader's
    uid to itself, so files keep their owner."""
    if root:
        return libc.unshare(CLONE_NEWNET) == 0
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)
    return True


def can_unshare_pids():
    """Whether a PID namespace can be made here."""
    return works_in_a_child(_unshare_pids)


@functools.lru_cache(maxsize=None)  # probed once per zygote
def can_fork_into_pid_namespaces():
    """Whether this process can fork children straight into new PID namespaces
    (``fork_into_a_pid_namespace``): it must go back to its own after each, which needs
    CAP_SYS_ADMIN where that namespace was made (root; not in a user namespace)."""
    def there_and_back():
        with open("/proc/self/ns/pid") as own:
            _unshare_pids()
            if libc.setns(own.fileno(), CLONE_NEWPID) != 0:
                raise failed("setns(CLONE_NEWPID)")
    return works_in_a_child(there_and_back)


def fork_into_a_pid_namespace():
    """``os.fork()``, the child being process 1 of a new PID namespace: as ``enter_a_pid_namespace``
    gives, without its second fork and stand-in. unshare makes the namespace of this process's
    next child only; setns brings it back to its own for the one after. The child dies with
    this process."""
    with open("/proc/self/ns/pid") as own:  # closed in the child too: no way back to it from there
        _unshare_pids()
        pid = -1
        try:
            pid = os.fork()
        finally:
            if pid != 0 and libc.setns(own.fileno(), CLONE_NEWPID) != 0:  # never fork the next function in here
                raise failed("setns(CLONE_NEWPID)")
    if pid == 0:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    return pid


def first_of_its_namespace():
    """Whether this process is process 1 of its PID namespace: a function's process forked by
    ``fork_into_a_pid_namespace``. The zygote and everything else it forks have other numbers."""
    return os.getpid() == 1


def enter_a_pid_namespace():
    """Continue as process 1 of a new PID namespace: no process outside it can be seen or
    signalled from inside, and when it ends the kernel kills everything it left behind.

    The calling process stays outside as its stand-in: it waits for process 1 and ends as it
    ended, so the zygote reads the same wait status; killed, it takes the namespace with it.
    """
    _unshare_pids()
    first = os.fork()
    if first == 0:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        return
    code = 70
    try:  # never back into the caller: this process only stands in
        status = os.waitpid(first, 0)[1]
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            if number not in (signal.SIGKILL, signal.SIGSTOP):
                signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
        code = os.WEXITSTATUS(status)
    finally:
        os._exit(code)


def _unshare_pids():
    if libc.unshare(CLONE_NEWPID) != 0:
        raise failed("unshare(CLONE_NEWPID)")
