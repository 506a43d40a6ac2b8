"""The ``autograder`` command."""
import argparse
import importlib
import sys
from pathlib import Path

from .rubric import ASSIGNMENTS

# Modules are imported only for the command that runs: grading must not pay for nbgrader's imports.
BUILD_COMMANDS = [
    ("release", "release", "copy the kit into source/ and generate release/ with nbgrader"),
    ("references", "references", "rebuild the reference outputs from the source solutions"),
    ("sample-class", "sample_class", "write the sample classes under submitted/"),
    ("demo", "demo", "grade the sample classes with nbgrader autograde and print the table"),
]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="autograder", description="Course kit: build, release and grade.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text in BUILD_COMMANDS:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("assignments", nargs="*", help="assignment names (default: all)")
        command.set_defaults(module=module)
    grade = commands.add_parser("grade", help="grade one notebook with its code in a sandbox")
    grade.add_argument("notebook", type=Path)
    grade.add_argument("--assignment", choices=sorted(ASSIGNMENTS), help="default: inferred from the notebook")
    grade.add_argument("--format", choices=["json", "text", "junit"], default="json")
    grade.add_argument("--output", type=Path, help="write the result here instead of stdout")
    grade.add_argument("--html", type=Path, help="also write the student's feedback page here")
    grade.add_argument("--fail-under", type=float, help="exit 1 when the score is below this")
    grade.add_argument("--seed", type=int, help="seed of the fresh inputs (default: random, reported)")
    grade.set_defaults(run=run_grade)
    arguments = parser.parse_args(argv)
    if hasattr(arguments, "run"):
        return arguments.run(arguments)
    importlib.import_module(f"{__package__}.{arguments.module}").main(arguments.assignments)
    return 0


def run_grade(arguments):
    from . import reports
    from .isolated import grade_notebook
    try:
        grade = grade_notebook(arguments.notebook, arguments.assignment, seed=arguments.seed)
    except ValueError as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 2
    text = reports.FORMATS[arguments.format](grade)
    if arguments.output:
        arguments.output.write_text(text + "\n")
    else:
        print(text)
    if arguments.html:
        arguments.html.write_text(reports.as_html(grade))
    return 1 if arguments.fail_under is not None and grade.score < arguments.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
