"""Real PDFs for the tests, made on the spot: papers printed from HTML by Chromium (a real
text layer, with Chromium's running header and footer and a page number in the
margin), a scan made from a picture by Pillow, an encrypted copy made by qpdf, and a
PDF of empty pages written by pypdfium2."""

from __future__ import annotations

import html
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
QPDF = shutil.which("qpdf")

# Long words carry soft hyphens, so Chromium breaks some of them at a line's end with a
# hyphen; "well-known" and "long-term" are compounds that must keep theirs.
_WORD_LIST = (
    "the of and a to in reading paper method result measure table figure known well"
    " extra\u00adordinary hyphen\u00adation investi\u00adgation measure\u00adments"
    " concep\u00adtual experi\u00admental compre\u00adhensive well-known long-term"
    " analysis sample values between significant approach"
)
_WORDS = tuple(_WORD_LIST.split())


@dataclass
class Paper:
    title: str
    html: str
    words: list[str]  # every word of the title, headings and paragraphs, in order


def paper(*, columns: int = 1, sections: int = 4, paragraphs: int = 4, seed: int = 1) -> Paper:
    """A paper: a title, an author line, sections of paragraphs of random sentences."""
    rng = random.Random(seed)
    title = "A Study of Reading in Columns" if columns > 1 else "On Reflowing Printed Papers"
    parts: list[str] = []
    words: list[str] = title.split()
    parts.append(f"<h1>{title}</h1>")
    for s in range(1, sections + 1):
        heading = f"Section {s}: Results and Methods"
        parts.append(f"<h2>{heading}</h2>")
        words += heading.split()
        for _ in range(paragraphs):
            sentences = []
            for _ in range(rng.randint(3, 6)):
                chosen = [rng.choice(_WORDS) for _ in range(rng.randint(8, 18))]
                chosen[0] = chosen[0][:1].upper() + chosen[0][1:]
                sentences.append(" ".join(chosen) + ".")
            text = " ".join(sentences)
            parts.append(f"<p>{html.escape(text)}</p>")
            words += text.replace("\u00ad", "").split()
    column_css = f"column-count: {columns}; column-gap: 1.2cm;" if columns > 1 else ""
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><style>
@page {{ size: A4; margin: 2.2cm 2cm; @bottom-center {{ content: counter(page); }} }}
body {{ font: 11pt/1.35 serif; }} h1 {{ font-size: 20pt; }} h2 {{ font-size: 14pt; }}
p {{ text-align: justify; margin: 0 0 0.8em; }} main {{ {column_css} }}
</style></head><body><h1>{title}</h1><main>{"".join(parts[1:])}</main></body></html>"""
    return Paper(title, page, words)


def print_pdf(page_html: str, out: Path) -> Path:
    """``page_html`` printed to ``out`` by headless Chromium."""
    assert CHROMIUM, "chromium is needed (apt-get install chromium)"
    source = out.with_suffix(".html")
    source.write_text(page_html, encoding="utf-8")
    command = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={out.parent / 'chromium-profile'}",
        f"--print-to-pdf={out}",
        "--generate-pdf-document-outline",  # bookmarks from the headings
        source.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and out.exists(), done.stderr[-2000:]
    return out


def scan_pdf(out: Path) -> Path:
    """A one-page PDF holding only a picture of text: what a scanner makes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    for n in range(30):
        draw.text((60, 60 + n * 30), f"Line {n} of a scanned page, a picture of text.", "black")
    image.save(out, "PDF", resolution=100)
    return out


def empty_pages_pdf(out: Path, pages: int) -> Path:
    """A PDF of ``pages`` empty pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842).close()
    pdf.save(out)
    pdf.close()
    return out


def encrypted_pdf(source: Path, out: Path, password: str = "secret") -> Path:
    """``source`` encrypted (AES-256) with a user password, by qpdf."""
    assert QPDF, "qpdf is needed (apt-get install qpdf)"
    command = [QPDF, "--encrypt", password, password + "-owner", "256", "--", str(source), str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return out


def handmade_pdf(out: Path, pages: list[list[str]], *, roman_front: int = 0) -> Path:
    """A PDF written byte by byte: each page's lines in Helvetica, top to bottom, and,
    with ``roman_front``, page labels "i", "ii", ... for that many pages, then "1", ...
    (a page label tree, which neither Chromium nor qpdf writes)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = [
        "<< /Type /Catalog /Pages 2 0 R{labels} >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        shown = " T* ".join(f"({escape(line)}) Tj" for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 72 760 Td {shown} ET".encode("latin-1")
        objects.append(
            f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream"
        )
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R"
            " /Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    labels = f" /PageLabels << /Nums [0 << /S /r >> {roman_front} << /S /D >>] >>"
    objects[0] = objects[0].format(labels=labels if roman_front else "")
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    data += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    out.write_bytes(bytes(data))
    return out
