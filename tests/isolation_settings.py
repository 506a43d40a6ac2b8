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
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from autograder.sandbox import layers

SETTINGS = ["root", "docker", "user", "user-no-userns"]
TEST_UID = 4242
REPO = Path(__file__).resolve().parent.parent
# Docker's default capabilities: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
# NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP (CapEff 00000000a80425fb).
DOCKER_CAPABILITIES = 0xA80425FB
NAMESPACE_CALLS = {"unshare": layers.EPERM, "setns": layers.EPERM, "mount": layers.EPERM,
                   "umount2": layers.EPERM, "pivot_root": layers.EPERM, "clone3": layers.ENOSYS}


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


def _as_docker():
    layers.install_seccomp_filter(NAMESPACE_CALLS, layers.CLONE_NAMESPACE_FLAGS)
    for capability in range(64):
        if not DOCKER_CAPABILITIES >> capability & 1:
            layers.libc.prctl(layers.PR_CAPBSET_DROP, capability, 0, 0, 0)


def _as_user():
    os.setgroups([])
    os.setgid(TEST_UID)
    os.setuid(TEST_UID)


def _as_hardened_user(landlock="works"):
    refused = {"unshare": layers.EPERM, "clone3": layers.ENOSYS}
    if landlock == "absent":
        refused["landlock_create_ruleset"] = layers.ENOSYS  # what a kernel without Landlock answers
    elif landlock == "broken":
        refused["landlock_restrict_self"] = layers.EPERM
    layers.install_seccomp_filter(refused, 0x10000000)  # CLONE_NEWUSER
    _as_user()


_PREEXEC = {"root": None, "docker": _as_docker, "user": _as_user, "user-no-userns": _as_hardened_user,
            "user-no-landlock": lambda: _as_hardened_user(landlock="absent"),
            "user-landlock-broken": lambda: _as_hardened_user(landlock="broken")}


def user_python():
    """A Python the test user may run, with this checkout and its .venv's packages importable.

    CI's interpreter may live under /root, which no other user can enter: the test user gets
    a hard-linked copy of it (without its site-packages) and a venv of that copy, built once.
    The copy finds its libpython through LD_LIBRARY_PATH (``command`` sets it).
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    tag = f"{Path(sys.base_prefix).name}-{os.stat(sys.base_prefix).st_ino}"
    checkout = hashlib.sha256(f"{REPO}|{sysconfig.get_paths()['purelib']}".encode()).hexdigest()[:12]
    base = Path(f"/tmp/autograder-test-python-{tag}")
    venv = Path(f"/tmp/autograder-test-venv-{tag}-{checkout}")  # its .pth names this checkout
    python = venv / "bin" / "python"
    if python.exists():
        return python
    if not base.exists():
        building = Path(f"{base}.building-{os.getpid()}")
        site = os.path.join(sys.base_prefix, "lib", f"python{version}", "site-packages")
        shutil.copytree(sys.base_prefix, building, symlinks=True, copy_function=_link_or_copy,
                        ignore=lambda folder, names: names if folder == site else [])
        building.chmod(0o755)
        os.replace(building, base)
    subprocess.run([base / "bin" / f"python{version}", "-m", "venv", "--without-pip", venv], check=True)
    site_packages = venv / "lib" / f"python{version}" / "site-packages"
    (site_packages / "autograder-checkout.pth").write_text(f"{REPO}\n{sysconfig.get_paths()['purelib']}\n")
    return python


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# What the result's `sandbox` must say in each setting, on a kernel with Landlock (as CI's).
_SECCOMP, _RESOURCES = "seccomp (no sockets)", {"resources": "rlimits, wall clocks"}
_PIDS, _REAPER = {"processes": "pid namespace, process limit, reaper"}, {"processes": "process limit, reaper"}
EXPECTED_LAYERS = {
    "root": {"network": f"namespace, {_SECCOMP}", "filesystem": "chroot (standard library and numpy, read-only)",
             "identity": "own uid", **_PIDS, **_RESOURCES, "level": "full"},
    "docker": {"network": _SECCOMP, "filesystem": "chroot (standard library and numpy, read-only)",
               "identity": "own uid", **_REAPER, **_RESOURCES, "level": "full"},
    "user": {"network": f"namespace, {_SECCOMP}",
             "filesystem": f"Landlock ABI {layers.landlock_abi()} (standard library and numpy, read-only)",
             "identity": "user namespace, non-dumpable grader", **_PIDS, **_RESOURCES, "level": "full"},
    "user-no-userns": {"network": _SECCOMP,
                       "filesystem": f"Landlock ABI {layers.landlock_abi()} (standard library and numpy, read-only)",
                       "identity": "grader's uid, non-dumpable grader", **_REAPER, **_RESOURCES, "level": "full"},
}
