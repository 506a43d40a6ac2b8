"""The language the grader speaks to learners and instructors: its own catalogue, then the kit's.

The grader's sentences are in the ``autograder`` domain, which stays with the course; a learner
also reads what the kit says (the catalogued mistakes' hints, ``compare``'s differences), so the
grader's ``_`` falls back to the kit's catalogue. A record keeps its machine fields in English (a
check's ``name``): ``_`` says them in the language in force where they are shown (``record.PROSE_FIELDS``
names what is said in the language of the grading).
"""
from pathlib import Path

from .kit.i18n import ENGLISH, KIT_CATALOGUE, available, N_, chosen, html_lang, language, normalized, speaking, translations, translator

__all__ = ["_", "_n", "N_", "ENGLISH", "available", "chosen", "html_lang", "normalized", "speak", "speaking", "GRADER_CATALOGUE"]

GRADER_CATALOGUE = (Path(__file__).resolve().parent / "locales", "autograder")
SEARCHED = (GRADER_CATALOGUE, KIT_CATALOGUE)  # in this order, by the grader's _ and _n
_, _n = translator(*SEARCHED)


def speak(code):
    """Speak ``code`` in this process from now on, with both catalogues read at once (a sandbox's
    locked-in process, forked later, may not open them)."""
    language(code)
    for catalogues in (SEARCHED, (KIT_CATALOGUE,)):  # the grader's search, and the kit's own
        translations(catalogues, chosen())
