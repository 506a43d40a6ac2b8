"""The kit's choice of language: a notebook's choice, then AUTOGRADER_LANG, then LANG, then English."""
import pytest

from autograder.kit import i18n


@pytest.mark.parametrize("given, code", [("zh_CN.UTF-8", "zh_CN"), ("zh-cn", "zh_CN"), ("en_US.utf8", "en_US"),
                                          ("C", "en"), ("POSIX", "en"), ("de", "de"), ("sr_RS@latin", "sr_RS")])
def test_a_locale_name_is_read_as_its_language_code(given, code):
    assert i18n.normalized(given) == code


def test_the_notebooks_choice_wins_then_the_environment(monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("AUTOGRADER_LANG", raising=False)
    try:
        assert i18n.language() == "fr_FR"
        monkeypatch.setenv("AUTOGRADER_LANG", "zh_CN")
        assert i18n.chosen() == "zh_CN"
        assert i18n.language("en") == "en"
    finally:
        i18n.language(None)
    monkeypatch.delenv("AUTOGRADER_LANG")
    monkeypatch.delenv("LANG")
    assert i18n.chosen() == "en"


def test_a_message_without_a_catalogue_is_its_english_source(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_LANG", "xx_YY")
    assert i18n._("initialize_parameters_he: all 2 public test(s) passed.") == \
        "initialize_parameters_he: all 2 public test(s) passed."
