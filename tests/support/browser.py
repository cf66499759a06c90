"""A small headless-Chromium driver for tests, over the DevTools protocol (CDP).

Debian's ``chromium`` runs headless with networking extras switched off; we
talk to it over the DevTools websocket with ``websocket-client`` (installed
with jupyter_server, which jupyterlab needs). For each page it records
console messages, uncaught exceptions, log entries (CSP violations, failed
loads), every network request, JavaScript dialogs (``alert``) and lets the
test evaluate expressions and take a screenshot::

    with Chromium() as browser:
        page = browser.open(path.as_uri(), screenshot=artifacts / "index.png")
        assert not page.errors
        assert page.evaluate("document.images.length") == 2
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--remote-allow-origins=*",
    "--remote-debugging-port=0",
    "--window-size=1280,900",
]


class BrowserUnavailable(RuntimeError):
    """Chromium is not installed or would not start."""


def find_chromium() -> str:
    """The Chromium executable, or a clear error saying how to install it."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise BrowserUnavailable(
        "Chromium is needed for the browser tests and was not found on PATH; install it with "
        "`apt-get install -y chromium` (.ci/run does this in CI) or set $CHROMIUM"
    )


@dataclasses.dataclass
class PageReport:
    """What happened while a page loaded."""

    url: str
    console: list[dict]
    exceptions: list[str]
    log: list[dict]
    requests: list[str]
    dialogs: list[str]
    screenshot: Path | None
    _session: Any = dataclasses.field(repr=False, default=None)

    @property
    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries (CSP, failed loads)."""
        out = [
            f"console.{m['type']}: {m['text']}"
            for m in self.console
            if m["type"] in ("error", "assert")
        ]
        out += [f"exception: {e}" for e in self.exceptions]
        out += [
            f"log {m['source']}: {m['text']} {m.get('url', '')}"
            for m in self.log
            if m["level"] == "error"
        ]
        return out

    @property
    def external_requests(self) -> list[str]:
        """Requests to anything but ``file:`` and ``data:`` URLs."""
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page."""
        return self._session.evaluate(expression)


class _Session:
    """One websocket to one page target."""

    def __init__(self, ws_url: str, timeout: float):
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        self.timeout = timeout

    def send(self, method: str, **params: Any) -> dict:
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"CDP {method} failed: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self._event(msg)
        raise TimeoutError(f"CDP {method}: no answer in {self.timeout} s")

    def _event(self, msg: dict) -> None:
        self.events.append(msg)
        if msg["method"] == "Page.javascriptDialogOpening":  # never let alert() block the page
            self.ws.send(
                json.dumps(
                    {
                        "id": next(self.ids),
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": True},
                    }
                )
            )

    def wait_for(self, method: str, timeout: float) -> bool:
        if any(e["method"] == method for e in self.events):
            return True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.ws.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                msg = json.loads(self.ws.recv())
            except Exception:  # websocket timeout
                break
            if "method" in msg:
                self._event(msg)
                if msg["method"] == method:
                    self.ws.settimeout(self.timeout)
                    return True
        self.ws.settimeout(self.timeout)
        return False

    def drain(self, seconds: float) -> None:
        """Collect events for a little while (late console messages, requests)."""
        self.wait_for("__never__", seconds)

    def evaluate(self, expression: str) -> Any:
        res = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"evaluate {expression!r}: {res['exceptionDetails']}")
        return res["result"].get("value")

    def close(self) -> None:
        self.ws.close()


class Chromium:
    """A headless Chromium with a fresh profile; use as a context manager."""

    def __init__(self, *, timeout: float = 30.0):
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self.profile: str | None = None
        self.port: int | None = None
        self.stderr_path: str | None = None

    def __enter__(self) -> Chromium:
        exe = find_chromium()
        self.profile = tempfile.mkdtemp(prefix="discourse-chromium-")
        self.stderr_path = os.path.join(self.profile, "stderr.log")
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [exe, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if port_file.is_file():
                lines = port_file.read_text().split()
                if lines:
                    self.port = int(lines[0])
                    break
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if self.port is None:
            log = Path(self.stderr_path).read_text(errors="replace")[-2000:]
            self.__exit__(None, None, None)
            raise BrowserUnavailable(f"Chromium did not start (no DevToolsActivePort): {log}")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)

    def _new_target(self) -> str:
        import urllib.request

        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT"
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as r:  # local DevTools endpoint
            return json.loads(r.read())["webSocketDebuggerUrl"]

    def open(
        self, url: str, *, screenshot: str | os.PathLike | None = None, settle: float = 0.5
    ) -> PageReport:
        """Load ``url`` in a new tab and report what happened (the tab stays open for evaluate)."""
        s = _Session(self._new_target(), self.timeout)
        for domain in ("Page", "Runtime", "Log", "Network"):
            s.send(f"{domain}.enable")
        s.events.clear()
        s.send("Page.navigate", url=url)
        if not s.wait_for("Page.loadEventFired", self.timeout):
            raise TimeoutError(f"{url} did not finish loading in {self.timeout} s")
        s.drain(settle)
        shot = None
        if screenshot is not None:
            shot = Path(screenshot)
            shot.parent.mkdir(parents=True, exist_ok=True)
            data = s.send("Page.captureScreenshot", format="png")["data"]
            shot.write_bytes(base64.b64decode(data))
        s.drain(0.1)
        console, exceptions, log, requests, dialogs = [], [], [], [], []
        for e in s.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.consoleAPICalled":
                text = " ".join(
                    str(a.get("value", a.get("description", ""))) for a in p.get("args", [])
                )
                console.append({"type": p.get("type"), "text": text})
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                exceptions.append(d.get("exception", {}).get("description") or d.get("text", ""))
            elif m == "Log.entryAdded":
                log.append(p.get("entry", {}))
            elif m == "Network.requestWillBeSent":
                requests.append(p.get("request", {}).get("url", ""))
            elif m == "Page.javascriptDialogOpening":
                dialogs.append(p.get("message", ""))
        return PageReport(url, console, exceptions, log, requests, dialogs, shot, s)
