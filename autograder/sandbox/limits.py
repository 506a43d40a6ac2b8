"""What a submission may spend: wall clocks the supervisor keeps, and the rlimits of each function's process."""
import resource
from dataclasses import dataclass

from ..kit import limits as learner_limits  # the numbers the learner's check uses too


@dataclass(frozen=True)
class Limits:
    call_seconds: float = learner_limits.CALL_SECONDS  # wall clock for the definitions and for each call
    submission_seconds: float = learner_limits.SUBMISSION_SECONDS  # wall clock for the whole submission
    cpu_seconds: int = 30  # per child process
    memory_bytes: int = learner_limits.MEMORY_BYTES  # address space per child
    file_bytes: int = 16 * 2**20  # largest file the child may write
    processes: int = 16  # processes and threads of the child's uid


def limit_resources(limits):
    """Address space, CPU time, file size, process count and no core dumps, for this process.

    RLIMIT_NPROC counts every process of the real uid: under the grader's own uid, forks fail
    as soon as that user runs more than the limit, which bounds a fork bomb all the same."""
    values = {resource.RLIMIT_AS: limits.memory_bytes, resource.RLIMIT_CPU: limits.cpu_seconds,
              resource.RLIMIT_FSIZE: limits.file_bytes, resource.RLIMIT_CORE: 0,
              resource.RLIMIT_NPROC: limits.processes}
    for which, value in values.items():
        resource.setrlimit(which, (value, value))
