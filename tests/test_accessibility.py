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
from autograder.release import nbgrader
from conftest import scratch_course

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

NAME = "initialization"
PASSING, FAILING = "correct", "mistake-he-xavier-scaling"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course whose sample class `autograder batch` graded, with nbgrader's feedback generated."""
    root = scratch_course(NAME, tmp_path_factory.mktemp("a11y-course"))
    sample_class.make(NAME, root)
    assert main(["batch", str(root), "--assignment", NAME, "--workers", "2"]) == 0
    nbgrader("generate_feedback", NAME, "--force", course_root=root, stdout=subprocess.DEVNULL,
             stderr=subprocess.DEVNULL)
    return root


@pytest.fixture(scope="module")
def page():
    with browser.chromium() as page:
        axe.offline(page)
        yield page


@pytest.mark.parametrize("student", [PASSING, FAILING])
def test_the_kits_feedback_page(course, page, student, tmp_path):
    feedback = tmp_path / "feedback.html"
    notebook = course / "submitted" / student / NAME / f"{NAME}.ipynb"
    assert main(["grade", str(notebook), "--html", str(feedback), "--output", str(tmp_path / "result.json")]) == 0
    page.goto(feedback.as_uri())
    axe.assert_accessible(page, f"a11y-feedback-{student}", rules=axe.OUTLINE)
    verdicts = set(page.locator("td:nth-child(2)").all_inner_texts())  # a word and a symbol, not colour alone
    assert verdicts == ({"\u2713 passed"} if student == PASSING else {"\u2713 passed", "\u2717 failed"})


def test_the_class_report(course, page):
    assert main(["report", str(course / "results")]) == 0
    page.goto((course / "results" / "report" / "report.html").as_uri())
    axe.assert_accessible(page, "a11y-class-report", rules=axe.OUTLINE)


@pytest.mark.parametrize("student", [PASSING, FAILING])
def test_nbgraders_feedback_of_a_submission_the_kit_graded(course, page, student):
    page.goto((course / "feedback" / student / NAME / f"{NAME}.html").as_uri())
    axe.assert_accessible(page, f"a11y-nbgrader-feedback-{student}")


def test_the_audit_fails_on_an_image_without_a_text_alternative_and_passes_once_it_has_one(page):
    page.set_content("<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><main><h1>t</h1>"
                     "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main></body></html>")
    with pytest.raises(AssertionError, match=r"image-alt \(critical\) at img"):
        axe.assert_accessible(page, "a11y-broken-image", rules=axe.OUTLINE)
    page.eval_on_selector("img", "image => image.alt = 'one transparent pixel'")
    axe.assert_accessible(page, "a11y-broken-image-fixed", rules=axe.OUTLINE)
