"""Every module in reader/ stays small enough to read in one sitting."""

from pathlib import Path

READER = Path(__file__).resolve().parents[2] / "reader"
LIMIT = 500


def test_no_module_in_reader_is_500_lines_or_more():
    sizes = {
        str(p.relative_to(READER)): len(p.read_text(encoding="utf-8").splitlines())
        for p in READER.rglob("*.py")
    }
    assert len(sizes) > 50  # the walk found the package
    assert {name: n for name, n in sizes.items() if n >= LIMIT} == {}
