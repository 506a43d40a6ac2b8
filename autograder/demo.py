"""The demo: grade the sample classes with nbgrader and print what each student got.

``python -m autograder.demo [ASSIGNMENT ...]`` makes each sample class, runs
``nbgrader autograde`` and ``generate_feedback`` on it, and prints a table read back from the
gradebook: per student the score of each graded function, the total and the diagnosis.
"""
import sys
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import sample_class
from .release import nbgrader
from .rubric import ASSIGNMENTS
from .runners.kernel import displayed_results
from .solutions import REPO, read_notebook  # nbformat's: diagnoses() reads cells as attributes


def grade_sample_class(assignment_name, course_root=REPO):
    """Make and autograde the sample class; nbgrader's log goes to ``results/<assignment>-nbgrader.log``."""
    students = sample_class.make(assignment_name, course_root)
    log = Path(course_root) / "results" / f"{assignment_name}-nbgrader.log"
    log.parent.mkdir(exist_ok=True)
    with open(log, "w") as output:
        for command in ("autograde", "generate_feedback"):
            nbgrader(command, assignment_name, "--force", course_root=course_root, stdout=output, stderr=output)
    return students


def class_rows(assignment_name, students, course_root=REPO):
    """Per student: ``{"student", "scores": {function: score or None}, "total", "diagnosis"}``.

    Scores come from the gradebook; a student without an autograded notebook failed to grade.
    """
    assignment = ASSIGNMENTS[assignment_name]
    rows = []
    with Gradebook(f"sqlite:///{Path(course_root) / 'gradebook.db'}") as gradebook:
        for student in students:
            graded = Path(course_root) / "autograded" / student / assignment_name / f"{assignment_name}.ipynb"
            try:
                notebook = gradebook.find_submission_notebook(assignment_name, assignment_name, student)
            except MissingEntry:
                notebook = None
            if notebook is None or not graded.exists():
                rows.append({"student": student, "scores": {f.name: None for f in assignment.functions},
                             "total": None, "diagnosis": "grading error: see the nbgrader log"})
                continue
            grades = {grade.name: grade.score for grade in notebook.grades}
            scores = {f.name: grades.get(f.test_cell_id) for f in assignment.functions}
            rows.append({"student": student, "scores": scores, "total": sum(s or 0 for s in scores.values()),
                         "diagnosis": "; ".join(diagnoses(read_notebook(graded)))})
    return rows


def diagnoses(notebook):
    """The likely mistakes that the hidden tests left in the autograded notebook, read from the
    results they display as data (the kernel runner's RESULT_MIME), not from their text."""
    return [hint for result in displayed_results(notebook.cells) for hint in result.hints]


def table(assignment_name, rows):
    functions = [f.name for f in ASSIGNMENTS[assignment_name].functions]
    max_score = ASSIGNMENTS[assignment_name].max_score
    header = ["student", *functions, f"total/{max_score}", "diagnosis"]
    body = [[row["student"], *("-" if row["scores"][f] is None else f"{row['scores'][f]:g}" for f in functions),
             "-" if row["total"] is None else f"{row['total']:g}", row["diagnosis"]] for row in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)) + "  " + line[-1]
             for line in [header, *body]]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def main(argv=None):
    names = (argv if argv is not None else sys.argv[1:]) or list(ASSIGNMENTS)
    for name in names:
        print(f"\nGrading the {name} sample class with nbgrader autograde ...", flush=True)
        rows = class_rows(name, grade_sample_class(name))
        print(table(name, rows))
        print(f"Feedback: feedback/<student>/{name}/{name}.html; nbgrader's log: results/{name}-nbgrader.log")


if __name__ == "__main__":
    main()
