"""The course's languages: which cells of a source notebook are in which language, the course's
setting, and the two steps nbgrader's GenerateAssignment runs to release a notebook in a language.

The rule of the source notebooks, stated here alone: a markdown cell tagged ``lang:<code>`` is in
that language, an untagged markdown cell is English, and a code cell is in every language. Each
English markdown cell is followed by its Simplified Chinese twin, tagged ``lang:zh_CN``, whose
grade_id (and cell id) is the English cell's with ``_zh_CN`` appended.

The course's language is ``c.CourseKit.language`` in ``nbgrader_config.py``: ``en``, ``zh_CN``, or
``en+zh_CN`` (each English cell followed by its Chinese twin, as the course notes are written).
"""
import ast
from pathlib import Path

from IPython.core.inputtransformer2 import TransformerManager
from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets import Enum
from traitlets.config import Configurable
from traitlets.config.loader import PyFileConfigLoader

from .errors import UnusableInput
from .i18n import _, html_lang

ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE, f"{ENGLISH}+{CHINESE}")
TAG_PREFIX = "lang:"
CONFIG_FILE = "nbgrader_config.py"


class CourseKit(Configurable):
    """The kit's options in a course's ``nbgrader_config.py``."""
    language = Enum(LANGUAGES, default_value=ENGLISH, help=(
        "The language learners read: the release's markdown cells, and the kit's public tests. "
        "en, zh_CN, or en+zh_CN (English then Chinese).")).tag(config=True)


def course_language(course_root):
    """The course's language, from ``nbgrader_config.py`` in ``course_root``; English without one."""
    if not (Path(course_root) / CONFIG_FILE).is_file():
        return ENGLISH
    config = PyFileConfigLoader(CONFIG_FILE, path=str(course_root)).load_config()
    return CourseKit(config=config).language


def enclosing_course(folder):
    """The course root ``folder`` is in: the nearest folder up from it with ``nbgrader_config.py``; None."""
    folder = Path(folder).resolve()
    return next((each for each in (folder, *folder.parents) if (each / CONFIG_FILE).is_file()), None)


def learners_language(language):
    """What the kit and the grader say to the learners of a course in ``language``: Chinese wherever
    its notebooks have Chinese (``zh_CN`` and ``en+zh_CN``), else English."""
    return CHINESE if CHINESE in spoken(language) else ENGLISH


def release_language(requested, course_root):
    """The language of a release: ``requested`` (``--lang``) when given, else the course's."""
    if requested is None:
        return course_language(course_root)
    if requested not in LANGUAGES:
        raise UnusableInput(_("--lang {requested}: not a language of the course (choose {languages})",
                              requested=requested, languages=", ".join(LANGUAGES)))
    return requested


def spoken(language):
    """The cell languages a release in ``language`` keeps: {'en'}, {'zh_CN'} or both."""
    return set(language.split("+"))


def cell_language(cell):
    """The language of a markdown cell: its ``lang:`` tag's, else English."""
    tags = cell.get("metadata", {}).get("tags", [])
    return next((tag[len(TAG_PREFIX):] for tag in tags if tag.startswith(TAG_PREFIX)), ENGLISH)


def twin_id(english_id, language=CHINESE):
    """The grade_id of an English cell's twin in ``language``."""
    return f"{english_id}_{language}"


def kit_language_line(language):
    return f'kit.language("{language}")'


def with_kit_language(source, language):
    """``source`` (a notebook's first code cell) with ``kit.language(...)`` right after its last
    top-level import, and ``import kit`` before it unless the cell already binds ``kit``."""
    tree = ast.parse(TransformerManager().transform_cell(source))  # IPython magics become calls, on their own lines
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    binds_kit = any(alias.name == "kit" and alias.asname is None
                    for node in imports if isinstance(node, ast.Import) for alias in node.names)
    added = ([] if binds_kit else ["import kit"]) + [kit_language_line(language)]
    lines = source.splitlines()
    after = imports[-1].end_lineno if imports else 0
    ending = "\n" if source.endswith("\n") else ""
    return "\n".join(lines[:after] + added + lines[after:]) + ending


class KeepCourseLanguage(NbGraderPreprocessor):  # nbgrader's base: enabled, as its own steps are
    """Keep the markdown cells of the release's language (``CourseKit.language``) and every code cell."""

    def preprocess(self, nb, resources):
        kept = spoken(CourseKit(parent=self).language)
        nb.cells = [cell for cell in nb.cells if cell.cell_type != "markdown" or cell_language(cell) in kept]
        return nb, resources


class NameFeedbackLanguage(NbGraderPreprocessor):
    """The feedback page's ``lang``: the language its hidden tests' reports are in (the template reads it)."""

    def preprocess(self, nb, resources):
        resources["page_language"] = html_lang(learners_language(CourseKit(parent=self).language))
        return nb, resources


class SpeakCourseLanguage(NbGraderPreprocessor):
    """A release with Chinese has the kit speak Chinese: one ``kit.language`` line in its first code cell."""

    def preprocess(self, nb, resources):
        if (language := learners_language(CourseKit(parent=self).language)) != ENGLISH:
            first = next(cell for cell in nb.cells if cell.cell_type == "code")
            first.source = with_kit_language(first.source, language)
        return nb, resources
