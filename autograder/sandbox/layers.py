"""The lock-in layers: for each concern, the strongest the machine allows.

The zygote calls ``choose()`` once, at its start, and the function's process calls ``lock_in()``
before any student code runs. Every concern has its own functions below, each saying what it
stops and what it needs. What was chosen travels to the grader as ``Layers`` and into every
result, so a result never claims more isolation than was applied.

| concern     | strongest first                                                        |
|-------------|------------------------------------------------------------------------|
| network     | a network namespace (root, or in a user namespace) -> seccomp: no sockets |
| file system | chroot into the runtime tree (root) -> Landlock -> none                   |
| identity    | a uid of its own (root) -> a user namespace -> the grader's uid           |
| processes   | a PID namespace per function (root, or in a user namespace) -> none;       |
|             | always the process limit and the zygote's reaper                         |
| resources   | rlimits here, wall clocks in the supervisor, always                     |

Standard library only: the zygote imports this before numpy, and ``autograder doctor`` runs it
without grading anything.
"""
import ctypes
import functools
import hashlib
import json
import os
import platform
import resource
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import asdict, dataclass

libc = ctypes.CDLL(None, use_errno=True)

CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWPID = 0x40000000, 0x10000000, 0x20000000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_CAPBSET_DROP = 1, 4, 38, 22, 24
SECCOMP_MODE_FILTER = 2


class LockInError(OSError):
    """A layer the zygote chose could not be applied: the grader's failure, never the student's."""


def _failed(what):
    return LockInError(f"{what} failed: {os.strerror(ctypes.get_errno())}")


@dataclass(frozen=True)
class Layers:
    """What each concern got on this machine, in words for the result's ``sandbox`` field."""
    network: str
    filesystem: str
    identity: str
    processes: str
    resources: str = "rlimits, wall clocks"

    def missing(self):
        """What keeps student code away from the course's files and the grader: empty when all is held."""
        gaps = []
        if self.filesystem == "none":
            gaps.append("nothing hides the file system (no root for chroot, no Landlock in this kernel)")
        if self.network == "none":
            gaps.append("nothing keeps the network away (no network namespace, no seccomp)")
        return gaps

    def as_dict(self):
        return asdict(self)


def choose(sandbox_uid):
    """Leave the network and pick the other layers, in the zygote, before it serves any task.

    Returns ``Layers``. What is done here (a network namespace, non-dumpability) is inherited by
    every function's process; the rest is applied per process by ``lock_in``.
    """
    root = os.geteuid() == 0
    network = "namespace" if leave_the_network(root) else "none"  # first: it writes /proc/self/uid_map
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # neither traced nor read by the processes it forks
    identity = "own uid" if root and _can_switch_to(sandbox_uid) else (
        "user namespace, non-dumpable grader" if network == "namespace" and not root else "grader's uid, non-dumpable grader")
    if seccomp_available():
        network = "namespace, seccomp (no sockets)" if network == "namespace" else "seccomp (no sockets)"
    if identity == "own uid" and _can_chroot():
        filesystem = "chroot (standard library and numpy, read-only)"
    elif landlock_abi() >= 1:
        filesystem = f"Landlock ABI {landlock_abi()} (standard library and numpy, read-only)"
    else:
        filesystem = "none"
    processes = "pid namespace, process limit, reaper" if _can_unshare_pids() else "process limit, reaper"
    return Layers(network=network, filesystem=filesystem, identity=identity, processes=processes)


def prepare(layers):
    """Build what the chosen file system layer needs, once per zygote (cached across zygotes)."""
    if layers.filesystem.startswith("chroot"):
        runtime_tree()
    elif layers.filesystem.startswith("Landlock"):
        runtime_paths()
    return layers


def lock_in(layers, folder, uid, limits):
    """Lock the calling function's process in; it runs student code next. Raises LockInError."""
    if layers.processes.startswith("pid namespace"):
        enter_a_pid_namespace()
    os.setsid()  # a session of its own, so that it can be killed with everything it starts
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:  # no setuid binary gives anything back
        raise _failed("PR_SET_NO_NEW_PRIVS")
    if layers.filesystem.startswith("chroot"):
        enter_the_runtime_tree(folder, uid)
    elif layers.filesystem.startswith("Landlock"):
        restrict_with_landlock(folder)
    os.chdir(folder if not layers.filesystem.startswith("chroot") else _inside_tree(folder))
    if layers.identity == "own uid":
        become(uid)
    else:  # the zygote's user namespace gave it every capability there; keep none
        drop_capabilities()
    if "seccomp" in layers.network:
        refuse_sockets()
    limit_resources(limits)


# --- network -------------------------------------------------------------------------------

def leave_the_network(root):
    """Move into a network namespace of our own with no interface up: nothing can be reached.

    Needs root with CAP_SYS_ADMIN, or an unprivileged user namespace (which also maps the
    grader's uid to itself, so files keep their owner). Docker's default seccomp profile
    refuses both; then the seccomp layer below is what is left.
    """
    if root:
        return libc.unshare(CLONE_NEWNET) == 0
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)
    return True


# Per architecture: the audit arch and the system call numbers the filters name.
_SYSCALLS = {
    "x86_64": (0xC000003E, {"socket": 41, "io_uring_setup": 425, "unshare": 272, "setns": 308, "mount": 165,
                            "umount2": 166, "pivot_root": 155, "clone": 56, "clone3": 435, "landlock_create_ruleset": 444, "landlock_restrict_self": 446}),
    "aarch64": (0xC00000B7, {"socket": 198, "io_uring_setup": 425, "unshare": 97, "setns": 268, "mount": 40,
                             "umount2": 39, "pivot_root": 41, "clone": 220, "clone3": 435, "landlock_create_ruleset": 444, "landlock_restrict_self": 446}),
}
EPERM, ENOSYS = 1, 38
CLONE_NAMESPACE_FLAGS = 0x7E020000  # CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET


def seccomp_available():
    return platform.machine() in _SYSCALLS and libc.prctl(21, 0, 0, 0, 0) >= 0  # PR_GET_SECCOMP


def refuse_sockets():
    """No socket of any family, and no io_uring (whose operations would pass by the filter).

    Needs seccomp (any Linux since 3.5, allowed by Docker's default profile) and
    PR_SET_NO_NEW_PRIVS, set by ``lock_in`` first. Pipes and socketpair() stay usable.
    """
    install_seccomp_filter({"socket": EPERM, "io_uring_setup": EPERM})


def seccomp_program(refused, clone_flags=0):
    """A classic BPF program: the named system calls fail with their errno, ``clone`` fails when
    it asks for any of ``clone_flags``, and system calls of another ABI (x32, i386) fail."""
    arch, numbers = _SYSCALLS[platform.machine()]
    load, jump_eq, jump_set, jump_ge, ret = 0x20, 0x15, 0x45, 0x35, 0x06
    allow = 0x7FFF0000

    def errno(value):
        return 0x00050000 | value

    program = [(load, 0, 0, 4), (jump_eq, 1, 0, arch), (ret, 0, 0, errno(ENOSYS)), (load, 0, 0, 0)]
    if platform.machine() == "x86_64":
        program += [(jump_ge, 0, 1, 0x40000000), (ret, 0, 0, errno(ENOSYS))]
    for name, value in refused.items():
        program += [(jump_eq, 0, 1, numbers[name]), (ret, 0, 0, errno(value))]
    if clone_flags:
        program += [(jump_eq, 0, 3, numbers["clone"]), (load, 0, 0, 16), (jump_set, 0, 1, clone_flags),
                    (ret, 0, 0, errno(EPERM))]
    program.append((ret, 0, 0, allow))
    return b"".join(struct.pack("HBBI", *instruction) for instruction in program)


def install_seccomp_filter(refused, clone_flags=0):
    """Load ``seccomp_program(refused, clone_flags)`` into this process and all it starts."""
    code = seccomp_program(refused, clone_flags)
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = struct.pack("HxxxxxxP", len(code) // 8, ctypes.addressof(buffer))
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.c_char_p(prog), 0, 0) != 0:
        raise _failed("loading the seccomp filter")


# --- file system ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)  # read in the zygote once: every function's process inherits it
def runtime_paths():
    """What student code may read: the standard library (not its site-packages), numpy and the
    shared libraries those load, by absolute path. Cached per interpreter, it takes a second."""
    import numpy  # the zygote has imported it already
    numpy_dir = os.path.dirname(numpy.__file__)
    key = f"{sys.version}|{os.path.realpath(sys.executable)}|{numpy_dir}|{numpy.__version__}"
    cache = os.path.join(tempfile.gettempdir(),
                         f"autograder-runtime-{os.geteuid()}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json")
    cached = _read_owned(cache)
    if cached is not None:
        return cached
    stdlib = sysconfig.get_paths()["stdlib"]
    paths = [os.path.join(stdlib, entry) for entry in sorted(os.listdir(stdlib))
             if entry not in ("site-packages", "dist-packages", "test", "idlelib", "turtledemo", "ensurepip")]
    paths += [path for path in (numpy_dir, numpy_dir + ".libs", os.path.join(os.path.dirname(numpy_dir), "numpy.libs"))
              if os.path.isdir(path)]
    paths += sorted(_shared_libraries(paths))
    paths += [path for path in ("/etc/ld.so.cache", "/dev/null") if os.path.exists(path)]
    _write_owned(cache, sorted(set(paths)))
    return sorted(set(paths))


def _shared_libraries(folders):
    """The shared libraries that the extension modules under ``folders`` link to (ldd's answer),
    with the real files behind their links."""
    modules = [os.path.join(top, name) for folder in folders if os.path.isdir(folder)
               for top, _, names in os.walk(folder) for name in names if ".so" in name]
    found = set()
    if not shutil.which("ldd"):
        return found
    for start in range(0, len(modules), 64):
        result = subprocess.run(["ldd", *modules[start:start + 64]], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            path = line.split("=>")[-1].split("(")[0].strip()
            if path.startswith("/") and os.path.exists(path):
                found.update({path, os.path.realpath(path)})
    return found


def _read_owned(path):
    try:
        status = os.lstat(path)
        if status.st_uid != os.geteuid() or status.st_mode & 0o022:
            return None
        with open(path) as file:
            return json.load(file)
    except (OSError, ValueError):
        return None


def _write_owned(path, value):
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(handle, "w") as file:
        json.dump(value, file)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _works_in_a_child(attempt):
    """Whether ``attempt()`` succeeds here, tried in a throwaway child so that nothing of it stays."""
    child = os.fork()
    if child == 0:
        try:
            attempt()
            os._exit(0)
        except BaseException:
            os._exit(1)
    return os.waitpid(child, 0)[1] == 0


def _can_chroot():
    """Whether chroot works here (Docker's default capabilities allow it)."""
    return _works_in_a_child(lambda: os.chroot("/"))


FUNCTIONS = "/.autograder-functions"  # in the runtime tree, the parent of the functions' folders
TREE_LAYOUT = "2"  # a new number when the way trees are built changes: old trees are then left alone


def runtime_tree():
    """A root-owned folder that holds the runtime at its real paths, read-only to the sandbox,
    plus ``FUNCTIONS`` for the functions' own folders; built once (hard links, copies across file
    systems) and kept. Needs root."""
    paths = runtime_paths()
    digest = hashlib.sha256("\n".join([TREE_LAYOUT, *paths]).encode()).hexdigest()[:16]
    tree = os.path.join(tempfile.gettempdir(), f"autograder-tree-{digest}")
    if _owned_by_root(tree) and os.path.isdir(tree + FUNCTIONS):
        return tree
    building = tempfile.mkdtemp(prefix="autograder-tree-building-")
    os.chmod(building, 0o755)
    for path in paths:
        _mirror(path, building)
    os.mkdir(building + FUNCTIONS, 0o711)  # functions' folders: enterable, not listable
    try:
        os.rename(building, tree)
    except OSError:  # another zygote finished first: use its tree
        shutil.rmtree(building, ignore_errors=True)
        if not _owned_by_root(tree):
            raise LockInError(f"{tree} exists and is not root's own: remove it")
    return tree


def _owned_by_root(path):
    try:
        status = os.lstat(path)
    except OSError:
        return False
    return status.st_uid == 0 and not status.st_mode & 0o022


def _mirror(path, tree):
    """Put ``path`` into ``tree`` at the same place: its real file or folder, and every link on
    the way to it (``/lib`` -> ``usr/lib``, ``libz.so.1`` -> ``libz.so.1.2.13``) as the same link.
    Nothing is written through a link, so no link can lead the copy out of the tree."""
    real = os.path.realpath(path)
    target = tree + real  # a real path has no links: this stays inside the tree
    os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
    if os.path.isdir(real):
        shutil.copytree(real, target, symlinks=True, copy_function=_link_or_copy, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("site-packages"))
    elif real == "/dev/null":
        if not os.path.exists(target):
            os.mknod(target, 0o666 | 0o020000, os.makedev(1, 3))
    elif os.path.isfile(real) and not os.path.exists(target):
        _link_or_copy(real, target)
    prefix = "/"
    for part in path.strip("/").split("/"):
        prefix = os.path.join(prefix, part)
        if os.path.islink(prefix):
            location = tree + os.path.join(os.path.realpath(os.path.dirname(prefix)), part)
            os.makedirs(os.path.dirname(location), mode=0o755, exist_ok=True)
            if not os.path.lexists(location):
                os.symlink(os.readlink(prefix), location)


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _inside_tree(folder):
    return os.path.join(FUNCTIONS, os.path.basename(folder))


def function_folder(layers):
    """A new empty folder for one function's process: inside the runtime tree when it chroots."""
    if layers.filesystem.startswith("chroot"):
        return tempfile.mkdtemp(dir=runtime_tree() + FUNCTIONS)
    return tempfile.mkdtemp(prefix="autograder-function-")


def enter_the_runtime_tree(folder, uid):
    """chroot into the runtime tree: the course, the kit's grader and references, the gradebook
    and /proc are simply not there. Needs root (CAP_SYS_CHROOT, which Docker keeps)."""
    os.chown(folder, uid, uid)
    os.chmod(folder, 0o700)
    os.chroot(os.path.dirname(os.path.dirname(folder)))


LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446
_READ_FILE, _READ_DIR, _EXECUTE = 1 << 2, 1 << 3, 1 << 0


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi():
    """The kernel's Landlock ABI version, 0 when there is none (before Linux 5.13, or disabled)."""
    version = libc.syscall(LANDLOCK_CREATE_RULESET, None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    return max(version, 0)


def restrict_with_landlock(folder):
    """Read only the runtime, write only ``folder``; on ABI 6 and later, also signal no process
    outside the sandbox and reach no abstract unix socket. Works unprivileged (Linux 5.13+),
    given PR_SET_NO_NEW_PRIVS. Landlock also forbids tracing any process outside the sandbox."""
    abi = landlock_abi()
    handled = (1 << {1: 13, 2: 14, 3: 15, 4: 15}.get(abi, 16)) - 1
    attr = _RulesetAttr(handled, 0, 3 if abi >= 6 else 0)
    ruleset = libc.syscall(LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.sizeof(attr), 0)
    if ruleset < 0:
        raise _failed("landlock_create_ruleset")
    try:
        for path in runtime_paths():
            _allow(ruleset, path, _READ_FILE | _EXECUTE | (_READ_DIR if os.path.isdir(path) else 0))
        _allow(ruleset, folder, handled)
        if libc.syscall(LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            raise _failed("landlock_restrict_self")
    finally:
        os.close(ruleset)


def _allow(ruleset, path, access):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # gone since it was listed: nothing to allow
    try:
        rule = _PathBeneath(access, fd)
        if libc.syscall(LANDLOCK_ADD_RULE, ruleset, 1, ctypes.byref(rule), 0) != 0:  # LANDLOCK_RULE_PATH_BENEATH
            raise _failed(f"landlock_add_rule({path})")
    finally:
        os.close(fd)


# --- identity ------------------------------------------------------------------------------

def _can_switch_to(uid):
    """Whether setuid to ``uid`` works here (root with CAP_SETUID, as Docker keeps it)."""
    return _works_in_a_child(lambda: become(uid))


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
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    if libc.capset(ctypes.c_char_p(header), ctypes.c_char_p(bytes(24))) != 0:
        raise _failed("capset")


# --- processes and resources ---------------------------------------------------------------

def _can_unshare_pids():
    """Whether a PID namespace can be made here."""
    def attempt():
        if libc.unshare(CLONE_NEWPID) != 0:
            raise _failed("unshare(CLONE_NEWPID)")
    return _works_in_a_child(attempt)


def enter_a_pid_namespace():
    """Continue as process 1 of a new PID namespace: no process outside it can be seen or
    signalled from inside, and when it ends the kernel kills everything it left behind.

    The calling process stays outside as its stand-in: it waits for process 1 and ends as it
    ended, so the zygote reads the same wait status; killed, it takes the namespace with it.
    Needs CAP_SYS_ADMIN: root, or the zygote's user namespace. Docker's seccomp profile refuses it.
    """
    if libc.unshare(CLONE_NEWPID) != 0:
        raise _failed("unshare(CLONE_NEWPID)")
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


def limit_resources(limits):
    """Address space, CPU time, file size, process count and no core dumps.

    RLIMIT_NPROC counts every process of the real uid: under the grader's own uid, forks fail
    as soon as that user runs more than the limit, which bounds a fork bomb all the same."""
    values = {resource.RLIMIT_AS: limits["memory_bytes"], resource.RLIMIT_CPU: limits["cpu_seconds"],
              resource.RLIMIT_FSIZE: limits["file_bytes"], resource.RLIMIT_CORE: 0,
              resource.RLIMIT_NPROC: limits["processes"]}
    for which, value in values.items():
        resource.setrlimit(which, (value, value))
