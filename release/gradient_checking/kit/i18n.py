"""The language the kit speaks to a learner: English, the source, or a translation from a catalogue.

Every learner-facing sentence goes through ``_``; machine fields (JSON keys, test names) never do.
A notebook chooses its language with one line in its first cell, ``kit.language("zh_CN")``;
otherwise ``AUTOGRADER_LANG``, then ``LANG``, then English. Catalogues are gettext ``.mo`` files under
``locales/<code>/LC_MESSAGES/<domain>.mo`` (the standard library reads them: a release folder needs
nothing more than the kit's own folder).
"""
import gettext
import os
from pathlib import Path

ENGLISH = "en"
KIT_LOCALES = Path(__file__).resolve().parent / "locales"
KIT_DOMAIN = "kit"

_chosen = None  # set by language(); None follows the environment


def language(code=None):
    """Speak ``code`` from now on (``None``: follow the environment again); returns the language chosen."""
    global _chosen
    _chosen = normalized(code) if code else None
    return chosen()


def chosen():
    """The language in force: the notebook's choice, then AUTOGRADER_LANG, then LANG, then English."""
    return _chosen or normalized(os.environ.get("AUTOGRADER_LANG") or os.environ.get("LANG") or ENGLISH)


def normalized(code):
    """``zh_CN`` from ``zh_CN.UTF-8``, ``zh-CN`` or ``zh_cn``; ``en`` from ``C`` or ``POSIX``."""
    code = code.split(".")[0].split("@")[0].replace("-", "_")
    if code in ("", "C", "POSIX"):
        return ENGLISH
    language_part, _, region = code.partition("_")
    return f"{language_part.lower()}_{region.upper()}" if region else language_part.lower()


def translations(locales, domain, code):
    """The catalogue of ``domain`` for ``code`` under ``locales``; English (the ids) when there is none."""
    return gettext.translation(domain, localedir=locales, languages=[code], fallback=True)


def _(message):
    """``message`` (an English source string) in the kit's chosen language."""
    return translations(KIT_LOCALES, KIT_DOMAIN, chosen()).gettext(message)
