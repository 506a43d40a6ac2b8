"""The message catalogues: every sentence of the code and the data has an entry in each language's
catalogue, translated, keeping its placeholders, code and numbers, and compiled into the .mo files."""
import ast
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from autograder import catalogues
from autograder.kit import i18n
from autograder.rubric import ASSIGNMENTS
from untranslated import english_words

DOMAIN_LANGUAGES = [(domain, language) for domain in catalogues.DOMAINS for language in catalogues.LANGUAGES]
IDS = [f"{domain.name}-{language}" for domain, language in DOMAIN_LANGUAGES]


def ids(catalogue):
    return {message.id for message in catalogue if message.id}


@pytest.mark.parametrize("domain, language", DOMAIN_LANGUAGES, ids=IDS)
def test_each_catalogue_holds_exactly_the_messages_of_the_code_and_the_data(domain, language):
    said, held = ids(domain.template()), ids(domain.translated(language))
    assert not said - held, f"not in {domain.po(language)} (run `autograder catalogues`): {sorted(said - held, key=str)}"
    assert not held - said, f"no longer said, still in {domain.po(language)}: {sorted(held - said, key=str)}"


@pytest.mark.parametrize("domain, language", DOMAIN_LANGUAGES, ids=IDS)
def test_every_entry_is_translated_keeping_its_placeholders_code_and_numbers(domain, language):
    problems = catalogues.entry_problems(domain.translated(language))
    assert not problems, f"{domain.po(language)}: " + "; ".join(problems)


@pytest.mark.parametrize("domain, language", DOMAIN_LANGUAGES, ids=IDS)
def test_the_compiled_catalogue_is_its_po_file(domain, language):
    assert domain.mo(language).read_bytes() == catalogues.compiled(domain.translated(language)), \
        f"{domain.mo(language)} is older than its .po: run `autograder catalogues`"


def test_the_kits_messages_are_apart_from_the_graders():
    """What ships to learners (the kit's domain) holds nothing the grader alone says."""
    kit, grader = ids(catalogues.KIT.template()), ids(catalogues.AUTOGRADER.template())
    rubric_names = {check.name for assignment in ASSIGNMENTS.values() for function in assignment.functions
                    for check in function.properties}
    assert rubric_names <= grader and not rubric_names & kit


def test_the_entry_check_names_each_kind_of_problem():
    catalogue = Catalog(locale="zh_CN")
    catalogue.add("{name} is right", "{name} 正确")
    catalogue.add("left alone", "")
    catalogue.add("a guess", "猜的", flags=["fuzzy"])
    catalogue.add("{count} of {size} entries differ", "{count} 个条目不同")
    catalogue.add("below 2e-7", "低于 2e-8")
    catalogue.add("replace `raise NotImplementedError()`", "替换 `raise NotImplementedError`")
    assert catalogues.entry_problems(catalogue) == [
        "untranslated: 'left alone'", "fuzzy: 'a guess'",
        "placeholders, code or numbers changed: '{count} of {size} entries differ'",
        "placeholders, code or numbers changed: 'below 2e-7'",
        "placeholders, code or numbers changed: 'replace `raise NotImplementedError()`'"]


def test_a_chosen_language_reads_its_catalogue(monkeypatch):
    monkeypatch.delenv("AUTOGRADER_LANG", raising=False)
    catalogue = catalogues.KIT.translated("zh_CN")
    translated = next((message for message in catalogue if message.id and isinstance(message.id, str)
                       and message.string and "{" not in message.id), None)
    assert translated is not None, "the kit's zh_CN catalogue has no translated entry"
    try:
        i18n.language("zh_CN")
        assert i18n._(translated.id) == translated.string
        i18n.language("en")
        assert i18n._(translated.id) == translated.id
    finally:
        i18n.language(None)


def functions_binding_and_calling_underscore(path):
    """Functions of ``path`` that assign ``_`` (a throwaway) and call ``_()``: the call would find the local."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner = list(ast.walk(node))
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in inner)
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in inner)
            if binds and calls:
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_function_hides_the_translator_behind_a_throwaway_name():
    package = Path(catalogues.PACKAGE)
    assert [where for path in sorted(package.rglob("*.py")) for where in functions_binding_and_calling_underscore(path)] == []


def test_the_throwaway_check_sees_a_hidden_translator(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f(pair):\n    first, _ = pair\n    return _('said')\n")
    assert functions_binding_and_calling_underscore(module) == ["m.py:1"]


def test_the_english_check_sees_a_sentence_and_spares_names():
    assert english_words("parameters['W1']: 8 of 8 entries differ") == ["of"]
    assert english_words("expected a dict, received a list") == ["expected", "a", "received", "a"]
    assert english_words("He 初始化用 sqrt(2 / n_prev)：W1 的 dtype 为 float64，键 'the' 缺失；把 `raise NotImplementedError()` 换掉") == []
