"""The language the kit speaks to a learner: English, the source, or a translation from a catalogue.

Every learner-facing sentence goes through ``_`` (``_n`` when it counts something; ``N_`` marks one
kept as data, to be said later); machine fields (JSON keys, test names) never do. The English
sentence is its own message id; the values put in it (numbers, code, names) are never translated. A notebook chooses its language with one line in its
first cell, ``kit.language("zh_CN")``; otherwise ``AUTOGRADER_LANG``, then ``LANG``, then English.
Catalogues are gettext ``.mo`` files under ``locales/<code>/LC_MESSAGES/<domain>.mo``, read by the
standard library: a release folder needs nothing more than the kit's own folder.
"""
import contextlib
import functools
import gettext
import os
import threading
from pathlib import Path

ENGLISH = "en"
KIT_LOCALES = Path(__file__).resolve().parent / "locales"
KIT_DOMAIN = "kit"

_chosen = None  # set by language(); None follows the environment
_thread = threading.local()  # speaking(): one thread's language, e.g. a grader thread's job's


def language(code=None):
    """Speak ``code`` from now on (``None``: follow the environment again); returns the language chosen."""
    global _chosen
    _chosen = normalized(code) if code else None
    return chosen()


@contextlib.contextmanager
def speaking(code):
    """Speak ``code`` in this thread while the block runs (``None``: the language otherwise in force);
    a grader's threads each speak their own job's language."""
    before = getattr(_thread, "code", None)
    _thread.code = normalized(code) if code else None
    try:
        yield chosen()
    finally:
        _thread.code = before


def chosen():
    """The language in force: this thread's (``speaking``), the notebook's choice, then AUTOGRADER_LANG,
    then LANG, then English."""
    return getattr(_thread, "code", None) or _chosen or normalized(
        os.environ.get("AUTOGRADER_LANG") or os.environ.get("LANG") or ENGLISH)


def normalized(code):
    """``zh_CN`` from ``zh_CN.UTF-8``, ``zh-CN`` or ``zh_cn``; ``en`` from ``C`` or ``POSIX``."""
    code = code.split(".")[0].split("@")[0].replace("-", "_")
    if code in ("", "C", "POSIX"):
        return ENGLISH
    language_part, _, region = code.partition("_")
    return f"{language_part.lower()}_{region.upper()}" if region else language_part.lower()


def available():
    """The languages the kit speaks: English, and each language with a catalogue."""
    return (ENGLISH, *sorted(folder.name for folder in KIT_LOCALES.iterdir() if folder.is_dir()))


def html_lang(code):
    """The language as a web page's ``lang`` attribute names it: ``zh-CN``, ``en``."""
    return code.replace("_", "-")


@functools.lru_cache(maxsize=None)
def translations(catalogues, code):
    """The catalogues ``((locales, domain), ...)`` for ``code``, the first that holds a message saying it;
    English (the ids) where none does."""
    first, *rest = [gettext.translation(domain, localedir=locales, languages=[code], fallback=True)
                    for locales, domain in catalogues]
    for further in rest:
        first.add_fallback(further)  # on gettext's copy of its cached catalogue: nothing shared changes
    return first


def translator(*catalogues):
    """The ``_`` and ``_n`` of the catalogues ``(locales, domain)``, searched in order: they read the
    language in force when they are called."""
    def _(message, /, **values):
        said = translations(catalogues, chosen()).gettext(message)
        return said.format(**values) if values else said

    def _n(singular, plural, count, /, **values):
        return translations(catalogues, chosen()).ngettext(singular, plural, count).format(count=count, **values)

    return _, _n


def N_(message):
    """Marks a sentence held as data (extracted into the catalogue), said later through ``_``."""
    return message


KIT_CATALOGUE = (KIT_LOCALES, KIT_DOMAIN)
_, _n = translator(KIT_CATALOGUE)
