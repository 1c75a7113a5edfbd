"""The Flatpak manifest (it cannot be built here: no network, no flatpak-builder) at least
names the right app, runtime and command, installs files that exist, and asks for the
same Python dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FLATPAK = ROOT / "packaging" / "flatpak"


def manifest() -> dict:
    return yaml.safe_load((FLATPAK / "org.articlereader.ArticleReader.yml").read_text())


def test_manifest_uses_the_kde_runtime_and_our_command():
    m = manifest()
    assert m["id"] == "org.articlereader.ArticleReader"
    assert m["runtime"] == "org.kde.Platform" and m["sdk"] == "org.kde.Sdk"
    assert m["runtime-version"] == m["base-version"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert m["command"] in scripts


def test_manifest_installs_files_that_exist():
    app = manifest()["modules"][-1]
    commands = " ".join(app["build-commands"]).replace("$size", "256")
    for path in re.findall(r"(?:packaging|reader)/[\w./-]+", commands):
        assert (ROOT / path).exists(), f"the manifest installs {path}, which does not exist"
    assert app["sources"][0]["path"] == "../.."  # the project root, seen from here


def test_requirements_match_pyproject_without_pyside():
    def name(requirement: str) -> str:
        return re.split(r"[<>=;\s\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    wanted = {name(r) for r in project if not name(r).startswith("pyside6")}
    lines = (FLATPAK / "requirements.txt").read_text().splitlines()
    listed = {name(x) for x in lines if x.strip() and not x.startswith("#")}
    assert wanted <= listed, f"add to packaging/flatpak/requirements.txt: {wanted - listed}"
