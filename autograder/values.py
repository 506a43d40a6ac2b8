"""Plain data: what may cross from the student's side to the judge, and how it is stored.

A value is encoded as a JSON skeleton plus a flat dict of plain numpy arrays (``kit.encoding``, which
students' kits read too). Only builtin containers, numbers, strings, plain ``np.ndarray`` and numpy
scalars survive; anything else becomes an ``Unsupported`` marker, so overridden operators never reach
the comparison. The same encoding is stored in HDF5 (the references) and in the sandbox's messages
(see ``wire.py``).
"""
from .kit.encoding import NUMERIC_KINDS, Unsupported, decode, encode, plain, read_h5, write_h5

__all__ = ["NUMERIC_KINDS", "Unsupported", "decode", "encode", "plain", "read_h5", "write_h5"]
