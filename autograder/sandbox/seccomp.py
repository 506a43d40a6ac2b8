"""Seccomp filters: system calls that fail with an errno of our choosing, for a process and all it starts.

The sandbox refuses sockets with one (``refuse_sockets``); the tests build others from the same
program, to reproduce the machines graders run on. Needs PR_SET_NO_NEW_PRIVS (or CAP_SYS_ADMIN);
any Linux since 3.5, and Docker's default profile allows it.
"""
import ctypes
import os
import struct
from dataclasses import dataclass

from .linux import failed, libc

PR_GET_SECCOMP, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 21, 22, 2
EPERM, ENOSYS = 1, 38


@dataclass(frozen=True)
class Architecture:
    """What a filter needs to know of an architecture: its audit number, and the system calls the sandbox names."""
    audit: int  # seccomp_data.arch of this ABI
    socket: int
    io_uring_setup: int
    clone: int
    foreign_abi_bit: int = 0  # a system call number with this bit set is another ABI's (x86_64's x32)


ARCHITECTURES = {"x86_64": Architecture(0xC000003E, socket=41, io_uring_setup=425, clone=56, foreign_abi_bit=0x40000000),
                 "aarch64": Architecture(0xC00000B7, socket=198, io_uring_setup=425, clone=220)}
HERE = ARCHITECTURES.get(os.uname().machine)  # not platform.machine(): it may start `uname -p`


def available():
    return HERE is not None and libc.prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0


def refuse_sockets():
    """No socket of any family, and no io_uring (whose operations would pass by the filter).
    Pipes and socketpair() stay usable."""
    install({HERE.socket: EPERM, HERE.io_uring_setup: EPERM})


def program(refused, clone_flags=0):
    """A classic BPF program: the system calls numbered in ``refused`` fail with the errno given
    there, ``clone`` fails when it asks for any of ``clone_flags``, and system calls of another
    ABI (x32, i386) fail."""
    load, jump_eq, jump_set, jump_ge, ret = 0x20, 0x15, 0x45, 0x35, 0x06
    allow = 0x7FFF0000

    def errno(value):
        return 0x00050000 | value

    instructions = [(load, 0, 0, 4), (jump_eq, 1, 0, HERE.audit), (ret, 0, 0, errno(ENOSYS)), (load, 0, 0, 0)]
    if HERE.foreign_abi_bit:
        instructions += [(jump_ge, 0, 1, HERE.foreign_abi_bit), (ret, 0, 0, errno(ENOSYS))]
    for number, value in refused.items():
        instructions += [(jump_eq, 0, 1, number), (ret, 0, 0, errno(value))]
    if clone_flags:
        instructions += [(jump_eq, 0, 3, HERE.clone), (load, 0, 0, 16), (jump_set, 0, 1, clone_flags),
                         (ret, 0, 0, errno(EPERM))]
    instructions.append((ret, 0, 0, allow))
    return b"".join(struct.pack("HBBI", *instruction) for instruction in instructions)


def install(refused, clone_flags=0):
    """Load ``program(refused, clone_flags)`` into this process and all it starts."""
    code = program(refused, clone_flags)
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = struct.pack("HxxxxxxP", len(code) // 8, ctypes.addressof(buffer))
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.c_char_p(prog), 0, 0) != 0:
        raise failed("loading the seccomp filter")
