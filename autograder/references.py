"""Reference outputs: what the solution and each catalogued mistake return on the fixed cases.

Built from the source notebooks by ``python -m autograder.references`` (``make references``)
into ``autograder/references/<assignment>.h5``; a test fails when they are stale.
Layout: ``/<function>/<case key>/solution`` and ``/<function>/<case key>/mistakes/<mistake name>``,
each an encoded value (see ``values``). A call that raised stores nothing.

The same command writes the students' share: each mistake's hint and its outputs on the public cases
alone, into ``autograder/kit/cases/<assignment>_mistakes.h5`` (see ``kit.mistakes``).
"""
import functools
import sys
import threading
from pathlib import Path

from .calls import run_call
from .i18n import _
from .kit import mistakes as kit_mistakes
from .plan import fixed_calls, public_cases
from .rubric import ASSIGNMENTS
from .values import read_h5, write_h5

FOLDER = Path(__file__).resolve().parent / "references"


class ReferenceError(OSError):
    """The reference file is missing or unreadable."""


class References:
    """The stored outputs of one assignment's fixed calls, as judging reads them."""

    def __init__(self, assignment_name):
        self.assignment_name = assignment_name

    def solution(self, function_name, key):
        """The solution's output for a fixed call (``key``: "public 0", "hidden 2", ...), or None."""
        if (reading := _READING.get(self.assignment_name)) is not None:
            reading.join()  # at once, when it has finished
        return solutions(self.assignment_name)[function_name][key]

    def mistakes(self, function_name):
        """``{case key: {mistake name: its output}}`` of one function: read only to diagnose a failure."""
        return mistakes(self.assignment_name, function_name)


def compute(assignment):
    """The references of one assignment, as ``{function: {case key: {"solution": v, "mistakes": {name: v}}}}``."""
    from . import solutions  # building needs nbformat, slow to import; grading never builds
    notebook = solutions.source_notebook(assignment.name)
    solution = solutions.namespace(notebook, assignment.name)
    table = {}
    for function in assignment.functions:
        variants = {mistake.name: solutions.namespace(solutions.with_mistake(notebook, function.name, mistake),
                                                       assignment.name)
                    for mistake in function.mistakes}
        table[function.name] = {
            key: {"solution": _value(solution, call),
                  "mistakes": {name: _value(scope, call) for name, scope in variants.items()}}
            for key, call in fixed_calls(function).items()}
    return table


def _value(scope, call):
    outcome = run_call(scope, call)
    return None if outcome.error else outcome.value


def write(assignment, path=None, table=None):
    import h5py  # here, not at the top: a grader imports it in the thread that reads (read_meanwhile)
    path = path or FOLDER / f"{assignment.name}.h5"
    table = table or compute(assignment)
    with h5py.File(path, "w") as file:
        for function, cases in table.items():
            for key, entry in cases.items():
                group = file.create_group(f"{function}/{key}")
                if entry["solution"] is not None:
                    write_h5(group.create_group("solution"), entry["solution"])
                mistakes = group.create_group("mistakes")
                for name, value in entry["mistakes"].items():
                    if value is not None:
                        write_h5(mistakes.create_group(name), value)
    return path


def public_mistakes(assignment, table):
    """``{function: [kit StoredMistake]}``: each mistake's hint and its outputs on the public cases alone,
    from ``compute``'s table; what the students' kit ships (``kit.mistakes``)."""
    return {function.name: [
        kit_mistakes.StoredMistake(mistake.name, mistake.hint, {
            index: table[function.name][key]["mistakes"][mistake.name]
            for index, key in enumerate(public_cases(function))
            if table[function.name][key]["mistakes"][mistake.name] is not None})
        for mistake in function.mistakes] for function in assignment.functions}


def write_kit_mistakes(assignment, table, path=None):
    return kit_mistakes.write(path or kit_mistakes.path(assignment.name), public_mistakes(assignment, table))


def load(assignment_name):
    """The stored references of one assignment, in the shape ``compute`` returns."""
    return {function: {key: {"solution": value, "mistakes": mistakes(assignment_name, function)[key]}
                       for key, value in cases.items()}
            for function, cases in solutions(assignment_name).items()}


_READING = {}  # assignment -> the thread that read (or reads) its solutions' outputs; one per process
_READING_LOCK = threading.Lock()


def read_meanwhile(assignment_name):
    """Start reading an assignment's solution outputs in a thread, once per process: a grader that waits
    on its sandbox (20 ms of h5py for one notebook) has them when it judges. A file it cannot read is
    said when judging reads it again."""
    with _READING_LOCK:
        if assignment_name not in _READING:
            _READING[assignment_name] = threading.Thread(target=_read_quietly, args=(assignment_name,), daemon=True)
            _READING[assignment_name].start()


def _read_quietly(assignment_name):
    try:
        solutions(assignment_name)
    except ReferenceError:
        pass


# Grading reads the solutions' outputs for every submission and the mistakes' outputs only to
# diagnose a failed function: most of the file, read only when needed.
@functools.lru_cache(maxsize=None)
def solutions(assignment_name):
    """``{function: {case key: the solution's output, or None}}``."""
    return _read(assignment_name, lambda cases: {
        key: read_h5(case["solution"]) if "solution" in case else None for key, case in cases.items()})


@functools.lru_cache(maxsize=None)
def mistakes(assignment_name, function_name):
    """``{case key: {mistake name: its output}}`` of one function."""
    return _read(assignment_name, lambda cases: {
        key: {name: read_h5(group) for name, group in case["mistakes"].items()} for key, case in cases.items()},
        function_name)


def _read(assignment_name, read_cases, function_name=None):
    import h5py
    path = FOLDER / f"{assignment_name}.h5"
    try:
        with h5py.File(path, "r") as file:
            if function_name is not None:
                return read_cases(file[function_name])
            return {function: read_cases(cases) for function, cases in file.items()}
    except (OSError, KeyError) as error:
        raise ReferenceError(_("{path}: cannot read the reference outputs ({error}); run make references", path=path,
                               error=error)) from None


def main(argv=None):
    names = (argv if argv is not None else sys.argv[1:]) or list(ASSIGNMENTS)
    for name in names:
        assignment = ASSIGNMENTS[name]
        table = compute(assignment)
        print(_("wrote {path}", path=write(assignment, table=table)))
        print(_("wrote {path}", path=write_kit_mistakes(assignment, table)))


if __name__ == "__main__":
    main()
