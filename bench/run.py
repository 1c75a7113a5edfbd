"""Run every benchmark figure and print one table: figure, median, p95, yardstick, ratio,
target, and whether it holds.

    python bench/run.py                  # full size (builds and caches the libraries first)
    python bench/run.py --quick          # small sizes, under two minutes (CI)
    python bench/run.py --only search,list --json results.json

Each group of figures runs in a process of its own, so one figure's memory or
Qt state never colours the next. These are benchmarks, not tests: the exit
status says whether every group ran, not whether the targets hold.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import LEFT_OUT, Result  # noqa: E402

GROUPS = [
    "startup",
    "open",
    "pictures",
    "search",
    "typing",
    "importing",
    "list",
    "export",
    "memory",
    "review",
    "feeds",
    "outside",
    "sync",
    "books",
    "pdf",
    "browser",
    "related",
]
MARK = "RESULT "


def run_child(group: str, quick: bool) -> tuple[list[Result], str, list[str]]:
    """Run one group in a fresh interpreter; its rows, the error it printed, and why
    any figure was left out."""
    command = [sys.executable, str(HERE / "run.py"), "--child", group]
    if quick:
        command.append("--quick")
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    rows = [
        Result(**json.loads(line[len(MARK) :]))
        for line in done.stdout.splitlines()
        if line.startswith(MARK)
    ]
    error = "" if done.returncode == 0 else (done.stderr.strip() or done.stdout.strip())
    lines = done.stdout.splitlines()
    reasons = [line[len(LEFT_OUT) :] for line in lines if line.startswith(LEFT_OUT)]
    return rows, error, reasons


def child(group: str, quick: bool) -> int:
    os.environ.setdefault("ARTICLE_READER_BROWSER_PORT", "off")  # fig_browser asks for it
    module = importlib.import_module(f"fig_{group}")
    for result in module.measure(quick):
        print(MARK + json.dumps(result.as_dict()), flush=True)
    return 0


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
    return f"{value:,.{digits}f}{' ' + unit if unit else ''}"


def table(rows: list[Result]) -> str:
    head = ["figure", "median", "p95", "yardstick", "ratio", "target", "holds"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in rows:
        holds = {True: "yes", False: "**no**", None: "—"}[r.holds]
        cells = [
            r.figure,
            number(r.median, r.unit),
            number(r.p95, r.unit),
            number(r.yardstick, r.unit),
            f"{r.ratio:.2f}" if r.ratio is not None else "—",
            r.target or "report",
            holds,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"- {r.figure}: {r.note}" for r in rows if r.note]
    return "\n".join([*lines, "", *notes] if notes else lines)


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    try:
        import PySide6
        from PySide6 import QtCore

        qt = f"Qt {QtCore.qVersion()}, PySide6 {PySide6.__version__}"
    except ImportError:
        qt = "no PySide6"
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "qt": qt,
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--only", help="comma-separated groups: " + ",".join(GROUPS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.quick)
    groups = args.only.split(",") if args.only else GROUPS
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}; choose from {GROUPS}")
    info = machine()
    print(
        f"{'quick' if args.quick else 'full-size'} run, {time.strftime('%Y-%m-%d %H:%M %Z')}; "
        f"{info['cores']} cores, {info['cpu']}; Python {info['python']}; {info['qt']}",
        flush=True,
    )
    rows: list[Result] = []
    failed = []
    for group in groups:
        started = time.perf_counter()
        got, error, reasons = run_child(group, args.quick)
        rows += got
        spent = time.perf_counter() - started
        print(f"  {group}: {len(got)} figure(s) in {spent:.0f} s", flush=True)
        for reason in reasons:
            print(f"  {group}: left out: {reason}", flush=True)
        if error:
            failed.append(group)
            print(f"  {group} FAILED:\n{error}", file=sys.stderr, flush=True)
    print()
    print(table(rows))
    if args.json:
        payload = {
            "quick": args.quick,
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": info,
            "results": [r.as_dict() for r in rows],
            "failed": failed,
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
