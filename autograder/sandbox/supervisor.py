"""The grader's side of the sandbox: run untrusted definitions and calls in the zygote's
locked-in processes (see ``zygote.py``), and say what isolation they had.

The parent enforces what the children cannot be trusted to: a wall clock per call and per
submission, and the clean-up of every process they left behind. Each graded function runs in a
process of its own; when a call kills or hangs it, that call fails, the function's remaining
calls are skipped, and the other functions are untouched, so one attack costs only the function
it sits in.
"""
import os
import selectors
import signal
import time
from dataclasses import asdict, dataclass

from . import UID_BASE, start, stop
from ..calls import Outcome, plain_helper_calls
from ..conventions import PRINTED_LIMIT, SANDBOX_MESSAGE_LIMIT
from ..errors import GraderFailure  # the sandbox could not run as required: no student is to blame
from ..i18n import _, chosen
from .layers import Isolation, Layers
from .limits import Limits
from .linux import PR_SET_DUMPABLE, libc
from .reaper import kill_all_of
from .wire import FrameReader, Kind, WireError, kind_of, pack_value, read_frame, unpack, value_of

READY_SECONDS = 60.0  # the zygote's imports, and on a machine's first run the runtime tree


@dataclass
class SandboxRun:
    outcomes: dict  # call id -> Outcome, for every call
    notes: list  # what went wrong while defining, or with the sandbox itself


class Sandbox:
    """A zygote process that grades submission after submission, one function per locked-in fork.

    It starts at once, so that its imports overlap the grader's own planning, and keeps its
    imports warm between submissions. When a submission leaves it in doubt (out of time, a
    malformed message, a crash), it is replaced before the next one. With ``Isolation.FULL``
    (the default) it refuses to run anything where its layers leave a gap (``Layers.missing``).
    """

    def __init__(self, started=None, isolation=Isolation.FULL):
        """``started``: what ``sandbox.start()`` returned, when the caller started it earlier;
        ``isolation``: an ``Isolation`` or its value."""
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # sandboxes that share our uid cannot trace or read us
        self.zygote, self.isolation, self._layers = None, Isolation(isolation), None
        self._start(started)

    def _start(self, started=None):
        self.zygote, self.read_end = started or start()
        self.uid = UID_BASE + self.zygote.pid
        self._ready = False

    @property
    def layers(self):
        """The zygote's ``Layers``, once it has said (raises GraderFailure when it could not start)."""
        if not self._ready:
            self._layers = self._await_ready()
            self._ready = True
        return self._layers

    def sandbox_description(self):
        """The result's ``sandbox`` field: each concern's layer, and the isolation level."""
        return {**self.layers.as_dict(), "level": self.layers.level().value}

    def _await_ready(self):
        selector = selectors.DefaultSelector()
        selector.register(self.read_end, selectors.EVENT_READ)
        if not selector.select(timeout=READY_SECONDS):
            self.close()
            raise GraderFailure(_("the sandbox did not start within {seconds} s", seconds=format(READY_SECONDS, "g")))
        with os.fdopen(os.dup(self.read_end), "rb") as stream:  # only this frame is on its way
            try:
                frame = read_frame(stream)
            except WireError:
                frame = None
        header = frame[0] if frame else {}
        if _kind_or_none(header) is not Kind.READY or "error" in header:
            self.close()
            raise GraderFailure(_("the sandbox could not start ({error})",
                                  error=header.get("error") or _("it ended at once")))
        try:
            layers = Layers.from_wire(header["layers"])
        except ValueError as error:
            self.close()
            raise GraderFailure(_("the sandbox could not start (its layers were unreadable: {error})",
                                  error=error)) from None
        gaps = layers.missing()
        if gaps and self.isolation is Isolation.FULL:
            self.close()
            raise GraderFailure(_("refusing to grade: {gaps}. Run as root, or in a kernel with Landlock, or accept "
                                  "less with `--isolation minimal`", gaps="; ".join(gaps)))
        return layers

    def run(self, definitions, calls, limits=Limits()):
        """Run ``calls`` (``{call id: Call}``, each id a tuple whose first item is the graded function,
        whose calls share one process) against ``definitions``; never raises for the student's
        doings, raises GraderFailure for the sandbox's own."""
        if self.zygote is None or self.zygote.poll() is not None:
            self.close()
            self._start()
        self.layers  # noqa: B018 -- refuse before anything runs
        session = _Session(calls, limits, self.uid)
        try:
            self.zygote.stdin.write(_task(definitions, calls, limits, self.uid))
            self.zygote.stdin.flush()
            session.follow(self.zygote, self.read_end)
        except BrokenPipeError:
            session.notes.append("the sandbox did not start")
        finally:
            if not session.ended or session.grader_failure:
                kill_all_of(self.uid, session.pid)
                self.close()
        if session.grader_failure:
            raise GraderFailure(session.grader_failure)
        return SandboxRun(session.finish(), session.notes)

    def close(self):
        if self.zygote is not None:
            stop((self.zygote, self.read_end))
            self.zygote = None

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()


def _task(definitions, calls, limits, uid):
    header = {"definitions": definitions, "uid": uid, "language": chosen(),  # what the student's side says is said in it
              "calls": [{"id": list(call_id), "group": call_id[0], "function": call.function, "seed": call.seed,
                         "substitutes": call.substitutes} for call_id, call in calls.items()],
              "limits": asdict(limits)}
    return pack_value(header, [[list(call.args), call.kwargs] for call in calls.values()])


class _Session:
    """Follows the children's messages and the clocks, and records an Outcome per call."""

    def __init__(self, calls, limits, uid):
        self.calls, self.limits, self.uid = calls, limits, uid
        self.by_wire_id = {_wire_id(call_id): call_id for call_id in calls}
        self.outcomes, self.notes = {}, []
        self.group, self.pid, self.defined, self.stopped_for = None, None, False, None
        self.definitions_noted, self.ended, self.grader_failure = False, False, None

    def follow(self, zygote, read_end):
        reader = FrameReader()
        selector = selectors.DefaultSelector()
        selector.register(read_end, selectors.EVENT_READ)
        deadline = time.monotonic() + self.limits.submission_seconds
        progress = time.monotonic()
        while not self.ended:
            now = time.monotonic()
            if now > deadline:
                self.notes.append(_("the submission's {seconds} s ran out",
                                    seconds=format(self.limits.submission_seconds, "g")))
                return
            if self.pid is not None and self.stopped_for is None and now - progress > self.limits.call_seconds:
                self.stopped_for = _("timed out: {what} ran longer than {seconds} s (an endless loop?)",
                                     what=self._waiting_for(), seconds=format(self.limits.call_seconds, "g"))
                kill_all_of(self.uid, self.pid)
            if not selector.select(timeout=0.05):
                if zygote.poll() is not None and not _readable(read_end):
                    self.grader_failure = _("the sandbox stopped unexpectedly")
                    return
                continue
            data = os.read(read_end, 1 << 20)
            if not data:
                return
            reader.feed(data)
            try:
                for header, arrays in reader.frames():
                    self._receive(header, arrays)
                    progress = time.monotonic()
            except WireError as error:  # the zygote's own stream: the sandbox is broken, not the student
                self.grader_failure = _("the sandbox's messages were unreadable ({error})", error=error)
                return

    def _receive(self, header, arrays):
        """A message from the zygote; the function's process speaks only through relays."""
        kind = kind_of(header)
        if kind is Kind.RELAY and header.get("group") == self.group and self.pid is not None:
            try:
                self._answer(*unpack(arrays["payload"].tobytes()))
            except WireError as error:
                if self.stopped_for is None:
                    self.stopped_for = _("sent the grader a malformed answer ({error})", error=error)
                    kill_all_of(self.uid, self.pid)
        elif kind in (Kind.FATAL, Kind.LOCK_IN_FAILED):  # the zygote's own word: no student code ran before it
            self.grader_failure = _("the sandbox failed: {error}", error=str(header.get("error"))[:SANDBOX_MESSAGE_LIMIT])
        elif kind is Kind.GROUP_START:
            self.group, self.pid, self.defined, self.stopped_for = header.get("group"), header.get("pid"), False, None
            if type(self.pid) is not int:
                raise WireError("bad group start")
        elif kind is Kind.GROUP_END and header.get("group") == self.group:
            self._close_group(header.get("status"))
        elif kind is Kind.TASK_END:
            self.ended = True
        else:
            raise WireError("unexpected message")

    def _answer(self, header, arrays):
        """A message from a function's process: untrusted, checked."""
        kind = kind_of(header)
        if kind is Kind.DEFINED and not self.defined:
            if not self.definitions_noted:  # every function's process runs the same definitions
                self.notes += [str(note)[:SANDBOX_MESSAGE_LIMIT] for note in header.get("notes", [])][:20]
                self.definitions_noted = True
            self.defined = True
        elif kind is Kind.OUTCOME and self.defined and self.by_wire_id.get(_wire_id(header.get("id"))) in self._pending():
            self.outcomes[self.by_wire_id[_wire_id(header["id"])]] = _outcome(header, arrays)
        else:
            raise WireError("unexpected message")

    def _pending(self):
        """The current function's calls still without an outcome, in the order they were sent."""
        return [call_id for call_id in self.calls if call_id[0] == self.group and call_id not in self.outcomes]

    def _waiting_for(self):
        pending = self._pending()
        if not self.defined or not pending:
            return _("defining the functions")
        return _("the call of {function}", function=self.calls[pending[0]].function)

    def _close_group(self, status):
        pending = self._pending()
        if not pending:
            return
        reason = self.stopped_for or _death(status, self.limits)
        if not self.defined:
            reason = _("not run: defining the notebook's functions {reason}", reason=reason)
        self.outcomes[pending[0]] = Outcome(error=reason)
        for rest in pending[1:]:
            self.outcomes[rest] = Outcome(error=_("not run: an earlier call of {function} failed",
                                                  function=self.calls[rest].function))
        self.pid = None

    def finish(self):
        reason = _("not run: {reason}", reason=self.notes[-1] if self.notes else _("the sandbox stopped"))
        return {call_id: self.outcomes.get(call_id) or Outcome(error=reason) for call_id in self.calls}


def _outcome(header, arrays):
    error, printed, rng_next = header.get("error"), header.get("printed"), header.get("rng_next")
    helper_calls = header.get("helper_calls", {})
    if error is not None and not isinstance(error, str) or not isinstance(printed, str) \
            or rng_next is not None and type(rng_next) is not float or not plain_helper_calls(helper_calls):
        raise WireError("bad outcome fields")
    value = None if error else value_of(header, arrays)
    return Outcome(value=value, error=error, printed=printed[:PRINTED_LIMIT], rng_next=rng_next, helper_calls=helper_calls)


def _wire_id(call_id):
    """A call id as it crosses the wire (JSON has no tuples): hashable, whatever the child sent."""
    if not isinstance(call_id, (list, tuple)):
        return None
    try:
        hash(key := tuple(call_id))
        return key
    except TypeError:  # a list inside: no call's id
        return None


def _kind_or_none(header):
    try:
        return kind_of(header)
    except WireError:
        return None


def _readable(fd):
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    return bool(selector.select(timeout=0))


def _death(status, limits):
    """Why a function's process stopped, from its wait status, in words for the student."""
    if type(status) is not int:
        return _("stopped")
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL):
            return _("was stopped: it used more than its {seconds} s of CPU time or its memory",
                     seconds=limits.cpu_seconds)
        if number == signal.SIGSEGV:
            return _("crashed the process (segmentation fault)")
        if number == signal.SIGXFSZ:
            return _("wrote a file larger than {megabytes} MB", megabytes=limits.file_bytes // 2**20)
        return _("crashed the process ({signal})", signal=signal.Signals(number).name)
    return _("ended the process (exit code {code}: `sys.exit` or `os._exit`?)", code=os.WEXITSTATUS(status))
