"""Writing the report: `export --format html|md`, `write_report` (the app's report
command), and the demo report printed to PDF by a headless browser."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from acctexit.app.report import collect_report, default_report_path, write_report
from acctexit.app.report.html import render_html
from acctexit.catalog import load_catalog
from acctexit.cli import main
from acctexit.store import Store
from acctexit.store.demo import prepare as prepare_demo

TODAY = date(2026, 11, 24)


def _demo(tmp_path: Path) -> Path:
    return prepare_demo(tmp_path / "demo.sqlite3")


@pytest.mark.parametrize(("fmt", "marker"), [("html", "<!DOCTYPE html>"), ("md", "# ")])
def test_export_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, marker: str
) -> None:
    db, out = _demo(tmp_path), tmp_path / f"report.{fmt}"
    argv = ["--db", str(db), "--lang", "en", "--today", "2026-11-24", "export", "-o", str(out)]
    assert main(argv) == 0  # the format follows the file's extension
    text = out.read_text(encoding="utf-8")
    assert text.startswith(marker) and "Next steps" in text
    assert "stops receiving codes in 26 days (2026-12-20)" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "13800001234" not in text and "138****1234" in text
    assert str(out) in capsys.readouterr().err


def test_export_reveal_shows_full_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _demo(tmp_path)
    assert main(["--db", str(db), "--lang", "zh", "export", "--format", "md", "--reveal"]) == 0
    out = capsys.readouterr().out
    assert "+8613800001234" in out and "接下来要做的事" in out


def test_write_report_says_where(tmp_path: Path) -> None:
    with Store.open(_demo(tmp_path)) as store:
        target = tmp_path / "out" / "r.html"
        target.parent.mkdir()
        where = write_report(store, load_catalog(), lang="zh", today=TODAY, path=target)
        assert where == target and "换号进度报告" in target.read_text(encoding="utf-8")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        md = write_report(
            store, load_catalog(), lang="en", today=TODAY, path=tmp_path / "r.md", fmt="md"
        )
        assert md.read_text(encoding="utf-8").startswith("# Phone number exit report")


def test_default_report_path_is_dated() -> None:
    folder = Path("/somewhere")
    assert default_report_path(TODAY, "html", folder) == folder / "acctexit-report-2026-11-24.html"
    assert default_report_path(TODAY, "md", folder).suffix == ".md"


# --- printed to PDF (needs chromium and poppler-utils; skipped without them) ---------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
# Nothing may reach the network: background services off, and every host name fails.
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


def print_to_pdf(html: Path, pdf: Path) -> None:
    subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--print-to-pdf={pdf}", html.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text in the order it was drawn (-raw): a table cell's wrapped lines
    stay together instead of interleaving with the cells beside them."""
    text = subprocess.run(
        [str(PDFTOTEXT), "-raw", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not (CHROMIUM and PDFTOTEXT), reason="needs chromium and pdftotext")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_demo_report_prints_on_two_a4_pages_per_number(tmp_path: Path, lang: str) -> None:
    with Store.open(_demo(tmp_path)) as store:
        data = collect_report(
            store,
            load_catalog(),
            lang=lang,  # type: ignore[arg-type]
            today=TODAY,
            now=datetime(2026, 11, 24, 12, tzinfo=UTC),
        )
    html, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    html.write_text(render_html(data), encoding="utf-8")
    print_to_pdf(html, pdf)
    pages = [p for p in pdf_pages(pdf) if p.strip()]
    heading = "Number " if lang == "en" else "号码 "
    starts = [i for i, p in enumerate(pages) for n in data.numbers if heading + n.number in p]
    assert len(starts) == len(data.numbers)
    ends = [*starts[1:], len(pages)]
    assert all(end - start <= 2 for start, end in zip(starts, ends, strict=True)), (starts, ends)
    text = _squash("".join(pages))
    for section in data.numbers:
        assert _squash(section.label) in text
        for d in section.deadlines:
            if d.date is not None:
                assert d.date.isoformat() in text
        for account in section.accounts:
            assert _squash(account.name) in text
        for step in section.next_steps:
            assert _squash(step.title.removesuffix("…")) in text
    for full in ("13800001234", "13900005678"):
        assert full not in text
