"""Render reader/resources/article-reader.svg to the PNG sizes desktops and bundles use.

    python packaging/make_icons.py            # rewrites reader/resources/icons/*.png
    python packaging/make_icons.py --out DIR  # somewhere else (the tests do this)

Uses Qt's own SVG renderer, so it needs nothing beyond the app's dependencies.
Commit the PNGs after changing the SVG.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "reader" / "resources" / "article-reader.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, out: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """One ``article-reader-<size>.png`` per size in ``out``; the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}: not a valid SVG (open it in a browser to check)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"article-reader-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"cannot write {path}")
        written.append(path)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reader" / "resources" / "icons")
    args = parser.parse_args()
    for path in render(SVG, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
