"""``autograder batch``: grade a course's submissions, then write the CSV and the gradebook."""
from ..exit_codes import ExitCode
from ..i18n import _, _n
from . import discover, export, schedule
from .store import ResultStore


def grade_course(folder, names, workers, scheduler=None, force=False, isolation="full", results=None, db=None):
    """Grade what is new under ``folder`` (a course root or its submitted/) for the assignments ``names``.

    Prints progress and a summary; returns GRADER_FAILURE when some submission has no grade because
    of the grader (a rerun tries it again), else GRADED. Raises GraderFailure when the grader fails
    on the first submissions and grades none.
    """
    folder = folder.resolve()  # paths are the client's, resolved here, never on a worker
    course = folder if (folder / "submitted").is_dir() else folder.parent
    store = ResultStore((results or course / "results").resolve())
    submissions = discover.find_submissions(folder, names)
    if scheduler:
        from distributed import Client
        client = Client(scheduler)
        slots = sum(client.nthreads().values())
        executor_factory = schedule.dask_executor(client)
        print(_n("{count} submission in {folder}; grading on the Dask cluster at {scheduler}",
                 "{count} submissions in {folder}; grading on the Dask cluster at {scheduler}", len(submissions),
                 folder=folder, scheduler=scheduler))
    else:
        slots = workers
        executor_factory = schedule.local_executor(workers)
        print(_n("{count} submission in {folder}; grading on {workers} local workers",
                 "{count} submissions in {folder}; grading on {workers} local workers", len(submissions),
                 folder=folder, workers=workers))
    # Two tasks out per slot keep every worker busy while limiting who is suspect when one dies.
    new = schedule.run(submissions, store, executor_factory, force, progress=True, window=2 * max(slots, 1),
                       isolation=isolation)
    graded = {name: records for name, records in store.load().items() if name in names}
    export.write_csv(graded, store.folder / "grades.csv", names)
    print(export.summary(graded, names))
    if db or (course / "gradebook.db").exists():  # an nbgrader course: formgrader and its feedback see the grades
        from . import autograded
        everything = [record for records in graded.values() for record in records]
        print(autograded.write(course, [*new.values(), *autograded.stale(course, everything)],
                               store.folder / "nbgrader.log", db))
    print(_("Results: {folder}/<assignment>/; grades: {grades}", folder=store.folder, grades=store.folder / "grades.csv"))
    grader_failed = any(record.grader_failed for records in graded.values() for record in records)
    return ExitCode.GRADER_FAILURE if grader_failed else ExitCode.GRADED
