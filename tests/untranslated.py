"""Finding English left in a translated text: the sign of a sentence without a message id.

A translation keeps code, identifiers, numbers and formulas as they are, so English words that are
names (``dtype``, ``sqrt``, ``He``, ``keep_prob``) are no sign; the small words every English sentence
needs ("the", "of", "is", "expected") are, outside `code`.
"""
import contextlib
import re

from autograder.kit import i18n

CODE_SPAN = re.compile(r"`[^`]*`")
QUOTED = re.compile(r"'[^'\n]*'")  # a dict key or a value's repr, as the learner's code spelled it
WORD = re.compile(r"(?<![\w.])[a-z]+(?![\w(])")  # lower-case letters alone: not an identifier, not a call
SENTENCE_WORDS = frozenset(
    "the a an of is are was were be not no and or but with without by in into to at for from on it its "
    "this that which when where than each every one expected received must should has have does did".split())


def english_words(text):
    """The words of ``text`` that only an English sentence would hold, outside `code` and quotes."""
    return [word for word in WORD.findall(QUOTED.sub(" ", CODE_SPAN.sub(" ", text))) if word in SENTENCE_WORDS]


@contextlib.contextmanager
def speaking(code):
    """The kit and the grader speak ``code`` for the duration, then follow the environment again."""
    i18n.language(code)
    try:
        yield
    finally:
        i18n.language(None)
