"""The runtime student code may read: the standard library and numpy, found once, and the tree
of them that a chroot enters.
"""
import functools
import hashlib
import json
import os
import shutil
import sys
import sysconfig
import tempfile

from .linux import LockInError, works_in_a_child

FUNCTIONS = "/.autograder-functions"  # in the runtime tree, the parent of the functions' folders
TREE_LAYOUT = "2"  # a new number when the way trees are built changes: old trees are then left alone


@functools.lru_cache(maxsize=None)  # read in the zygote once: every function's process inherits it
def runtime_paths():
    """What student code may read: the standard library (not its site-packages), numpy and the
    shared libraries those load, by absolute path. Cached per interpreter, it takes a second."""
    import numpy  # the zygote has imported it already
    numpy_dir = os.path.dirname(numpy.__file__)
    key = f"{sys.version}|{os.path.realpath(sys.executable)}|{numpy_dir}|{numpy.__version__}"
    cache = os.path.join(tempfile.gettempdir(),
                         f"autograder-runtime-{os.geteuid()}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json")
    cached = _read_owned(cache)
    if cached is not None:
        return cached
    stdlib = sysconfig.get_paths()["stdlib"]
    paths = [os.path.join(stdlib, entry) for entry in sorted(os.listdir(stdlib))
             if entry not in ("site-packages", "dist-packages", "test", "idlelib", "turtledemo", "ensurepip")]
    paths += [path for path in (numpy_dir, numpy_dir + ".libs", os.path.join(os.path.dirname(numpy_dir), "numpy.libs"))
              if os.path.isdir(path)]
    paths += sorted(_shared_libraries(paths))
    paths += [path for path in ("/etc/ld.so.cache", "/dev/null") if os.path.exists(path)]
    _write_owned(cache, sorted(set(paths)))
    return sorted(set(paths))


def _shared_libraries(folders):
    """The shared libraries that the extension modules under ``folders`` link to (ldd's answer),
    with the real files behind their links."""
    modules = [os.path.join(top, name) for folder in folders if os.path.isdir(folder)
               for top, _, names in os.walk(folder) for name in names if ".so" in name]
    import subprocess  # once per machine (the paths are cached), not in every zygote
    found = set()
    if not shutil.which("ldd"):
        return found
    for start in range(0, len(modules), 64):
        result = subprocess.run(["ldd", *modules[start:start + 64]], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            path = line.split("=>")[-1].split("(")[0].strip()
            if path.startswith("/") and os.path.exists(path):
                found.update({path, os.path.realpath(path)})
    return found


def _read_owned(path):
    try:
        status = os.lstat(path)
        if status.st_uid != os.geteuid() or status.st_mode & 0o022:
            return None
        with open(path) as file:
            return json.load(file)
    except (OSError, ValueError):
        return None


def _write_owned(path, value):
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(handle, "w") as file:
        json.dump(value, file)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def can_chroot():
    """Whether chroot works here (Docker's default capabilities allow it)."""
    return works_in_a_child(lambda: os.chroot("/"))


def runtime_tree():
    """A root-owned folder that holds the runtime at its real paths, read-only to the sandbox,
    plus ``FUNCTIONS`` for the functions' own folders; built once (hard links, copies across file
    systems) and kept. Needs root."""
    paths = runtime_paths()
    digest = hashlib.sha256("\n".join([TREE_LAYOUT, *paths]).encode()).hexdigest()[:16]
    tree = os.path.join(tempfile.gettempdir(), f"autograder-tree-{digest}")
    if _owned_by_root(tree) and os.path.isdir(tree + FUNCTIONS):
        return tree
    building = tempfile.mkdtemp(prefix="autograder-tree-building-")
    os.chmod(building, 0o755)
    for path in paths:
        _mirror(path, building)
    os.mkdir(building + FUNCTIONS, 0o711)  # functions' folders: enterable, not listable
    try:
        os.rename(building, tree)
    except OSError:  # another zygote finished first: use its tree
        shutil.rmtree(building, ignore_errors=True)
        if not _owned_by_root(tree):
            raise LockInError(f"{tree} exists and is not root's own: remove it")
    return tree


def _owned_by_root(path):
    try:
        status = os.lstat(path)
    except OSError:
        return False
    return status.st_uid == 0 and not status.st_mode & 0o022


def _mirror(path, tree):
    """Put ``path`` into ``tree`` at the same place: its real file or folder, and every link on
    the way to it (``/lib`` -> ``usr/lib``, ``libz.so.1`` -> ``libz.so.1.2.13``) as the same link.
    Nothing is written through a link, so no link can lead the copy out of the tree."""
    real = os.path.realpath(path)
    target = tree + real  # a real path has no links: this stays inside the tree
    os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
    if os.path.isdir(real):
        shutil.copytree(real, target, symlinks=True, copy_function=_link_or_copy, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("site-packages"))
    elif real == "/dev/null":
        if not os.path.exists(target):
            os.mknod(target, 0o666 | 0o020000, os.makedev(1, 3))
    elif os.path.isfile(real) and not os.path.exists(target):
        _link_or_copy(real, target)
    prefix = "/"
    for part in path.strip("/").split("/"):
        prefix = os.path.join(prefix, part)
        if os.path.islink(prefix):
            location = tree + os.path.join(os.path.realpath(os.path.dirname(prefix)), part)
            os.makedirs(os.path.dirname(location), mode=0o755, exist_ok=True)
            if not os.path.lexists(location):
                os.symlink(os.readlink(prefix), location)


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def folder_in_tree():
    """A new empty folder for one function's process, inside the runtime tree."""
    return tempfile.mkdtemp(dir=runtime_tree() + FUNCTIONS)


def enter_the_runtime_tree(folder, uid):
    """chroot into the runtime tree and into ``folder`` (a ``folder_in_tree()``), made ``uid``'s
    own: the course, the kit's grader and references, the gradebook and /proc are simply not
    there. Needs root (CAP_SYS_CHROOT, which Docker keeps)."""
    os.chown(folder, uid, uid)
    os.chmod(folder, 0o700)
    os.chroot(os.path.dirname(os.path.dirname(folder)))
    os.chdir(os.path.join(FUNCTIONS, os.path.basename(folder)))
