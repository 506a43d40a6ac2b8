"""What a graded class is exported to: grades.csv, a summary, and nbgrader's gradebook.

All read the records of ``ResultStore.load()``, ``{assignment: [GradeRecord]}``; only records
that were graded carry scores.
"""
import csv
import warnings

from ..rubric import ASSIGNMENTS


def by_student(results):
    """``{(student, assignment): record}`` from ``ResultStore.load()``'s per-assignment lists."""
    return {(record.student, name): record for name, records in results.items() for record in records}


def write_csv(results, path, assignment_names):
    """One row per student, one column per graded function, plus totals; empty where not graded."""
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
        lines.append(f"{name}: {len(graded)} graded, {len(failed)} failed to grade")
        for function in ASSIGNMENTS[name].functions:
            scores = [t.score for r in graded for t in r.tests if t.function == function.name]
            if scores:
                lines.append(f"  {function.name:<42} mean {sum(scores) / len(scores):5.2f} / {function.points}")
        lines += [f"  failed: {record.student}: {record.error}" for record in failed]
    return "\n".join(lines)


def update_gradebook(results, db_url):
    """Write the scores into nbgrader's gradebook; return what was done, in a line."""
    from nbgrader.api import MissingEntry
    try:
        write_gradebook(results, db_url)
    except MissingEntry as error:
        return f"gradebook {db_url}: not updated ({error}; run `autograder release` to register the assignments)"
    return f"gradebook {db_url}: updated"


def write_gradebook(results, db_url):
    """Put every graded score into nbgrader's gradebook (the client is its only writer)."""
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(db_url) as gradebook, warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="nbgrader")  # its own SQLAlchemy session notices
        for (student, name), record in sorted(by_student(results).items()):
            if not record.graded:
                continue
            gradebook.update_or_create_student(student)
            try:
                gradebook.find_submission(name, student)
            except MissingEntry:
                gradebook.add_submission(name, student)
            for test in record.tests:
                grade = gradebook.find_grade(ASSIGNMENTS[name].function(test.function).test_cell_id, name,
                                             name, student)
                grade.auto_score = test.score
            gradebook.db.commit()
