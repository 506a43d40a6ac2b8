"""Real Docker for the tests: a daemon, a minimal Debian image, and commands run in containers.

No image registry is needed: ``build`` makes the image with debootstrap and ``docker import``.
``cached`` keeps an image under a tag that hashes what went into it, so a machine makes it once
and later runs reuse it.
``Unavailable`` says in one line why Docker cannot be used here.
"""
import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

# The host's own trusted authorities, for a host that reaches the package index through a
# TLS-inspecting proxy: containers then trust what the host trusts.
HOST_AUTHORITIES = Path("/usr/local/share/ca-certificates")


class Unavailable(Exception):
    """Docker cannot run containers here; the message says why."""


@dataclass(frozen=True)
class Recipe:
    """A minimal Debian image, made by debootstrap."""
    suite: str
    packages: tuple

    def authorities(self):
        return sorted(HOST_AUTHORITIES.glob("*.crt")) if HOST_AUTHORITIES.is_dir() else []

    def tag(self):
        """The image's name: a hash of everything that goes into it, so a changed recipe is rebuilt."""
        recipe = hashlib.sha256(f"{self.suite}|minbase|{','.join(self.packages)}".encode())
        for path in self.authorities():
            recipe.update(path.name.encode() + path.read_bytes())
        return f"autograder-test-{self.suite}:{recipe.hexdigest()[:16]}"


BOOKWORM = Recipe("bookworm", ("python3", "python3-venv", "ca-certificates", "unzip"))


def docker(*arguments, timeout=120, **options):
    return subprocess.run(["docker", *arguments], capture_output=True, timeout=timeout, **options)


def _answers():
    try:
        return shutil.which("docker") is not None and docker("info", timeout=30).returncode == 0
    except subprocess.TimeoutExpired:
        return False


@contextlib.contextmanager
def daemon():
    """A Docker daemon that answers: the running one, or one started here (and stopped on leaving)."""
    if _answers():
        yield
        return
    if shutil.which("docker") is None or shutil.which("dockerd") is None:
        raise Unavailable("no Docker daemon answers and docker or dockerd is not installed")
    if os.geteuid() != 0:
        raise Unavailable("no Docker daemon answers and only root can start one")
    log = Path(tempfile.gettempdir()) / "autograder-test-dockerd.log"
    with open(log, "wb") as output:
        started = subprocess.Popen(["dockerd"], stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _answers():
            if started.poll() is not None or time.monotonic() > deadline:
                raise Unavailable(f"dockerd did not start (its log: {log})")
            time.sleep(0.5)
        yield
    finally:
        started.terminate()
        started.wait(timeout=60)


def cached(tag, make):
    """``tag``, made by ``make(tag)`` unless Docker holds it already; a newly made one replaces the
    other tags of its repository (those of older recipes)."""
    if docker("image", "inspect", tag).returncode == 0:
        return tag
    make(tag)
    repository, _ = tag.split(":")
    listed = docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repository, text=True, check=True)
    for old in set(listed.stdout.split()) - {tag}:
        docker("image", "rm", old, timeout=600)  # not forced: an image a container still uses stays
    return tag


def build(recipe):
    """The tag of ``recipe``'s image, built unless Docker already holds it."""
    return cached(recipe.tag(), lambda tag: _bootstrap(recipe, tag))


def _bootstrap(recipe, tag):
    if shutil.which("debootstrap") is None:
        raise Unavailable("debootstrap is not installed: the test image cannot be built")
    with tempfile.TemporaryDirectory(prefix="autograder-test-image-") as folder:
        root = Path(folder) / "root"
        made = subprocess.run(["debootstrap", "--variant=minbase", f"--include={','.join(recipe.packages)}",
                               recipe.suite, root], capture_output=True, text=True, timeout=1800)
        assert made.returncode == 0, f"debootstrap failed: {made.stdout[-2000:]}{made.stderr[-2000:]}"
        for path in recipe.authorities():
            shutil.copy(path, root / "usr/local/share/ca-certificates" / path.name)
        subprocess.run(["chroot", root, "update-ca-certificates"], check=True, capture_output=True)
        tar = subprocess.Popen(["tar", "-C", root, "-c", "."], stdout=subprocess.PIPE)
        docker("import", "-", tag, stdin=tar.stdout, check=True, timeout=600)
        assert tar.wait() == 0


@dataclass(frozen=True)
class Finished:
    """A container's run: its exit code, its output, and the files fetched from it."""
    returncode: int
    stdout: str
    stderr: str
    files: dict  # {path in the container: bytes}


def run(image, command, files=None, flags=(), fetch=None, keep_as=None, timeout=600):
    """Run ``command`` in a new container of ``image`` started with Docker ``flags``; ``files``
    ({absolute path: bytes, or None for a folder}) are copied in first, what lies under the
    folder ``fetch`` is copied out after, and a run that succeeded is kept as the image
    ``keep_as``. The container is removed."""
    name = f"autograder-test-{uuid.uuid4().hex[:12]}"
    docker("create", "--name", name, *flags, image, *command, check=True)
    try:
        if files:
            docker("cp", "-", f"{name}:/", input=as_tar(files), check=True)
        finished = docker("start", "--attach", name, timeout=timeout)
        fetched = from_tar(docker("cp", f"{name}:{fetch}", "-", check=True).stdout, Path(fetch).parent) \
            if fetch else {}
        if keep_as and finished.returncode == 0:
            docker("commit", name, keep_as, check=True)
        return Finished(finished.returncode, finished.stdout.decode(), finished.stderr.decode(), fetched)
    finally:
        docker("rm", "--force", name)


def as_tar(files):
    """A tar archive of ``files`` ({absolute path: bytes, or None for a folder}), owned by root."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, content in files.items():
            entry = tarfile.TarInfo(path.lstrip("/"))
            if content is None:
                entry.type, entry.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(entry)
            else:
                entry.size, entry.mode = len(content), 0o644
                archive.addfile(entry, io.BytesIO(content))
    return buffer.getvalue()


def from_tar(data, parent):
    """The files of a tar archive as ``{absolute path: bytes}``, its names taken under ``parent``."""
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return {str(parent / member.name): archive.extractfile(member).read()
                for member in archive.getmembers() if member.isfile()}
