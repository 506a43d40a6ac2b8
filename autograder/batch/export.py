"""What a graded class is exported to: grades.csv and a summary (nbgrader's gradebook: ``autograded.py``;
an LMS: ``lms.py``).

All read the records of ``ResultStore.load()``, ``{assignment: [GradeRecord]}``; only records
that were graded carry scores.
"""
import csv

from ..i18n import _
from ..rubric import ASSIGNMENTS


def by_student(results):
    """``{(student, assignment): record}`` from ``ResultStore.load()``'s per-assignment lists."""
    return {(record.student, name): record for name, records in results.items() for record in records}


def write_csv(results, path, assignment_names):
    """One row per student, one column per graded function, plus totals; empty where not graded.
    The header is for machines (a gradebook's import, a spreadsheet's formulas): in English."""
    records = by_student(results)
    columns = [f.name for name in assignment_names for f in ASSIGNMENTS[name].functions]
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["student", *columns, *(f"{name} total" for name in assignment_names)])
        for student in sorted({student for student, _ in records}):
            graded = [records[(student, name)] if (student, name) in records and records[(student, name)].graded
                      else None for name in assignment_names]
            scores = {test.function: test.score for record in graded if record for test in record.tests}
            writer.writerow([student, *(scores.get(column, "") for column in columns),
                             *(record.score if record else "" for record in graded)])


def summary(results, assignment_names):
    """Graded, not graded, and the mean score per function, as text."""
    lines = []
    for name in assignment_names:
        mine = results.get(name, [])
        graded = [record for record in mine if record.graded]
        failed = [record for record in mine if not record.graded]
        lines.append(_("{assignment}: {graded} graded, {failed} failed to grade", assignment=name, graded=len(graded),
                       failed=len(failed)))
        for function in ASSIGNMENTS[name].functions:
            scores = [t.score for r in graded for t in r.tests if t.function == function.name]
            if scores:
                lines.append("  " + _("{function:<42} mean {mean:5.2f} / {points}", function=function.name,
                                      mean=sum(scores) / len(scores), points=function.points))
        lines += ["  " + _("failed: {student}: {error}", student=record.student, error=record.error) for record in failed]
    return "\n".join(lines)
