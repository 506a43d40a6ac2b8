"""Run untrusted definitions and calls in a locked-in child process (see ``child.py``).

The parent enforces what the child cannot be trusted to: a wall clock per call and per
submission, and the clean-up of every process the child left behind. When a call kills or hangs
the child, that call fails, the function's remaining calls are skipped, and a fresh child runs
the other functions' calls, so one attack costs only the function it sits in.
"""
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass

from .calls import Outcome
from .wire import FrameReader, WireError, pack_value, value_of

UID_BASE = 100_000  # sandboxes run as uid UID_BASE + pid: one uid per child, none shared with anything
SCRUBBED_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/", "MPLBACKEND": "Agg",
                        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Limits:
    call_seconds: float = 10.0  # wall clock for the definitions and for each call
    submission_seconds: float = 60.0  # wall clock for the whole submission
    cpu_seconds: int = 30  # per child process
    memory_bytes: int = 2 * 2**30  # address space per child
    file_bytes: int = 16 * 2**20  # largest file the child may write
    processes: int = 16  # processes and threads of the child's uid


@dataclass
class SandboxRun:
    outcomes: list  # one Outcome per call, in order
    notes: list  # what went wrong while defining, or with the sandbox itself


def isolated():
    """Whether children can be fully locked in (chroot, own uid, no network): only as root."""
    return os.geteuid() == 0


def run(definitions, calls, limits=Limits()):
    """Run ``calls`` against ``definitions`` in sandboxed children; never raises for the student's doings."""
    outcomes, notes = [None] * len(calls), []
    pending = list(range(len(calls)))
    deadline = time.monotonic() + limits.submission_seconds
    while pending:
        if time.monotonic() >= deadline:
            for index in pending:
                outcomes[index] = Outcome(error=f"not run: the submission's {limits.submission_seconds:g} s ran out")
            break
        finished, failure = _one_child(definitions, [calls[i] for i in pending], limits, deadline, notes)
        for position, outcome in finished.items():
            outcomes[pending[position]] = outcome
        if failure is None:
            break
        position, reason = failure
        if position is None:  # the definitions themselves brought the child down
            for index in pending:
                outcomes[index] = Outcome(error=f"not run: defining the notebook's functions {reason}")
            break
        failed = pending[position]
        outcomes[failed] = Outcome(error=reason)
        rest = pending[position + 1:]
        for index in rest:  # the function already fails; do not spend the clock on it again
            if calls[index].function == calls[failed].function:
                outcomes[index] = Outcome(error=f"not run: an earlier call of {calls[failed].function} failed")
        pending = [index for index in rest if outcomes[index] is None]
    return SandboxRun(outcomes, notes)


def _one_child(definitions, calls, limits, deadline, notes):
    """Run one child over ``calls``; return ``({position: Outcome}, failure)``.

    ``failure`` is None when every call answered, else ``(position, reason)`` with position None
    when the child failed before defining.
    """
    workdir = tempfile.mkdtemp(prefix="autograder-")
    read_end, write_end = os.pipe()
    child = subprocess.Popen([sys.executable, "-I", "-m", "autograder.child"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,),
                             env=SCRUBBED_ENVIRONMENT, start_new_session=True, cwd=workdir)
    os.close(write_end)
    finished = {}
    try:
        child.stdin.write(_task(definitions, calls, limits, child.pid, workdir, write_end))
        child.stdin.close()
        failure = _collect(child, read_end, calls, limits, deadline, finished, notes)
    except BrokenPipeError:
        failure = (None, _death(child, limits))
    finally:
        _end(child)
        os.close(read_end)
        shutil.rmtree(workdir, ignore_errors=True)
    return finished, failure


def _task(definitions, calls, limits, pid, workdir, result_fd):
    header = {"definitions": definitions, "result_fd": result_fd, "workdir": workdir, "uid": UID_BASE + pid,
              "calls": [{"function": c.function, "seed": c.seed, "substitutes": c.substitutes} for c in calls],
              **asdict(limits)}
    return pack_value(header, [[list(c.args), c.kwargs] for c in calls])


def _collect(child, read_end, calls, limits, deadline, finished, notes):
    reader, defined = FrameReader(), False
    selector = selectors.DefaultSelector()
    selector.register(read_end, selectors.EVENT_READ)
    waiting_since = time.monotonic()
    while len(finished) < len(calls):
        position = len(finished) if defined else None
        now = time.monotonic()
        if now - waiting_since > limits.call_seconds or now > deadline:
            what = "defining the functions" if position is None else f"the call of {calls[position].function}"
            return position, f"timed out: {what} ran longer than {limits.call_seconds:g} s (an endless loop?)"
        if selector.select(timeout=0.05):
            data = os.read(read_end, 1 << 20)
            if not data:
                return position, _death(child, limits)
            reader.feed(data)
            try:
                for header, arrays in reader.frames():
                    kind = header.get("kind")
                    if kind == "fatal":
                        notes.append(str(header.get("error")))
                        return None, "could not start the sandbox"
                    if kind == "defined" and not defined:
                        notes += [str(note) for note in header.get("notes", [])][:20]
                        defined = True
                    elif kind == "outcome" and defined and header.get("index") == len(finished):
                        finished[len(finished)] = _outcome(header, arrays)
                    else:
                        raise WireError("unexpected message")
                    waiting_since = time.monotonic()
            except WireError as error:
                return (len(finished) if defined else None), f"sent the grader a malformed answer ({error})"
        elif child.poll() is not None and not _readable(read_end):
            return position, _death(child, limits)
    return None if defined else (None, "did not finish")


def _outcome(header, arrays):
    error, printed, rng_next = header.get("error"), header.get("printed"), header.get("rng_next")
    if error is not None and not isinstance(error, str) or not isinstance(printed, str) \
            or rng_next is not None and type(rng_next) is not float:
        raise WireError("bad outcome fields")
    value = None if error else value_of(header, arrays)
    return Outcome(value=value, error=error, printed=printed[:4000], rng_next=rng_next)


def _readable(fd):
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    return bool(selector.select(timeout=0))


def _death(child, limits):
    """Why the child stopped, in words for the student."""
    try:
        code = child.wait(timeout=1)
    except subprocess.TimeoutExpired:
        return "stopped answering"
    if code == -signal.SIGXCPU or code == -signal.SIGKILL:
        return f"was stopped: it used more than its {limits.cpu_seconds} s of CPU time or its memory"
    if code == -signal.SIGSEGV:
        return "crashed the process (segmentation fault)"
    if code == -signal.SIGXFSZ:
        return f"wrote a file larger than {limits.file_bytes // 2**20} MB"
    if code < 0:
        return f"crashed the process ({signal.Signals(-code).name})"
    return f"ended the process (exit code {code}: sys.exit or os._exit?)"


def _end(child):
    """Stop the child and every process it started, wherever they went."""
    if isolated():
        # The child's uid is its own: a process of that uid killing everything it may signal
        # reaches every fork, whatever session or group it moved to.
        reaper = os.fork()
        if reaper == 0:
            try:
                os.setuid(UID_BASE + child.pid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(reaper, 0)
    else:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    child.kill()
    child.wait()
