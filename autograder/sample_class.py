"""A sample class made from the release notebook, in nbgrader's ``submitted/<student>/<assignment>/`` layout.

Students: ``correct`` (the reference solutions), one ``mistake-...`` per catalogued mistake (the
solutions with that mistake), ``unanswered`` (the release notebook as is), ``invalid-file``
(not JSON) and ``deleted-test-cell`` (correct, with the first test cell deleted).
"""
import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat

from . import solutions
from .definitions import is_test_cell
from .rubric import ASSIGNMENTS


def student_id(mistake):
    return "mistake-" + re.sub(r"[^a-z0-9]+", "-", mistake.name.lower()).strip("-")


def answered(release, source):
    """The release notebook with every solution cell filled in from ``source``."""
    filled = copy.deepcopy(release)
    by_id = {cell.metadata["nbgrader"]["grade_id"]: cell for cell in source.cells if "nbgrader" in cell.metadata}
    for cell in filled.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = solutions.solution_code(by_id[meta["grade_id"]].source)
    return filled


def submissions(assignment, released=solutions.RELEASE):
    """``{student id: notebook}`` for every student of the sample class (the invalid file aside), each
    answering the notebook of the release folder ``released``."""
    release = solutions.read_notebook(released / assignment.name / f"{assignment.name}.ipynb")
    source = solutions.source_notebook(assignment.name)
    class_ = {"correct": answered(release, source), "unanswered": release}
    for function in assignment.functions:
        for mistake in function.mistakes:
            class_[student_id(mistake)] = answered(release, solutions.with_mistake(source, function.name, mistake))
    deleted = copy.deepcopy(class_["correct"])
    first_test = next(index for index, cell in enumerate(deleted.cells) if is_test_cell(cell))
    del deleted.cells[first_test]
    class_["deleted-test-cell"] = deleted
    return class_


def make(assignment_name, course_root=solutions.REPO):
    """Write the sample class of one assignment under ``course_root/submitted``, answering the course's own
    release when it has one (it may be in another language), else the kit's; return the student ids."""
    submitted = Path(course_root) / "submitted"
    own = Path(course_root) / "release"
    released = own if (own / assignment_name).is_dir() else solutions.RELEASE
    students = []
    for student, notebook in submissions(ASSIGNMENTS[assignment_name], released).items():
        folder = submitted / student / assignment_name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{assignment_name}.ipynb")
        students.append(student)
    invalid = submitted / "invalid-file" / assignment_name
    shutil.rmtree(invalid, ignore_errors=True)
    invalid.mkdir(parents=True)
    (invalid / f"{assignment_name}.ipynb").write_text("this is not a notebook {\n")
    return students + ["invalid-file"]


def main(argv=None):
    names = (argv if argv is not None else sys.argv[1:]) or list(ASSIGNMENTS)
    for name in names:
        print(f"{name}: {len(make(name))} submissions in submitted/*/{name}/")


if __name__ == "__main__":
    main()
