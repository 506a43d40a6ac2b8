"""Load the course data sets stored as HDF5 files (numpy, h5py and the standard library only)."""
from pathlib import Path

import h5py
import numpy as np

from .i18n import _

# In an assignment folder this file is kit/data.py and the data sit in datasets/ beside kit/.
DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "datasets"
ARRAY_NAMES = ("train_X", "train_Y", "test_X", "test_Y")


class DatasetError(OSError):
    """A data set file is missing, not HDF5, or lacks one of the four arrays."""


def load_dataset(name, directory=None):
    """Load <directory>/<name>.h5 (directory defaults to the datasets folder).

    Returns train_X, train_Y, test_X, test_Y as numpy arrays:
        train_X (2, m_train) float64, train_Y (1, m_train) int64 with labels 0 or 1,
        test_X (2, m_test) float64, test_Y (1, m_test) int64.
    Raises DatasetError with a one-line message naming the file.
    """
    path = Path(DEFAULT_DIRECTORY if directory is None else directory) / f"{name}.h5"
    if not path.is_file():
        raise DatasetError(_("{path}: not found (run make datasets)", path=path))
    try:
        file = h5py.File(path, "r")
    except OSError:
        raise DatasetError(_("{path}: not a valid HDF5 file (run make datasets)", path=path)) from None
    with file:
        missing = [key for key in ARRAY_NAMES if not isinstance(file.get(key), h5py.Dataset)]
        if missing:
            raise DatasetError(_("{path}: missing dataset(s) {names}", path=path, names=", ".join(missing)))
        return tuple(np.asarray(file[key][()]) for key in ARRAY_NAMES)
