"""The release step: copy the shared student-side files into each source assignment, write the
rubric's grades into its test cells, then let nbgrader generate ``release/``.

``kit/`` (from ``autograder/kit``) and the assignment's data sets are written once in the repo
and copied here, so every source and release folder runs on its own. An assignment's folder gets
the kit modules its notebook and its own public cases import, found by following their imports,
and no other assignment's cases. The copies are committed and a test fails when they drift.

After nbgrader, what the release notebook gives the learner (its tracked cells with their
checksums, the seed lines of its answer cells) is written into the kit as ``kit/released/<assignment>.py``
and copied beside the notebook, for the learner's check before submitting.

The rubric alone says what a function is worth: each test cell's ``points`` and ``grade_id`` are
written from it, as the kit is copied, so that changing a function's points is one edit in the
rubric and nbgrader's gradebook follows at the next release.

A release is in one language, or two (``--lang``, else the course's setting: ``course_language``):
nbgrader generates it from the notebook's cells of that language, so its checksums and gradebook
are those of the cells learners get.
"""
import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from .course_language import release_language
from .exit_codes import ExitCode
from .i18n import _, _n
from .kit import i18n, mistakes as kit_mistakes
from .kit.nbgrader_cells import CellKind, kind_of, released_cells
from .rubric import ASSIGNMENTS
from .solutions import REPO, SOURCE, read_notebook

# A test cell is known by the function it tests: public_test(name), or check("name", ...) in its hidden part.
TESTED_FUNCTION = re.compile(r"""\b(?:public_test\(\s*|check\(\s*["'])(\w+)""")

KIT = Path(__file__).resolve().parent / "kit"
DATASETS = REPO / "datasets"
COPY_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def shared_files(assignment):
    """``{path in the assignment folder: original}`` for every shared file the assignment needs."""
    files = {Path("kit") / path.relative_to(KIT): path for path in kit_files(assignment)}
    files.update({Path("datasets") / f"{name}.h5": DATASETS / f"{name}.h5" for name in assignment.datasets})
    return files


def kit_files(assignment):
    """The kit's files that the assignment's source notebook and its public cases module reach by
    their imports, with the ``__init__.py`` of each package on the way. The cases package collects
    whatever modules it holds, so the assignment's own cases module is named here, and only it; and
    so is its own mistakes file (``kit.mistakes``: the public cases' mistake outputs and hints)."""
    notebook = read_notebook(notebook_path(assignment))
    cells = [ast.parse(TransformerManager().transform_cell(cell.source))  # IPython magics become calls
             for cell in notebook.cells if cell.cell_type == "code"]
    pending = [KIT / "cases" / f"{assignment.name}.py", *(kit_file(name) for tree in cells for name in imported_names(tree))]
    if release_module(assignment).is_file():  # written by the first release, after nbgrader
        pending.append(release_module(assignment))
    found = set()
    while pending:
        path = pending.pop()
        if path is None or path in found:
            continue
        found.add(path)
        package = ".".join(["kit", *path.relative_to(KIT).parent.parts])
        pending += [folder / "__init__.py" for folder in (path.parent, *path.parent.parents) if folder.is_relative_to(KIT)]
        pending += [kit_file(name) for name in imported_names(ast.parse(path.read_text()), package)]
    if KIT / "mistakes.py" in found:
        found.add(kit_mistakes.path(assignment.name))
    if KIT / "i18n.py" in found:  # the compiled catalogues it reads (their .po sources stay with the course)
        found.update(i18n.KIT_LOCALES.glob(f"*/LC_MESSAGES/{i18n.KIT_DOMAIN}.mo"))
    return sorted(found)


def imported_names(tree, package=None):
    """The dotted names ``tree`` imports, relative ones resolved in ``package``; for ``from m import a``
    both ``m`` and ``m.a``, since ``a`` may be a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = importlib.util.resolve_name("." * node.level + (node.module or ""), package) \
                if node.level else node.module
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def kit_file(name):
    """The kit's file of the module or package ``kit.a.b``; None for any other name."""
    parts = name.split(".")
    if parts[0] != "kit":
        return None
    path = KIT.joinpath(*parts[1:])
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def copy_shared_files(assignment):
    if not kit_mistakes.path(assignment.name).is_file():  # a new assignment, released before its references
        from . import references
        references.write_kit_mistakes(assignment, references.compute(assignment))
    folder = SOURCE / assignment.name
    for stale in ("kit", "datasets"):
        shutil.rmtree(folder / stale, ignore_errors=True)
    for relative, original in shared_files(assignment).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, folder / relative)


def notebook_path(assignment, folder=SOURCE):
    return folder / assignment.name / f"{assignment.name}.ipynb"


def test_cells(notebook):
    """{function name: [its graded cells]}, every graded cell under the functions it tests."""
    cells = {}
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            for name in sorted(set(TESTED_FUNCTION.findall(cell.source))) or [None]:
                cells.setdefault(name, []).append(cell)
    return cells


def missing_test_cells(assignment, notebook):
    """What keeps the rubric's grades from being written: a function without exactly one test cell,
    or a graded cell that tests no function of the rubric (points the rubric does not know of)."""
    cells = test_cells(notebook)
    problems = [_n("{function}: {count} test cell, expected one", "{function}: {count} test cells, expected one",
                   len(cells.get(name, [])), function=name)
                for name in (function.name for function in assignment.functions) if len(cells.get(name, [])) != 1]
    graded = {function.name for function in assignment.functions}
    problems += [_("a graded cell tests {function}, which the rubric does not grade", function=name) if name else
                 _("a graded cell tests no function, which the rubric does not grade")
                 for name in cells if name not in graded]
    return problems


def rubric_disagreements(assignment, notebook):
    """One line per way the notebook's grades differ from the rubric's; none when they agree."""
    problems = missing_test_cells(assignment, notebook)
    if problems:
        return problems
    cells = test_cells(notebook)
    for function in assignment.functions:
        grade = cells[function.name][0].metadata["nbgrader"]
        if grade.get("grade_id") != function.test_cell_id:
            problems.append(_("{function}: grade_id {grade_id!r}, the rubric's is {expected!r}", function=function.name,
                              grade_id=grade.get("grade_id"), expected=function.test_cell_id))
        if grade.get("points") != function.points:
            problems.append(_("{function}: {points} points, the rubric's are {expected}", function=function.name,
                              points=grade.get("points"), expected=function.points))
    return problems


def write_rubric_grades(assignment, folder=SOURCE):
    """Write each test cell's grade_id and points from the rubric into the assignment's notebook in
    ``folder``; refuse (ValueError) a notebook whose test cells cannot be matched to the rubric."""
    path = notebook_path(assignment, folder)
    notebook = read_notebook(path)
    if problems := missing_test_cells(assignment, notebook):
        raise ValueError(f"{path}: " + "; ".join(problems))
    if not rubric_disagreements(assignment, notebook):
        return  # unchanged: the file is left as it is
    cells = test_cells(notebook)
    for function in assignment.functions:
        cells[function.name][0].metadata["nbgrader"].update(grade_id=function.test_cell_id, points=function.points)
    nbformat.write(notebook, str(path))


def nbgrader_environment():
    # nbgrader runs helpers such as `alembic` by name: they must be found beside this interpreter.
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def nbgrader(*arguments, course_root=REPO, **options):
    """Run an nbgrader command on ``course_root`` with this interpreter's environment."""
    command = [sys.executable, "-m", "nbgrader", *arguments, f"--CourseDirectory.root={course_root}"]
    return subprocess.run(command, cwd=course_root, env=nbgrader_environment(), **options)


def generate(assignment_name, course_root=REPO, language=None):
    """Run ``nbgrader generate_assignment`` for one assignment in ``course_root``, in ``language``
    (default: the course's language, from its ``nbgrader_config.py``)."""
    chosen = [f"--CourseKit.language={language}"] if language else []
    nbgrader("generate_assignment", assignment_name, "--force", "--log-level=WARN", *chosen,
             course_root=course_root, check=True)


def release_module(assignment):
    return KIT / "released" / f"{assignment.name}.py"


def seed_calls(source, functions):
    """``{graded function: its np.random.seed(...) calls}`` for the graded functions ``source`` defines,
    each call as ``ast.unparse`` writes it."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    return {node.name: tuple(ast.unparse(call) for call in ast.walk(node)
                             if isinstance(call, ast.Call) and ast.unparse(call.func) == "np.random.seed")
            for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in functions}


def release_module_text(assignment, notebook):
    """The text of ``kit/released/<assignment>.py`` for the release notebook ``notebook`` (its JSON)."""
    cells = "".join(f"    ReleasedCell({cell.grade_id!r}, CellKind.{cell.kind.name}, {cell.checksum!r}),\n"
                    for cell in released_cells(notebook))
    names = [function.name for function in assignment.functions]
    seeds = {name: calls for cell in notebook["cells"] if kind_of(cell) is CellKind.ANSWER
             for name, calls in seed_calls("".join(cell["source"]), names).items() if calls}
    return (f'"""What the release notebook of {assignment.name} gave the learner: written by `autograder release`."""\n'
            "from ..nbgrader_cells import CellKind, ReleasedCell\n\n"
            "FUNCTIONS = (\n" + "".join(f"    {name!r},\n" for name in names) + ")\n"
            f"CELLS = (\n{cells})\n"
            "SEEDS = {\n" + "".join(f"    {name!r}: {calls!r},\n" for name, calls in seeds.items()) + "}\n")


def write_release_module(assignment, course_root=REPO):
    """Write the release module from the generated notebook into the assignment's source and release
    folders (nbgrader copied the rest of the kit there) and, for the repo's own course, into the kit:
    the copy the next release starts from. A scratch course leaves the repo's kit alone."""
    release_notebook = notebook_path(assignment, course_root / "release")
    text = release_module_text(assignment, json.loads(release_notebook.read_text()))
    folders = [course_root / "source" / assignment.name / "kit", release_notebook.parent / "kit"]
    for folder in ([KIT] if course_root == REPO else []) + folders:
        path = folder / "released" / f"{assignment.name}.py"
        if not path.is_file() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)


def release_in_language(assignment_name, course_root=REPO, language=None):
    """nbgrader's release of one assignment of ``course_root`` in ``language``, with its release module."""
    generate(assignment_name, course_root, language)
    write_release_module(ASSIGNMENTS[assignment_name], course_root)


def main(argv=None, language=None):
    """Release the named assignments (default: all) in ``language`` (default: the course's)."""
    language = release_language(language, REPO)
    names = (argv if argv is not None else sys.argv[1:]) or list(ASSIGNMENTS)
    for name in names:
        copy_shared_files(ASSIGNMENTS[name])
        write_rubric_grades(ASSIGNMENTS[name])
        release_in_language(name, language=language)
        print(_("released {assignment} ({language}): release/{assignment}/", assignment=name, language=language))


def run(arguments):
    """``autograder release [ASSIGNMENT ...] [--lang LANGUAGE]``."""
    main(arguments.assignments + arguments.named, language=arguments.lang)
    return ExitCode.GRADED


if __name__ == "__main__":
    main()
