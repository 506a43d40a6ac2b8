"""nbgrader's side of a graded class: ``autograded/<student>/<assignment>/``, the gradebook's scores
and timestamps, as ``nbgrader autograde`` leaves them, so that formgrader, manual grading and
``nbgrader generate_feedback`` work on the kit's grades.

nbgrader's own Autograde converter does it, with one step changed: where it would execute the
notebook (student code in the instructor's kernel), ``KitOutputs`` gives each graded test cell the
kit's report as its output, an error where the function failed, as the hidden test cell would have
shown it. nbgrader then scores the cells (an error is 0, otherwise the cell's points: the rubric's
all or nothing), writes the gradebook and the folders, and copies the timestamp.
"""
import contextlib
import logging
import warnings
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat.v4 import new_output
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput,
                                    NbGraderPreprocessor, SaveAutoGrades)
from traitlets.config import Config, PyFileConfigLoader

from ..i18n import _, _n
from ..rubric import ASSIGNMENTS
from ..runners.kernel import FunctionFailed


class KitOutputs(NbGraderPreprocessor):
    """Each graded test cell's output: the kit's report on its function, from the student's record."""

    def __init__(self, records, **kwargs):
        super().__init__(**kwargs)
        self.records = records  # (student, assignment) -> GradeRecord, graded

    def preprocess(self, notebook, resources):
        key = (resources["nbgrader"]["student"], resources["nbgrader"]["assignment"])
        record = self.records[key]
        results = {ASSIGNMENTS[record.assignment].function(test.function).test_cell_id: test for test in record.tests}
        for cell in notebook.cells:
            nbgrader = cell.metadata.get("nbgrader", {})
            if not nbgrader.get("grade"):
                continue
            grade_id = nbgrader.get("grade_id")
            if grade_id not in results:
                raise NbGraderException(_("{student}/{assignment}: the graded cell {grade_id!r} is not one the kit grades",
                                          student=key[0], assignment=key[1], grade_id=grade_id))
            cell.outputs = [_output(results[grade_id])]
        return notebook, resources


def _output(result):
    if result.passed:
        return new_output("stream", name="stdout", text=result.output + "\n")
    failed = FunctionFailed(result.output)
    return new_output("error", ename=type(failed).__name__, evalue=result.output.splitlines()[0],
                      traceback=failed._render_traceback_())


def write(course, records, log, db_url=None):
    """Autograde, nbgrader's way, the graded ``records`` (``[GradeRecord]``) of the course at ``course``;
    return what was done, in a line. nbgrader's own log goes to the file ``log``."""
    config = Config()
    if (course / "nbgrader_config.py").exists():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    config.CourseDirectory.root = str(course)
    if db_url:
        config.CourseDirectory.db_url = db_url
    graded = {(record.student, record.assignment): record for record in records if record.graded}
    config.Autograde.autograde_preprocessors = [KitOutputs(graded), IgnorePattern, ClearMetadataPreprocessor,
                                                LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    config.Autograde.force = True  # a record is handed in because it is new: its old folder is stale
    unknown = _unknown_assignments(CourseDirectory(config=config).db_url, {name for student, name in graded})
    failed = []
    with _logging_to(log), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat's and SQLAlchemy's notices: the log has what matters
        for student, assignment in sorted(key for key in graded if key[1] not in unknown):
            config.CourseDirectory.student_id, config.CourseDirectory.assignment_id = student, assignment
            try:
                Autograde(coursedir=CourseDirectory(config=config), config=config).start()
            except NbGraderException:
                failed.append(f"{student}/{assignment}")
    done = len(graded) - len(failed) - sum(name in unknown for student, name in graded)
    # One clause per outcome, each a whole sentence of its own, joined as a list.
    clauses = [_n("nbgrader: {count} submission autograded with the kit's grades",
                  "nbgrader: {count} submissions autograded with the kit's grades", done)]
    if failed:
        clauses.append(_("{count} refused by nbgrader ({submissions}; see {log})", count=len(failed),
                         submissions=", ".join(failed[:3]) + ", ..." * (len(failed) > 3), log=log))
    if unknown:
        clauses.append(_("not in the gradebook: {assignments} (run `autograder release` to register them)",
                         assignments=", ".join(sorted(unknown))))
    return "; ".join(clauses)


def stale(course, records):
    """The graded records whose ``autograded/`` folder is missing: those a run must hand to ``write``."""
    return [record for record in records if record.graded
            and not (Path(course) / "autograded" / record.student / record.assignment).is_dir()]


def _unknown_assignments(db_url, names):
    with Gradebook(db_url) as gradebook:
        known = {assignment.name for assignment in gradebook.assignments}
    return names - known


@contextlib.contextmanager
def _logging_to(path):
    """nbgrader's converters log through traitlets' logger: to ``path`` instead of the terminal."""
    logger, handler = logging.getLogger("traitlets"), logging.FileHandler(path)
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.propagate = propagate
