"""What the browser tier needs: a Jupyter server on loopback with a token, and Debian's Chromium driven by
Playwright. Where either is missing the tests skip with one line saying why, unless
AUTOGRADER_REQUIRE_BROWSER=1 (CI sets it), where a missing browser is a failure."""
import contextlib
import os
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
            env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"})
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
