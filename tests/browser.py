"""What the browser tier needs: a Jupyter server on loopback with a token, and Debian's Chromium driven by
Playwright. Where either is missing the tests skip with one line saying why, unless
AUTOGRADER_REQUIRE_BROWSER=1 (CI sets it), where a missing browser is a failure."""
import contextlib
import enum
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"]
SERVER_START_SECONDS = 60
ARTIFACTS = Path(os.environ.get("AUTOGRADER_ARTIFACTS", Path(__file__).parent.parent / "test-artifacts"))


def unavailable(reason):
    if os.environ.get("AUTOGRADER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser tier must run here (AUTOGRADER_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def chromium():
    """A headless Chromium page."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        unavailable(f"no {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyter_server(root, log):
    """A Jupyter server on ``root`` (nbgrader's extensions load with it), on loopback with a token;
    yields its base URL and the token."""
    port, token = free_port(), secrets.token_hex(16)
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root", f"--ServerApp.port={port}",
             "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"],
            cwd=root, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                 # JupyterLab's settings and workspaces of this server alone, not the user's
                 "JUPYTERLAB_SETTINGS_DIR": str(Path(log).parent / "lab-settings"),
                 "JUPYTERLAB_WORKSPACES_DIR": str(Path(log).parent / "lab-workspaces")})
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while True:
                try:
                    urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"the Jupyter server did not start (see {log})")
                    time.sleep(0.2)
            yield base, token
        finally:
            server.terminate()
            server.wait(timeout=30)


def sign_in(page, base, token):
    """Log ``page`` in with the server's token, as a person would on its login page: the cookie then
    serves every request the page's scripts make."""
    page.goto(f"{base}/login")
    page.fill("input[name=password]", token)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def screenshot(page, name):
    """Save the page as an artifact, test-artifacts/<name>.png; return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- Notebooks in JupyterLab and Notebook 7 -------------------------------------------------------------

KERNEL_START_SECONDS = 60
RUN_ALL_SECONDS = 300  # the slowest notebook trains three models: about 30 s on one core
SETTLED_POLLS = 3      # an idle kernel and unchanged outputs this many polls in a row mean "done"
POLL_SECONDS = 0.5


class UI(enum.Enum):
    """A front end a learner opens a notebook in, by the URL it serves it at."""
    JUPYTERLAB = "lab/tree/{path}?reset"  # ?reset: a fresh workspace, the notebooks opened before closed
    NOTEBOOK7 = "notebooks/{path}"

    def url(self, base, path):
        return f"{base}/{self.value.format(path=path)}"


def api(base, token, path, method="GET"):
    request = urllib.request.Request(f"{base}/api/{path}", method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def kernel_of(base, token, notebook_path):
    """The kernel model (``/api/kernels`` form) of the session of ``notebook_path``, or None."""
    for session in api(base, token, "sessions"):
        if session["path"] == notebook_path and session.get("kernel"):
            return api(base, token, f"kernels/{session['kernel']['id']}")
    return None


def shut_down_sessions(base, token):
    for session in api(base, token, "sessions"):
        api(base, token, f"sessions/{session['id']}", method="DELETE")


# Per cell of the notebook on the page: its prompt ("[3]:", "[*]:", "[ ]:") and what its output area
# shows: the text, the parts drawn in green, the text of stderr and error outputs, the images.
CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"  # of the notebook in view
READ_CELLS = """() => Array.from(document.querySelectorAll('%s')).map(cell => {
    const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'));
    return {
        code: cell.classList.contains('jp-CodeCell'),
        prompt: (cell.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim(),
        text: outputs.map(o => o.textContent).join('\\n'),
        green: Array.from(cell.querySelectorAll('.jp-OutputArea-output [class*="ansi-green"]')).map(s => s.textContent),
        stderr: outputs.filter(o => o.matches('[data-mime-type="application/vnd.jupyter.stderr"]')
                                   || o.querySelector('[data-mime-type="application/vnd.jupyter.stderr"]'))
                       .map(o => o.textContent).join('\\n'),
        images: cell.querySelectorAll('.jp-OutputArea-output img').length,
    };
})""" % CELLS
EXECUTED = re.compile(r"^\[\d+\]:$")  # a prompt once its cell has run


class OpenNotebook:
    """A notebook open in ``ui`` on ``page``, its kernel started: run it, read what it shows, edit a cell."""

    def __init__(self, page, ui, base, token, path):
        self.page, self.ui, self.base, self.token, self.path = page, ui, base, token, path
        page.goto(ui.url(base, path))
        self._until(lambda: (kernel_of(base, token, path) or {}).get("execution_state") == "idle",
                    KERNEL_START_SECONDS, "the kernel did not start")
        # Notebook 7 renders cells as the page idles: wait for all of them
        cell_count = len(api(base, token, f"contents/{path}")["content"]["cells"])
        self._until(lambda: len(self.cells()) == cell_count, KERNEL_START_SECONDS, f"the page shows fewer than {cell_count} cells")
        self._decline_news()

    def _decline_news(self):
        """JupyterLab asks once whether to fetch Jupyter's news; a learner answers and the toast goes."""
        answer = self.page.locator(".jp-toast-button", has_text=re.compile("^No$"))
        if answer.count():
            answer.first.click()

    def _until(self, condition, seconds, what):
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                screenshot(self.page, f"timeout-{self.ui.name.lower()}-{Path(self.path).stem}")
                raise TimeoutError(f"{what} within {seconds} s ({self.ui.name}, {self.path})")
            time.sleep(POLL_SECONDS)

    def cells(self):
        return self.page.evaluate(READ_CELLS)

    def menu(self, *labels):
        """Choose ``labels`` in the menu bar, e.g. ``menu("Run", "Run All Cells")``."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(labels[0])}$")).click()
        for label in labels[1:]:
            self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(label)}$")).click()

    def run_all(self):
        """Run > Run All Cells, then wait until the kernel is idle and the outputs have settled."""
        before = [cell["prompt"] for cell in self.cells()]
        self.menu("Run", "Run All Cells")
        self._until(lambda: [cell["prompt"] for cell in self.cells()] != before, KERNEL_START_SECONDS,
                    "no cell started running")
        self._until(self._settled(), RUN_ALL_SECONDS, "the notebook did not finish running")
        return self.cells()

    def _settled(self):
        seen = []

        def settled():
            cells = self.cells()
            idle = (kernel_of(self.base, self.token, self.path) or {}).get("execution_state") == "idle"
            running = any(cell["prompt"] == "[*]:" for cell in cells)
            seen.append(cells if idle and not running else None)
            return len(seen) >= SETTLED_POLLS and seen[-1] is not None and all(s == seen[-1] for s in seen[-SETTLED_POLLS:])

        return settled

    def replace_source(self, index, source):
        """Type ``source`` over cell ``index``'s code, as a learner selecting all of it and pasting would."""
        editor = self.page.locator(CELLS).nth(index).locator(".cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.insert_text(source)
        self.page.keyboard.press("Escape")  # back to command mode

    def show(self, index):
        """Scroll cell ``index`` to the top of the notebook's panel, for a screenshot of it and what follows."""
        for _ in range(3):  # cells drawn on the way change the heights above it: scroll again once they are
            self.page.locator(CELLS).nth(index).evaluate("cell => cell.scrollIntoView({block: 'start'})")
            self.page.wait_for_timeout(300)
