"""The kit's exceptions: whose failure kept a submission from being graded.

Standard library only: the sandbox's zygote and the class report import this without the grader.
"""


class UnusableInput(ValueError):
    """An input the command cannot use (a roster, a results folder); the message is one line naming the file."""


class NotGradable(UnusableInput):
    """The submission is not a notebook the grader can grade; the message is one line naming the file."""


class GraderFailure(RuntimeError):
    """The grader or its environment failed; the message is one line saying what is missing."""


def first_line(error):
    """An exception as one line: its message's first line, or its type's name."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
