"""The graded functions' signatures, as the course gives them: the tests call them this way.

Shared by the public tests and the grader, so that a function whose signature drifted (an older
version of the course, a renamed parameter) is told which signature to keep, not shown a TypeError.
"""
import inspect

from .cases import SIGNATURES  # each assignment's, written beside its public cases
from .i18n import _


def parameter_names(name):
    """The parameters of graded function ``name``, in order: ["x", "theta", "epsilon", "print_msg"]."""
    inside = SIGNATURES[name][len(name) + 1:-1]
    return [part.split("=")[0].strip() for part in inside.split(",") if part.strip()]


def signature_problem(name, function, args, kwargs):
    """A sentence saying why ``function`` cannot be called as ``name(*args, **kwargs)``, or None when it can."""
    try:
        yours = inspect.signature(function)
        yours.bind(*args, **kwargs)
        return None
    except TypeError:
        pass
    except Exception:  # no signature to read (a builtin, an odd callable): let the call say what is wrong
        return None
    if name not in SIGNATURES:
        return _("{name}{yours} cannot take the call the tests make", name=name, yours=yours)
    takes_any_keyword = any(p.kind is p.VAR_KEYWORD for p in yours.parameters.values())
    missing = [p for p in parameter_names(name) if p not in yours.parameters and not takes_any_keyword]
    if missing:
        return _("{must_keep}; yours has no {missing}", must_keep=must_keep(name), missing=_(" or ").join(missing))
    return _("{must_keep}; yours is {name}{yours}", must_keep=must_keep(name), name=name, yours=yours)


def must_keep(name):
    return _("{name} must keep the signature {signature}", name=name, signature=SIGNATURES.get(name))


def is_signature_problem(name, error):
    """Whether ``error`` (an Outcome's) is what ``signature_problem`` says of graded function ``name``."""
    return error.startswith(must_keep(name))
