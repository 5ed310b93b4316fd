"""Regenerate screenshots/report-en.png and report-zh.png: `python scripts/report_screenshot.py`.

The demo data's HTML report, printed to A4 PDF by headless Chromium (Debian:
`apt-get install chromium poppler-utils fonts-noto-cjk`), first page rendered to PNG
by pdftoppm. Before writing the pictures it checks the print: at most 2 A4 pages per
number, every account name and label, both deadlines and every open step's title in
the PDF's text, and no full phone number. Chromium runs with background networking
off and every host name unresolvable; the page itself loads nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from acctexit.app.report import collect_report
from acctexit.app.report.html import render_html
from acctexit.app.report.model import ReportData
from acctexit.catalog import load_catalog
from acctexit.domain.models import Lang
from acctexit.store import Store
from acctexit.store.demo import prepare as prepare_demo

TODAY = date(2026, 11, 24)
MADE = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))  # the demo person's zone, whatever this machine's is
OUT = Path(__file__).resolve().parents[1] / "screenshots"
DPI = 80
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-pdf-header-footer",
]


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    sys.exit(f"needs {names[0]} (Debian: apt-get install chromium poppler-utils)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_pdf(pdf: Path, data: ReportData, pdftotext: str) -> int:
    """The issue's checks on the printed report; returns the number of pages."""
    raw = subprocess.run(
        [pdftotext, "-raw", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = [p for p in raw.split("\f") if p.strip()]
    heading = "Number " if data.lang == "en" else "号码 "
    starts = [i for i, p in enumerate(pages) for n in data.numbers if heading + n.number in p]
    problems = []
    if len(starts) != len(data.numbers):
        problems.append(f"number headings found on pages {starts}")
    for n, start, end in zip(data.numbers, starts, [*starts[1:], len(pages)], strict=False):
        if end - start > 2:
            problems.append(f"{n.number} takes {end - start} pages")
    text = _squash("".join(pages))
    for n in data.numbers:
        wanted = [n.label, *(a.name for a in n.accounts)]
        wanted += [d.date.isoformat() for d in n.deadlines if d.date is not None]
        wanted += [s.title.removesuffix("…") for s in n.next_steps]
        problems += [f"missing from the PDF: {w!r}" for w in wanted if _squash(w) not in text]
    problems += [f"full number {d}" for d in ("13800001234", "13900005678") if d in text]
    if problems:
        sys.exit("\n".join(problems))
    return len(pages)


def main() -> None:
    chromium = _tool("chromium", "chromium-browser", "google-chrome")
    pdftoppm, pdftotext = _tool("pdftoppm"), _tool("pdftotext")
    langs: tuple[Lang, ...] = ("en", "zh")
    with tempfile.TemporaryDirectory(prefix="acctexit-report-") as tmp:
        folder = Path(tmp)
        reports = {}
        for lang in langs:  # the demo's own texts are in the language it starts in
            with Store.open(prepare_demo(folder / f"demo-{lang}.sqlite3", lang)) as store:
                reports[lang] = collect_report(
                    store, load_catalog(), lang=lang, today=TODAY, now=MADE, tz=CST
                )
        for lang, data in reports.items():
            html, pdf = folder / f"report-{lang}.html", folder / f"report-{lang}.pdf"
            html.write_text(render_html(data), encoding="utf-8")
            subprocess.run(
                [chromium, *CHROMIUM_FLAGS, f"--print-to-pdf={pdf}", html.as_uri()],
                check=True,
                capture_output=True,
                timeout=120,
            )
            pages = check_pdf(pdf, data, pdftotext)
            stem = folder / f"page-{lang}"
            subprocess.run(
                [pdftoppm, "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                 str(pdf), str(stem)],
                check=True,
            )  # fmt: skip
            target = OUT / f"report-{lang}.png"
            shutil.copyfile(stem.with_suffix(".png"), target)
            print(f"{target}: first of {pages} pages")


if __name__ == "__main__":
    main()
