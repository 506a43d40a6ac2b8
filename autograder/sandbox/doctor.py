"""``autograder doctor``: which layer each concern gets here, a trial lock-in, and whether grading would proceed."""
import enum

from ..calls import Call
from ..errors import GraderFailure
from ..exit_codes import ExitCode
from .layers import Isolation
from .supervisor import Sandbox


class Verdict(enum.IntEnum):
    """The doctor's exit code: the one grading would end with here for want of isolation, if any."""
    GRADING_PROCEEDS = ExitCode.GRADED
    GRADING_WOULD_FAIL = ExitCode.GRADER_FAILURE


def run():
    """Print each concern's layer and the verdict; return the Verdict."""
    try:
        with Sandbox(isolation=Isolation.MINIMAL) as box:
            layers = box.layers
            box.run("", {("doctor", "trial", 0): Call("no_function")})  # one locked-in process: the lock-in works
    except GraderFailure as error:
        print(f"autograder doctor: grading would fail here: {error}")
        return Verdict.GRADING_WOULD_FAIL
    for concern, layer in layers.as_dict().items():
        print(f"{concern:<12} {layer}")
    if layers.missing():
        print("grading: refused by default (" + "; ".join(layers.missing()) + "); "
              "`autograder grade --isolation minimal` grades anyway and says so in every result")
        return Verdict.GRADING_WOULD_FAIL
    print("grading: proceeds with full isolation")
    return Verdict.GRADING_PROCEEDS
