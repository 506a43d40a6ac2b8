"""The places graders really run, reproduced on a root CI machine, for running the grader in each.

- ``root``: root with every capability (a VM, a bare CI runner);
- ``docker``: root with Docker's default capability set and a seccomp filter that refuses the
  namespace system calls, as Docker's default profile does;
- ``user``: an ordinary user (unprivileged user namespaces allowed, as on most distributions);
- ``user-no-userns``: an ordinary user on a hardened host: user namespaces refused too;
- ``user-no-landlock``: that, on a kernel without Landlock either: nothing can hide the file
  system, and the grader must refuse (not in ``SETTINGS``: nothing is graded there by default);
- ``user-landlock-broken``: Landlock is there but cannot be applied (a filter refuses
  landlock_restrict_self): every lock-in fails, and that is the grader's failure.

``command(setting, argv)`` gives what ``subprocess.run`` needs to run ``python argv`` there.
"""
import functools
import hashlib
import os
import platform
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import SimpleNamespace

from autograder.sandbox import identity, landlock, seccomp
from autograder.sandbox.layers import Filesystem, Identity, Layers, Network, Processes
from autograder.sandbox.linux import libc
from autograder.sandbox.namespaces import CLONE_NEWUSER
from autograder.sandbox.seccomp import ENOSYS, EPERM

SETTINGS = ["root", "docker", "user", "user-no-userns"]
TEST_UID = 4242
REPO = Path(__file__).resolve().parent.parent
# Docker's default capabilities: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
# NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP (CapEff 00000000a80425fb).
DOCKER_CAPABILITIES = 0xA80425FB
# The system calls that the settings' filters refuse, on this architecture.
SYSCALLS = {"x86_64": {"unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "clone3": 435},
            "aarch64": {"unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41, "clone3": 435},
            }[platform.machine()]
CLONE_NAMESPACE_FLAGS = 0x7E020000  # CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
NAMESPACE_CALLS = {SYSCALLS["unshare"]: EPERM, SYSCALLS["setns"]: EPERM, SYSCALLS["mount"]: EPERM,
                   SYSCALLS["umount2"]: EPERM, SYSCALLS["pivot_root"]: EPERM, SYSCALLS["clone3"]: ENOSYS}


def command(setting, argv, env=None):
    """``subprocess.run`` keyword arguments that run ``python *argv`` in ``setting``."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", **(env or {})}
    if setting in ("root", "docker"):
        python = sys.executable
    else:
        python = str(user_python())
        # The copy's own libpython, not the one its RUNPATH names under /root.
        environment["LD_LIBRARY_PATH"] = str(Path(python).resolve().parent.parent / "lib")
    return {"args": [python, *argv], "env": environment, "cwd": "/tmp", "preexec_fn": _PREEXEC[setting]}


def readable_in(setting, path):
    """Whether the grader's own user in ``setting`` can read ``path``, outside any sandbox."""
    run = command(setting, ["-c", "import sys; open(sys.argv[1], 'rb').read(1)", str(path)])
    return subprocess.run(**run, capture_output=True).returncode == 0


def _as_docker():
    seccomp.install(NAMESPACE_CALLS, CLONE_NAMESPACE_FLAGS)
    for capability in range(64):
        if not DOCKER_CAPABILITIES >> capability & 1:
            libc.prctl(identity.PR_CAPBSET_DROP, capability, 0, 0, 0)


def _as_user():
    os.setgroups([])
    os.setgid(TEST_UID)
    os.setuid(TEST_UID)


def _as_hardened_user(landlock_is="working"):
    refused = {SYSCALLS["unshare"]: EPERM, SYSCALLS["clone3"]: ENOSYS}
    if landlock_is == "absent":
        refused[landlock.LANDLOCK_CREATE_RULESET] = ENOSYS  # what a kernel without Landlock answers
    elif landlock_is == "broken":
        refused[landlock.LANDLOCK_RESTRICT_SELF] = EPERM
    seccomp.install(refused, CLONE_NEWUSER)
    _as_user()


_PREEXEC = {"root": None, "docker": _as_docker, "user": _as_user, "user-no-userns": _as_hardened_user,
            "user-no-landlock": lambda: _as_hardened_user(landlock_is="absent"),
            "user-landlock-broken": lambda: _as_hardened_user(landlock_is="broken")}


def user_python():
    """A Python the test user may run, with a copy of this checkout and of its .venv's packages."""
    return _test_user_install().python


def checkout_of(setting):
    """Where the grader in ``setting`` has the kit from: this checkout as root, the ordinary
    user's readable copy of it (``autograder/`` and ``source/``) otherwise."""
    return REPO if setting in ("root", "docker") else _test_user_install().checkout


@functools.lru_cache(maxsize=None)
def _test_user_install():
    """The checkout, its .venv and CI's interpreter may all live in folders no other user can
    enter (/root, a ``mktemp -d`` folder): the test user gets readable copies of each under
    /tmp, each built once and named by what it holds, and a venv of the interpreter's copy whose
    .pth names the other two. The copy finds its libpython through LD_LIBRARY_PATH (``command``).
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    interpreter = Path(sys.base_prefix)
    tag = f"{interpreter.name}-{os.stat(interpreter).st_ino}"
    base = _built_once(Path(f"/tmp/autograder-test-python-{tag}"),
                       lambda building: _readable_copy(interpreter, building, ignore=_ignoring(
                           interpreter / "lib" / f"python{version}" / "site-packages")))
    packages = Path(sysconfig.get_paths()["purelib"])
    installed = sorted(entry.name for entry in packages.glob("*.dist-info"))  # each package's name and version
    packages_copy = _built_once(Path(f"/tmp/autograder-test-packages-{_digest(str(packages), *installed)}"),
                                lambda building: _readable_copy(packages, building,
                                                                ignore=_ignoring(*_editable_finders(packages))))
    checkout = _built_once(Path(f"/tmp/autograder-test-checkout-{_digest(*_checkout_contents())}"), _copy_checkout)
    venv = _built_once(Path(f"/tmp/autograder-test-venv-{tag}-{_digest(packages_copy.name, checkout.name)}"),
                       lambda building: _make_venv(base / "bin" / f"python{version}", building,
                                                   [checkout, packages_copy]))
    return SimpleNamespace(python=venv / "bin" / "python", checkout=checkout)


CHECKOUT_PARTS = ("autograder", "source")  # what the ordinary user's copy of the checkout holds


def _checkout_contents():
    """Every file of CHECKOUT_PARTS, as path and bytes, in a stable order."""
    for part in CHECKOUT_PARTS:
        for path in sorted((REPO / part).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield str(path.relative_to(REPO))
                yield path.read_bytes()


def _copy_checkout(building):
    building.mkdir()
    for part in CHECKOUT_PARTS:
        _readable_copy(REPO / part, building / part, ignore=shutil.ignore_patterns("__pycache__"),
                       copy_function=shutil.copy2)  # copies, not links: an edit in place must not reach them
    # Compiled now, as root: the test user could not write the bytecode of a folder that is not its own.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(building / "autograder")], check=True)
    _readable_copy(building, building)  # the new __pycache__ folders too


def _make_venv(python, building, paths):
    subprocess.run([python, "-m", "venv", "--without-pip", building], check=True)
    site_packages = building / "lib" / python.name / "site-packages"
    (site_packages / "autograder-checkout.pth").write_text("".join(f"{path}\n" for path in paths))


def _built_once(path, build):
    """``path``, built by ``build(folder)`` into a folder renamed to it when complete, unless it exists."""
    if not path.exists():
        building = Path(f"{path}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        build(building)
        try:
            os.rename(building, path)
        except OSError:  # another process built it first
            shutil.rmtree(building, ignore_errors=True)
    return path


def _readable_copy(source, target, ignore=None, copy_function=None):
    """``source`` copied to ``target``, readable (and its folders enterable) by every user. By
    default, files that every user may read already are hard-linked where they can be, not copied."""
    if source != target:
        shutil.copytree(source, target, symlinks=True, copy_function=copy_function or _link_or_copy, ignore=ignore)
    for folder, _, names in os.walk(target):
        os.chmod(folder, 0o755)
        for name in names:
            path = os.path.join(folder, name)
            status = os.lstat(path)
            if not stat.S_ISLNK(status.st_mode) and not status.st_mode & 0o004:
                os.chmod(path, status.st_mode | 0o444)  # a copy, never a link: the original keeps its mode
    return target


def _link_or_copy(source, target):
    if os.stat(source).st_mode & 0o004:
        try:
            os.link(source, target)
            return
        except OSError:  # another file system
            pass
    shutil.copy2(source, target)


def _ignoring(*paths):
    """A copytree ``ignore`` that leaves out these paths."""
    left_out = {str(path) for path in paths}
    return lambda folder, names: [name for name in names if os.path.join(folder, name) in left_out]


def _editable_finders(packages):
    """The editable install's hooks, which point into the checkout: its copy is named directly instead."""
    return [path for path in packages.iterdir() if path.name.startswith("__editable__")]


def _digest(*parts):
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode())
        hasher.update(b"\0")
    return hasher.hexdigest()[:12]


# The layers each setting must get, on a kernel with Landlock (as CI's); their words are pinned in test_wire.py.
EXPECTED = {
    "root": Layers(Network.NAMESPACE_AND_SECCOMP, Filesystem.CHROOT, Identity.OWN_UID, Processes.PID_NAMESPACE),
    "docker": Layers(Network.SECCOMP, Filesystem.CHROOT, Identity.OWN_UID, Processes.LIMIT_AND_REAPER),
    "user": Layers(Network.NAMESPACE_AND_SECCOMP, Filesystem.LANDLOCK, Identity.USER_NAMESPACE, Processes.PID_NAMESPACE,
                   landlock_abi=landlock.abi()),
    "user-no-userns": Layers(Network.SECCOMP, Filesystem.LANDLOCK, Identity.GRADER_UID, Processes.LIMIT_AND_REAPER,
                             landlock_abi=landlock.abi()),
}
# What the result's `sandbox` must say in each setting.
EXPECTED_LAYERS = {setting: {**layers.as_dict(), "level": "full"} for setting, layers in EXPECTED.items()}
