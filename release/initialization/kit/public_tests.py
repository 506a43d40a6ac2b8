"""The public tests: the course's example inputs and its published outputs, as data.

In a notebook: ``public_test(initialize_parameters_he)`` runs every public case of that function
and either prints that they passed or fails with one line per difference.
"""
import contextlib

from .cases import PUBLIC_CASES
from .compare import differences
from .signatures import signature_problem


class PublicTestFailure(AssertionError):
    """A public case failed; the message lists every difference found."""


def public_test(function):
    """Run the public cases of ``function`` (looked up by its name) and report what differs."""
    name = function.__name__
    if name not in PUBLIC_CASES:
        raise PublicTestFailure(f"There are no public tests for a function named {name!r}: keep the course's name.")
    cases = PUBLIC_CASES[name]
    problems = []
    for case in cases:
        args = case.make_args()
        if problem := signature_problem(name, function, args, case.kwargs):
            raise PublicTestFailure(problem)
        with substituted(function.__globals__, case.substitutes):
            received = function(*args, **case.kwargs)
        problems += [f"{case.name}: {line}"
                     for line in differences(case.expected, received, case.output_name, rtol=case.rtol, atol=case.atol)]
    if problems:
        raise PublicTestFailure(f"{name} failed {len(problems)} check(s):\n  " + "\n  ".join(problems))
    print(f"\033[92m{name}: all {len(cases)} public test(s) passed.\033[0m")


@contextlib.contextmanager
def substituted(namespace, substitutes):
    """Put ``substitutes`` (name -> function) in ``namespace`` for the duration, then restore it."""
    saved = {name: namespace[name] for name in substitutes if name in namespace}
    namespace.update(substitutes)
    try:
        yield
    finally:
        for name in substitutes:
            namespace.pop(name, None)
        namespace.update(saved)
