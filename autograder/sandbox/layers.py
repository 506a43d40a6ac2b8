"""What each concern got on this machine, as types; their words are what results say.

``policy.choose`` picks one layer per concern in the zygote; ``Layers`` carries them to the
grader (by enum value) and into every result's ``sandbox`` field (by ``describe()``, words that
consumers read: they never change). The isolation level says whether grading may go on with a
gap. Standard library only: the grader reads this without the zygote's imports.
"""
import enum
from dataclasses import dataclass

RUNTIME = "(standard library and numpy, read-only)"
RESOURCES = "rlimits, wall clocks"  # always: rlimits in each function's process, wall clocks in the supervisor


class Network(enum.Enum):
    NAMESPACE_AND_SECCOMP = "namespace_and_seccomp"  # a network namespace with nothing in it, and no sockets
    NAMESPACE = "namespace"  # seccomp unavailable on this architecture
    SECCOMP = "seccomp"  # no socket can be made
    NONE = "none"

    @classmethod
    def of(cls, namespace, seccomp):
        return {(True, True): cls.NAMESPACE_AND_SECCOMP, (True, False): cls.NAMESPACE,
                (False, True): cls.SECCOMP, (False, False): cls.NONE}[namespace, seccomp]

    @property
    def refuses_sockets(self):
        return self in (Network.NAMESPACE_AND_SECCOMP, Network.SECCOMP)

    def describe(self):
        return {Network.NAMESPACE_AND_SECCOMP: "namespace, seccomp (no sockets)", Network.NAMESPACE: "namespace",
                Network.SECCOMP: "seccomp (no sockets)", Network.NONE: "none"}[self]


class Filesystem(enum.Enum):
    CHROOT = "chroot"  # into the runtime tree
    LANDLOCK = "landlock"  # the runtime read-only, the function's folder writable
    NONE = "none"

    def describe(self, landlock_abi):
        return {Filesystem.CHROOT: f"chroot {RUNTIME}", Filesystem.LANDLOCK: f"Landlock ABI {landlock_abi} {RUNTIME}",
                Filesystem.NONE: "none"}[self]


class Identity(enum.Enum):
    OWN_UID = "own_uid"  # a uid shared with nothing
    USER_NAMESPACE = "user_namespace"  # the grader's uid, without the namespace's capabilities
    GRADER_UID = "grader_uid"

    def describe(self):
        return {Identity.OWN_UID: "own uid", Identity.USER_NAMESPACE: "user namespace, non-dumpable grader",
                Identity.GRADER_UID: "grader's uid, non-dumpable grader"}[self]


class Processes(enum.Enum):
    PID_NAMESPACE = "pid_namespace"  # and the process limit and the reaper
    LIMIT_AND_REAPER = "limit_and_reaper"

    def describe(self):
        return {Processes.PID_NAMESPACE: "pid namespace, process limit, reaper",
                Processes.LIMIT_AND_REAPER: "process limit, reaper"}[self]


class Isolation(enum.Enum):
    """How much isolation grading needs: FULL refuses where a gap is left (``Layers.missing``)."""
    FULL = "full"
    MINIMAL = "minimal"  # grade anyway, and say so in every result


@dataclass(frozen=True)
class Layers:
    network: Network
    filesystem: Filesystem
    identity: Identity
    processes: Processes
    landlock_abi: int = 0  # the kernel's, when the file system has Landlock

    def missing(self):
        """What keeps student code away from the course's files and the grader: empty when all is held."""
        gaps = []
        if self.filesystem is Filesystem.NONE:
            gaps.append("nothing hides the file system (no root for chroot, no Landlock in this kernel)")
        if self.network is Network.NONE:
            gaps.append("nothing keeps the network away (no network namespace, no seccomp)")
        return gaps

    def level(self):
        return Isolation.MINIMAL if self.missing() else Isolation.FULL

    def as_dict(self):
        """Each concern's layer in the result's words."""
        return {"network": self.network.describe(), "filesystem": self.filesystem.describe(self.landlock_abi),
                "identity": self.identity.describe(), "processes": self.processes.describe(), "resources": RESOURCES}

    def to_wire(self):
        return {"network": self.network.value, "filesystem": self.filesystem.value, "identity": self.identity.value,
                "processes": self.processes.value, "landlock_abi": self.landlock_abi}

    @classmethod
    def from_wire(cls, data):
        """The zygote's ``to_wire()`` read back; ValueError when it is not one."""
        try:
            layers = cls(Network(data["network"]), Filesystem(data["filesystem"]), Identity(data["identity"]),
                         Processes(data["processes"]), data["landlock_abi"])
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a description of layers ({type(error).__name__})") from None
        if type(layers.landlock_abi) is not int:
            raise ValueError("a Landlock ABI that is not a number")
        return layers
