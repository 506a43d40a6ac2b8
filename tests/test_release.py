"""release/ is what nbgrader generates from source/, and it gives nothing away."""
import filecmp
import re
import shutil

import pytest

from autograder import release, solutions
from autograder.rubric import ASSIGNMENTS

NAMES = list(ASSIGNMENTS)


def files_under(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@pytest.mark.parametrize("name", NAMES)
def test_source_holds_exact_copies_of_the_shared_files(name):
    folder = solutions.SOURCE / name
    shared = release.shared_files(ASSIGNMENTS[name])
    for relative, original in shared.items():
        assert filecmp.cmp(folder / relative, original, shallow=False), f"{folder / relative} differs: make release"
    copied = [p for p in files_under(folder) if p.parts[0] in ("kit", "datasets")]
    assert sorted(copied) == sorted(shared), "stale files in source: make release"


@pytest.mark.parametrize("name", NAMES)
def test_release_equals_a_fresh_generation(name, tmp_path):
    shutil.copytree(solutions.SOURCE / name, tmp_path / "source" / name,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(solutions.REPO / "nbgrader_config.py", tmp_path)
    release.generate(name, course_root=tmp_path)
    fresh, committed = tmp_path / "release" / name, solutions.RELEASE / name
    assert files_under(fresh) == files_under(committed)
    for relative in files_under(fresh):
        assert filecmp.cmp(fresh / relative, committed / relative, shallow=False), f"{relative} drifted: make release"


def solution_lines(name):
    """Lines written only inside solution regions of the source notebook (not in the provided code)."""
    notebook = solutions.source_notebook(name)
    inside, outside = set(), set()
    for cell in notebook.cells:
        in_solution = False
        for line in cell.source.splitlines():
            if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
                in_solution = "BEGIN" in line
                continue
            (inside if in_solution else outside).add(line.strip())
    return {line for line in inside - outside if len(line) > 15}


@pytest.mark.parametrize("name", NAMES)
def test_release_holds_no_solution_hidden_test_or_reference(name):
    folder = solutions.RELEASE / name
    secrets = solution_lines(name)
    assert secrets, "the source notebook should have solution regions"
    for relative in files_under(folder):
        if relative.suffix == ".h5":
            assert relative.parts[0] == "datasets", f"{relative}: only data sets may be HDF5 files in release"
            continue
        text = (folder / relative).read_text()
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{relative} contains {marker}"
        assert not re.search(r"^\s*(from|import) autograder", text, re.MULTILINE), f"{relative} imports the grader"
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{relative} contains solution code: {leaked[:3]}"
