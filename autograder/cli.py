"""The ``autograder`` command."""
import argparse
import importlib
import json
import importlib.util
import os
import pkgutil
import sys
from pathlib import Path


# The assignments' names, read from the rubric package without importing it: `grade` wants its
# sandbox started before numpy and the rubric are imported, so that the two warm up together.
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


def main(argv=None):
    parser = argparse.ArgumentParser(prog="autograder", description="Course kit: build, release and grade.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text in BUILD_COMMANDS:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("assignments", nargs="*", help="assignment names (default: all)")
        command.add_argument("--assignment", action="append", default=[], choices=ASSIGNMENT_NAMES,
                             dest="named", help="an assignment (may be repeated), as an alternative")
        command.set_defaults(module=module)
    grade = commands.add_parser("grade", help="grade one notebook with its code in a sandbox")
    grade.add_argument("notebook", type=Path)
    grade.add_argument("--assignment", choices=ASSIGNMENT_NAMES, help="default: inferred from the notebook")
    grade.add_argument("--format", choices=["json", "text", "junit"], default="json")
    grade.add_argument("--output", type=Path, help="write the result here instead of stdout")
    grade.add_argument("--html", type=Path, help="also write the student's feedback page here")
    grade.add_argument("--fail-under", type=float, help="exit 1 when the score is below this")
    grade.add_argument("--seed", type=int, help="seed of the fresh inputs (default: random, reported)")
    grade.add_argument("--isolation", choices=["full", "minimal"], default="full",
                       help="full (default): refuse to grade where nothing hides the course's files from "
                            "student code; minimal: grade anyway, and say so in the result")
    grade.set_defaults(run=run_grade)
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
    batch.add_argument("--results", type=Path, help="result folder (default: results/ in the course root)")
    batch.add_argument("--db", help="nbgrader gradebook URL (default: the course's gradebook.db, if any)")
    batch.set_defaults(run=run_batch)
    report = commands.add_parser("report", help="write the instructor report of a graded class")
    report.add_argument("results", type=Path)
    report.add_argument("--output", type=Path, help="default: <results>/report")
    report.set_defaults(run=run_report)
    arguments = parser.parse_args(argv)
    if hasattr(arguments, "run"):
        return arguments.run(arguments)
    importlib.import_module(f"{__package__}.{arguments.module}").main(arguments.assignments + arguments.named)
    return 0


def run_batch(arguments):
    from . import batch
    course = arguments.folder if (arguments.folder / "submitted").is_dir() else arguments.folder.parent
    results = arguments.results or course / "results"
    names = [arguments.assignment] if arguments.assignment else ASSIGNMENT_NAMES
    submissions = batch.find_submissions(arguments.folder, names)
    if arguments.scheduler:
        from distributed import Client
        client = Client(arguments.scheduler)
        slots = sum(client.nthreads().values())
        executor_factory, where = batch.dask_executor(client), f"the Dask cluster at {arguments.scheduler}"
    else:
        slots = arguments.workers
        executor_factory, where = batch.local_executor(arguments.workers), f"{arguments.workers} local workers"
    print(f"{len(submissions)} submissions in {arguments.folder}; grading on {where}")
    # Two tasks out per slot keep every worker busy while limiting who is suspect when one dies.
    batch.run(submissions, results, executor_factory, arguments.force, progress=True, window=2 * slots)
    graded = {name: records for name, records in batch.load_results(results).items() if name in names}
    batch.write_csv(graded, results / "grades.csv", names)
    print(batch.summary(graded, names))
    gradebook = arguments.db or (f"sqlite:///{course / 'gradebook.db'}" if (course / "gradebook.db").exists() else None)
    if gradebook:
        print(batch.update_gradebook(graded, gradebook))
    print(f"Results: {results}/<assignment>/; grades: {results / 'grades.csv'}")
    return 0


def run_report(arguments):
    from . import class_report
    print(class_report.write_report(arguments.results, arguments.output or arguments.results / "report"))
    return 0


def run_grade(arguments):
    from .sandbox import start
    started = start()  # first, so that its warm-up overlaps the imports below
    from .sandbox import GraderFailure, Sandbox
    from . import reports
    with Sandbox(started, isolation=arguments.isolation) as box:
        from .isolated import grade_notebook
        try:
            grade = grade_notebook(arguments.notebook, arguments.assignment, seed=arguments.seed, box=box)
        except ValueError as error:
            print(f"autograder: {error}", file=sys.stderr)
            return 2
        except GraderFailure as error:
            print(f"autograder: {arguments.notebook}: not graded (grader environment: {error})", file=sys.stderr)
            if arguments.format == "json":
                write(arguments.output, json.dumps(reports.not_graded(arguments.notebook, error), indent=2))
            return 3
    write(arguments.output, reports.FORMATS[arguments.format](grade))
    if arguments.html:
        arguments.html.write_text(reports.as_html(grade))
    return 1 if arguments.fail_under is not None and grade.score < arguments.fail_under else 0


def write(path, text):
    if path:
        path.write_text(text + "\n")
    else:
        print(text)


def run_gradescope(arguments):
    from .gradescope import build
    print(f"Gradescope autograder for {arguments.assignment}: {build(arguments.assignment, arguments.output)}")
    return 0


def run_doctor(arguments):
    """Which layer each concern gets here, a trial lock-in, and whether grading would proceed."""
    from .calls import Call
    from .sandbox import GraderFailure, Sandbox
    try:
        with Sandbox(isolation="minimal") as box:
            layers = box.layers
            box.run("", [Call("no_function")])  # one locked-in process, to prove the lock-in works
    except GraderFailure as error:
        print(f"autograder doctor: grading would fail here: {error}")
        return 3
    for concern, layer in layers.as_dict().items():
        print(f"{concern:<12} {layer}")
    if layers.missing():
        print("grading: refused by default (" + "; ".join(layers.missing()) + "); "
              "`autograder grade --isolation minimal` grades anyway and says so in every result")
        return 3
    print("grading: proceeds with full isolation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
