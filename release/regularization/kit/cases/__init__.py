"""Every assignment's graded functions as students see them: their signatures and public test cases.

One module per assignment, holding ``SIGNATURES`` (a list of "name(parameters)" as the course
defines them), ``PUBLIC_CASES`` (graded function name -> its cases) and, where it has any,
``PUBLIC_PROPERTIES`` (graded function name -> its ``properties.Property`` list); this package collects
the modules it holds. The grader's kit holds every assignment's; a release folder's kit its own alone.
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


class DuplicateCase(ValueError):
    """Two cases modules (or one, twice) give the same graded function a signature or public cases."""


def collected(modules):
    """``(SIGNATURES, PUBLIC_CASES)`` of ``modules``, each a dict keyed by graded function name;
    refuses (DuplicateCase, naming both files) a function given a signature or cases twice, since
    the one read last would silently win."""
    signatures, cases, where = {}, {}, {}

    def claim(kind, name, module):
        if (kind, name) in where:
            raise DuplicateCase(f"{name}: {kind} in both {where[kind, name]} and {module.__file__}")
        where[kind, name] = module.__file__

    for module in modules:
        for signature in module.SIGNATURES:
            name = signature.split("(")[0]
            claim("signature", name, module)
            signatures[name] = signature
        for name, function_cases in module.PUBLIC_CASES.items():
            claim("public cases", name, module)
            cases[name] = function_cases
    return signatures, cases


# Every module of this package is one assignment's SIGNATURES and PUBLIC_CASES, named after it.
_MODULES = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
SIGNATURES, PUBLIC_CASES = collected(_MODULES)
PUBLIC_PROPERTIES = {function: properties for module in _MODULES
                     for function, properties in getattr(module, "PUBLIC_PROPERTIES", {}).items()}
ASSIGNMENT_OF = {function: module.__name__.rsplit(".", 1)[1] for module in _MODULES for function in module.PUBLIC_CASES}
