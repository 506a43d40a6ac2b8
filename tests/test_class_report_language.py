"""The class report in Chinese: its headings, table headers, captions, alt texts and chart labels are said
in the language in force, the figures' numbers as in English, the mistakes' hints as the kit's catalogue says them.

A sentence the catalogue does not hold yet is said by a stand-in (each English word a 中, its placeholders
and `code` kept): so these tests find any sentence the report writes without ``_``, whatever the catalogue
holds; the catalogue's own tests find the entries it lacks.
"""
import html
import re
from html.parser import HTMLParser

import pytest
from matplotlib.text import Text

from autograder import class_report
from autograder.errors import NotGradable
from autograder.i18n import _, speaking
from autograder.kit import i18n as kit_i18n, plots
from autograder.record import GradeRecord
from autograder.rubric import ASSIGNMENTS
from autograder.untrusted_source import read_notebook_json
from test_class_report import write_file, write_result
from untranslated import english_words

CHINESE = "zh_CN"
POINTS = {function.name: function.points for function in ASSIGNMENTS["initialization"].functions}
HE_HINT = ASSIGNMENTS["initialization"].function("initialize_parameters_he").mistakes[0].hint
CATALOGUES = kit_i18n.translations  # the catalogues themselves, before the stand-in fills them
SAID_AS_IS = re.compile(r"(\{[^{}]*\}|`[^`]*`)")


def stand_in(message):
    """Chinese enough for a test: each English word 中, the placeholders and `code` as they are."""
    parts = SAID_AS_IS.split(message)
    return "".join(part if index % 2 else re.sub("[A-Za-z]+", "中", part) for index, part in enumerate(parts))


class Filled:
    """A language's catalogues, a stand-in saying what they do not."""

    def __init__(self, catalogues):
        self.catalogues = catalogues

    def gettext(self, message):
        said = self.catalogues.gettext(message)
        return stand_in(message) if said == message else said

    def ngettext(self, singular, plural, count):
        said = self.catalogues.ngettext(singular, plural, count)
        return stand_in(plural) if said in (singular, plural) else said


@pytest.fixture(autouse=True)
def filled(monkeypatch):
    monkeypatch.setattr(kit_i18n, "translations", lambda catalogues, code: Filled(CATALOGUES(catalogues, code))
                        if code == CHINESE else CATALOGUES(catalogues, code))


@pytest.fixture
def results(tmp_path):
    """One assignment: two submissions with He's mistake among three graded, and one refused as the grader
    refuses it when it speaks Chinese."""
    folder = tmp_path / "results" / "initialization"
    write_result(folder, "alice", "a1", POINTS, dict(POINTS))
    write_result(folder, "bob", "b1", POINTS, {**POINTS, "initialize_parameters_he": 0},
                 {"initialize_parameters_he": [HE_HINT]})
    write_result(folder, "carol", "c1", POINTS, {**POINTS, "initialize_parameters_zeros": 0,
                                                 "initialize_parameters_he": 0}, {"initialize_parameters_he": [HE_HINT]})
    with speaking(CHINESE), pytest.raises(NotGradable) as refused:
        read_notebook_json(b"[]", "erin/initialization.ipynb")
    write_file(folder / "erin.e1.json", GradeRecord.not_graded("initialization", str(refused.value), student="erin",
                                                               content_hash="e1").to_json())
    return tmp_path / "results"


class Reading(HTMLParser):
    """A page's text as a reader meets it, each piece with the element holding it (``th col`` a column's
    header), alt texts included; `code` left out (a path is no sentence)."""

    def __init__(self):
        super().__init__()
        self.texts, self.open, self.code = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.code += tag in ("code", "style")
        self.open.append(f"{tag} {dict(attrs).get('scope', '')}".strip())
        self.texts += [("alt", value) for name, value in attrs if name == "alt"]

    def handle_endtag(self, tag):
        self.code -= tag in ("code", "style")
        self.open.pop()

    def handle_data(self, data):
        if not self.code and data.strip():
            self.texts.append((self.open[-1] if self.open else "", data.strip()))


def report(results, folder, language):
    with speaking(language):
        return class_report.write_report(results, folder).read_text(encoding="utf-8")


def alt_texts(page):
    return [html.unescape(alt) for alt in re.findall(r"alt='([^']*)'", page)]


def test_the_report_in_chinese_has_no_english_sentence(results, tmp_path):
    reading = Reading()
    reading.feed(report(results, tmp_path / "report", CHINESE))
    assert [text for where, text in reading.texts if english_words(text)] == []
    # Its own words hold no English at all: the assignment's, students' and functions' names are elsewhere.
    own = [(where, text) for where, text in reading.texts if where in ("title", "h1", "h3", "p", "th col", "figcaption")]
    assert len(own) > 15 and [text for where, text in own if re.search("[A-Za-z]", text)] == []


def test_the_alt_texts_numbers_are_the_same_in_both_languages(results, tmp_path):
    english = alt_texts(report(results, tmp_path / "en", "en"))
    chinese = alt_texts(report(results, tmp_path / "zh", CHINESE))
    assert english[0] == ("score histogram for initialization: 1 of 3 students at 30/30, 1 of 3 students at 20/30, "
                          "1 of 3 students at 10/30")
    assert len(chinese) == len(english) == 2
    for in_english, in_chinese in zip(english, chinese):
        assert in_chinese != in_english and not english_words(in_chinese)
        assert sorted(re.findall(r"\d+", in_chinese)) == sorted(re.findall(r"\d+", in_english))  # a translation may reorder
        assert re.findall(r"initialize_parameters_\w+", in_chinese) == re.findall(r"initialize_parameters_\w+", in_english)


def test_the_mistakes_are_said_as_the_kits_catalogue_says_them(results, tmp_path):
    said = CATALOGUES((kit_i18n.KIT_CATALOGUE,), CHINESE).gettext(HE_HINT)
    assert said != HE_HINT, "the kit's catalogue has He's hint in Chinese"
    page = report(results, tmp_path / "report", CHINESE)
    with speaking(CHINESE):
        mistakes = page.split(f"<h3>{html.escape(_('Most frequent mistakes'))}</h3>")[1]
    assert f"<th scope='row'>{html.escape(said)}</th><td>2</td><td>67%</td>" in mistakes


@pytest.mark.parametrize("font", ["DejaVu Sans", None])
def test_a_charts_label_is_chinese_only_where_a_font_draws_it(monkeypatch, font):
    monkeypatch.setattr(plots, "cjk_font", lambda: font)
    text = Text()
    with speaking(CHINESE):
        class_report.label(text, "total score")
        chinese = _("total score")
    assert not chinese.isascii()
    assert text.get_text() == (chinese if font else "total score")
    if font:
        assert text.get_fontfamily()[0] == font


def test_the_figures_are_drawn_in_chinese(results, tmp_path):
    report(results, tmp_path / "report", CHINESE)
    assert sorted(path.name for path in (tmp_path / "report").glob("*.png")) == \
        ["initialization-pass-rates.png", "initialization-scores.png"]
