"""Chromium driven over the Chrome DevTools Protocol on a pipe (``--remote-debugging-pipe``:
messages are JSON ended by a NUL byte, on the child's fds 3 and 4), so no websocket client is
needed."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    """A headless Chromium with an unpacked extension loaded, and a CDP connection."""

    def __init__(self, extension: Path, profile: Path) -> None:
        assert CHROMIUM is not None
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        log = (profile.parent / f"{profile.name}-chromium.log").open("wb")

        def fds() -> None:  # in the child: its fd 3 reads commands, fd 4 writes answers
            a, b = os.dup(to_child_r), os.dup(from_child_w)  # neither is 3 nor 4 unless free
            for fd, target in ((a, 3), (b, 4)):
                if fd != target:
                    os.dup2(fd, target)
                os.set_inheritable(target, True)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                f"--load-extension={extension}",
                f"--disable-extensions-except={extension}",
                "--disable-features=DisableLoadExtensionCommandLineSwitch",
                "--no-sandbox",  # tests run as root in CI
                "--no-first-run",
                "--disable-gpu",
                "--window-size=1200,900",
                "about:blank",
            ],
            close_fds=False,  # the dup2'ed fds 3 and 4 must stay open for chromium
            preexec_fn=fds,  # only dup2: safe between fork and exec
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        log.close()
        self._next = 0
        self._answers: dict[int, dict] = {}
        self.events: list[dict] = []
        self._lock = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._lock.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self._lock:
                    if "id" in message:
                        self._answers[message["id"]] = message
                    else:
                        self.events.append(message)
                    self._lock.notify_all()

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:  # fmt: skip
        """Send one command and wait for its result (AssertionError on a protocol error)."""
        with self._lock:
            self._next += 1
            n = self._next
        message = {"id": n, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._lock:
            while n not in self._answers:
                left = deadline - time.monotonic()
                assert left > 0, f"no answer to {method} within {timeout} s"
                assert self.process.poll() is None, "chromium exited"
                self._lock.wait(left)
            answer = self._answers.pop(n)
        assert "error" not in answer, f"{method}: {answer['error']}"
        return answer.get("result", {})

    def wait_for_target(self, kind: str, url_part: str, timeout: float = 30) -> str:
        """The id of a target of ``kind`` whose URL holds ``url_part``, once it exists."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for info in self.send("Target.getTargets")["targetInfos"]:
                if info["type"] == kind and url_part in info["url"]:
                    return info["targetId"]
            time.sleep(0.1)
        raise AssertionError(f"no {kind} target with {url_part!r} within {timeout} s")

    def attach(self, target_id: str) -> str:
        return self.send("Target.attachToTarget", {"targetId": target_id, "flatten": True})[
            "sessionId"
        ]

    def evaluate(self, session: str, expression: str, timeout: float = 60):
        """The value of ``expression`` (promises awaited) in the attached target."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session,
            timeout,
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
