"""The isolated grader against hostile submissions, in every setting where graders run (see
``isolation_settings.py``): each attack earns nothing it did not earn, the grader survives and
says what happened, and the functions the attack does not touch keep their points.

Each grading runs in a process of its own, started in the setting; the result comes back as the
JSON of ``autograder grade``."""
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from dataclasses import asdict

import nbformat
import pytest

import isolation_settings
from autograder import sample_class, sandbox
from autograder.rubric import ASSIGNMENTS

pytestmark = pytest.mark.e2e  # the slow tier: `make test-fast` leaves it out

LIMITS = sandbox.Limits(call_seconds=3, submission_seconds=40, cpu_seconds=10, memory_bytes=1 * 2**30)
TARGET = "initialize_parameters_he"
OTHERS = ["initialize_parameters_zeros", "initialize_parameters_random"]
# Grades each notebook named on the command line in one sandbox; prints their JSON results.
DRIVER = """
import json, sys
from autograder import sandbox
from autograder.runners.sandboxed import grade_notebook
limits = sandbox.Limits(**json.loads(sys.argv[1]))
with sandbox.Sandbox() as box:
    print(json.dumps([grade_notebook(path, "initialization", limits=limits, seed=1, box=box).to_dict()
                      for path in sys.argv[2:]]))
"""


@pytest.fixture(scope="module")
def class_():
    return sample_class.submissions(ASSIGNMENTS["initialization"])


@pytest.fixture(scope="module", params=isolation_settings.SETTINGS)
def setting(request):
    return request.param


def grade_in(setting, *paths, cwd="/tmp"):
    """The JSON results of grading ``paths`` in one sandbox, in ``setting``."""
    run = isolation_settings.command(setting, ["-c", DRIVER, json.dumps(asdict(LIMITS)), *map(str, paths)])
    result = subprocess.run(**{**run, "cwd": cwd}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def write(notebook, folder, name="attack.ipynb"):
    path = folder / name
    nbformat.write(notebook, path)
    path.chmod(0o644)
    return path


def with_target(class_, body, folder, extra_cells=()):
    """The correct submission with initialize_parameters_he's cell replaced by ``body``."""
    notebook = nbformat.from_dict(json.loads(json.dumps(class_["correct"])))
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == TARGET)
    cell.source = textwrap.dedent(body)
    notebook.cells += [nbformat.v4.new_code_cell(textwrap.dedent(code)) for code in extra_cells]
    return write(notebook, folder)


def scores(result):
    return {test["function"]: test["score"] for test in result["tests"]}


def report_of(result, function=TARGET):
    return next(test["output"] for test in result["tests"] if test["function"] == function)


def graded_attack(setting, class_, body, folder, cwd="/tmp"):
    [result] = grade_in(setting, with_target(class_, body, folder), cwd=cwd)
    assert scores(result) == {TARGET: 0, **{name: 10 for name in OTHERS}}, result["tests"]
    return result


# The body of a correct initialize_parameters_he: what an attack returns when it succeeds, so
# that an attack that worked would earn the points and fail the test.
CORRECT_HE_BODY = """
            np.random.seed(3)
            parameters = {}
            for l in range(1, len(layers_dims)):
                parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
                parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
            return parameters
    """


def leftover_sandbox_processes(patience=3.0):
    """Live processes of sandbox uids or the test user, after giving killed ones a moment to die."""
    deadline = time.monotonic() + patience
    while True:
        found = []
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{entry}/status") as status:
                    fields = dict(line.split(":", 1) for line in status if ":" in line)
            except OSError:
                continue
            uid = int(fields["Uid"].split()[0])
            if (uid >= sandbox.UID_BASE or uid == isolation_settings.TEST_UID) \
                    and not fields["State"].strip().startswith("Z"):
                found.append(entry)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_the_correct_submissions_earn_everything_and_the_result_says_how_they_were_isolated(setting, shared_tmp):
    for assignment in ASSIGNMENTS.values():
        path = write(sample_class.submissions(assignment)["correct"], shared_tmp, f"{assignment.name}.ipynb")
        run = isolation_settings.command(setting, ["-m", "autograder.cli", "grade", str(path)])
        result = json.loads(subprocess.run(**run, capture_output=True, text=True, check=True).stdout)
        assert result["score"] == result["max_score"] == assignment.max_score, result["tests"]
        assert result["sandbox"] == isolation_settings.EXPECTED_LAYERS[setting]


# What runs the grader's calls where the student's code lives is the sandbox's shell: the
# function's process runs them with the zygote's code (its __main__). Each tampering, done by a
# class body while the definitions are defined, reports every call of the unanswered notebook
# as an answer without an error, as replacing IPython's run_cell does to nbgrader's test cells:
# a grader that took an answer without an error for a pass would give it every point.
SHELL_TAMPERINGS = {
    "every call skipped": "runner.run_call = lambda namespace, call, Outcome=runner.Outcome: Outcome()",
    "every report emptied": "runner.frame_for = lambda call_id, outcome, report=runner.frame_for, "
                            "Outcome=runner.Outcome: report(call_id, Outcome())",
}


@pytest.mark.parametrize("tampering", SHELL_TAMPERINGS.values(), ids=SHELL_TAMPERINGS)
def test_tampering_with_the_shell_earns_nothing(setting, class_, shared_tmp, tampering):
    notebook = nbformat.from_dict(json.loads(json.dumps(class_["unanswered"])))
    notebook.cells.insert(2, nbformat.v4.new_code_cell(f"""
import sys

class Shell:
    runner = sys.modules["__main__"]
    {tampering}
"""))
    [result] = grade_in(setting, write(notebook, shared_tmp))
    assert result["score"] == 0
    # The tampering ran: no call said what the untouched stubs say.
    assert result["output"] == "" and "NotImplementedError" not in json.dumps(result["tests"])


def test_an_array_whose_equality_is_always_true_earns_nothing(setting, class_, shared_tmp):
    result = graded_attack(setting, class_, """
        class Agreeable(np.ndarray):
            def __eq__(self, other):
                return np.ones(np.shape(self), dtype=bool)

        def initialize_parameters_he(layers_dims):
            return {f"{kind}{l}": np.zeros((layers_dims[l], layers_dims[l - 1] if kind == "W" else 1)).view(Agreeable)
                    for l in range(1, len(layers_dims)) for kind in "Wb"}
        """, shared_tmp)
    assert "Agreeable" in report_of(result)


def test_patching_numpy_and_builtins_reaches_only_its_own_process(setting, class_, shared_tmp):
    graded_attack(setting, class_, """
        import builtins
        def initialize_parameters_he(layers_dims):
            np.allclose = lambda *args, **kwargs: True
            np.testing.assert_allclose = lambda *args, **kwargs: None
            builtins.isinstance = lambda *args: True
            builtins.len = lambda *args: 0
            return {}
        """, shared_tmp)


def stolen_or_raise(theft):
    """A graded function that does ``theft`` and, if it works, returns the right answer."""
    return f"""
        import ctypes, glob, os
        def initialize_parameters_he(layers_dims):
            {textwrap.indent(textwrap.dedent(theft).strip(), " " * 12).lstrip()}
    """ + CORRECT_HE_BODY


@pytest.mark.parametrize("target", ["source/initialization/initialization.ipynb",
                                    "autograder/references/initialization.h5", "gradebook.db"])
def test_files_outside_the_sandbox_cannot_be_read(setting, class_, shared_tmp, target):
    path = isolation_settings.checkout_of(setting) / target
    if target == "gradebook.db":
        path = shared_tmp / target  # a gradebook the grader's own user may read
        path.write_bytes(b"grades")
        path.chmod(0o644)
    assert isolation_settings.readable_in(setting, path)  # by the grader: only the sandbox stands between
    result = graded_attack(setting, class_, stolen_or_raise(f"""
        with open({str(path)!r}, "rb") as file:
            assert file.read(6)
        """), shared_tmp)
    assert "FileNotFoundError" in report_of(result) or "PermissionError" in report_of(result)


def test_the_grader_s_folder_cannot_be_reached_through_proc(setting, class_, shared_tmp):
    # Up the parent chain to the grader, then through its /proc/<pid>/cwd into the course folder.
    graded_attack(setting, class_, stolen_or_raise("""
        pid, found = os.getpid(), []
        while pid > 1 and not found:
            with open(f"/proc/{pid}/stat") as stat:
                pid = int(stat.read().rsplit(")", 1)[1].split()[1])
            found = glob.glob(f"/proc/{pid}/cwd/source/initialization/*.ipynb")
        with open(found[0]) as solution:
            assert "BEGIN SOLUTION" in solution.read()
        """), shared_tmp, cwd=isolation_settings.checkout_of(setting))


@pytest.mark.parametrize("theft", ["mem", "ptrace"])
def test_the_grader_s_memory_cannot_be_read_or_traced(setting, class_, shared_tmp, theft):
    graded_attack(setting, class_, stolen_or_raise(f"""
        pid, tries = os.getppid(), []
        for _ in range(4):  # the zygote, the grader, and whatever started them
            if {theft!r} == "mem":
                try:
                    with open(f"/proc/{{pid}}/mem", "rb"):
                        tries.append(pid)
                except OSError:
                    pass
            elif ctypes.CDLL(None).ptrace(16, pid, 0, 0) == 0:  # PTRACE_ATTACH
                tries.append(pid)
            try:
                with open(f"/proc/{{pid}}/stat") as stat:
                    pid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pid -= 1  # no /proc here: try the pids just below, where the grader started
        assert tries, "nothing could be read"
        """), shared_tmp)


def test_the_chroot_cannot_be_left_through_a_user_namespace(setting, class_, shared_tmp):
    # Root of a user namespace of one's own could chroot again and climb out of the old root;
    # the kernel refuses a new user namespace to a chrooted process, and Landlock, no_new_privs
    # and the seccomp filters keep it so in the other settings.
    result = graded_attack(setting, class_, stolen_or_raise(f"""
        if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) != 0:  # CLONE_NEWUSER
            raise PermissionError(os.strerror(ctypes.get_errno()))
        os.mkdir("x")
        os.chroot("x")
        for _ in range(40):
            os.chdir("..")
        os.chroot(".")
        assert os.listdir({str(isolation_settings.checkout_of(setting) / "source")!r})
        """), shared_tmp)
    assert "raised" in report_of(result)


def test_the_reference_files_cannot_be_read(setting, class_, shared_tmp):
    # The file's bytes, read directly: h5py is a no-op stand-in in the sandbox, so going through
    # the reference loader would fail even with every file in view.
    reference = isolation_settings.checkout_of(setting) / "autograder" / "references" / "initialization.h5"
    assert reference.stat().st_size > 0 and reference.stat().st_mode & 0o004  # readable outside the sandbox
    assert isolation_settings.readable_in(setting, reference)  # by the grader's own user
    result = graded_attack(setting, class_, stolen_or_raise(f"""
        assert len(open({str(reference)!r}, "rb").read()) > 0
        """), shared_tmp)
    assert "FileNotFoundError" in report_of(result) or "PermissionError" in report_of(result)


def test_the_gradebook_cannot_be_written(setting, class_, shared_tmp):
    gradebook = shared_tmp / "gradebook.db"
    gradebook.write_bytes(b"grades")
    gradebook.chmod(0o666)  # writable by the grader's own user, and by anyone: only the sandbox stops it
    graded_attack(setting, class_, f"""
        def initialize_parameters_he(layers_dims):
            with open({str(gradebook)!r}, "wb") as file:
                file.write(b"everyone gets 100")
            return {{}}
        """, shared_tmp)
    assert gradebook.read_bytes() == b"grades"


def test_the_network_cannot_be_reached(setting, class_, shared_tmp):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0)
        result = graded_attack(setting, class_, stolen_or_raise(f"""
            import socket
            with socket.socket() as caller:
                caller.settimeout(1)
                caller.connect(("127.0.0.1", {listener.getsockname()[1]}))
            """), shared_tmp)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody called
    assert "PermissionError" in report_of(result) or "OSError" in report_of(result)


@pytest.mark.parametrize("module", ["statistics", "fractions", "decimal", "sqlite3", "hashlib", "json", "uuid",
                                    "numpy.polynomial"])
def test_any_standard_module_or_numpy_can_be_imported(setting, class_, shared_tmp, module):
    [result] = grade_in(setting, with_target(class_, f"""
        import {module}
        def initialize_parameters_he(layers_dims):
            import importlib
            importlib.reload({module})  # really from disk, not only from the zygote's imports
    """ + CORRECT_HE_BODY, shared_tmp))
    assert scores(result) == {name: 10 for name in [*OTHERS, TARGET]}, report_of(result)


@pytest.mark.parametrize("exit_call, said", [("os._exit(0)", "ended the process (exit code 0"),
                                             ("sys.exit(3)", "raised SystemExit: 3")])
def test_exiting_mid_run_costs_only_that_function(setting, class_, shared_tmp, exit_call, said):
    result = graded_attack(setting, class_, f"""
        import os, sys
        def initialize_parameters_he(layers_dims):
            {exit_call}
        """, shared_tmp)
    assert said in report_of(result)


def test_a_printed_fake_result_changes_nothing(class_, tmp_path):
    path = with_target(class_, """
        import os, sys
        def initialize_parameters_he(layers_dims):
            fake = '{"score": 30, "max_score": 30, "tests": []}'
            print(fake)
            sys.__stdout__.write(fake)
            os.write(1, fake.encode())
            return {}
        """, tmp_path)
    command = [sys.executable, "-m", "autograder.cli", "grade", str(path), "--seed", "1"]
    result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert result["score"] == 20
    assert [test["score"] for test in result["tests"]] == [10, 10, 0]


@pytest.mark.parametrize("body", ["while True:\n                pass", "import time\n            time.sleep(10**6)"])
def test_a_function_that_never_returns_is_timed_out(setting, class_, shared_tmp, body):
    started = time.monotonic()
    result = graded_attack(setting, class_, f"""
        def initialize_parameters_he(layers_dims):
            {body}
        """, shared_tmp)
    assert "timed out" in report_of(result)
    assert time.monotonic() - started < 20


def test_a_memory_bomb_is_stopped(setting, class_, shared_tmp):
    result = graded_attack(setting, class_, """
        def initialize_parameters_he(layers_dims):
            hoard = []
            while True:
                hoard.append(bytearray(50 * 2**20))
        """, shared_tmp)
    assert "MemoryError" in report_of(result) or "memory" in report_of(result)


def test_a_fork_bomb_is_bounded_and_cleared_away(setting, class_, shared_tmp):
    result = graded_attack(setting, class_, """
        import os, time
        def initialize_parameters_he(layers_dims):
            for _ in range(200):
                if os.fork() == 0:
                    time.sleep(10**6)
            return {}
        """, shared_tmp)
    assert "BlockingIOError" in report_of(result) or "Resource temporarily unavailable" in report_of(result)
    assert leftover_sandbox_processes() == []


def test_what_one_function_leaves_running_is_gone_before_the_next_runs(setting, class_, shared_tmp):
    # zeros leaves as many detached processes behind as the process limit lets it. he, graded
    # later, can fork (and then earns its points) only if they are gone: they would count
    # against its own limit, whether they share its uid or the grader's.
    path = with_target(class_, """
        import os
        def initialize_parameters_he(layers_dims):
            child = os.fork()
            if child == 0:
                os._exit(0)
            os.waitpid(child, 0)
        """ + CORRECT_HE_BODY, shared_tmp, extra_cells=["""
        import os, time
        def initialize_parameters_zeros(layers_dims):
            try:
                while True:
                    if os.fork() == 0:
                        os.setsid()
                        time.sleep(60)
            except OSError:
                pass
            return {name: value for l in range(1, len(layers_dims)) for name, value in
                    ((f"W{l}", np.zeros((layers_dims[l], layers_dims[l - 1]))), (f"b{l}", np.zeros((layers_dims[l], 1))))}
        """])
    [result] = grade_in(setting, path)
    assert scores(result) == {name: 10 for name in [*OTHERS, TARGET]}, report_of(result)


def test_a_gigabyte_of_output_is_cut_short_and_the_points_kept(setting, class_, shared_tmp):
    correct = next(c.source for c in class_["correct"].cells
                   if c.metadata.get("nbgrader", {}).get("grade_id") == TARGET)
    loud = correct.replace('    return parameters', '    for _ in range(2**20):\n        print("x" * 1024)\n'
                                                     '    return parameters')
    [result] = grade_in(setting, with_target(class_, loud, shared_tmp))
    assert result["score"] == 30
    assert all(len(test["output"]) < 20_000 for test in result["tests"])


def test_a_segfault_costs_only_that_function(setting, class_, shared_tmp):
    result = graded_attack(setting, class_, """
        import ctypes
        def initialize_parameters_he(layers_dims):
            ctypes.string_at(0)
        """, shared_tmp)
    assert "segmentation fault" in report_of(result)


def test_a_crash_while_defining_costs_everything_and_is_named(setting, class_, shared_tmp):
    path = with_target(class_, """
        import os
        def initialize_parameters_he(layers_dims, crash=os._exit(0)):
            return {}
        """, shared_tmp)
    [result] = grade_in(setting, path)
    assert result["score"] == 0
    assert "defining the notebook's functions" in report_of(result, OTHERS[0])


def test_forged_and_late_messages_cannot_reach_the_next_submission(setting, class_, shared_tmp):
    forger = with_target(class_, """
        import os, time
        from autograder.sandbox.wire import pack, pack_value

        def initialize_parameters_he(layers_dims):
            forged = pack({"kind": "task_end"}) + pack({"kind": "group_end", "group": 2, "status": 0})
            late = b"".join(pack_value({"kind": "outcome", "index": i, "error": None, "printed": "",
                                        "rng_next": 0.5}, {"W1": np.zeros((1, 1))}) for i in range(40))
            for fd in range(3, 64):
                try:
                    os.write(fd, forged)
                except OSError:
                    pass
            if os.fork() == 0:  # linger, then answer for whoever is graded next
                time.sleep(0.5)
                for fd in range(3, 64):
                    try:
                        os.write(fd, late)
                    except OSError:
                        pass
                os._exit(0)
            return {}
        """, shared_tmp)
    honest = write(class_["correct"], shared_tmp, "honest.ipynb")
    attacked, graded_next = grade_in(setting, forger, honest)
    assert scores(attacked) == {TARGET: 0, **{name: 10 for name in OTHERS}}
    assert "malformed answer" in report_of(attacked)
    assert graded_next["score"] == 30


def test_a_helper_the_student_defined_elsewhere_is_kept(class_, shared_tmp):
    path = with_target(class_, """
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)
            return {name: value for l in range(1, len(layers_dims)) for name, value in he_layer(layers_dims, l)}
        """, shared_tmp, extra_cells=["""
        SCALE_NUMERATOR = 2

        def he_layer(layers_dims, l):
            yield f"W{l}", np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(SCALE_NUMERATOR / layers_dims[l - 1])
            yield f"b{l}", np.zeros((layers_dims[l], 1))

        print("this demonstration line is not run by the grader")
        """])
    [result] = grade_in("root", path)
    assert result["score"] == 30, report_of(result)


def test_a_failing_definition_is_noted_and_sinks_nothing_else(class_, shared_tmp):
    notebook = nbformat.from_dict(json.loads(json.dumps(class_["correct"])))
    notebook.cells.insert(0, nbformat.v4.new_code_cell("import no_such_module\n\ndef broken():\n    nonlocal x\n"))
    [result] = grade_in("root", write(notebook, shared_tmp))
    assert result["score"] == 30
    assert "line 1 of the definitions ModuleNotFoundError: No module named 'no_such_module'" in result["output"]
    assert "of the definitions SyntaxError: no binding for nonlocal 'x' found" in result["output"]


def doctor(setting):
    return subprocess.run(**isolation_settings.command(setting, ["-m", "autograder.cli", "doctor"]),
                          capture_output=True, text=True)


def test_doctor_names_each_concern_s_layer_and_says_grading_proceeds(setting):
    result = doctor(setting)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines()[:-1])
    expected = {concern: layer for concern, layer in isolation_settings.EXPECTED_LAYERS[setting].items()
                if concern != "level"}
    assert lines == expected
    assert result.stdout.splitlines()[-1] == "grading: proceeds with full isolation"


def test_where_nothing_hides_the_files_grading_is_refused_unless_minimal_is_accepted(class_, shared_tmp):
    path, output = write(class_["correct"], shared_tmp), shared_tmp / "result.json"
    refused = subprocess.run(**isolation_settings.command("user-no-landlock", ["-m", "autograder.cli", "grade",
                                                                                str(path), "--output", str(output)]),
                             capture_output=True, text=True)
    assert refused.returncode == 3 and refused.stderr.count("\n") == 1 and refused.stdout == ""
    assert "nothing hides the file system" in refused.stderr and "--isolation minimal" in refused.stderr
    assert json.loads(output.read_text())["gradable"] is False
    assert doctor("user-no-landlock").returncode == 3
    minimal = subprocess.run(**isolation_settings.command(
        "user-no-landlock", ["-m", "autograder.cli", "grade", str(path), "--isolation", "minimal"]),
        capture_output=True, text=True)
    result = json.loads(minimal.stdout)
    assert minimal.returncode == 0 and result["score"] == 30
    assert result["sandbox"]["filesystem"] == "none" and result["sandbox"]["level"] == "minimal"


def test_a_lock_in_that_fails_is_the_grader_s_failure_not_the_student_s(class_, shared_tmp):
    path, output = write(class_["correct"], shared_tmp), shared_tmp / "result.json"
    result = subprocess.run(**isolation_settings.command("user-landlock-broken",
                                                          ["-m", "autograder.cli", "grade", str(path),
                                                           "--output", str(output)]),
                            capture_output=True, text=True)
    assert result.returncode == 3 and result.stderr.count("\n") == 1
    assert "not graded (grader environment:" in result.stderr and "the sandbox failed" in result.stderr
    record = json.loads(output.read_text())
    assert record["gradable"] is False and record["status"] == "grader_failure" and record["tests"] == []
