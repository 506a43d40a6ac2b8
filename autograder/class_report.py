"""The instructor's report of a graded class: scores, pass rates, frequent mistakes, failures.

Reads the batch's results folder, ``<results>/<assignment>/<student>.<hash>.json``, and writes
``report.html`` with one PNG figure per chart next to it.
"""
import argparse
import html
from collections import Counter
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .batch.store import ResultStore
from .i18n import N_, _
from .kit import plots
from .reports import html_page, html_table

MOST_FREQUENT_MISTAKES = 10


def summarize(records):
    """The numbers the report shows for one assignment's GradeRecords."""
    graded = [record for record in records if record.graded]
    functions = {}  # function -> its tests over the class, in the rubric's order
    mistakes = Counter()
    for record in graded:
        for test in record.tests:
            functions.setdefault(test.function, []).append(test)
        # Count each hint once per submission, so its share of the class is at most 100%.
        mistakes.update({hint for test in record.tests for hint in test.diagnosis})
    return {
        "graded": graded,
        "failed": [record for record in records if not record.graded],
        "max_score": max((record.max_score for record in graded), default=0),
        "mean_score": sum(record.score for record in graded) / len(graded) if graded else None,
        "functions": {function: {
            "max_score": max(test.max_score for test in tests),
            "mean_score": sum(test.score for test in tests) / len(tests),
            "passed": sum(test.passed for test in tests),
            "pass_rate": sum(test.passed for test in tests) / len(tests),
        } for function, tests in functions.items()},
        "mistakes": mistakes.most_common(MOST_FREQUENT_MISTAKES),
    }


def label(text, message, **values):
    """Set ``text`` (a figure's label) to the grader's ``message`` in the language in force: the kit's
    ``plots.label`` draws what the grader's catalogue says, in a font with its glyphs, or the English where
    no installed font has them."""
    said = _(message, **values)
    plots.label(text, said if said.isascii() or plots.cjk_font() else message.format(**values))


def plot_scores(summary, path):
    # Figure without pyplot renders with Agg and leaves the caller's backend and figures alone.
    figure = Figure(figsize=(6, 3.2), layout="constrained")
    axes = figure.add_subplot()
    axes.hist([record.score for record in summary["graded"]], bins=10,
              range=(0, summary["max_score"] or 1), color="#4c72b0", edgecolor="white")
    axes.set_xlim(0, summary["max_score"] or 1)
    label(axes.xaxis.label, N_("total score"))
    label(axes.yaxis.label, N_("submissions"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of students, not fractions
    figure.savefig(path, dpi=100)


def plot_pass_rates(summary, path):
    functions = summary["functions"]
    figure = Figure(figsize=(6, 0.5 + 0.45 * len(functions)), layout="constrained")
    axes = figure.add_subplot()
    names = list(functions)[::-1]  # barh draws bottom-up; keep the rubric's order top-down
    axes.barh(names, [100 * functions[name]["pass_rate"] for name in names], color="#55a868")
    axes.set_xlim(0, 100)
    label(axes.xaxis.label, N_("graded submissions passed (%)"))
    figure.savefig(path, dpi=100)


def table(headers, rows, row_headers=True):
    return html_table(headers, [[html.escape(str(cell)) for cell in row] for row in rows], row_headers=row_headers)


def heading(text):
    return f"<h3>{html.escape(text)}</h3>"


def scores_text(assignment, summary):
    """What the score histogram shows, in words: how many students had each total, highest first."""
    scores = Counter(record.score for record in summary["graded"])
    counts = ", ".join(_("{count} of {total} students at {score:g}/{max_score:g}", count=count,
                           total=len(summary["graded"]), score=score, max_score=summary["max_score"])
                       for score, count in sorted(scores.items(), reverse=True))
    return _("score histogram for {assignment}: {counts}", assignment=assignment, counts=counts)


def pass_rates_text(assignment, summary):
    """What the pass-rate chart shows, in words: per function how many passed, in the rubric's order."""
    graded = len(summary["graded"])
    rates = "; ".join(_("{function}: {passed} of {graded} passed ({rate:.0%})", function=function,
                          passed=numbers["passed"], graded=graded, rate=numbers["pass_rate"])
                      for function, numbers in summary["functions"].items())
    return _("pass rate per function for {assignment}: {rates}", assignment=assignment, rates=rates)


def assignment_section(assignment, summary, output_folder):
    graded_count = len(summary["graded"])
    mean = _("n/a") if summary["mean_score"] is None else f"{summary['mean_score']:.2f}"
    parts = [f"<h2>{html.escape(assignment)}</h2>", table(
        [_("graded"), _("failed to grade"), _("mean score"), _("max score")],
        [[graded_count, len(summary["failed"]), mean, f"{summary['max_score']:g}"]], row_headers=False)]
    if graded_count:
        for suffix, plot, caption, described in [("scores", plot_scores, _("Total scores"), scores_text),
                                                 ("pass-rates", plot_pass_rates, _("Pass rate per function"),
                                                  pass_rates_text)]:
            image = f"{assignment}-{suffix}.png"
            plot(summary, output_folder / image)
            parts.append(f"<figure><img src='{html.escape(image)}' alt='{html.escape(described(assignment, summary))}'>"
                         f"<figcaption>{caption}</figcaption></figure>")
        parts += [heading(_("Per function")), table(
            [_("function"), _("mean score"), _("max score"), _("passed")],
            [[function, f"{numbers['mean_score']:.2f}", f"{numbers['max_score']:g}",
              f"{numbers['pass_rate']:.0%}"] for function, numbers in summary["functions"].items()])]
    if summary["mistakes"]:
        parts += [heading(_("Most frequent mistakes")), table(
            [_("diagnosis"), _("submissions"), _("share of graded")],
            # A hint is English data, held in the kit's catalogue: said in the language in force.
            [[_(hint), count, f"{count / graded_count:.0%}"] for hint, count in summary["mistakes"]])]
    if summary["failed"]:
        parts += [heading(_("Failed to grade")), table(
            [_("student"), _("error")],
            [[record.student, record.error] for record in summary["failed"]])]
    return "\n".join(parts)


def write_report(results_folder, output_folder):
    """Write report.html and its figures into output_folder; return the HTML's path."""
    output_folder = Path(output_folder)
    output_folder.mkdir(parents=True, exist_ok=True)
    results = ResultStore(results_folder).load()
    sections = [assignment_section(assignment, summarize(records), output_folder)
                for assignment, records in results.items()]
    body = "\n".join(sections) or "<p>" + _("No results found.") + "</p>"
    title = _("Class report")
    folder = f"<code>{html.escape(str(results_folder))}</code>"
    where = _("Results from {folder}.", folder=folder)
    page = html_page(title, f"""<h1>{title}</h1>
<p>{where}</p>
{body}""", "figure{margin:1em 0} th[scope=row]{font-weight:normal}")
    report = output_folder / "report.html"
    report.write_text(page, encoding="utf-8")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.class_report",
                                     description=_("Write the instructor's HTML report of a graded class."))
    parser.add_argument("results", type=Path, help=_("results folder: {layout}",
                                                     layout="<results>/<assignment>/<student>.<hash>.json"))
    parser.add_argument("--output", type=Path, help=_("report folder (default: {default})", default="RESULTS/report"))
    arguments = parser.parse_args(argv)
    print(write_report(arguments.results, arguments.output or arguments.results / "report"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
