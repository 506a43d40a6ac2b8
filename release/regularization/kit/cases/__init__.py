"""Every assignment's graded functions as students see them: their signatures and public test cases.

One module per assignment, holding ``SIGNATURES`` (a list of "name(parameters)" as the course
defines them) and ``PUBLIC_CASES`` (graded function name -> its cases); this package collects them.
"""
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable

from ..compare import ATOL, RTOL


@dataclass(frozen=True)
class Case:
    """One call of a graded function on the course's example inputs and the output it must give."""
    name: str
    make_args: Callable[[], tuple]  # builds fresh positional arguments on every call
    expected: object
    output_name: str = "output"  # what the returned value is called in messages
    kwargs: dict = field(default_factory=dict)
    # Kit functions put in place of the notebook's own during the case, by name, so that the case
    # tests this function alone (gradient_check with the kit's 1-D cost, not the student's).
    substitutes: dict = field(default_factory=dict)
    rtol: float = RTOL  # how close counts as equal: wider where the expected value is rounding noise
    atol: float = ATOL


def _collect():
    # Every module of this package is one assignment's SIGNATURES and PUBLIC_CASES.
    signatures, cases = {}, {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        signatures.update({signature.split("(")[0]: signature for signature in module.SIGNATURES})
        cases.update(module.PUBLIC_CASES)
    return signatures, cases


SIGNATURES, PUBLIC_CASES = _collect()
