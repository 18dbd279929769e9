"""A wall around the threads that run queries: they cannot open a network socket, whatever the query says.

pyoxigraph evaluates ``SERVICE`` and ``LOAD`` with its own HTTP client, on the thread that runs the query. The
safety check in ``safety.py`` refuses both keywords, but it is a lexer of our own reading the same text as
pyoxigraph's parser, and any difference between the two readings has been a way through. So the threads that
parse and evaluate requests also carry a Linux seccomp filter that makes ``socket()`` fail with EACCES for
every address family but AF_UNIX: a query that slips past the check gets a connection error, not a request
out. The filter is per thread (no ``SECCOMP_FILTER_FLAG_TSYNC``), so the server's own threads keep their
network; it is installed by the query thread itself before it touches the request and lasts until the thread
ends. ``PR_SET_NO_NEW_PRIVS``, which an unprivileged filter needs, is per thread too and only forbids gaining
privileges through exec, which query threads never do.

The BPF program is written out here rather than taken from libseccomp, which has no Python binding on PyPI
for every platform: it is seven instructions.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import platform
import socket
from functools import cache

_ARCHES = {
    # machine: (AUDIT_ARCH_* of the syscall ABI, number of the socket syscall)
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}

_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K
_ALLOW = 0x7FFF0000  # SECCOMP_RET_ALLOW
_DENY = 0x00050000 | errno.EACCES  # SECCOMP_RET_ERRNO
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
# Offsets in struct seccomp_data: nr (int), arch (u32), instruction pointer (u64), args[6] (u64 each).
_NR, _ARCH, _ARG0 = 0, 4, 16


class WallUnavailable(OSError):
    """The platform cannot confine a thread (not Linux, an unknown architecture, or seccomp refused)."""


class _Instruction(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    )


class _Program(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction)))


def _program(arch: int, socket_nr: int) -> list[tuple[int, int, int, int]]:
    """Deny socket() for any family but AF_UNIX, and every system call of a foreign ABI; allow the rest."""
    return [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, 1, 0, arch),  # native ABI: go on; otherwise deny (a 32-bit socketcall would slip past)
        (_RET_K, 0, 0, _DENY),
        (_LD_W_ABS, 0, 0, _NR),
        (_JEQ_K, 0, 3, socket_nr),  # not socket(): allow
        (_LD_W_ABS, 0, 0, _ARG0),  # the address family (low 32 bits of the first argument)
        (_JEQ_K, 1, 0, socket.AF_UNIX),
        (_RET_K, 0, 0, _DENY),
        (_RET_K, 0, 0, _ALLOW),
    ]


def confine_thread() -> None:
    """Forbid the calling thread, for the rest of its life, to open any socket but a Unix one.

    Raises WallUnavailable where that cannot be done; the caller decides whether to run unconfined.
    """
    machine = platform.machine()
    if platform.system() != "Linux" or machine not in _ARCHES:
        raise WallUnavailable(f"no seccomp filter for {platform.system()} on {machine}")
    libc = _libc()
    instructions = _program(*_ARCHES[machine])
    table = (_Instruction * len(instructions))(*(_Instruction(*row) for row in instructions))
    program = _Program(len(instructions), table)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise WallUnavailable(f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno())}")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
        raise WallUnavailable(f"prctl(PR_SET_SECCOMP) failed: {errno.errorcode.get(ctypes.get_errno())}")


@cache
def _libc() -> ctypes.CDLL:
    """The C library, looked up once: ``find_library`` runs ``ldconfig``, 3 ms, which was most of the cost of
    a point query."""
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def confined() -> bool:
    """Whether the calling thread is walled off: it tries to open an IPv4 socket and expects a refusal."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False
