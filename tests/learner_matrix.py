"""The learner's matrix: each release notebook, with correct answers, run top to bottom in a kernel of
another Python holding only what a learner installs (numpy, matplotlib, h5py, and ipykernel to run
it): the oldest versions the kit declares it supports and the newest, on the oldest and newest
Python it supports. Every public test must pass and the notebook must print the course's numbers.

    python tests/learner_matrix.py [--refresh]     (or `make learner-matrix`)

Each combination's virtual environment is made once under the cache folder, keyed by its Python and
requirements, and reused; --refresh makes them anew (the newest versions move). The notebooks run
under nbclient from the grader's environment, on a kernel spec pointing at the combination's Python.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import requires
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from packaging.requirements import Requirement

import learner
from autograder.rubric import ASSIGNMENTS
from learner import State

LEARNER_PACKAGES = ("numpy", "matplotlib", "h5py")  # what a release folder needs (DESIGN.md)
KERNEL_PACKAGE = "ipykernel"
PYTHONS = ("3.10", "3.13")
CACHE = Path(os.environ.get("AUTOGRADER_CACHE", Path.home() / ".cache" / "dl-practical-autograder")) / "learner-matrix"
NOTEBOOK_SECONDS = 600


def declared_floor():
    """``numpy==1.24.*`` and the like: the lower bound the kit's distribution declares for each learner package."""
    floor = {}
    for line in requires("dl-practical-autograder"):
        requirement = Requirement(line)
        if requirement.name in LEARNER_PACKAGES and not requirement.marker:
            [lower] = [spec.version for spec in requirement.specifier if spec.operator == ">="]
            floor[requirement.name] = f"{requirement.name}=={lower}.*"
    return tuple(floor[name] for name in LEARNER_PACKAGES)


@dataclass(frozen=True)
class Stack:
    """A set of learner packages, and the newest Python it installs on (None: any)."""
    name: str
    requirements: tuple
    newest_python: tuple = None

    def installs_on(self, python_version):
        return self.newest_python is None or tuple(map(int, python_version.split("."))) <= self.newest_python


STACKS = (
    # numpy 1.24 has wheels for CPython up to 3.11 only
    Stack("floor", declared_floor(), newest_python=(3, 11)),
    Stack("newest", ("numpy>=2,<3", "matplotlib", "h5py")),  # pip takes the newest that supports the Python
)


class Unavailable(RuntimeError):
    """A combination cannot be made here (no such Python)."""


def pyenv_root():
    try:
        return Path(subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))


def interpreter(python_version):
    """The newest pyenv-installed CPython ``python_version``.x."""
    found = sorted((path for path in (pyenv_root() / "versions").glob(f"{python_version}.*")
                    if path.name[len(python_version) + 1:].isdigit() and (path / "bin" / "python").exists()),
                   key=lambda path: int(path.name.rsplit(".", 1)[1]))
    if not found:
        raise Unavailable(f"no Python {python_version} under {pyenv_root() / 'versions'} (pyenv install {python_version})")
    return found[-1] / "bin" / "python", found[-1].name


@dataclass(frozen=True)
class Combination:
    python: str
    stack: Stack

    @property
    def name(self):
        return f"python{self.python}-{self.stack.name}"

    def requirements(self):
        return (*self.stack.requirements, KERNEL_PACKAGE)


def combinations():
    return [Combination(python, stack) for python in PYTHONS for stack in STACKS if stack.installs_on(python)]


@dataclass(frozen=True)
class Environment:
    python: Path
    freeze: str  # `pip freeze` of the environment
    seconds: float  # to make it (0 when reused)

    def versions(self):
        return dict(line.split("==", 1) for line in self.freeze.splitlines() if "==" in line)


def environment(combination, refresh=False):
    """The virtual environment of ``combination``, made under CACHE unless it is there already."""
    base, full_version = interpreter(combination.python)
    key = hashlib.sha256(json.dumps([full_version, combination.requirements()]).encode()).hexdigest()[:12]
    folder = CACHE / f"{combination.name}-{full_version}-{key}"
    ready = folder / "freeze.txt"  # written last: a half-made environment has none
    if refresh:
        shutil.rmtree(folder, ignore_errors=True)
    started, made = time.monotonic(), not ready.exists()
    if made:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([str(base), "-m", "venv", str(folder)], check=True)
        pip = [str(folder / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "install", *combination.requirements()], check=True)
        frozen = subprocess.run([*pip, "freeze"], check=True, capture_output=True, text=True).stdout
        ready.write_text(frozen)
    seconds = round(time.monotonic() - started, 1) if made else 0.0
    return Environment(folder / "bin" / "python", ready.read_text(), seconds)


def kernel_manager(env, folder):
    """A kernel manager whose only kernel runs ``env``'s Python."""
    spec = Path(folder) / "kernels" / "learner"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(env.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "learner", "language": "python"}))
    return KernelManager(kernel_name="learner", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)]))


# The kernel reports what it runs on: the matrix must test the interpreter and packages it names.
REPORT_VERSIONS = """import json, platform, numpy, matplotlib, h5py
print(json.dumps({"python": platform.python_version(), "numpy": numpy.__version__,
                  "matplotlib": matplotlib.__version__, "h5py": h5py.__version__}))"""


def executed(env, nb, folder):
    """``nb`` run top to bottom in ``folder`` on ``env``'s Python, with a last cell reporting its versions."""
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_VERSIONS))
    client = NotebookClient(nb, km=kernel_manager(env, Path(folder).parent), timeout=NOTEBOOK_SECONDS,
                            allow_errors=True, resources={"metadata": {"path": str(folder)}})
    client.execute()
    reported = json.loads(nb.cells[-1].outputs[-1].text)
    del nb.cells[-1]
    return reported


@dataclass(frozen=True)
class Run:
    assignment: str
    seconds: float
    kernel_versions: dict
    problems: list


def run(env, assignment_name):
    """The correct notebook of ``assignment_name`` on ``env``; for gradient_checking, once more with the
    planted bugs of backward_propagation_n fixed, as the notebook asks."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="learner-matrix-") as scratch:
        path = learner.release_copy(assignment_name, State.CORRECT, Path(scratch) / "correct" / assignment_name)
        nb = nbformat.read(path, as_version=4)
        versions = executed(env, nb, path.parent)
        shown = learner.shown_by_executed_notebook(nb)
        problems = learner.problems_correct(nb, assignment_name, shown)
        if assignment_name == "gradient_checking":
            fixed = nbformat.read(path, as_version=4)
            index = learner.backward_n_index(fixed)
            fixed.cells[index].source = learner.backward_n_fixed(fixed.cells[index].source)
            executed(env, fixed, path.parent)
            after = learner.shown_by_executed_notebook(fixed)
            problems += learner.problems_fixed_difference(fixed, after) + learner.problems_of_every_state(after)
    return Run(assignment_name, round(time.monotonic() - started, 1), versions, problems)


def versions_problems(env, combination, kernel_versions):
    """The kernel ran the combination's Python and packages, in the versions its stack asks for."""
    installed = env.versions()
    problems = [f"the kernel ran {name} {kernel_versions[name]}, the environment holds {installed.get(name)}"
                for name in LEARNER_PACKAGES if kernel_versions[name] != installed.get(name)]
    if not kernel_versions["python"].startswith(combination.python + "."):
        problems.append(f"the kernel ran Python {kernel_versions['python']}, not {combination.python}")
    for requirement in map(Requirement, combination.stack.requirements):
        if requirement.specifier and not requirement.specifier.contains(kernel_versions[requirement.name]):
            problems.append(f"{requirement.name} {kernel_versions[requirement.name]} is not {requirement}")
    return problems


def check(combination, refresh=False):
    """``(environment, [Run])`` of every assignment on ``combination``; each Run's problems include
    any mismatch between the versions asked for and those the kernel ran."""
    env = environment(combination, refresh)
    runs = []
    for name in ASSIGNMENTS:
        result = run(env, name)
        result.problems.extend(versions_problems(env, combination, result.kernel_versions))
        runs.append(result)
    return env, runs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refresh", action="store_true", help="make every environment anew")
    args = parser.parse_args(argv)
    failed = False
    for combination in combinations():
        print(f"== {combination.name}: {' '.join(combination.requirements())}", flush=True)
        try:
            env, runs = check(combination, args.refresh)
        except Unavailable as missing:
            print(f"   unavailable: {missing}")
            failed = True
            continue
        print(f"   environment {env.python.parent.parent} ({'made in %.1f s' % env.seconds if env.seconds else 'reused'})")
        print("   " + " ".join(env.freeze.split()))
        for result in runs:
            print(f"   {result.assignment}: {result.seconds} s, " + ("ok" if not result.problems else "FAILED"))
            for problem in result.problems:
                print("      " + problem.replace("\n", "\n      "))
            failed |= bool(result.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
