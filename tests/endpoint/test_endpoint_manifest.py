"""The extension's one manifest serves Chromium and Firefox: checked here by its shape, and
by Mozilla's own linter (``web-ext lint``, from npm: .ci/run installs it and names it in
``$WEB_EXT``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BROWSER = Path(__file__).resolve().parents[2] / "browser"
WEB_EXT = os.environ.get("WEB_EXT") or shutil.which("web-ext")


def _manifest() -> dict:
    return json.loads((BROWSER / "manifest.json").read_text(encoding="utf-8"))


def test_one_manifest_declares_the_background_for_both_browsers():
    m = _manifest()
    assert m["manifest_version"] == 3
    assert m["background"]["service_worker"] == "background.js"  # Chromium
    assert m["background"]["scripts"] == ["background.js"]  # Firefox (an event page)
    gecko = m["browser_specific_settings"]["gecko"]
    assert "@" in gecko["id"] and float(gecko["strict_min_version"]) >= 121
    assert m["host_permissions"] == ["http://127.0.0.1/*"]  # the app only, loopback only
    assert {"activeTab", "scripting", "contextMenus", "storage"} == set(m["permissions"])
    for path in [m["options_ui"]["page"], *m["icons"].values(), "capture.js", "options.js"]:
        assert (BROWSER / path).is_file(), path


def test_the_menus_say_what_the_issue_names():
    source = (BROWSER / "background.js").read_text(encoding="utf-8")
    assert 'title: "Save to Article Reader"' in source
    assert 'title: "Save selection as highlight"' in source


@pytest.mark.skipif(
    WEB_EXT is None,
    reason="web-ext is not installed (npm install web-ext; .ci/run installs it, $WEB_EXT)",
)
def test_mozillas_linter_finds_no_error():
    done = subprocess.run(
        [str(WEB_EXT), "lint", "--source-dir", str(BROWSER), "--output", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(done.stdout)
    assert report["errors"] == [], report["errors"]
    warnings = [w["message"] for w in report["warnings"]]
    # Firefox ignores the service worker Chromium needs; that is the one warning allowed
    assert all("service_worker" in w for w in warnings), warnings
