"""The project installs what it needs: every package listed, the importer's libraries importable."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_python_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "reader").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_trafilatura_and_lxml_html_clean_import():
    """pip 23 drops lxml's html-clean extra; a plain install must still import trafilatura."""
    code = "import lxml.html.clean, trafilatura; print(trafilatura.__version__)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_pyside6_is_not_the_broken_release_on_python_311():
    from importlib.metadata import version

    if sys.version_info[:2] == (3, 11):
        major, minor = (int(x) for x in version("PySide6-Essentials").split(".")[:2])
        assert (major, minor) < (6, 12), "PySide6 6.12 aborts Python 3.11 (DESIGN.md)"


def test_the_installed_package_finds_its_samples_icons_and_template(tmp_path):
    """Built as a wheel and unpacked away from the source tree, as `pip install .` does."""
    import zipfile

    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("article_reader-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "reader/resources/article-reader.svg",
        "reader/resources/icons/article-reader-256.png",
        "reader/desktop_files/org.articlereader.ArticleReader.desktop",
        "reader/desktop_files/org.articlereader.ArticleReader.metainfo.xml",
        "reader/sample_articles/welcome-to-article-reader.md",
    ):
        assert name in names, f"{name} is not in the wheel: see [tool.setuptools] in pyproject"
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; from pathlib import Path; site = Path(sys.argv[1]).resolve();"
        "from reader.core.importing.samples import sample_paths;"
        "from reader.ui.actions import resource_path;"
        "paths = sample_paths(); icon = resource_path('archive.svg');"
        "assert len(paths) >= 6 and all(site in p.parents for p in paths), paths;"
        "assert icon.exists() and site in icon.parents, icon;"
        "from reader.core.exporting import render, summarize, templating;"
        "from reader.core.models import Article;"
        "assert templating.SHIPPED.is_file() and site in templating.SHIPPED.parents;"
        "md = render(summarize(Article(id=1, title='T', blocks=[], text='x'), []), 'md');"
        "assert md.startswith('---') and md.endswith('## My notes\\n'), md"
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    # the desktop entry and icons install from the package, not from the source tree
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--install-desktop"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    icons = tmp_path / "data" / "icons" / "hicolor"
    assert (icons / "512x512" / "apps" / "org.articlereader.ArticleReader.png").exists()
