"""Who a function's process is: a uid shared with nothing (root only), or the grader's without any capability."""
import ctypes
import os
import struct

from .linux import failed, libc, works_in_a_child

PR_CAPBSET_DROP = 24
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


def can_become(uid):
    """Whether setuid to ``uid`` works here (root with CAP_SETUID, as Docker keeps it)."""
    return works_in_a_child(lambda: become(uid))


def become(uid):
    """A uid and gid shared with nothing else: no file, process or signal of anyone else's is
    within reach. Needs root (CAP_SETUID, CAP_SETGID)."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def drop_capabilities():
    """Give up every capability (in a user namespace the zygote holds all of that namespace's),
    for good: no_new_privs, a non-zero uid. Without any, there is nothing to give up."""
    for capability in range(64):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)
    header = struct.pack("Ii", _LINUX_CAPABILITY_VERSION_3, 0)  # this process
    if libc.capset(ctypes.c_char_p(header), ctypes.c_char_p(bytes(24))) != 0:
        raise failed("capset")
