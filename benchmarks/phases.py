"""Where a batch worker's time goes, phase by phase: the breakdown ``batch_speed.py`` prints.

One worker's work, done in this process: a warm sandbox grades the jobs one after another, as a
pool's worker does. Timers are wrapped around the grader's functions from here (nothing in
``autograder`` knows of them, so they cost nothing when not benchmarking); time is exclusive:
a phase running inside another counts only for itself. The sandbox's side is timed in a zygote
started by this file (``python -I benchmarks/phases.py --zygote TOTALS FD``), the real zygote with the
same wrappers, whose function processes add their times into a shared memory map they inherit
(written to after the lock-in without a system call, so the lock-in is the same as ever).

Run: ``python benchmarks/phases.py [--per-assignment 100]``; or ``breakdown(root, count)``.
"""
import argparse
import mmap
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# (phase, module, attribute): the grader's side, in the worker's process.
WORKER_PHASES = [
    ("read and parse the notebook (JSON)", "autograder.runners.sandboxed", "read_notebook_json"),
    ("extract the definitions (parse, rules, text)", "autograder.runners.sandboxed", "definitions_source"),
    ("plan the calls", "autograder.judging", "plan"),
    ("encode the task (wire)", "autograder.sandbox.supervisor", "_task"),
    ("decode the answers (wire)", "autograder.sandbox.supervisor", "unpack"),
    ("decode the answers (wire)", "autograder.sandbox.wire", "unpack"),
    ("decode the answers (wire)", "autograder.sandbox.supervisor", "_outcome"),
    ("wait for the sandbox (supervisor's select)", "autograder.sandbox.supervisor", "Sandbox.run"),
    ("judge", "autograder.judging", "judge"),
    ("references (read and cached)", "autograder.references", "References.solution"),
    ("references (read and cached)", "autograder.references", "References.mistakes"),
    ("write the record (to_dict)", "autograder.record", "GradeRecord.to_dict"),
    ("give memory back (malloc_trim)", "autograder.batch.worker", "_malloc_trim"),
    ("the rest of the worker's grading", "autograder.batch.worker", "grade_job"),
]
# The sandbox's side: the zygote, and (marked *) each function's process.
ZYGOTE_PHASES = [
    ("zygote: wait for the next task, read it", "autograder.sandbox.zygote", "read_task"),
    ("zygote: decode the task (wire)", "autograder.sandbox.zygote", "value_of"),
    ("zygote: compile the definitions", "autograder.sandbox.zygote", "compiled"),
    ("zygote: make the function's folder", "autograder.sandbox.zygote", "policy.function_folder"),
    ("zygote: fork", "autograder.sandbox.zygote", "os.fork"),
    ("zygote: fork", "autograder.sandbox.zygote", "policy.fork"),
    ("zygote: relay (waiting on the function's process)", "autograder.sandbox.zygote", "relay"),
    ("zygote: pack messages", "autograder.sandbox.zygote", "pack"),
    ("zygote: clear up (reaper)", "autograder.sandbox.zygote", "clear_up"),
    ("zygote: remove the function's folder", "autograder.sandbox.zygote", "shutil.rmtree"),
    ("zygote: remove the function's folder", "autograder.sandbox.zygote", "os.rmdir"),
    ("zygote: the rest of a round (pipes, waiting for the lock-in)", "autograder.sandbox.zygote", "run_group"),
    ("* lock-in", "autograder.sandbox.zygote", "policy.lock_in"),
    ("* define (run the definitions)", "autograder.sandbox.zygote", "define"),
    ("* calls (student code, kit, deep copies)", "autograder.sandbox.zygote", "run_call"),
    ("* encode the outcome (wire)", "autograder.sandbox.zygote", "frame_for"),
]
PHASE_NAMES = list(dict.fromkeys(name for name, *_ in WORKER_PHASES + ZYGOTE_PHASES))  # both sides' slots


class Clock:
    """Exclusive time and count per phase, in ``totals`` (a flat sequence: seconds*1e9, count per phase)."""

    def __init__(self, names, totals):
        self.index = {name: i for i, name in enumerate(names)}
        self.totals, self.stack = totals, []

    def wrap(self, name, function):
        slot = 2 * self.index[name]
        is_fork = name.endswith(": fork")

        def timed(*args, **kwargs):
            now = time.perf_counter_ns()
            if self.stack:  # pause the phase this one runs in
                outer, since = self.stack[-1]
                self.totals[outer] += now - since
            self.stack.append([slot, now])
            result = None
            try:
                result = function(*args, **kwargs)
                return result
            finally:
                if is_fork and result == 0:
                    self.stack = []  # a function's process: its own phases start afresh, the parent counts the fork
                else:
                    now = time.perf_counter_ns()
                    top, since = self.stack.pop()
                    self.totals[top] += now - since
                    self.totals[top + 1] += 1
                    if self.stack:
                        self.stack[-1][1] = now
        return timed


def install(clock, phases, proxies=False):
    """Wrap every (phase, module, attribute) of ``phases`` with ``clock``; one the tree does not
    have is left out, so that one list times older and newer trees alike. With ``proxies``,
    ``os.fork`` and the like are wrapped for that module only (its ``os`` becomes a proxy).
    Returns what ``uninstall`` puts back."""
    import importlib
    originals = []
    for name, module_name, attribute in phases:
        owner = importlib.import_module(module_name)
        *path, last = attribute.split(".")
        for part in path:
            inner = getattr(owner, part)
            if proxies and type(inner).__name__ == "module" and part in ("os", "shutil"):
                inner = _Proxy(inner)
                setattr(owner, part, inner)
            owner = inner
        if hasattr(owner, last):
            originals.append((owner, last, getattr(owner, last)))
            setattr(owner, last, clock.wrap(name, getattr(owner, last)))
    return originals


def uninstall(originals):
    """The grader's functions as they were (the batch benchmark then sends them to Dask's workers)."""
    for owner, last, original in reversed(originals):
        setattr(owner, last, original)


class _Proxy:
    """A module whose wrapped attributes are this module's alone (the zygote's ``os.fork``, not everyone's)."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        return getattr(self._module, name)


def zygote_main(totals_path):
    """Be the sandbox's zygote, with its phases timed into ``totals_path``'s shared map."""
    sys.path.insert(0, str(REPO))  # -I: this tree's kit, not whichever is installed
    import numpy as np
    from autograder.sandbox import zygote
    with open(totals_path, "r+b") as file:
        shared = mmap.mmap(file.fileno(), 0)
    totals = np.frombuffer(shared, dtype=np.int64)
    clock = Clock(PHASE_NAMES, totals)
    install(clock, ZYGOTE_PHASES, proxies=True)
    sys.argv = sys.argv[:1] + sys.argv[3:]  # what the zygote reads: its result pipe
    zygote.main()


def start_timed_zygote(totals_path):
    """``sandbox.start()``, with this file's timed zygote in place of the real one."""
    from autograder import sandbox
    return sandbox.start(program=(__file__, "--zygote", totals_path))


def _cpu(zygote):
    """(user, system) seconds of this process and of the zygote with the processes it has reaped."""
    with open(f"/proc/{zygote}/stat") as stat:
        ticks = [int(field) for field in stat.read().rsplit(")", 1)[1].split()[11:15]]  # utime stime cutime cstime
    mine, hertz = os.times(), os.sysconf("SC_CLK_TCK")
    return mine.user + (ticks[0] + ticks[2]) / hertz, mine.system + (ticks[1] + ticks[3]) / hertz


def jobs_of(root, count):
    """Up to ``count`` jobs of the class under ``root``, taking the assignments in turn."""
    from itertools import chain, zip_longest
    from autograder.batch import discover, schedule
    from autograder.errors import NotGradable
    from autograder.rubric import ASSIGNMENTS
    found = discover.find_submissions(root, list(ASSIGNMENTS))
    by_assignment = [[s for s in found if s.assignment == name] for name in ASSIGNMENTS]
    jobs = []
    for submission in filter(None, chain.from_iterable(zip_longest(*by_assignment))):
        try:
            jobs.append(schedule.job_of(submission))
        except NotGradable:
            continue
        if len(jobs) == count:
            break
    return jobs


def breakdown(root, count, isolation="full"):
    """Grade ``count`` submissions of the class under ``root`` as one worker does; the breakdown as text."""
    import numpy as np
    from autograder import sandbox
    from autograder.batch import worker

    jobs = jobs_of(root, count)
    names = PHASE_NAMES
    with tempfile.NamedTemporaryFile(prefix="autograder-phases-") as file:
        file.truncate(16 * len(names))  # two int64 per phase
        file.flush()
        # The zygote's processes run as other uids (root's sandboxes): they only write to the
        # map they inherited, but the zygote opens it by name first.
        os.chmod(file.name, 0o666)
        shared = mmap.mmap(file.fileno(), 0)
        zygote_totals = np.frombuffer(shared, dtype=np.int64)
        worker_totals = [0] * (2 * len(names))
        clock = Clock(names, worker_totals)
        box = sandbox.Sandbox(started=start_timed_zygote(file.name), isolation=isolation)
        worker._local.sandboxes = {box.isolation: box}
        originals = []
        try:
            worker.grade_job(jobs[0])  # warm: imports, the references' first read is counted below
            zygote_totals[:] = 0
            originals = install(clock, WORKER_PHASES)
            started, cpu = time.perf_counter(), _cpu(box.zygote.pid)
            for job in jobs[1:]:
                worker.grade_job(job)
            wall = time.perf_counter() - started
            spent = [now - before for now, before in zip(_cpu(box.zygote.pid), cpu)]
        finally:
            uninstall(originals)
            box.close()
            worker._local.sandboxes = {}
        combined = np.array(worker_totals, dtype=np.int64) + zygote_totals
        del zygote_totals
        shared.close()
    graded = len(jobs) - 1
    lines = [f"where one worker's time goes, {graded} submissions in {wall:.2f} s "
             f"({1000 * wall / graded:.1f} ms each; exclusive times, the sandbox's run alongside the worker's);",
             f"CPU time of the worker's process tree {1000 * sum(spent) / graded:.1f} ms per submission "
             f"(user {1000 * spent[0] / graded:.1f}, system {1000 * spent[1] / graded:.1f}; what bounds 2 workers on 2 cores):",
             f"  {'phase':<60} {'total s':>8} {'ms/sub':>7} {'count':>7}"]
    for i, name in enumerate(names):
        seconds, calls = combined[2 * i] / 1e9, combined[2 * i + 1]
        if name == WORKER_PHASES[-1][0]:
            lines.append(f"  {'  (worker total)':<60} {wall:8.2f} {1000 * wall / graded:7.1f}")
        lines.append(f"  {name:<60} {seconds:8.2f} {1000 * seconds / graded:7.2f} {calls:7d}")
    return "\n".join(lines)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--zygote":
        zygote_main(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-assignment", type=int, default=100)
    parser.add_argument("--isolation", default="full")
    arguments = parser.parse_args()
    sys.path.insert(0, str(REPO / "benchmarks"))
    from batch_speed import make_class
    from autograder.rubric import ASSIGNMENTS
    with tempfile.TemporaryDirectory() as folder:
        make_class(Path(folder), arguments.per_assignment)
        print(breakdown(Path(folder), arguments.per_assignment * len(ASSIGNMENTS), arguments.isolation))


if __name__ == "__main__":
    main()
