"""What every layer's module shares: the C library, the error a lock-in raises, and a probe."""
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38


class LockInError(OSError):
    """A layer the zygote chose could not be applied: the grader's failure, never the student's."""


def failed(what):
    """A LockInError for the C call ``what``, with the reason errno gives."""
    return LockInError(f"{what} failed: {os.strerror(ctypes.get_errno())}")


def works_in_a_child(attempt):
    """Whether ``attempt()`` succeeds here, tried in a throwaway child so that nothing of it stays."""
    child = os.fork()
    if child == 0:
        try:
            attempt()
            os._exit(0)
        except BaseException:
            os._exit(1)
    return os.waitpid(child, 0)[1] == 0
