"""Solutions written apart from the kit, in the styles learners use: the correct ones must earn full
marks, the wrong ones (each a mistake learners make) must lose their function's points and be told
what the mistake is (``names``: words the feedback must contain). The caught ones (``CAUGHT``) are
what the check before submitting (``kit.check``) must flag, each with the kind of problem it is.

In each module the first correct solution of every function is the course's own published algorithm,
written out here in the course's style (its names, its message texts)."""
import re
from dataclasses import dataclass

from autograder.kit.check import Kind


@dataclass(frozen=True)
class Wrong:
    code: str
    names: str


@dataclass(frozen=True)
class Caught:
    code: str
    problem: Kind


def function_name(code):
    return re.search(r"^[ \t]*def (\w+)\(", code, re.MULTILINE).group(1)
