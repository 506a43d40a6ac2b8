"""nbgrader configuration: the repo root is the course directory."""
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dl-practical"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store"]

# Every cell has a minute: hidden tests take well under a second, training cells are skipped
# while NBGRADER_EXECUTION is set, and an endless loop must not hold the class up.
c.Execute.timeout = 60

# A student who deletes a test cell gets it back, and is graded on it.
c.OverwriteCells.add_missing_cells = True

# Feedback shows what was checked and what failed, never the hidden test code.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
