"""What each assignment's release notebook gave the learner, one module per assignment, written by
``autograder release`` from the notebook nbgrader generated (never by hand): ``FUNCTIONS``, the
graded functions; ``CELLS``, the cells nbgrader tracks, in order, with their checksums; ``SEEDS``,
the ``np.random.seed`` calls each answer cell came with. A release folder's kit holds its own alone.
"""
import importlib
import pkgutil

RELEASES = {info.name: importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)}
