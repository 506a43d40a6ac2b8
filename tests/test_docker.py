"""The kit in real Docker containers (Docker's default seccomp profile and capabilities):
Gradescope's package end to end, `autograder doctor`, `grade` and `batch`, and Docker's hardening
flags. The image is built by docker_image.py; without Docker these tests skip with one line, and
with AUTOGRADER_REQUIRE_DOCKER=1 (CI) a missing Docker fails them instead."""
import hashlib
import json
import os
import zipfile

import nbformat
import pytest

import docker_image
from autograder import sample_class
from autograder.cli import main
from autograder.rubric import ASSIGNMENTS
from autograder.sandbox import landlock
from isolation_settings import EXPECTED_LAYERS
from test_nbgrader import hidden_numbers
from test_sandbox import OTHERS, TARGET, report_of, scores, stolen_or_raise, with_target

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

ASSIGNMENT = ASSIGNMENTS["initialization"]
AUTOGRADER = "/autograder/venv/bin/autograder"
REFERENCES = "/autograder/source/kit/autograder/references/initialization.h5"
# As Gradescope builds its image: the zip unpacked into /autograder/source, run_autograder
# copied to /autograder, setup.sh run from the source folder.
GRADESCOPE_SETUP = ("unzip -q /tmp/autograder.zip -d /autograder/source"
                    " && cp /autograder/source/run_autograder /autograder/"
                    " && cd /autograder/source && bash ./setup.sh")
# Reads the references straight, else through an ancestor's /proc root link (the container's
# root, outside any chroot); either way, if it can, it returns the right answer.
THEFT = f"""
references = {REFERENCES!r}
if not os.path.exists(references):
    pid = os.getpid()
    while not os.path.exists(f"/proc/{{pid}}/root{{references}}"):
        with open(f"/proc/{{pid}}/stat") as stat:
            pid = int(stat.read().rsplit(")", 1)[1].split()[1])
    references = f"/proc/{{pid}}/root{{references}}"
with open(references, "rb") as file:
    assert file.read(6)
"""
# Docker's flags, and the setting of isolation_settings.py whose layers the kit must apply there.
CONTAINER_SETTINGS = {
    "root": ((), "docker"),
    "user 1000": (("--user", "1000"), "user-no-userns"),
    "no-new-privileges": (("--security-opt", "no-new-privileges"), "docker"),
    "cap-drop ALL": (("--cap-drop", "ALL"), "user-no-userns"),
    "no-new-privileges, cap-drop ALL": (("--security-opt", "no-new-privileges", "--cap-drop", "ALL"),
                                        "user-no-userns"),
}


@pytest.fixture(scope="session")
def base_image():
    """The minimal Debian image, with a daemon to run it; a skip (or, in CI, a failure) without Docker."""
    try:
        with docker_image.daemon():
            yield docker_image.build(docker_image.BOOKWORM)
    except docker_image.Unavailable as why:
        if os.environ.get("AUTOGRADER_REQUIRE_DOCKER") == "1":
            pytest.fail(f"Docker is required here (AUTOGRADER_REQUIRE_DOCKER=1): {why}", pytrace=False)
        pytest.skip(f"no Docker here: {why}")


@pytest.fixture(scope="module")
def gradescope_image(base_image, tmp_path_factory):
    """The base image after Gradescope's setup.sh has run in it, kept for later runs by the
    package's content: a changed kit is set up again."""
    package = tmp_path_factory.mktemp("docker") / "autograder.zip"
    assert main(["gradescope", ASSIGNMENT.name, "--output", str(package)]) == 0
    content = hashlib.sha256(base_image.encode())
    with zipfile.ZipFile(package) as archive:
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            content.update(f"{info.filename}|{info.external_attr}|".encode() + archive.read(info))

    def set_up(tag):
        setup = docker_image.run(base_image, ["sh", "-c", GRADESCOPE_SETUP], keep_as=tag, timeout=1200,
                                 files={"/autograder/source": None, "/tmp/autograder.zip": package.read_bytes()})
        assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
        assert "grading: proceeds with full isolation" in setup.stdout  # the doctor, in the build log

    return docker_image.cached(f"autograder-test-gradescope:{content.hexdigest()[:16]}", set_up)


@pytest.fixture(scope="module")
def class_():
    return sample_class.submissions(ASSIGNMENT)


@pytest.fixture(scope="module")
def attack(class_, tmp_path_factory):
    """The correct notebook, its initialize_parameters_he stealing the references first."""
    return with_target(class_, stolen_or_raise(THEFT), tmp_path_factory.mktemp("attack")).read_bytes()


def run_autograder(image, files):
    """Gradescope's run of one submission of ``files`` ({name: bytes}); the results.json it leaves."""
    submission = {f"/autograder/submission/{name}": content for name, content in files.items()}
    finished = docker_image.run(image, ["/autograder/run_autograder"], fetch="/autograder/results",
                                files={"/autograder/submission": None, "/autograder/results": None, **submission})
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.files["/autograder/results/results.json"])


def assert_gradescope_reads(results):
    """The shape Gradescope reads, the layers of a default container, and no hidden value."""
    assert results["stdout_visibility"] == "hidden" and results["sandbox"] == EXPECTED_LAYERS["docker"]
    assert [test["name"] for test in results["tests"]] == [function.name for function in ASSIGNMENT.functions]
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
    text = json.dumps(results)
    assert not [number for number in hidden_numbers(ASSIGNMENT) if number in text]


@pytest.mark.parametrize("student, expected", [("correct", 30), ("mistake-he-xavier-scaling", 20)])
def test_gradescope_grades_a_submission_into_results_json(gradescope_image, class_, student, expected):
    results = run_autograder(gradescope_image, {"my-work.ipynb": nbformat.writes(class_[student]).encode()})
    assert results["score"] == expected
    assert_gradescope_reads(results)
    if expected < 30:
        assert "Xavier" in report_of(results)


def test_gradescope_without_a_notebook_says_what_to_upload(gradescope_image):
    results = run_autograder(gradescope_image, {"notes.txt": b"my answers"})
    assert results["score"] == 0 and "upload initialization.ipynb" in results["output"]


def test_gradescope_gives_a_submission_that_steals_the_references_nothing(gradescope_image, attack):
    results = run_autograder(gradescope_image, {"initialization.ipynb": attack})
    assert scores(results) == {TARGET: 0, **{name: 10 for name in OTHERS}}, results["tests"]
    assert "FileNotFoundError" in report_of(results)
    assert_gradescope_reads(results)


def expected_layers(setting):
    """The layers the kit must apply in ``setting``, or None where it must refuse: nothing but
    Landlock hides the files there, and this host's kernel (the containers') may lack it."""
    expected = EXPECTED_LAYERS[setting]
    return None if expected["filesystem"].startswith("Landlock") and landlock.abi() < 1 else expected


@pytest.fixture(params=CONTAINER_SETTINGS, scope="module")
def container(request):
    """Docker's flags of one setting, and the layers the kit must apply there (None: refuse)."""
    flags, setting = CONTAINER_SETTINGS[request.param]
    return flags, expected_layers(setting)


def test_doctor_names_each_concern_s_layer(gradescope_image, container):
    flags, expected = container
    finished = docker_image.run(gradescope_image, [AUTOGRADER, "doctor"], flags=flags)
    *concerns, verdict = finished.stdout.splitlines()
    if expected is None:
        assert finished.returncode == 3 and verdict.startswith("grading: refused by default (nothing hides the file system")
    else:
        assert finished.returncode == 0 and verdict == "grading: proceeds with full isolation", finished.stdout
        assert dict(line.split(maxsplit=1) for line in concerns) == {
            concern: layer for concern, layer in expected.items() if concern != "level"}


def grade_in_container(image, flags, notebook):
    return docker_image.run(image, [AUTOGRADER, "grade", "/tmp/submission.ipynb"], flags=flags,
                            files={"/tmp/submission.ipynb": notebook})


def assert_refused(finished):
    """Exit 3 with one line saying what is missing."""
    assert finished.returncode == 3 and finished.stdout == "", finished.stderr
    assert finished.stderr.count("\n") == 1 and "nothing hides the file system" in finished.stderr


def test_grade_gives_a_correct_notebook_full_marks_and_says_how(gradescope_image, container, class_):
    flags, expected = container
    finished = grade_in_container(gradescope_image, flags, nbformat.writes(class_["correct"]).encode())
    if expected is None:
        assert_refused(finished)
    else:
        assert finished.returncode == 0, finished.stderr[-3000:]
        result = json.loads(finished.stdout)
        assert result["score"] == 30 and result["sandbox"] == expected


def test_grade_gives_a_notebook_that_steals_the_references_nothing(gradescope_image, container, attack):
    flags, expected = container
    finished = grade_in_container(gradescope_image, flags, attack)
    if expected is None:
        assert_refused(finished)
    else:
        assert finished.returncode == 0, finished.stderr[-3000:]
        result = json.loads(finished.stdout)
        assert scores(result) == {TARGET: 0, **{name: 10 for name in OTHERS}}, result["tests"]
        assert "FileNotFoundError" in report_of(result) or "PermissionError" in report_of(result)
        assert result["sandbox"] == expected


def test_batch_grades_a_class_inside_a_container(gradescope_image, tmp_path):
    students = sample_class.make(ASSIGNMENT.name, tmp_path)
    files = {f"/course/{path.relative_to(tmp_path)}": path.read_bytes() for path in tmp_path.rglob("*.ipynb")}
    finished = docker_image.run(gradescope_image, [AUTOGRADER, "batch", "/course", "--assignment", ASSIGNMENT.name,
                                                   "--workers", "2"], files=files, fetch="/course/results")
    assert finished.returncode == 0, finished.stderr[-3000:]
    records = {record["student"]: record for path, content in finished.files.items()
               if path.startswith(f"/course/results/{ASSIGNMENT.name}/") for record in [json.loads(content)]}
    assert sorted(records) == sorted(students)
    # Each catalogued mistake costs exactly its function's points.
    expected = {"correct": 30, "deleted-test-cell": 30, "unanswered": 0,
                **{sample_class.student_id(mistake): ASSIGNMENT.max_score - function.points
                   for function in ASSIGNMENT.functions for mistake in function.mistakes}}
    assert {student: record["score"] for student, record in records.items() if record["gradable"]} == expected
    assert not records["invalid-file"]["gradable"]
    assert all(record["sandbox"] == EXPECTED_LAYERS["docker"] for record in records.values() if record["gradable"])
