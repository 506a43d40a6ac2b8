"""The pages learners and instructors read pass axe-core's WCAG 2.1 A and AA rules in headless Chromium: the
kit's feedback page (`autograder grade --html`) of a passing and a failing submission, the class report
(`autograder report`), and nbgrader's feedback (`nbgrader generate_feedback`) of submissions the kit
autograded. A screenshot of each goes to test-artifacts/a11y-<page>.png."""
import subprocess

import pytest

import axe
import browser
from autograder import sample_class
from autograder.cli import main
from autograder.i18n import _, html_lang, speaking
from autograder.release import nbgrader
from conftest import scratch_course

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

NAME = "initialization"
PASSING, FAILING = "correct", "mistake-he-xavier-scaling"


@pytest.fixture(scope="module", params=["en", "zh_CN"])
def language(request):
    return request.param


@pytest.fixture(scope="module")
def course(tmp_path_factory, language):
    """A course in ``language`` whose sample class `autograder batch` graded, with nbgrader's feedback generated."""
    root = scratch_course(NAME, tmp_path_factory.mktemp(f"a11y-course-{language}"), language=language)
    sample_class.make(NAME, root)
    assert main(["batch", str(root), "--assignment", NAME, "--workers", "2", "--lang", language]) == 0
    nbgrader("generate_feedback", NAME, "--force", course_root=root, stdout=subprocess.DEVNULL,
             stderr=subprocess.DEVNULL)
    return root


def assert_page_language(page, language):
    assert page.locator("html").get_attribute("lang") == html_lang(language)


@pytest.fixture(scope="module")
def page():
    with browser.chromium() as page:
        axe.offline(page)
        yield page


@pytest.mark.parametrize("student", [PASSING, FAILING])
def test_the_kits_feedback_page(course, language, page, student, tmp_path):
    feedback = tmp_path / "feedback.html"
    notebook = course / "submitted" / student / NAME / f"{NAME}.ipynb"
    assert main(["grade", str(notebook), "--html", str(feedback), "--output", str(tmp_path / "result.json"),
                 "--lang", language]) == 0
    page.goto(feedback.as_uri())
    axe.assert_accessible(page, f"a11y-feedback-{student}-{language}", rules=axe.OUTLINE)
    assert_page_language(page, language)
    verdicts = set(page.locator("td:nth-child(2)").all_inner_texts())  # a word and a symbol, not colour alone
    with speaking(language):
        passed, failed = f"\u2713 {_('passed')}", f"\u2717 {_('failed')}"
    assert verdicts == ({passed} if student == PASSING else {passed, failed})


def test_the_class_report(course, language, page):
    assert main(["report", str(course / "results"), "--lang", language]) == 0
    page.goto((course / "results" / "report" / "report.html").as_uri())
    axe.assert_accessible(page, f"a11y-class-report-{language}", rules=axe.OUTLINE)
    assert_page_language(page, language)


@pytest.mark.parametrize("student", [PASSING, FAILING])
def test_nbgraders_feedback_of_a_submission_the_kit_graded(course, language, page, student):
    page.goto((course / "feedback" / student / NAME / f"{NAME}.html").as_uri())
    axe.assert_accessible(page, f"a11y-nbgrader-feedback-{student}-{language}")
    assert_page_language(page, language)


def test_the_audit_fails_on_an_image_without_a_text_alternative_and_passes_once_it_has_one(page):
    page.set_content("<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><main><h1>t</h1>"
                     "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main></body></html>")
    with pytest.raises(AssertionError, match=r"image-alt \(critical\) at img"):
        axe.assert_accessible(page, "a11y-broken-image", rules=axe.OUTLINE)
    page.eval_on_selector("img", "image => image.alt = 'one transparent pixel'")
    axe.assert_accessible(page, "a11y-broken-image-fixed", rules=axe.OUTLINE)
