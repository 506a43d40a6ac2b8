"""Build the course data sets: circles.h5 and football.h5 in this folder.

Usage (from anywhere):
    python datasets/make_datasets.py           write both files
    python datasets/make_datasets.py --check   exit 1 if a committed file differs from a rebuild

Each file holds train_X (2, m) float64, train_Y (1, m) int64, test_X and test_Y.
"""
import argparse
import csv
import sys
from pathlib import Path

import h5py
import numpy as np

DATASETS_DIR = Path(__file__).resolve().parent
ARRAY_NAMES = ("train_X", "train_Y", "test_X", "test_Y")


def noisy_circles(n_samples, noise, factor=0.8):
    """Points on two concentric circles plus Gaussian noise, labels 0 (outer) and 1 (inner).

    Draws from numpy's global RNG in the same order and amounts as
    sklearn.datasets.make_circles(n_samples, noise=noise, factor=factor), so after
    the same np.random.seed the result is bit-for-bit identical. Returns X (n, 2), y (n,).
    """
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    # endpoint=False keeps the first and last point of a circle from coinciding.
    outer_angles = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    inner_angles = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    points = np.concatenate([
        np.column_stack([np.cos(outer_angles), np.sin(outer_angles)]),
        np.column_stack([np.cos(inner_angles) * factor, np.sin(inner_angles) * factor]),
    ])
    labels = np.repeat(np.array([0, 1], dtype=np.int64), [n_outer, n_inner])

    # The RNG is used twice: one permutation of the row indices, then the noise.
    order = np.random.permutation(n_samples)
    points, labels = points[order], labels[order]
    points = points + np.random.normal(scale=noise, size=points.shape)
    return points, labels


def as_columns(X, y):
    """Samples as columns: X (2, m) float64, Y (1, m) int64."""
    return np.ascontiguousarray(X.T, dtype=np.float64), y.reshape(1, -1).astype(np.int64)


def make_circles_set():
    """Circles: 300 training points after np.random.seed(1), 100 test points after seed(2)."""
    np.random.seed(1)
    train_X, train_Y = as_columns(*noisy_circles(300, noise=0.05))
    np.random.seed(2)
    test_X, test_Y = as_columns(*noisy_circles(100, noise=0.05))
    return {"train_X": train_X, "train_Y": train_Y, "test_X": test_X, "test_Y": test_Y}


def make_football_set():
    """Football: rows of football.csv split into train and test, each in file order."""
    with open(DATASETS_DIR / "football.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    arrays = {}
    for split in ("train", "test"):
        chosen = [row for row in rows if row["split"] == split]
        X = np.array([[float(row["x1"]), float(row["x2"])] for row in chosen])
        y = np.array([int(row["label"]) for row in chosen])
        arrays[f"{split}_X"], arrays[f"{split}_Y"] = as_columns(X, y)
    return arrays


BUILDERS = {"circles": make_circles_set, "football": make_football_set}


def write_set(path, arrays):
    with h5py.File(path, "w") as file:
        for name in ARRAY_NAMES:
            # No timestamps, so a rebuild of unchanged data gives the same bytes.
            file.create_dataset(name, data=arrays[name], track_times=False)


def matches(path, arrays):
    """True if the file at path holds exactly these arrays, with the same dtypes."""
    try:
        with h5py.File(path, "r") as file:
            if set(file) != set(arrays):
                return False
            return all(
                isinstance(file[name], h5py.Dataset)
                and file[name].dtype == array.dtype
                and np.array_equal(file[name][()], array)
                for name, array in arrays.items()
            )
    except OSError:  # missing or not HDF5
        return False


def write_all(directory=DATASETS_DIR):
    for name, build in BUILDERS.items():
        write_set(Path(directory) / f"{name}.h5", build())


def stale_files(directory=DATASETS_DIR):
    """Paths of the data set files in directory that differ from a rebuild."""
    paths = {name: Path(directory) / f"{name}.h5" for name in BUILDERS}
    return [paths[name] for name, build in BUILDERS.items() if not matches(paths[name], build())]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build circles.h5 and football.h5.")
    parser.add_argument("--check", action="store_true",
                        help="only verify that the committed files equal a rebuild")
    args = parser.parse_args(argv)
    if not args.check:
        write_all()
        return 0
    stale = stale_files()
    if stale:
        names = ", ".join(str(path.relative_to(DATASETS_DIR.parent)) for path in stale)
        print(f"stale data set file(s): {names} (run make datasets)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
