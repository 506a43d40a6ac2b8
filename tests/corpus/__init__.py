"""Solutions written apart from the kit, in the styles learners use: the correct ones must earn full
marks, the wrong ones (each a mistake learners make) must lose their function's points and be told
what the mistake is (``names``: words the feedback must contain).

In each module the first correct solution of every function is the course's own published algorithm,
written out here in the course's style (its names, its message texts)."""
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Wrong:
    code: str
    names: str


def function_name(code):
    return re.search(r"^def (\w+)\(", code, re.MULTILINE).group(1)
