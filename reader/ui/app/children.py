"""How the window starts its child processes: this install's own command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from PySide6.QtCore import QProcess


def own_command(args: list[str]) -> tuple[str, list[str]]:
    """The program and arguments that run ``article-reader ARGS`` for this install."""
    if getattr(sys, "frozen", False):  # a bundle: its executable is article-reader itself
        return sys.executable, args
    return sys.executable, ["-m", "reader", *args]


def read_lines(process: QProcess) -> Iterator[str]:
    """The complete lines the child has written so far, decoded and stripped."""
    while process.canReadLine():
        yield bytes(process.readLine().data()).decode("utf-8", "replace").strip()


def json_object(line: str) -> dict | None:
    """A line's JSON object; None for anything else (not a line the window needs)."""
    try:
        found = json.loads(line)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def stderr_lines(process: QProcess) -> list[str]:
    """What the child wrote on stderr, a stripped line each, empty lines left out."""
    said = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
    return [s.strip() for s in said.splitlines() if s.strip()]


def errors_in(lines: list[str]) -> list[str]:
    """The ``error: ...`` lines among ``lines``, without their prefix."""
    return [s.removeprefix("error:").strip() for s in lines if s.startswith("error:")]


def finish(process: QProcess, wait_ms: int) -> None:
    """Wait for a child told to stop; kill it if it has not ended by then."""
    if not process.waitForFinished(wait_ms):
        process.kill()
        process.waitForFinished(wait_ms)
