"""The grader's conventions as data: seeds, thresholds and output caps, each written once.

What students' code needs too (the course's seeds) lives in ``kit/conventions.py``, which every
release folder carries; it is re-exported here so that trusted code has one place to look.
"""
from .kit.conventions import (DEFAULT_EPSILON, DROPOUT_SEED, EXAMPLE_SEED, GRADIENT_CHECK_THRESHOLD,  # noqa: F401
                              INITIALIZATION_SEED, PRE_SEED, short)  # (re-exported)

SEED_BOUND = 2**31  # seeds are drawn below this: numpy's legacy seeding takes 32-bit values


def grading_seed():
    """A fresh seed for a grading run's inputs: unknown in advance, reported with the result."""
    import secrets  # here: the sandbox's zygote imports this module and draws no seed
    return secrets.randbelow(SEED_BOUND)


def call_seed(rng):
    """The seed of numpy's global RNG just before a call on fresh inputs, drawn from the grading
    run's generator: one grading seed fixes every call's."""
    return int(rng.integers(SEED_BOUND))



# Output caps, in characters unless said otherwise.
PRINTED_LIMIT = 2000  # of a call's printing and warnings, kept in its outcome, also when it comes from a sandbox
QUOTED_PRINT_LIMIT = 200  # of a call's printing, quoted in a feedback message
SANDBOX_MESSAGE_LIMIT = 500  # of a sandbox's error or note
SOURCE_ERROR_LIMIT = 300  # of the error that made a statement of the student's ungradable
FRAME_LIMIT = 256 * 2**20  # bytes of one wire frame: no honest answer of these assignments comes near this

