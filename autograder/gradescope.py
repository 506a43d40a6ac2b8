"""Gradescope's autograder package for one assignment, and what it runs for every submission.

``build`` writes the zip Gradescope asks for: ``setup.sh`` (run once, as root, on Gradescope's
Ubuntu base image: installs the kit into a venv and prints what isolation the image gives),
``run_autograder`` (run per submission: ``python -m autograder.gradescope run``) and the kit's
own distribution under ``kit/``: the grading package with its rubric and reference outputs, no
source notebooks. ``run`` grades the submitted notebook as ``autograder grade`` does and always
leaves its record as ``results/results.json``, also when the submission is no notebook or grading failed.
"""
import sys
import zipfile
from pathlib import Path

from .errors import first_line
from .i18n import _

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu base image, to build the grading image.
set -euo pipefail
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install -q /autograder/source/kit
# What isolation student code gets in this image; refuses (and fails the build) if none is possible.
/autograder/venv/bin/autograder doctor
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission; it writes results/results.json.
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
exec "${{AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}}" -m autograder.gradescope run "$ROOT" {assignment}
"""


def build(assignment, output):
    """Write Gradescope's autograder zip for ``assignment`` to ``output``."""
    from .solutions import REPO
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "setup.sh", SETUP, executable=True)
        _add(archive, "run_autograder", RUN.format(assignment=assignment), executable=True)
        package = sorted(path for path in (REPO / "autograder").rglob("*")
                         if path.is_file() and "__pycache__" not in path.parts)
        for path in [REPO / "pyproject.toml", REPO / "README.md", *package]:
            archive.write(path, f"kit/{path.relative_to(REPO)}")
    return output


def _add(archive, name, text, executable=False):
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o755 if executable else 0o644) << 16
    archive.writestr(info, text)


def run(root, assignment):
    """Grade the submission under ``root``/submission into ``root``/results/results.json."""
    from .sandbox import start
    started = start()  # first, so that its warm-up overlaps the grader's imports
    from .record import GradeRecord, Status
    from .runners.sandboxed import grade_notebook
    from .sandbox import Sandbox
    root = Path(root)
    notebook = _submitted_notebook(root / "submission", assignment)
    try:
        with Sandbox(started) as box:
            record = grade_notebook(notebook, assignment, box=box) if notebook else \
                GradeRecord.not_graded(assignment, _("No notebook was submitted: upload {assignment}.ipynb.",
                                                     assignment=assignment))
    except Exception as error:  # a bug of ours: Gradescope must still get its results.json
        record = GradeRecord.not_graded(assignment, _("unexpected error: {error}: {message}",
                                                      error=type(error).__name__, message=first_line(error)),
                                        Status.GRADER_FAILURE)
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(record.to_json() + "\n")
    if not record.graded:
        print(record.error)  # for the instructor: Gradescope keeps stdout hidden from students


def _submitted_notebook(folder, assignment):
    named = folder / f"{assignment}.ipynb"
    if named.is_file():
        return named
    found = sorted(path for path in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts)
    return found[0] if found else None


def main(argv):
    """``python -m autograder.gradescope run ROOT ASSIGNMENT``, as run_autograder calls it."""
    if len(argv) != 3 or argv[0] != "run":
        print("usage: python -m autograder.gradescope run ROOT ASSIGNMENT", file=sys.stderr)
        return 2
    run(argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
