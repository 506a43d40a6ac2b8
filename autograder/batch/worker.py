"""A batch worker: grades notebook bytes in its sandbox and returns the record; it touches no disk of the client's.

Runs in a local pool's process or on a Dask worker; either way it needs only the kit installed.
Each worker thread keeps one warm sandbox per isolation level and hands it submission after
submission: a job gets the isolation it asks for, whatever the thread graded before.
"""
import ctypes
import threading
from dataclasses import dataclass

from .. import sandbox
from ..i18n import ENGLISH, speaking
from ..runners.sandboxed import grade_notebook


@dataclass(frozen=True)
class Job:
    """What a worker is sent: plain data, no path it would have to open."""
    assignment: str
    name: str  # the notebook's path on the client, for messages and the record
    data: bytes
    content_hash: str
    isolation: str = "full"  # or "minimal": grade even where nothing hides the file system
    language: str = ENGLISH  # of the record's prose (its machine fields are the same in every language)


_local = threading.local()
# glibc keeps freed heap pages, and a worker grading thousands of submissions grew by about
# 55 KB each; malloc_trim gives them back in well under a millisecond.
_malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None)


def grade_job(job, limits=sandbox.Limits()):
    """Grade one job in this worker's sandbox; return the record's dictionary form."""
    with speaking(job.language):  # this thread's: a Dask worker's threads grade side by side
        record = grade_notebook(job.data, job.assignment, box=_sandbox_for(job.isolation), limits=limits,
                                name=job.name, content_hash=job.content_hash)
        record = record.to_dict()
    if _malloc_trim is not None:
        _malloc_trim(0)
    return record


def _sandbox_for(isolation):
    """This thread's warm sandbox for ``isolation`` (an ``Isolation`` or its value), started on its first job."""
    level = sandbox.Isolation(isolation)
    sandboxes = _local.__dict__.setdefault("sandboxes", {})
    if level not in sandboxes:
        sandboxes[level] = sandbox.Sandbox(isolation=level)
    return sandboxes[level]
