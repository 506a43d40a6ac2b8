"""Results in the forms their readers want: a graded function's feedback text, and a GradeRecord
as Gradescope JSON, text, JUnit XML and HTML."""
import html
import xml.etree.ElementTree as ElementTree


def function_report(result):
    """The feedback on one graded function (``judging.FunctionResult``): per check a mark and its
    problems, then the likely mistakes."""
    passed = sum(check.passed for check in result.checks)
    lines = [f"{result.function}: {result.score}/{result.max_score} points, {passed} of {len(result.checks)} checks passed"]
    for check in result.checks:
        lines.append(f"  [{'ok' if check.passed else 'FAILED'}] {check.name}")
        lines += [f"      {problem}" for problem in check.problems]
    lines += [f"  Likely mistake: {hint}" for hint in result.hints]
    if result.seed is not None:
        lines.append(f"  (fresh inputs drawn with seed {result.seed})")
    return "\n".join(lines)


def as_json(record):
    return record.to_json()


def sandbox_line(record):
    """The isolation the student's code had, in one line."""
    sandbox = record.sandbox if isinstance(record.sandbox, dict) else {}
    layers = "; ".join(f"{concern} {layer}" for concern, layer in sandbox.items() if concern != "level")
    return f"sandbox ({sandbox.get('level', 'unknown')} isolation): {layers or 'none recorded'}"


def as_text(record):
    if not record.graded:
        return f"{record.assignment}: not graded: {record.error}"
    lines = [f"{record.assignment}: {record.score:g}/{record.max_score:g} ({record.notebook})", sandbox_line(record)]
    lines += [f"note: {note}" for note in _notes(record)]
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
        ElementTree.SubElement(case, "error", message="not graded").text = record.error
    for test in record.tests:
        case = ElementTree.SubElement(suite, "testcase", classname=record.assignment, name=test.name)
        if test.passed:
            ElementTree.SubElement(case, "system-out").text = test.output
        else:
            failure = ElementTree.SubElement(case, "failure", message=f"0/{test.max_score:g} points")
            failure.text = test.output
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


def as_html(record):
    """A feedback page for the student: per function what was checked and what went wrong."""
    rows = "".join(
        f"<tr class='{'ok' if t.passed else 'failed'}'><td>{html.escape(t.name)}</td>"
        f"<td>{t.score:g}/{t.max_score:g}</td><td><pre>{html.escape(t.output)}</pre></td></tr>"
        for t in record.tests)
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in _notes(record))
    title = html.escape(record.assignment)
    score = f"{record.score:g}/{record.max_score:g}" if record.graded else "not graded"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} feedback</title>
<style>body{{font-family:sans-serif;margin:2em}} td{{vertical-align:top;padding:.4em}}
tr.ok td:first-child{{color:#1a7f37}} tr.failed td:first-child{{color:#cf222e}} pre{{margin:0}}</style></head>
<body><h1>{title}: {score}</h1>
{f"<ul>{notes}</ul>" if notes else ""}
<table><tr><th>function</th><th>points</th><th>checks</th></tr>{rows}</table></body></html>
"""


def _notes(record):
    return record.output.splitlines() if record.output else []


FORMATS = {"json": as_json, "text": as_text, "junit": as_junit}
