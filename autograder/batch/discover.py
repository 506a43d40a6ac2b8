"""Which submissions a course holds: nbgrader's ``submitted/<student>/<assignment>/<assignment>.ipynb``."""
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import NotGradable
from ..untrusted_source import read_file

UNREADABLE = "0" * 64  # the content hash of a file that could not be read; a readable one differs


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    path: Path  # absolute, resolved on the client
    content_hash: str


def content_hash(data):
    return hashlib.sha256(data).hexdigest()


def find_submissions(folder, assignment_names):
    """Every submitted notebook under ``folder`` (a course root or its ``submitted/``)."""
    folder = Path(folder).resolve()
    submitted = folder / "submitted" if (folder / "submitted").is_dir() else folder
    found = []
    for student in sorted(p for p in submitted.iterdir() if p.is_dir()):
        for name in assignment_names:
            notebook = student / name / f"{name}.ipynb"
            if notebook.is_file():
                try:
                    digest = content_hash(read_file(notebook))
                except NotGradable:
                    digest = UNREADABLE
                found.append(Submission(student.name, name, notebook, digest))
    return found
