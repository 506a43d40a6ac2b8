import functools
import shutil
import tempfile
from pathlib import Path

import pytest

from autograder import release, solutions
from autograder.judging import grade
from autograder.references import References
from autograder.rubric import ASSIGNMENTS
from autograder.runners import in_process


@functools.lru_cache(maxsize=None)
def solution_namespace(assignment_name):
    return solutions.namespace(solutions.source_notebook(assignment_name), assignment_name)


@pytest.fixture
def shared_tmp():
    """A folder the grader can read and write in every setting of isolation_settings.py, the
    ordinary user's included (pytest's own folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="autograder-test-"))
    folder.chmod(0o1777)  # like /tmp
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def assert_minimal_graded_then_full_refused(minimal, full):
    """Two records (dictionary forms) of one worker thread where nothing hides the files: the
    correct notebook graded with minimal isolation, then the full job after it refused."""
    assert minimal["status"] == "graded" and minimal["score"] == 30 and minimal["sandbox"]["level"] == "minimal", minimal
    assert full["status"] == "grader_failure" and "nothing hides the file system" in full["error"], full


def scratch_course(assignment_name, root, language=None):
    """A course directory at ``root`` holding one assignment, released by nbgrader as the kit's own is
    (in ``language``, c.CourseKit.language, when given)."""
    shutil.copytree(solutions.SOURCE / assignment_name, root / "source" / assignment_name,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(solutions.REPO / "nbgrader_config.py", root)
    if language:
        with open(root / "nbgrader_config.py", "a") as config:
            config.write(f"\nc.CourseKit.language = {language!r}\n")
    release.generate(assignment_name, course_root=root)
    return root


def grade_in_process(assignment_name, function, namespace, seed=0):
    """Grade one function of a trusted namespace the way the kernel runner does."""
    assignment = ASSIGNMENTS[assignment_name] if function.name in {f.name for f in ASSIGNMENTS[assignment_name].functions} \
        else _with(ASSIGNMENTS[assignment_name], function)
    [result] = grade(assignment, in_process(namespace), seed, References(assignment_name), only=[function.name])
    return result


def _with(assignment, function):
    """``assignment`` grading one more function (a test's own)."""
    from dataclasses import replace
    return replace(assignment, functions=[*assignment.functions, function])


def all_functions():
    return [pytest.param(a.name, f, id=f.name) for a in ASSIGNMENTS.values() for f in a.functions]


def all_mistakes():
    return [pytest.param(a.name, f, m, id=m.name) for a in ASSIGNMENTS.values()
            for f in a.functions for m in f.mistakes]
