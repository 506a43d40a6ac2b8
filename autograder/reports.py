"""Results in the forms their readers want: a graded function's feedback text, and a GradeRecord
as Gradescope JSON, text, JUnit XML and HTML."""
import html
import xml.etree.ElementTree as ElementTree

from .i18n import _, _n, chosen, html_lang


def function_report(result):
    """The feedback on one graded function (``judging.FunctionResult``): per check a mark and its
    problems, then the likely mistakes."""
    passed = sum(check.passed for check in result.checks)
    lines = [_n("{function}: {score}/{max_score} points, {passed} of {count} check passed",
                "{function}: {score}/{max_score} points, {passed} of {count} checks passed", len(result.checks),
                function=result.function, score=result.score, max_score=result.max_score, passed=passed)]
    for check in result.checks:
        mark = _("ok") if check.passed else _("FAILED")
        lines.append(f"  [{mark}] {_(check.name)}")  # the name is the check's id: said where it is shown
        lines += [f"      {problem}" for problem in check.problems]
    lines += ["  " + _("Likely mistake: {hint}", hint=_(hint)) for hint in result.hints]
    if result.seed is not None:
        lines.append("  " + _("(fresh inputs drawn with seed {seed})", seed=result.seed))
    return "\n".join(lines)


def as_json(record):
    return record.to_json()


def sandbox_line(record):
    """The isolation the student's code had, in one line."""
    sandbox = record.sandbox if isinstance(record.sandbox, dict) else {}
    # The layers are the sandbox's words, kept as they are: tools read them.
    layers = "; ".join(f"{concern} {layer}" for concern, layer in sandbox.items() if concern != "level")
    return _("sandbox ({level} isolation): {layers}", level=sandbox.get("level", "unknown"),
             layers=layers or _("none recorded"))


def as_text(record):
    if not record.graded:
        return _("{assignment}: not graded: {error}", assignment=record.assignment, error=record.error)
    lines = [f"{record.assignment}: {record.score:g}/{record.max_score:g} ({record.notebook})", sandbox_line(record)]
    lines += [_("note: {note}", note=note) for note in _notes(record)]
    lines += [test.output for test in record.tests]
    return "\n".join(lines)


def as_junit(record):
    failures = sum(not test.passed for test in record.tests)
    suite = ElementTree.Element("testsuite", name=record.assignment, tests=str(len(record.tests)),
                                failures=str(failures), time=f"{record.execution_time:.3f}")
    ElementTree.SubElement(ElementTree.SubElement(suite, "properties"), "property", name="sandbox",
                           value=sandbox_line(record))
    if not record.graded:  # one failing case, so that CI shows why rather than an empty suite
        suite.set("errors", "1")
        case = ElementTree.SubElement(suite, "testcase", classname=record.assignment, name="grading")
        ElementTree.SubElement(case, "error", message=_("not graded")).text = record.error
    for test in record.tests:
        case = ElementTree.SubElement(suite, "testcase", classname=record.assignment, name=test.name)
        if test.passed:
            ElementTree.SubElement(case, "system-out").text = test.output
        else:
            failure = ElementTree.SubElement(case, "failure", message=_("0/{max_score} points", max_score=format(test.max_score, "g")))
            failure.text = test.output
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


def as_html(record):
    """A feedback page for the student: per function whether it passed, in a word and a symbol, its points
    and what was checked and went wrong."""
    title = html.escape(record.assignment)
    score = f"{record.score:g}/{record.max_score:g}" if record.graded else _("not graded")
    parts = [f"<h1>{title}: {score}</h1>"]
    if not record.graded:
        parts.append(f"<p>{html.escape(record.error or '')}</p>")
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in _notes(record))
    if notes:
        parts.append(f"<ul>{notes}</ul>")
    if record.tests:
        parts.append(html_table(
            [_("function"), _("result"), _("points"), _("checks")],
            [[html.escape(t.name), verdict(t.passed), f"{t.score:g}/{t.max_score:g}",
              f"<pre>{html.escape(t.output)}</pre>"] for t in record.tests],
            caption=_("What was checked, function by function")))
    return html_page(_("{assignment} feedback", assignment=title), "\n".join(parts),
                     ".passed{color:#1a7f37} .failed{color:#cf222e} .passed,.failed{white-space:nowrap} pre{margin:0;white-space:pre-wrap}")


def verdict(passed):
    """Passed or failed in a word and a symbol, so that neither colour nor the symbol alone carries it."""
    symbol, style, word = ("\u2713", "passed", _("passed")) if passed else ("\u2717", "failed", _("failed"))
    return f"<span class='{style}'><span aria-hidden='true'>{symbol}</span> {word}</span>"


def html_table(headers, rows, caption=None, row_headers=True):
    """A table whose cells are HTML already: a header per column and, with ``row_headers``, each row's first
    cell heading its row, so that a screen reader names the row and column of every cell."""
    def row(cells):
        first, rest = (cells[0], cells[1:]) if row_headers else (None, cells)
        head = f"<th scope='row'>{first}</th>" if row_headers else ""
        return "<tr>" + head + "".join(f"<td>{cell}</td>" for cell in rest) + "</tr>"
    head = "".join(f"<th scope='col'>{html.escape(header)}</th>" for header in headers)
    caption = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(map(row, rows))}</tbody></table>"


PAGE_STYLE = ("body{font-family:sans-serif;margin:2em;max-width:72em;color:#1f2328;background:#fff}"
              " table{border-collapse:collapse;margin:.5em 0} caption{text-align:left;font-weight:bold;padding:.3em 0}"
              " th,td{border:1px solid #8c959f;padding:.3em .6em;text-align:left;vertical-align:top}")


def html_page(title, body, style=""):
    """A whole page in the language in force: its title, the kit's style and ``style``, and ``body`` as its main landmark."""
    return f"""<!DOCTYPE html>
<html lang="{html_lang(chosen())}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{PAGE_STYLE} {style}</style></head>
<body><main>
{body}
</main></body></html>
"""


def _notes(record):
    return record.output.splitlines() if record.output else []


FORMATS = {"json": as_json, "text": as_text, "junit": as_junit}
