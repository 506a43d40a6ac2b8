"""Sending submissions to workers, resumably, and taking back their records.

Work goes to any ``concurrent.futures`` executor: a local process pool, or a Dask cluster's.
The client reads each notebook and sends its bytes; the records come back and the client writes
them. A task whose worker dies is retried; one that keeps killing workers is recorded as not
graded, and the batch goes on.
"""
import multiprocessing
import sys
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace

from tqdm import tqdm

from .. import sandbox
from ..errors import GraderFailure, NotGradable, first_line
from ..i18n import chosen
from ..record import GradeRecord
from ..untrusted_source import read_file
from . import worker
from .discover import content_hash

MAX_ATTEMPTS = 3  # a submission whose grading kills its worker this often is recorded as not graded
# When the grader has failed this often and graded nothing yet (no isolation here, a sandbox that
# cannot lock in), the rest would fail alike: the batch stops instead of failing a whole class.
STOP_AFTER_GRADER_FAILURES = 3


def run(submissions, store, executor_factory, force=False, progress=False, limits=sandbox.Limits(), window=8,
        grade=None, isolation="full"):
    """Grade what has no result yet (everything with ``force``); return ``{submission: GradeRecord}`` of this run.

    At most ``window`` tasks are out at once, so when a worker dies only those are suspects. A
    suspect is retried alone, so that blame is exact: an innocent one passes, and one that keeps
    killing its worker is recorded as not graded after MAX_ATTEMPTS. A broken executor is
    replaced. ``grade`` is what workers run (default ``worker.grade_job``). Raises GraderFailure
    when the first STOP_AFTER_GRADER_FAILURES records are all the grader's failures.
    """
    grade = grade or worker.grade_job
    todo = deque(s for s in submissions if force or not store.is_done(s))
    done, attempts, suspects = {}, Counter(), deque()
    bar = tqdm(total=len(todo), unit="notebook", desc="grading", file=sys.stdout, disable=not progress)

    def record(submission, result):
        done[submission] = replace(result, student=submission.student)
        store.write(done[submission])
        bar.update()
        failures = sum(earlier.grader_failed for earlier in done.values())
        if failures >= min(STOP_AFTER_GRADER_FAILURES, len(submissions)) \
                and not any(earlier.graded for earlier in done.values()):
            raise GraderFailure(f"stopped after the first {failures} submissions: {result.error}")

    while todo or suspects:
        queue, width = (suspects, 1) if suspects else (todo, window)
        executor, in_flight, broken = executor_factory(), {}, False
        try:
            while queue or in_flight:
                while queue and len(in_flight) < width:
                    submission = queue[0]
                    try:
                        job = job_of(submission, isolation)
                    except NotGradable as error:
                        queue.popleft()
                        record(submission, GradeRecord.not_graded(
                            submission.assignment, first_line(error), notebook=str(submission.path),
                            content_hash=submission.content_hash))
                        continue
                    try:
                        future = executor.submit(grade, job, limits)
                    except RuntimeError:  # the executor broke (BrokenProcessPool); a new one takes over
                        broken = True
                        break
                    in_flight[future] = queue.popleft()
                if not in_flight:
                    break
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    submission = in_flight.pop(future)
                    try:
                        result = GradeRecord.from_dict(future.result())
                    except Exception as error:  # its worker died, or the task could not run there
                        broken = True
                        attempts[submission] += 1
                        if attempts[submission] < MAX_ATTEMPTS:
                            suspects.append(submission)
                            continue
                        result = GradeRecord.not_graded(
                            submission.assignment, f"grading failed {attempts[submission]} times "
                                                   f"({type(error).__name__}: {first_line(error)})",
                            notebook=str(submission.path), content_hash=submission.content_hash)
                    record(submission, result)
        finally:
            for future in in_flight:  # when stopping early; Dask's executor has no cancel_futures
                future.cancel()
            shut_down(executor, broken)  # at most `width` tasks are still out
    bar.close()
    return done


def shut_down(executor, broken):
    """Shut ``executor`` down, waiting for what is still out.

    On Python 3.10 a process pool whose worker died while a task was being written to it waits
    for ever on that write (CPython gh-94777, fixed in 3.11); a notebook's bytes easily fill the
    pipe. Closing the pipe's unread end, as the fix does, lets the write fail and the pool end.
    """
    if broken and sys.version_info < (3, 11) and isinstance(executor, ProcessPoolExecutor):
        executor._call_queue._reader.close()
    executor.shutdown(wait=True)


def job_of(submission, isolation="full"):
    """The job for a submission: the notebook's bytes as they are now, their hash, and the language in force."""
    data = read_file(submission.path)
    return worker.Job(submission.assignment, str(submission.path), data, content_hash(data), isolation, chosen())


def local_executor(workers):
    # Workers are forks of a server process that has imported the worker module, not forks of
    # this process: they carry none of its memory, nor its threads (the progress bar's). As with
    # any forkserver pool, a script that calls this needs the `if __name__ == "__main__":` guard.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([worker.__name__])
    return lambda: ProcessPoolExecutor(max_workers=workers, mp_context=context)


def dask_executor(client):
    return client.get_executor
