"""The kit's choice of language: a notebook's choice, then AUTOGRADER_LANG, then LANG, then English."""
import os
import threading

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


def test_each_thread_speaks_its_own_language_while_they_run_side_by_side():
    """A Dask worker's threads grade jobs in different languages at once: ``speaking`` is one thread's."""
    message = "{name}: all {count} public test(s) passed."
    both_speaking, said = threading.Barrier(2), {}

    def say(code):
        with i18n.speaking(code):
            both_speaking.wait(timeout=10)  # neither has left its block when the other speaks
            said[code] = i18n._(message, name="f", count=1)
            both_speaking.wait(timeout=10)

    threads = [threading.Thread(target=say, args=(code,)) for code in ("en", "zh_CN")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert said["en"] == "f: all 1 public test(s) passed." and "个公开测试全部通过" in said["zh_CN"], said
    assert i18n.chosen() == i18n.normalized(os.environ.get("AUTOGRADER_LANG") or os.environ.get("LANG") or "en")


def test_speaking_nests_and_gives_back_the_language_it_found(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_LANG", "fr_FR")
    with i18n.speaking("zh_CN"):
        with i18n.speaking("en"):
            assert i18n.chosen() == "en"
        assert i18n.chosen() == "zh_CN"
        with i18n.speaking(None):  # the language otherwise in force
            assert i18n.chosen() == "fr_FR"
    assert i18n.chosen() == "fr_FR"
