"""The isolated grader against hostile submissions: each earns nothing it did not earn, the
grader survives and says what happened, and the functions the attack does not touch keep their points."""
import json
import os
import socket
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest

from autograder import sample_class, sandbox, zygote
from autograder.isolated import grade_notebook
from autograder.rubric import ASSIGNMENTS

LIMITS = sandbox.Limits(call_seconds=3, submission_seconds=40, cpu_seconds=10, memory_bytes=1 * 2**30)
TARGET = "initialize_parameters_he"
OTHERS = ["initialize_parameters_zeros", "initialize_parameters_random"]


@pytest.fixture(scope="module")
def class_():
    return sample_class.submissions(ASSIGNMENTS["initialization"])


def write(notebook, tmp_path, name="attack.ipynb"):
    path = tmp_path / name
    nbformat.write(notebook, path)
    return path


def with_target(class_, body, tmp_path, extra_cells=()):
    """The correct submission with initialize_parameters_he's cell replaced by ``body``."""
    notebook = nbformat.from_dict(json.loads(json.dumps(class_["correct"])))
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == TARGET)
    cell.source = textwrap.dedent(body)
    notebook.cells += [nbformat.v4.new_code_cell(textwrap.dedent(code)) for code in extra_cells]
    return write(notebook, tmp_path)


def scores(grade):
    return {result.function: result.score for result in grade.results}


def report_of(grade, function=TARGET):
    return next(result.report() for result in grade.results if result.function == function)


def graded_attack(class_, body, tmp_path):
    grade = grade_notebook(with_target(class_, body, tmp_path), "initialization", LIMITS, seed=1)
    assert scores(grade) == {TARGET: 0, **{name: 10 for name in OTHERS}}, grade.results
    return grade


def leftover_sandbox_processes(patience=3.0):
    """Live processes of sandbox uids, after giving killed ones a moment to die (zombies are dead)."""
    deadline = time.monotonic() + patience
    while True:
        found = []
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{entry}/status") as status:
                    fields = dict(line.split(":", 1) for line in status if ":" in line)
            except OSError:
                continue
            if int(fields["Uid"].split()[0]) >= zygote.UID_BASE and not fields["State"].strip().startswith("Z"):
                found.append(entry)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_the_correct_submission_earns_everything(class_, tmp_path):
    grade = grade_notebook(write(class_["correct"], tmp_path), "initialization", LIMITS)
    assert grade.score == 30 and grade.isolated == (os.geteuid() == 0)


@pytest.mark.parametrize("attack", [
    "get_ipython().input_transformers_cleanup.append(lambda lines: [])",
    "get_ipython().run_cell = lambda *args, **kwargs: None",
])
def test_tampering_with_the_shell_earns_nothing(class_, tmp_path, attack):
    notebook = nbformat.from_dict(json.loads(json.dumps(class_["unanswered"])))
    notebook.cells.insert(2, nbformat.v4.new_code_cell(attack))
    assert grade_notebook(write(notebook, tmp_path), "initialization", LIMITS).score == 0


def test_an_array_whose_equality_is_always_true_earns_nothing(class_, tmp_path):
    grade = graded_attack(class_, """
        class Agreeable(np.ndarray):
            def __eq__(self, other):
                return np.ones(np.shape(self), dtype=bool)

        def initialize_parameters_he(layers_dims):
            return {f"{kind}{l}": np.zeros((layers_dims[l], layers_dims[l - 1] if kind == "W" else 1)).view(Agreeable)
                    for l in range(1, len(layers_dims)) for kind in "Wb"}
        """, tmp_path)
    assert "Agreeable" in report_of(grade)


def test_patching_numpy_and_builtins_reaches_only_its_own_process(class_, tmp_path):
    graded_attack(class_, """
        import builtins
        def initialize_parameters_he(layers_dims):
            np.allclose = lambda *args, **kwargs: True
            np.testing.assert_allclose = lambda *args, **kwargs: None
            builtins.isinstance = lambda *args: True
            builtins.len = lambda *args: 0
            return {}
        """, tmp_path)


@pytest.mark.parametrize("target", ["source/initialization/initialization.ipynb",
                                    "autograder/references/initialization.h5", "gradebook.db"])
def test_files_outside_the_sandbox_cannot_be_read(class_, tmp_path, target):
    if not sandbox.isolated():
        pytest.skip("file isolation needs root (chroot); CI runs as root")
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), target)
    grade = graded_attack(class_, f"""
        def initialize_parameters_he(layers_dims):
            with open({path!r}, "rb") as file:
                return {{"stolen": file.read(100)}}
        """, tmp_path)
    assert "FileNotFoundError" in report_of(grade)


def test_the_chroot_cannot_be_left_through_a_user_namespace(class_, tmp_path):
    # Root of a user namespace of one's own could chroot again and climb out of the old root;
    # the kernel refuses a new user namespace to a chrooted process, and this keeps it so.
    if not sandbox.isolated():
        pytest.skip("file isolation needs root (chroot); CI runs as root")
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "source")
    grade = graded_attack(class_, f"""
        import ctypes, os
        def initialize_parameters_he(layers_dims):
            if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) != 0:  # CLONE_NEWUSER
                raise PermissionError(os.strerror(ctypes.get_errno()))
            os.mkdir("x")
            os.chroot("x")
            for _ in range(40):
                os.chdir("..")
            os.chroot(".")
            return {{"stolen": os.listdir({path!r})}}
        """, tmp_path)
    first_call = next(r for r in grade.results if r.function == TARGET).checks[0]
    assert first_call.problems == ["raised PermissionError: Operation not permitted"]  # refused at unshare


def test_the_reference_loader_finds_nothing_to_copy(class_, tmp_path):
    if not sandbox.isolated():
        pytest.skip("file isolation needs root (chroot); CI runs as root")
    # The file's bytes, read directly: h5py is a no-op stand-in in the sandbox, so going through
    # the loader would fail even without the chroot.
    reference = sandbox.__file__.rsplit("/", 1)[0] + "/references/initialization.h5"
    assert os.path.getsize(reference) > 0  # readable outside the sandbox
    grade = graded_attack(class_, f"""
        def initialize_parameters_he(layers_dims):
            return {{"W1": len(open({reference!r}, "rb").read())}}
        """, tmp_path)
    assert "raised FileNotFoundError" in report_of(grade)


def test_the_gradebook_cannot_be_written(class_, tmp_path):
    if not sandbox.isolated():
        pytest.skip("file isolation needs root (chroot); CI runs as root")
    gradebook = tmp_path / "gradebook.db"
    gradebook.write_bytes(b"grades")
    graded_attack(class_, f"""
        def initialize_parameters_he(layers_dims):
            with open({str(gradebook)!r}, "wb") as file:
                file.write(b"everyone gets 100")
            return {{}}
        """, tmp_path)
    assert gradebook.read_bytes() == b"grades"


@pytest.mark.parametrize("exit_call, said", [("os._exit(0)", "ended the process (exit code 0"),
                                             ("sys.exit(3)", "raised SystemExit: 3")])
def test_exiting_mid_run_costs_only_that_function(class_, tmp_path, exit_call, said):
    grade = graded_attack(class_, f"""
        import os, sys
        def initialize_parameters_he(layers_dims):
            {exit_call}
        """, tmp_path)
    assert said in report_of(grade)


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
def test_a_function_that_never_returns_is_timed_out(class_, tmp_path, body):
    started = time.monotonic()
    grade = graded_attack(class_, f"""
        def initialize_parameters_he(layers_dims):
            {body}
        """, tmp_path)
    assert "timed out" in report_of(grade)
    assert time.monotonic() - started < 20


def test_a_memory_bomb_is_stopped(class_, tmp_path):
    grade = graded_attack(class_, """
        def initialize_parameters_he(layers_dims):
            hoard = []
            while True:
                hoard.append(bytearray(50 * 2**20))
        """, tmp_path)
    assert "MemoryError" in report_of(grade) or "memory" in report_of(grade)


def test_a_fork_bomb_is_bounded_and_cleared_away(class_, tmp_path):
    grade = graded_attack(class_, """
        import os, time
        def initialize_parameters_he(layers_dims):
            for _ in range(200):
                if os.fork() == 0:
                    time.sleep(10**6)
            return {}
        """, tmp_path)
    assert "BlockingIOError" in report_of(grade) or "Resource temporarily unavailable" in report_of(grade)
    if sandbox.isolated():
        assert leftover_sandbox_processes() == []


# The body of a correct initialize_parameters_he, to follow a hostile first half.
CORRECT_HE_BODY = """
            np.random.seed(3)
            parameters = {}
            for l in range(1, len(layers_dims)):
                parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
                parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
            return parameters
    """


@pytest.mark.skipif(not sandbox.isolated(), reason="only a uid of the sandbox's own tells its processes apart")
def test_what_one_function_leaves_running_is_gone_before_the_next_runs(class_, tmp_path):
    # zeros leaves a detached process behind; he, graded later, earns its points only if no
    # process of its uid (alive or a zombie) is left among the pids handed out before its own.
    path = with_target(class_, """
        import os
        def initialize_parameters_he(layers_dims):
            for pid in range(max(2, os.getpid() - 2000), os.getpid()):
                try:
                    os.kill(pid, 0)  # only a process of this uid may be signalled
                    return {"left running": pid}
                except (ProcessLookupError, PermissionError):
                    pass
        """ + CORRECT_HE_BODY, tmp_path, extra_cells=["""
        import os, time
        def initialize_parameters_zeros(layers_dims):
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(60)
                os._exit(0)
            return {name: value for l in range(1, len(layers_dims)) for name, value in
                    ((f"W{l}", np.zeros((layers_dims[l], layers_dims[l - 1]))), (f"b{l}", np.zeros((layers_dims[l], 1))))}
        """])
    grade = grade_notebook(path, "initialization", LIMITS, seed=1)
    assert scores(grade) == {name: 10 for name in [*OTHERS, TARGET]}, report_of(grade)


@pytest.mark.skipif(not sandbox.isolated(), reason="only root can give the sandbox a network namespace")
def test_the_network_cannot_be_reached(class_, tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0)
        grade = graded_attack(class_, f"""
            import socket
            def initialize_parameters_he(layers_dims):
                with socket.socket() as caller:
                    caller.settimeout(1)
                    caller.connect((b"127.0.0.1", {listener.getsockname()[1]}))  # bytes: no codec to import
                return {{}}
            """, tmp_path)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody called
    assert "OSError" in report_of(grade)


def test_a_gigabyte_of_output_is_cut_short_and_the_points_kept(class_, tmp_path):
    correct = next(c.source for c in class_["correct"].cells
                   if c.metadata.get("nbgrader", {}).get("grade_id") == TARGET)
    loud = correct.replace('    return parameters', '    for _ in range(2**20):\n        print("x" * 1024)\n'
                                                     '    return parameters')
    grade = grade_notebook(with_target(class_, loud, tmp_path), "initialization", LIMITS, seed=1)
    assert grade.score == 30
    assert all(len(result.printed) < 20_000 for result in grade.results)


def test_a_segfault_costs_only_that_function(class_, tmp_path):
    grade = graded_attack(class_, """
        import ctypes
        def initialize_parameters_he(layers_dims):
            ctypes.string_at(0)
        """, tmp_path)
    assert "segmentation fault" in report_of(grade)


def test_a_crash_while_defining_costs_everything_and_is_named(class_, tmp_path):
    path = with_target(class_, """
        import os
        def initialize_parameters_he(layers_dims, crash=os._exit(0)):
            return {}
        """, tmp_path)
    grade = grade_notebook(path, "initialization", LIMITS, seed=1)
    assert grade.score == 0
    assert "defining the notebook's functions" in report_of(grade, OTHERS[0])


def test_forged_and_late_messages_cannot_reach_the_next_submission(class_, tmp_path):
    forger = with_target(class_, """
        import os, time
        from autograder.wire import pack, pack_value

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
        """, tmp_path)
    honest = write(class_["correct"], tmp_path, "honest.ipynb")
    with sandbox.Sandbox() as box:
        attacked = grade_notebook(forger, "initialization", LIMITS, seed=1, box=box)
        assert scores(attacked) == {TARGET: 0, **{name: 10 for name in OTHERS}}
        assert "malformed answer" in report_of(attacked)
        time.sleep(0.6)
        assert grade_notebook(honest, "initialization", LIMITS, seed=1, box=box).score == 30


def test_a_helper_the_student_defined_elsewhere_is_kept(class_, tmp_path):
    path = with_target(class_, """
        def initialize_parameters_he(layers_dims):
            np.random.seed(3)
            return {name: value for l in range(1, len(layers_dims)) for name, value in he_layer(layers_dims, l)}
        """, tmp_path, extra_cells=["""
        SCALE_NUMERATOR = 2

        def he_layer(layers_dims, l):
            yield f"W{l}", np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(SCALE_NUMERATOR / layers_dims[l - 1])
            yield f"b{l}", np.zeros((layers_dims[l], 1))

        print("this demonstration line is not run by the grader")
        """])
    grade = grade_notebook(path, "initialization", LIMITS, seed=1)
    assert grade.score == 30, report_of(grade)


def test_a_failing_definition_is_noted_and_sinks_nothing_else(class_, tmp_path):
    notebook = nbformat.from_dict(json.loads(json.dumps(class_["correct"])))
    notebook.cells.insert(0, nbformat.v4.new_code_cell("import no_such_module\n\ndef broken():\n    nonlocal x\n"))
    grade = grade_notebook(write(notebook, tmp_path), "initialization", LIMITS, seed=1)
    assert grade.score == 30
    assert any("line 1 of the definitions ModuleNotFoundError: No module named 'no_such_module'" in note
               for note in grade.notes), grade.notes
    assert any("of the definitions SyntaxError: no binding for nonlocal 'x' found" in note for note in grade.notes)
