"""The catalogued mistakes' outputs on the public cases, each with its hint, as the grader stored them.

``autograder references`` writes one file per assignment beside its public cases,
``cases/<assignment>_mistakes.h5``; a release folder's kit holds its own assignment's file alone.
The file is derived: the rubric's ``Mistake.hint`` is the one place of the words. It holds public
cases only, whose correct outputs are public already, so it tells a student nothing hidden.

Layout: ``/<function>`` with the attribute ``mistakes`` (their names in the rubric's order, as JSON);
``/<function>/<mistake name>`` with the attribute ``hint`` and, per public case whose call returned,
a group named by the case's index ("0", "1", ...) holding its output (``encoding``).
"""
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from .cases import ASSIGNMENT_OF
from .compare import differences
from .encoding import read_h5, write_h5

FOLDER = Path(__file__).resolve().parent / "cases"


@dataclass(frozen=True)
class StoredMistake:
    """A catalogued mistake as the kit knows it: what to say, and what it returns on each public case."""
    name: str
    hint: str
    outputs: dict = field(default_factory=dict)  # public case index -> output; absent where the call raised


def path(assignment_name):
    return FOLDER / f"{assignment_name}_mistakes.h5"


def write(file_path, table):
    """Write ``{function: [StoredMistake, ...]}`` to ``file_path``."""
    import h5py  # here, not at the top: the sandbox's zygote imports this module and reads no file
    with h5py.File(file_path, "w") as file:
        for function, mistakes in table.items():
            group = file.create_group(function)
            group.attrs["mistakes"] = json.dumps([mistake.name for mistake in mistakes])
            for mistake in mistakes:
                entry = group.create_group(mistake.name)
                entry.attrs["hint"] = mistake.hint
                for index, value in mistake.outputs.items():
                    write_h5(entry.create_group(str(index)), value)
    return file_path


def read(file_path):
    """``{function: [StoredMistake, ...]}`` as ``write`` stored it."""
    import h5py
    with h5py.File(file_path, "r") as file:
        return {function: [StoredMistake(name, str(group[name].attrs["hint"]),
                                         {int(index): read_h5(case) for index, case in group[name].items()})
                           for name in json.loads(group.attrs["mistakes"])]
                for function, group in file.items()}


def stored(function_name):
    """The stored mistakes of a graded function; none when the kit holds no file for it."""
    assignment = ASSIGNMENT_OF.get(function_name)
    return tuple(_assignment_file(assignment).get(function_name, ())) if assignment else ()


@functools.lru_cache(maxsize=None)
def _assignment_file(assignment_name):
    """The assignment's file, read once for all its functions; {} when the kit holds none."""
    return read(path(assignment_name)) if path(assignment_name).is_file() else {}


def reproduces(outputs, received):
    """Whether ``received`` (case -> output) is a mistake's ``outputs`` (case -> output, None or absent
    where its call raised) on every case: the one rule by which the grader (``autograder.diagnosis``) and
    the public tests name a mistake. A case the mistake stores no output for cannot be matched."""
    return all(outputs.get(key) is not None and not differences(outputs[key], value) for key, value in received.items())


def matching(function_name, received):
    """The stored mistakes whose outputs ``received`` (public case index -> output) reproduces on every
    public case."""
    return [mistake for mistake in stored(function_name) if received and reproduces(mistake.outputs, received)]
