"""The data set builder, the committed .h5 files and the student-side loader."""
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest
from sklearn.datasets import make_circles

from autograder.kit.data import DatasetError, load_dataset

REPO = Path(__file__).resolve().parent.parent
DATASETS_DIR = REPO / "datasets"


def import_from_path(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_datasets = import_from_path("make_datasets", DATASETS_DIR / "make_datasets.py")


@pytest.fixture(scope="module")
def circles():
    return make_datasets.make_circles_set()


@pytest.fixture(scope="module")
def football():
    return make_datasets.make_football_set()


def test_committed_files_equal_a_rebuild():
    assert make_datasets.stale_files() == []


def test_check_command_passes_from_any_working_directory(tmp_path):
    script = DATASETS_DIR / "make_datasets.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_check_names_a_changed_file(tmp_path, circles):
    make_datasets.write_all(tmp_path)
    changed = dict(circles, train_Y=1 - circles["train_Y"])
    make_datasets.write_set(tmp_path / "circles.h5", changed)
    assert make_datasets.stale_files(tmp_path) == [tmp_path / "circles.h5"]


@pytest.mark.parametrize("split, seed, n_samples", [("train", 1, 300), ("test", 2, 100)])
def test_circles_equal_scikit_learn(circles, split, seed, n_samples):
    np.random.seed(seed)
    X, y = make_circles(n_samples, noise=0.05)
    assert circles[f"{split}_X"].dtype == np.float64
    assert np.array_equal(circles[f"{split}_X"], X.T)
    assert np.array_equal(circles[f"{split}_Y"], y.reshape(1, -1))


@pytest.mark.parametrize("name, m_train, m_test", [("circles", 300, 100), ("football", 211, 200)])
def test_shapes_and_dtypes(circles, football, name, m_train, m_test):
    arrays = {"circles": circles, "football": football}[name]
    for split, m in (("train", m_train), ("test", m_test)):
        assert arrays[f"{split}_X"].shape == (2, m)
        assert arrays[f"{split}_X"].dtype == np.float64
        assert arrays[f"{split}_Y"].shape == (1, m)
        assert arrays[f"{split}_Y"].dtype == np.int64


@pytest.mark.parametrize("name, split, counts", [
    ("circles", "train", [150, 150]),
    ("circles", "test", [50, 50]),
    ("football", "train", [105, 106]),
    ("football", "test", [113, 87]),
])
def test_class_balance(circles, football, name, split, counts):
    labels = {"circles": circles, "football": football}[name][f"{split}_Y"]
    assert set(np.unique(labels)) <= {0, 1}
    assert np.bincount(labels.ravel()).tolist() == counts


def test_football_keeps_csv_order(football):
    first_train_row = [-0.158986, 0.423977]
    assert football["train_X"][:, 0].tolist() == first_train_row
    assert football["train_Y"][0, 0] == 1


@pytest.mark.parametrize("name", ["circles", "football"])
def test_loader_returns_the_arrays(name):
    expected = make_datasets.BUILDERS[name]()
    loaded = load_dataset(name, DATASETS_DIR)
    for key, array in zip(("train_X", "train_Y", "test_X", "test_Y"), loaded):
        assert array.dtype == expected[key].dtype
        assert np.array_equal(array, expected[key])


def test_loader_default_directory_is_datasets_beside_kit(tmp_path):
    # The student layout: <assignment>/kit/data.py and <assignment>/datasets/.
    (tmp_path / "kit").mkdir()
    (tmp_path / "datasets").mkdir()
    for module in ("__init__.py", "i18n.py", "data.py"):  # data.py and what it imports
        shutil.copy(REPO / "autograder" / "kit" / module, tmp_path / "kit" / module)
    shutil.copy(DATASETS_DIR / "circles.h5", tmp_path / "datasets" / "circles.h5")
    shape = subprocess.run([sys.executable, "-c", "from kit.data import load_dataset; print(load_dataset('circles')[0].shape)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert shape.strip() == "(2, 300)"


def assert_one_line_error(directory, name):
    with pytest.raises(DatasetError) as raised:
        load_dataset(name, directory)
    message = str(raised.value)
    assert "\n" not in message
    assert f"{name}.h5" in message
    error = raised.value  # no HDF5 library traceback chained to ours
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    return message


def test_missing_file_raises(tmp_path):
    assert "not found" in assert_one_line_error(tmp_path, "circles")


def test_corrupted_file_raises(tmp_path):
    (tmp_path / "junk.h5").write_bytes(b"this is not an HDF5 file\x00\xff" * 10)
    assert "not a valid HDF5" in assert_one_line_error(tmp_path, "junk")


def test_file_missing_test_Y_raises(tmp_path, circles):
    with h5py.File(tmp_path / "partial.h5", "w") as file:
        for key in ("train_X", "train_Y", "test_X"):
            file.create_dataset(key, data=circles[key])
    assert "test_Y" in assert_one_line_error(tmp_path, "partial")
