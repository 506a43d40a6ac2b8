"""nbgrader configuration: the repo root is the course directory."""
import os

import nbgrader
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

import autograder
from autograder.course_language import KeepCourseLanguage, NameFeedbackLanguage, SpeakCourseLanguage

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dl-practical"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store"]

# The language learners read: en, zh_CN, or en+zh_CN (`autograder release --lang` overrides it for one release).
c.CourseKit.language = "en"
# Released in that language: first its cells alone, then nbgrader's own steps (from SaveCells to the checksums) on them.
c.GenerateAssignment.preprocessors = [KeepCourseLanguage, SpeakCourseLanguage,
                                      *GenerateAssignment.class_traits()["preprocessors"].default()]

# Every cell has a minute: hidden tests take well under a second, training cells are skipped
# while NBGRADER_EXECUTION is set, and an endless loop must not hold the class up.
c.Execute.timeout = 60

# A student who deletes a test cell gets it back, and is graded on it.
c.OverwriteCells.add_missing_cells = True

# Feedback shows what was checked and what failed, never the hidden test code.
# The hidden tests speak the course's language (autograder.runners.kernel); the page says which it is.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor, NameFeedbackLanguage]

# Its page is nbgrader's with what an accessibility audit (WCAG 2.1 AA) asks of it: autograder/feedback_template.
# Set for GenerateFeedback's exporter alone: formgrader renders submissions with the same exporter class.
c.GenerateFeedback.HTMLExporter.template_name = "accessible_feedback"
c.GenerateFeedback.HTMLExporter.template_file = "page.html.j2"
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [
    os.path.join(os.path.dirname(autograder.__file__), "feedback_template"),
    os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates")]
