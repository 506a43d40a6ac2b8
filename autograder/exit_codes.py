"""What the ``autograder`` command's exit code says: one meaning each."""
import enum


class ExitCode(enum.IntEnum):
    GRADED = 0
    BELOW_BAR = 1
    UNUSABLE_INPUT = 2
    GRADER_FAILURE = 3
    INTERRUPTED = 130  # Ctrl-C, as shells count it

    @classmethod
    def of(cls, record, fail_under=None):
        """The exit code that says how grading one submission went."""
        from .record import Status  # here: the command imports this module before it starts a sandbox
        if record.status is not Status.GRADED:
            return cls.GRADER_FAILURE if record.status is Status.GRADER_FAILURE else cls.UNUSABLE_INPUT
        return cls.BELOW_BAR if fail_under is not None and record.score < fail_under else cls.GRADED


MEANINGS = {
    ExitCode.GRADED: "graded (whatever the score); a batch: every submission has its record",
    ExitCode.BELOW_BAR: "graded below --fail-under",
    ExitCode.UNUSABLE_INPUT: "not a gradable notebook, or another unusable input such as a roster that does not "
                             "match (one line naming the file), or a wrong command line",
    ExitCode.GRADER_FAILURE: "a grader or environment failure (one line; --debug shows the traceback)",
}
HELP = "exit codes:\n" + "\n".join(f"  {code:d}  {meaning}" for code, meaning in MEANINGS.items())
