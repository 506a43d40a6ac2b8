"""The release step: copy the shared student-side files into each source assignment, then let
nbgrader generate ``release/``.

``kit/`` (from ``autograder/kit``) and the assignment's data sets are written once in the repo
and copied here, so every source and release folder runs on its own. The copies are committed
and a test fails when they drift.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .rubric import ASSIGNMENTS
from .solutions import REPO, SOURCE

KIT = Path(__file__).resolve().parent / "kit"
DATASETS = REPO / "datasets"
COPY_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def shared_files(assignment):
    """``{path in the assignment folder: original}`` for every shared file the assignment needs."""
    files = {Path("kit") / path.relative_to(KIT): path
             for path in sorted(KIT.rglob("*.py")) if "__pycache__" not in path.parts}
    files.update({Path("datasets") / f"{name}.h5": DATASETS / f"{name}.h5" for name in assignment.datasets})
    return files


def copy_shared_files(assignment):
    folder = SOURCE / assignment.name
    for stale in ("kit", "datasets"):
        shutil.rmtree(folder / stale, ignore_errors=True)
    for relative, original in shared_files(assignment).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, folder / relative)


def nbgrader_environment():
    # nbgrader runs helpers such as `alembic` by name: they must be found beside this interpreter.
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def nbgrader(*arguments, course_root=REPO, **options):
    """Run an nbgrader command on ``course_root`` with this interpreter's environment."""
    command = [sys.executable, "-m", "nbgrader", *arguments, f"--CourseDirectory.root={course_root}"]
    return subprocess.run(command, cwd=course_root, env=nbgrader_environment(), **options)


def generate(assignment_name, course_root=REPO):
    """Run ``nbgrader generate_assignment`` for one assignment in ``course_root``."""
    nbgrader("generate_assignment", assignment_name, "--force", "--log-level=WARN",
             course_root=course_root, check=True)


def main(argv=None):
    names = (argv if argv is not None else sys.argv[1:]) or list(ASSIGNMENTS)
    for name in names:
        copy_shared_files(ASSIGNMENTS[name])
        generate(name)
        print(f"released {name}: release/{name}/")


if __name__ == "__main__":
    main()
