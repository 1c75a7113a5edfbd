"""The command line run in the test's own process, for tests that read what it printed."""

from __future__ import annotations

from reader.cli import run


def call(capsys, *args) -> tuple[int, str, str]:
    """``article-reader ARGS`` run here: its exit code, stdout and stderr."""
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err
