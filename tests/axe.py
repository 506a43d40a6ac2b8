"""axe-core, Deque's accessibility engine, run in a page of the browser tier against WCAG 2.1 A and AA.

axe-core comes from the npm registry at the version package.json pins, installed by `.ci/run` into the cache
folder (``$AUTOGRADER_CACHE/node``, by default ``~/.cache/dl-practical-autograder/node``). Where it is
missing, or another version, the tests skip with one line saying how to install it, unless
AUTOGRADER_REQUIRE_BROWSER=1, where that is a failure as a missing browser is."""
import json
import os
from dataclasses import dataclass
from pathlib import Path

import browser

REPO = Path(__file__).parent.parent
NODE_CACHE = Path(os.environ.get("AUTOGRADER_CACHE", Path.home() / ".cache" / "dl-practical-autograder")) / "node"
AXE = NODE_CACHE / "node_modules" / "axe-core"
PINNED = json.loads((REPO / "package.json").read_text())["devDependencies"]["axe-core"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # A and AA of WCAG 2.0 and of what 2.1 added
# axe's best practices for a page's outline, beyond WCAG's rules: the kit's own pages keep them too.
OUTLINE = ["landmark-one-main", "region", "page-has-heading-one", "heading-order"]
INSTALL = f"cp package.json package-lock.json {NODE_CACHE}/ && npm ci --prefix {NODE_CACHE}"


@dataclass(frozen=True)
class Violation:
    """One element that breaks one rule."""
    rule: str    # axe's rule id, e.g. "image-alt"
    impact: str  # minor, moderate, serious or critical
    target: str  # the element's CSS selector
    help: str    # the rule in a sentence

    def __str__(self):
        return f"{self.rule} ({self.impact}) at {self.target}: {self.help}"


def source():
    """axe.min.js at the pinned version."""
    if not (AXE / "axe.min.js").exists():
        browser.unavailable(f"axe-core is not installed in {NODE_CACHE} ({INSTALL})")
    installed = json.loads((AXE / "package.json").read_text())["version"]
    if installed != PINNED:
        browser.unavailable(f"axe-core {installed} in {NODE_CACHE}, package.json pins {PINNED} ({INSTALL})")
    return (AXE / "axe.min.js").read_text()


def offline(page):
    """Let ``page`` load files only: a page's scripts and fonts from the network (nbgrader's MathJax) fail at
    once instead of waiting, here as on a machine without a network."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())


def audit(page, rules=()):
    """The violations of WCAG 2.1 A and AA, and of axe's ``rules`` besides, on ``page`` as it is now, one per
    element and rule."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=source())
    results = page.evaluate("""async ([tags, rules]) => {
        const options = {resultTypes: ['violations']};
        const wcag = await axe.run(document, {...options, runOnly: {type: 'tag', values: tags}});
        if (!rules.length) return wcag;
        const more = await axe.run(document, {...options, runOnly: {type: 'rule', values: rules}});
        return {...wcag, violations: [...wcag.violations, ...more.violations], passes: [...wcag.passes, ...more.passes]};
    }""", [WCAG_21_AA, list(rules)])
    assert results["testEngine"]["version"] == PINNED
    assert results["passes"] or results["violations"], "axe checked nothing on the page"
    return [Violation(rule["id"], node["impact"] or rule["impact"], " ".join(map(str, node["target"])), rule["help"])
            for rule in results["violations"] for node in rule["nodes"]]


def assert_accessible(page, name, known=None, rules=()):
    """Screenshot ``page`` as test-artifacts/<name>.png and fail listing each violation of WCAG 2.1 A and AA
    (and of axe's ``rules``).

    ``known`` maps a rule to why it cannot be fixed on our side, and the elements (a CSS selector) it
    may break there; the rule still fails anywhere else on the page and when it no longer breaks
    those elements, so that an exemption outlives neither its cause nor its place."""
    browser.screenshot(page, name)
    known = known or {}
    violations = audit(page, rules)
    unexpected = [v for v in violations if v.rule not in known or not _inside(page, v.target, known[v.rule][1])]
    assert not unexpected, f"{len(unexpected)} accessibility violations on {name}:\n" + "\n".join(map(str, unexpected))
    gone = set(known) - {violation.rule for violation in violations}
    assert not gone, f"rules exempted on {name} no longer break there, drop their exemption: {sorted(gone)}"


def _inside(page, target, selector):
    return page.evaluate("([target, selector]) => !!document.querySelector(target).closest(selector)",
                         [target, selector])
