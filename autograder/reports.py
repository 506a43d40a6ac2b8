"""A Grade in the formats its readers want: Gradescope JSON, text, JUnit XML and HTML."""
import html
import json
import xml.etree.ElementTree as ElementTree


def as_dict(grade):
    """Gradescope's results.json fields plus the kit's own."""
    return {
        "assignment": grade.assignment,
        "notebook": grade.path,
        "score": grade.score,
        "max_score": grade.max_score,
        "gradable": True,
        "execution_time": round(grade.seconds, 3),
        "seed": grade.seed,
        "sandbox": grade.sandbox,
        "output": "\n".join(grade.notes),
        "stdout_visibility": "hidden",
        "tests": [{
            "name": result.function,
            "function": result.function,
            "score": result.score,
            "max_score": result.max_score,
            "status": "passed" if result.passed else "failed",
            "output": result.report(),
            "diagnosis": result.hints,
            "visibility": "visible",
        } for result in grade.results],
    }


def as_json(grade):
    return json.dumps(as_dict(grade), indent=2)


def sandbox_line(grade):
    """The isolation the student code had, in one line."""
    layers = "; ".join(f"{concern} {layer}" for concern, layer in grade.sandbox.items() if concern != "level")
    return f"sandbox ({grade.sandbox.get('level', 'unknown')} isolation): {layers}"


def not_graded(path, reason, sandbox=None):
    """The result of a submission the grader could not grade through no fault of the student's."""
    return {"notebook": str(path), "score": 0, "max_score": 0, "gradable": False, "tests": [],
            "output": f"not graded (grader environment: {reason})", "stdout_visibility": "hidden",
            "sandbox": sandbox or {}}


def as_text(grade):
    lines = [f"{grade.assignment}: {grade.score:g}/{grade.max_score:g} ({grade.path})", sandbox_line(grade)]
    lines += [f"note: {note}" for note in grade.notes]
    lines += [result.report() for result in grade.results]
    return "\n".join(lines)


def as_junit(grade):
    failures = sum(not result.passed for result in grade.results)
    suite = ElementTree.Element("testsuite", name=grade.assignment, tests=str(len(grade.results)),
                                failures=str(failures), time=f"{grade.seconds:.3f}")
    ElementTree.SubElement(ElementTree.SubElement(suite, "properties"), "property", name="sandbox",
                           value=sandbox_line(grade))
    for result in grade.results:
        case = ElementTree.SubElement(suite, "testcase", classname=grade.assignment, name=result.function)
        if result.passed:
            ElementTree.SubElement(case, "system-out").text = result.report()
        else:
            failure = ElementTree.SubElement(case, "failure", message=f"0/{result.max_score} points")
            failure.text = result.report()
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


def as_html(grade):
    """A feedback page for the student: per function what was checked and what went wrong."""
    rows = "".join(
        f"<tr class='{'ok' if r.passed else 'failed'}'><td>{html.escape(r.function)}</td>"
        f"<td>{r.score:g}/{r.max_score:g}</td><td><pre>{html.escape(r.report())}</pre></td></tr>"
        for r in grade.results)
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in grade.notes)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(grade.assignment)} feedback</title>
<style>body{{font-family:sans-serif;margin:2em}} td{{vertical-align:top;padding:.4em}}
tr.ok td:first-child{{color:#1a7f37}} tr.failed td:first-child{{color:#cf222e}} pre{{margin:0}}</style></head>
<body><h1>{html.escape(grade.assignment)}: {grade.score:g}/{grade.max_score:g}</h1>
{f"<ul>{notes}</ul>" if notes else ""}
<table><tr><th>function</th><th>points</th><th>checks</th></tr>{rows}</table></body></html>
"""


FORMATS = {"json": as_json, "text": as_text, "junit": as_junit}
