"""The message catalogues: every sentence a person reads, by its English text (its id), and its
translations into ``LANGUAGES``.

Two domains, by who may read them:

- ``kit``: what the learner's kit says (its ``_`` and ``_n`` calls), and the rubric's hints and the
  public properties' names, which the kit says too. It ships in every release folder's ``kit/``.
- ``autograder``: the grader's check names, findings, reports, class report and errors. It stays
  with the course: nothing of the hidden checks reaches a release.

Sentences written in code are extracted by Babel from the ``_``/``_n`` calls; sentences held as data
(a hint, a check's name) are read from the objects that hold them, so no marker can be forgotten.
``autograder catalogues`` updates each language's ``.po`` (new entries empty, obsolete ones gone)
and compiles the ``.mo`` files; the tests fail on an entry left untranslated or fuzzy, and on a
``.mo`` older than its ``.po``.
"""
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent
LANGUAGES = ("zh_CN",)
KEYWORDS = {"_": None, "_n": (1, 2), "N_": None}  # Babel's spec: _n(singular, plural, count)
# Fixed headers: an update that changes no message changes no file.
HEADER = dict(project="dl-practical-autograder", version="1", creation_date=datetime.datetime(2026, 12, 3),
              revision_date=datetime.datetime(2026, 12, 3), last_translator="the course's team", fuzzy=False,
              header_comment="# Messages of the dl-practical course kit: `autograder catalogues` updates this file.")


def rubric_texts():
    """What the rubric holds as data and the grader alone says: its checks' names and the roles of their calls, what
    it says of a helper never called, and the hints it gives when no catalogued mistake matches."""
    from .plan import plan
    from .rubric import ASSIGNMENTS
    for assignment in ASSIGNMENTS.values():
        for function_plan in plan(assignment, seed=0).functions:
            function = function_plan.function
            for check in function_plan.checks:  # as the plan names them: "public case: ...", "hidden cases"
                yield check.name, f"rubric/{assignment.name}.py"
                for role in {call_id.role for call_id in check.call_ids}:
                    if any(character.isalpha() for character in role):  # "1", "2": nothing to say
                        yield role, f"rubric/{assignment.name}.py ({check.name})"
            for said in function.must_call.values():
                yield said, f"rubric/{assignment.name}.py"
            if function.fallback_hint:  # the grader's alone: it may say more of the answer than the kit may
                yield function.fallback_hint, f"rubric/{assignment.name}.py"


def kit_texts():
    """What the rubric and the public cases hold as data and the kit says: the catalogued mistakes' hints, the public cases' names,
    and the properties' names and the roles of their probes."""
    from .kit.cases import PUBLIC_CASES, PUBLIC_PROPERTIES
    from .rubric import ASSIGNMENTS
    for assignment in ASSIGNMENTS.values():
        for function in assignment.functions:
            for mistake in function.mistakes:
                yield mistake.hint, f"rubric/{assignment.name}.py"
    for function_name, cases in PUBLIC_CASES.items():
        for case in cases:
            yield case.name, f"kit/cases ({function_name})"
    for function_name, properties in PUBLIC_PROPERTIES.items():
        for prop in properties:
            yield prop.name, f"kit/cases ({function_name})"
            for role in prop.probes(0):
                yield role, f"kit/cases ({function_name})"


@dataclass(frozen=True)
class Domain:
    name: str
    locales: Path  # holds <language>/LC_MESSAGES/<name>.po and .mo
    code: Path  # the folder whose _ and _n calls it extracts
    skipped: tuple  # folders under ``code`` that belong to another domain
    data: Callable  # yields (sentence, where) of the sentences held as data

    def po(self, language):
        return self.locales / language / "LC_MESSAGES" / f"{self.name}.po"

    def mo(self, language):
        return self.po(language).with_suffix(".mo")

    def template(self):
        """A catalogue of every message of the domain, as the code and the data say them now."""
        catalogue = Catalog(domain=self.name, **HEADER)
        skipped = [self.code / folder for folder in self.skipped]
        for filename, line, message, comments, context in extract_from_dir(
                self.code, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            if not any((self.code / filename).is_relative_to(folder) for folder in skipped):
                catalogue.add(message, locations=[(f"{self.code.name}/{filename}", line)], auto_comments=comments)
        for sentence, where in self.data():
            catalogue.add(sentence, locations=[(where, None)])
        return catalogue

    def translated(self, language):
        """The language's catalogue as its ``.po`` file holds it."""
        with open(self.po(language), "rb") as file:
            return read_po(file, locale=language, domain=self.name)


KIT = Domain("kit", PACKAGE / "kit" / "locales", PACKAGE / "kit", (), kit_texts)
AUTOGRADER = Domain("autograder", PACKAGE / "locales", PACKAGE, ("kit",), rubric_texts)
DOMAINS = (KIT, AUTOGRADER)


PLACEHOLDER = re.compile(r"\{[^{}]*\}")
CODE = re.compile(r"`[^`]*`")
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?")


def kept_verbatim(text):
    """What a translation must keep as it is: the placeholders, the `code` and the numbers, as a sorted list."""
    return sorted(PLACEHOLDER.findall(text) + CODE.findall(text) + NUMBER.findall(PLACEHOLDER.sub("", text)))


def entry_problems(catalogue):
    """One line per entry of a language's catalogue that cannot be said: untranslated, fuzzy, or a
    translation that lost or changed a placeholder, a `code` span or a number."""
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        elif any(kept_verbatim(string) != kept_verbatim(ids[-1]) for string in strings):
            problems.append(f"placeholders, code or numbers changed: {ids[0]!r}")
    return problems


def compiled(catalogue):
    """The ``.mo`` bytes of a catalogue (fuzzy entries left out, as gettext would)."""
    output = io.BytesIO()
    write_mo(output, catalogue, use_fuzzy=False)
    return output.getvalue()


def po_text(catalogue):
    output = io.BytesIO()
    write_po(output, catalogue, width=100, include_lineno=False, sort_output=True)
    return output.getvalue()


def update(domain, language):
    """Bring the language's ``.po`` to the domain's messages (keeping what is translated), and compile it."""
    template = domain.template()
    if domain.po(language).is_file():
        catalogue = domain.translated(language)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
    else:
        catalogue = Catalog(locale=language, domain=domain.name, **HEADER)
        catalogue.update(template, no_fuzzy_matching=True)
    for name, value in HEADER.items():
        setattr(catalogue, name, value)
    domain.po(language).parent.mkdir(parents=True, exist_ok=True)
    domain.po(language).write_bytes(po_text(catalogue))
    domain.mo(language).write_bytes(compiled(domain.translated(language)))


def main():
    for domain in DOMAINS:
        for language in LANGUAGES:
            update(domain, language)
            problems = entry_problems(domain.translated(language))
            print(f"{domain.po(language).relative_to(PACKAGE.parent)}: {len(domain.translated(language))} messages, "
                  f"{len(problems)} to translate")
