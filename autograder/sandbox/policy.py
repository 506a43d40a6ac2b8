"""The lock-in: for each concern, the strongest layer the machine allows.

The zygote calls ``choose()`` once, at its start, and each function's process calls
``lock_in()`` before any student code runs. What was chosen travels to the grader as ``Layers``
and into every result, so a result never claims more isolation than was applied.

| concern     | strongest first                                                              |
|-------------|------------------------------------------------------------------------------|
| network     | a network namespace (root, or in a user namespace) and seccomp: no sockets;  |
|             | either alone -> none                                                         |
| file system | chroot into the runtime tree (root) -> Landlock -> none                      |
| identity    | a uid of its own (root) -> a user namespace -> the grader's uid              |
| processes   | a PID namespace per function (root, or in a user namespace) -> none;         |
|             | always the process limit and the zygote's reaper                             |
| resources   | rlimits here, wall clocks in the supervisor, always                          |

Each layer's module says what it stops and what it needs: ``namespaces``, ``seccomp``,
``runtime`` (the chroot's tree), ``landlock``, ``identity``, ``limits``.
"""
import os
import tempfile

from . import identity, landlock, namespaces, runtime, seccomp
from .layers import Filesystem, Identity, Layers, Network, Processes
from .limits import limit_resources
from .linux import PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, failed, libc


def choose(sandbox_uid):
    """Leave the network and pick the other layers, in the zygote, before it serves any task.

    What is done here (a network namespace, non-dumpability) is inherited by every function's
    process; the rest is applied per process by ``lock_in``.
    """
    root = os.geteuid() == 0
    in_a_namespace = namespaces.leave_the_network(root)  # first: it writes /proc/self/uid_map
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # neither traced nor read by the processes it forks
    if root and identity.can_become(sandbox_uid):
        who = Identity.OWN_UID
    else:
        who = Identity.USER_NAMESPACE if in_a_namespace and not root else Identity.GRADER_UID
    abi = landlock.abi()
    if who is Identity.OWN_UID and runtime.can_chroot():
        files = Filesystem.CHROOT
    else:
        files = Filesystem.LANDLOCK if abi >= 1 else Filesystem.NONE
    processes = Processes.PID_NAMESPACE if namespaces.can_unshare_pids() else Processes.LIMIT_AND_REAPER
    return Layers(Network.of(in_a_namespace, seccomp.available()), files, who, processes,
                  landlock_abi=abi if files is Filesystem.LANDLOCK else 0)


def prepare(layers):
    """Build what the chosen file system layer needs, once per zygote (cached across zygotes),
    and find how functions' processes are forked."""
    if layers.processes is Processes.PID_NAMESPACE:
        namespaces.can_fork_into_pid_namespaces()
    if layers.filesystem is Filesystem.CHROOT:
        runtime.runtime_tree()
    elif layers.filesystem is Filesystem.LANDLOCK:
        landlock.read_rules(tuple(runtime.runtime_paths()))
    return layers


def fork(layers):
    """``os.fork()`` for one function's process; with a PID namespace, straight into a new one
    where this process can (a fork and a stand-in fewer per function than ``lock_in`` would need)."""
    if layers.processes is Processes.PID_NAMESPACE and namespaces.can_fork_into_pid_namespaces():
        return namespaces.fork_into_a_pid_namespace()
    return os.fork()


def function_folder(layers):
    """A new empty folder for one function's process: inside the runtime tree when it chroots."""
    if layers.filesystem is Filesystem.CHROOT:
        return runtime.folder_in_tree()
    return tempfile.mkdtemp(prefix="autograder-function-")


def lock_in(layers, folder, uid, limits):
    """Lock the calling function's process in (``limits``: a ``Limits``); it runs student code
    next. Raises LockInError."""
    if layers.processes is Processes.PID_NAMESPACE and not namespaces.first_of_its_namespace():
        namespaces.enter_a_pid_namespace()
    os.setsid()  # a session of its own, so that it can be killed with everything it starts
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:  # no setuid binary gives anything back
        raise failed("PR_SET_NO_NEW_PRIVS")
    if layers.filesystem is Filesystem.CHROOT:
        runtime.enter_the_runtime_tree(folder, uid)
    else:
        if layers.filesystem is Filesystem.LANDLOCK:
            landlock.restrict(folder, landlock.read_rules(tuple(runtime.runtime_paths())), layers.landlock_abi)
        os.chdir(folder)
    if layers.identity is Identity.OWN_UID:
        identity.become(uid)
    else:  # the zygote's user namespace gave it every capability there; keep none
        identity.drop_capabilities()
    if layers.network.refuses_sockets:
        seccomp.refuse_sockets()
    limit_resources(limits)
