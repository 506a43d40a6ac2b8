"""The ``autograder`` command's entry point (its commands are in ``commands.py``).

`grade` starts its sandbox here, before anything else is imported, so that the zygote's imports
(numpy, the kit) overlap all this process does before its first call: the parser, numpy, the
rubric, the plan. Nothing else is imported above that.
"""
import os
import sys


def grades(argv):
    """Whether ``argv`` is `grade`'s: the command that starts its sandbox first and ends at once."""
    return argv[:1] == ["grade"]


def main(argv=None):
    """The command's exit code; ``argv`` defaults to the process's (``main`` is also called in-process)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    started = None
    if grades(argv):
        from . import sandbox  # the standard library only; the other commands never import it
        started = sandbox.start()
    from . import commands
    return commands.main(argv, started)


def entry():
    """The installed command: `grade` ends without the interpreter's teardown (numpy's and h5py's
    modules, 20 ms of every grade), which has nothing left to do once its sandbox is stopped and
    its output is flushed. Every other command ends as Python does."""
    code = main()
    if not grades(sys.argv[1:]):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: what was said is lost either way
        pass
    os._exit(code)


if __name__ == "__main__":
    entry()
