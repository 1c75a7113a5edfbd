"""``article-reader pair --new`` and ``article-reader serve --port 0``, as real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from page_kit import payload, request

from reader.cli import run


def _cli(*args: str, library) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(library), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_pair_new_prints_only_a_valid_token_and_revoke_forgets_it(tmp_path, capsys):
    lib = tmp_path / "lib.db"
    assert run(["--library", str(lib), "pair", "--new", "--label", "Firefox"]) == 0
    token = capsys.readouterr().out
    assert token.endswith("\n") and len(token.strip().split()) == 1 and len(token) > 40
    assert run(["--library", str(lib), "pair"]) == 0
    listed = capsys.readouterr().out
    assert "Firefox" in listed and token.strip() not in listed  # the token is never shown again
    pairing = listed.split()[0]
    assert run(["--library", str(lib), "pair", "--revoke", "nope"]) == 2
    assert run(["--library", str(lib), "pair", "--revoke", pairing]) == 0
    assert "no browser paired" in (run(["--library", str(lib), "pair"]), capsys.readouterr())[1].out


def test_serve_prints_its_address_first_saves_and_stops_on_ctrl_c(tmp_path):
    lib = tmp_path / "lib.db"
    token = _cli("pair", "--new", library=lib).stdout.strip()
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(lib), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        first = server.stdout.readline().strip()  # type: ignore[union-attr]
        assert first.startswith("http://127.0.0.1:")
        port = int(first.rsplit(":", 1)[1])
        auth = {"Authorization": f"Bearer {token}"}
        assert request(port, "GET", "/api/v1/status")[0] == 401
        status, body, _ = request(port, "POST", "/api/v1/pages", payload(), auth)
        assert status == 201
        assert f"added {body['id']}: The Harbour" in server.stdout.readline()  # type: ignore[union-attr]
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=20) == 0
        assert "Traceback" not in server.stderr.read()  # type: ignore[union-attr]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert "The Harbour" in _cli("list", library=lib).stdout


def test_serve_for_a_window_stops_when_the_window_is_gone(tmp_path):
    """``serve --json`` (the window's child) ends when its stdin closes: no orphan keeps
    the port after a window that was killed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(tmp_path / "l.db"), "serve",
         "--port", "0", "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert child.stdout.readline().startswith("http://127.0.0.1:")  # type: ignore[union-attr]
        child.stdin.close()  # type: ignore[union-attr]
        assert child.wait(timeout=20) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
