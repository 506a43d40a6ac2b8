"""The grader's kit under the name notebooks import it by: ``from kit.network import relu``.

A release folder's ``kit`` is a copy of ``autograder/kit`` holding its own assignment's cases; the
grader's holds every assignment's, so notebooks of every assignment run against it in one process
(tests keep the copies identical to it).
"""
import importlib
import pkgutil
import sys

from . import kit


def install():
    """Make ``kit`` and each of its modules ``kit.<name>`` the grader's own."""
    if sys.modules.get("kit") is kit:
        return
    sys.modules["kit"] = kit
    for info in pkgutil.walk_packages(kit.__path__, "autograder.kit."):
        sys.modules["kit." + info.name[len("autograder.kit."):]] = importlib.import_module(info.name)
