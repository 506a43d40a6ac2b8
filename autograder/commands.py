"""The ``autograder`` command's commands: the parser, and a function per command (``cli.py`` is the entry point)."""
import argparse
import importlib
import importlib.util
import os
import pkgutil
import sys
import traceback
from pathlib import Path

from . import i18n
from .errors import GraderFailure, UnusableInput, first_line
from .exit_codes import HELP as EXIT_CODES
from .exit_codes import ExitCode


# The assignments' names, read from the rubric package without importing it: grading imports the
# rubric after its sandbox has started (see cli.py).
ASSIGNMENT_NAMES = sorted(info.name for info in
                          pkgutil.iter_modules(importlib.util.find_spec(f"{__package__}.rubric").submodule_search_locations))

# Modules are imported only for the command that runs: grading must not pay for nbgrader's imports.
BUILD_COMMANDS = [
    ("release", "release", "copy the kit into source/ and generate release/ with nbgrader"),
    ("references", "references", "rebuild the reference outputs from the source solutions"),
    ("sample-class", "sample_class", "write the sample classes under submitted/"),
    ("demo", "demo", "grade the sample classes with nbgrader autograde and print the table"),
    ("mutants", "mutants", "measure the rubric: catalogued and generated mutants caught by public and hidden tests"),
]


ISOLATION_OPTION = (["--isolation"], {
    "choices": ["full", "minimal"], "default": "full",
    "help": "full (default): refuse to grade where nothing hides the course's files from student code; "
            "minimal: grade anyway, and say so in every result"})

def main(argv, started=None):
    """Parse ``argv`` and run its command; ``started``: the zygote ``sandbox.start()`` gave `grade` early."""
    try:
        arguments = parser().parse_args(argv)
    except SystemExit:  # --help, or a wrong command line: argparse has said why
        if started:
            from .sandbox import stop
            stop(started)
        raise
    arguments.started = started
    with i18n.speaking(getattr(arguments, "speak", None)):  # this command's alone: main() is also called in-process
        return run(arguments)


def parser():
    parser = argparse.ArgumentParser(prog="autograder", description="Course kit: build, release and grade.",
                                     epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text in BUILD_COMMANDS:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("assignments", nargs="*", help="assignment names (default: all)")
        command.add_argument("--assignment", action="append", default=[], choices=ASSIGNMENT_NAMES,
                             dest="named", help="an assignment (may be repeated), as an alternative")
        command.set_defaults(module=module)
    release = commands.choices["release"]
    release.add_argument("--lang", help="the release's language: en, zh_CN or en+zh_CN (English then Chinese); "
                                        "default: the course's, c.CourseKit.language in nbgrader_config.py")
    release.set_defaults(run=lambda arguments: importlib.import_module(f"{__package__}.release").run(arguments))
    catalogues = commands.add_parser("catalogues", help="update the message catalogues from the code and compile them")
    catalogues.set_defaults(run=run_catalogues)
    grade = commands.add_parser("grade", help="grade one notebook with its code in a sandbox", epilog=EXIT_CODES,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    grade.add_argument("notebook", type=Path)
    grade.add_argument("--assignment", choices=ASSIGNMENT_NAMES, help="default: inferred from the notebook")
    grade.add_argument("--format", choices=["json", "text", "junit"], default="json")
    grade.add_argument("--output", type=Path, help="write the result here instead of stdout")
    grade.add_argument("--html", type=Path, help="also write the student's feedback page here")
    grade.add_argument("--fail-under", type=float, help="exit 1 when the score is below this")
    grade.add_argument("--seed", type=int, help="seed of the fresh inputs (default: random, reported)")
    grade.add_argument(*ISOLATION_OPTION[0], **ISOLATION_OPTION[1])
    grade.set_defaults(run=run_grade)
    review = commands.add_parser("plan", help="print what the rubric checks, function by function, without hidden values")
    review.add_argument("assignment", choices=ASSIGNMENT_NAMES)
    review.add_argument("--seed", type=int, default=0, help="seed of the fresh inputs (only their number shows)")
    review.set_defaults(run=run_plan)
    doctor = commands.add_parser("doctor", help="say which isolation this machine gives student code")
    doctor.set_defaults(run=run_doctor)
    gradescope = commands.add_parser("gradescope", help="build Gradescope's autograder zip for an assignment")
    gradescope.add_argument("assignment", choices=ASSIGNMENT_NAMES)
    gradescope.add_argument("--output", type=Path, default=Path("autograder.zip"))
    gradescope.set_defaults(run=run_gradescope)
    batch = commands.add_parser("batch", help="grade every submission of a course, resumably, in parallel")
    batch.add_argument("folder", type=Path, help="the course root or its submitted/ folder")
    batch.add_argument("--assignment", choices=ASSIGNMENT_NAMES, help="default: all")
    batch.add_argument("--workers", type=int, default=os.cpu_count(), help="local worker processes")
    batch.add_argument("--scheduler", help="grade on this Dask cluster instead (tcp://HOST:PORT)")
    batch.add_argument("--force", action="store_true", help="regrade submissions that have a result")
    batch.add_argument(*ISOLATION_OPTION[0], **ISOLATION_OPTION[1])
    batch.add_argument("--results", type=Path, help="result folder (default: results/ in the course root)")
    batch.add_argument("--db", help="nbgrader gradebook URL (default: the course's gradebook.db, if any)")
    batch.set_defaults(run=run_batch)
    report = commands.add_parser("report", help="write the instructor report of a graded class")
    report.add_argument("results", type=Path)
    report.add_argument("--output", type=Path, help="default: <results>/report")
    report.set_defaults(run=run_report)
    export = commands.add_parser("export", help="write a graded class's scores for an LMS's gradebook import")
    export.add_argument("results", type=Path, help="the batch's results folder")
    export.add_argument("--format", choices=["canvas", "moodle", "csv"], default="csv",
                        help="csv: the kit's grades.csv (a column per graded function); canvas, moodle: their imports")
    export.add_argument("--roster", type=Path, help="CSV mapping nbgrader's student ids to the LMS's (canvas, moodle)")
    export.add_argument("--output", type=Path, help="default: <results>/<format>.csv")
    export.add_argument("--assignment", choices=ASSIGNMENT_NAMES, action="append", help="default: all")
    export.add_argument("--canvas-id", action="append", default=[], metavar="ASSIGNMENT=ID",
                        help="the Canvas assignment to update (default: the import creates one)")
    export.add_argument("--moodle-key", default="email",
                        help="the roster column Moodle identifies users by (email, username, idnumber)")
    export.add_argument("--allow-missing", action="store_true", help="leave roster students without results empty")
    export.set_defaults(run=run_export)
    for command in commands.choices.values():
        command.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    for command in (grade, batch, report, export):
        command.add_argument("--lang", dest="speak", choices=i18n.available(),
                             help="the language of the feedback and messages (default: AUTOGRADER_LANG, then LANG, "
                                  "then English); machine fields stay English")
    return parser


def run(arguments):
    """Run the parsed command: one exit code, and never a traceback."""
    try:
        if hasattr(arguments, "run"):
            return arguments.run(arguments)
        importlib.import_module(f"{__package__}.{arguments.module}").main(arguments.assignments + arguments.named)
        return ExitCode.GRADED
    except UnusableInput as error:
        print(f"autograder: {first_line(error)}", file=sys.stderr)
        return ExitCode.UNUSABLE_INPUT
    except GraderFailure as error:
        from .record import Status
        print(f"autograder: {Status.GRADER_FAILURE.describe(first_line(error))}", file=sys.stderr)
        return ExitCode.GRADER_FAILURE
    except KeyboardInterrupt:
        print("autograder: " + i18n._("interrupted"), file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as error:  # a bug of ours or a broken environment: one line, never a traceback
        if arguments.debug:
            traceback.print_exc()
            said = i18n._("unexpected error: {error}", error=type(error).__name__ + ": " + first_line(error))
        else:
            said = i18n._("unexpected error: {error} (`--debug` shows the traceback)",
                          error=type(error).__name__ + ": " + first_line(error))
        print(f"autograder: {said}", file=sys.stderr)
        return ExitCode.GRADER_FAILURE


def run_catalogues(arguments):
    from . import catalogues
    catalogues.main()
    return ExitCode.GRADED


def run_batch(arguments):
    from .batch.course import grade_course
    return grade_course(arguments.folder, [arguments.assignment] if arguments.assignment else ASSIGNMENT_NAMES,
                        arguments.workers, arguments.scheduler, arguments.force, arguments.isolation,
                        arguments.results, arguments.db)


def results_folder(path):
    """The results folder of a batch ``path`` names; one that is not there is unusable input."""
    if not path.is_dir():
        raise UnusableInput(i18n._("{path}: no results folder (run `autograder batch` first)", path=path))
    return path


def run_report(arguments):
    from . import class_report
    results = results_folder(arguments.results)
    print(class_report.write_report(results, arguments.output or results / "report"))
    return ExitCode.GRADED


def run_export(arguments):
    from .batch import export, lms
    from .batch.store import ResultStore
    names = arguments.assignment or ASSIGNMENT_NAMES
    results = ResultStore(results_folder(arguments.results)).load()
    output = arguments.output or arguments.results / f"{arguments.format}.csv"
    if arguments.format == "csv":
        export.write_csv(results, output, names)
    else:
        if arguments.roster is None:
            raise UnusableInput(i18n._("`--format {format}` needs `--roster` (nbgrader's student ids to the LMS's)",
                                       format=arguments.format))
        roster = lms.Roster.read(arguments.roster)
        if arguments.format == "canvas":
            if malformed := [item for item in arguments.canvas_id if "=" not in item]:
                raise UnusableInput(i18n._("`--canvas-id {given}`: give ASSIGNMENT=ID, e.g. `initialization=1234`",
                                           given=malformed[0]))
            ids = dict(item.split("=", 1) for item in arguments.canvas_id)
            lms.write_canvas(results, names, roster, output, ids, arguments.allow_missing)
        else:
            lms.write_moodle(results, names, roster, output, arguments.moodle_key, arguments.allow_missing)
    print(i18n._("{format} grades: {path}", format=arguments.format, path=output))
    return ExitCode.GRADED


def run_grade(arguments):
    from . import reports
    from .runners.sandboxed import grade_notebook
    from .sandbox import Sandbox
    with Sandbox(arguments.started, isolation=arguments.isolation) as box:
        record = grade_notebook(arguments.notebook, arguments.assignment, seed=arguments.seed, box=box)
    text = reports.FORMATS[arguments.format](record)
    if not record.graded:
        print(f"autograder: {record.error}", file=sys.stderr)
    if arguments.output:
        arguments.output.write_text(text + "\n")
    elif record.graded:
        print(text)
    if arguments.html:
        arguments.html.write_text(reports.as_html(record))
    return ExitCode.of(record, arguments.fail_under)


def run_plan(arguments):
    from .plan import describe
    from .rubric import ASSIGNMENTS
    print(describe(ASSIGNMENTS[arguments.assignment], arguments.seed))
    return ExitCode.GRADED


def run_gradescope(arguments):
    from .gradescope import build
    print(f"Gradescope autograder for {arguments.assignment}: {build(arguments.assignment, arguments.output)}")
    return ExitCode.GRADED


def run_doctor(arguments):
    from .sandbox.doctor import run
    return run()

