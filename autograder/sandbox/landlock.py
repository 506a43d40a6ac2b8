"""Landlock: read only the runtime, write only the function's own folder. Works unprivileged
(Linux 5.13+), given PR_SET_NO_NEW_PRIVS; it also forbids tracing any process outside the sandbox."""
import ctypes
import fcntl
import functools
import os

from .linux import failed, libc

LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446  # on every architecture
LANDLOCK_CREATE_RULESET_VERSION, LANDLOCK_RULE_PATH_BENEATH = 1, 1
_READ_FILE, _READ_DIR, _EXECUTE = 1 << 2, 1 << 3, 1 << 0
_HANDLED_BITS = {1: 13, 2: 14, 3: 15, 4: 15}  # file system rights per ABI; 16 from ABI 5 on
_SCOPED_SIGNALS_AND_ABSTRACT_SOCKETS = 3  # from ABI 6 on
# The zygote keeps the rules' descriptors from here up, clear of the pipes it opens per function:
# a function's process numbers its descriptors as it would without them.
RULES_FIRST_FD = 256


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi():
    """The kernel's Landlock ABI version, 0 when there is none (before Linux 5.13, or disabled)."""
    return max(libc.syscall(LANDLOCK_CREATE_RULESET, None, 0, LANDLOCK_CREATE_RULESET_VERSION), 0)


@functools.lru_cache(maxsize=None)  # in the zygote, once: every function's process inherits them
def read_rules(readable):
    """The rules that let ``readable`` (a tuple of paths) be read and run, as ``(path, fd, access)``:
    each path opened (O_PATH) and looked at once, not once per function's process."""
    rules = []
    for path in readable:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue  # gone since it was listed: nothing to allow
        try:
            fd, low = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, RULES_FIRST_FD), fd
            os.close(low)
        except OSError:  # a descriptor limit below that: keep it where it is
            pass
        rules.append((path, fd, _READ_FILE | _EXECUTE | (_READ_DIR if os.path.isdir(path) else 0)))
    return tuple(rules)


def restrict(folder, rules, version):
    """Read (and run) only what ``rules`` (``read_rules``) name, and do anything in ``folder``; on
    ABI 6 and later, also signal no process outside the sandbox and reach no abstract unix socket.
    ``version`` is the kernel's ABI (``abi()``). The rules' descriptors are closed here, whatever
    happens, so no student code holds one: once per process."""
    handled = (1 << _HANDLED_BITS.get(version, 16)) - 1
    attr = _RulesetAttr(handled, 0, _SCOPED_SIGNALS_AND_ABSTRACT_SOCKETS if version >= 6 else 0)
    ruleset = libc.syscall(LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.sizeof(attr), 0)
    try:
        if ruleset < 0:
            raise failed("landlock_create_ruleset")
        for path, fd, access in rules:
            _add(ruleset, fd, access, path)
        _allow(ruleset, folder, handled)
        if libc.syscall(LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            raise failed("landlock_restrict_self")
    finally:
        for _, fd, _ in rules:
            os.close(fd)
        if ruleset >= 0:
            os.close(ruleset)


def _allow(ruleset, path, access):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # gone: nothing to allow
    try:
        _add(ruleset, fd, access, path)
    finally:
        os.close(fd)


def _add(ruleset, fd, access, path):
    rule = _PathBeneath(access, fd)
    if libc.syscall(LANDLOCK_ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH, ctypes.byref(rule), 0) != 0:
        raise failed(f"landlock_add_rule({path})")
