"""Exporting the database: its records as CSV or JSON (both import again), the
progress report (md, html) or the deadlines calendar (ics), as text.

`export_text` reads the store once and returns the text with the log's head
("id:hash", printed with every export so that a copy kept elsewhere anchors the log);
an export of `--demo` data says so near its top (`mark_demo`). `check_export_target`
refuses, before anything is read, a target that is the database itself or exists
(unless replacing it was asked for); `write_private` writes the file atomically and
owner-only (0600), like every export. The formats are described in docs/store.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from html import escape as html_escape
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from acctexit.i18n import translate
from acctexit.store.exchange import CSV_COLUMNS, check_export_target, write_private

if TYPE_CHECKING:
    from acctexit.domain.models import Catalog, Lang
    from acctexit.store import Store

ExportFormat = Literal["csv", "json", "md", "html", "ics"]

__all__ = [
    "Export",
    "ExportFormat",
    "check_export_target",
    "export_text",
    "mark_demo",
    "write_private",
]


class Export(Struct, frozen=True):
    """An export's text, and the log's head it was read at."""

    text: str
    head: str  # the log's head when the text was read, "id:hash"


def export_text(
    store: Store,
    fmt: ExportFormat,
    *,
    catalog: Callable[[], Catalog],
    lang: Lang,
    today: date,
    reveal: bool = False,
    demo: bool = False,
) -> Export:
    """The database as `fmt`. `catalog` is called only for the report and the
    calendar, which are built from the plan; `reveal` shows full phone numbers in the
    report (masked by default); `demo` marks the text as demo data."""
    from acctexit.store.exchange import export_csv, export_json_text

    head = store.chain_head()
    if fmt == "csv":
        text = export_csv(store)
    elif fmt in ("md", "html"):
        from acctexit.app.report import collect_report, render_report

        data = collect_report(store, catalog(), lang=lang, today=today, reveal=reveal)
        text = render_report(data, "md" if fmt == "md" else "html")
    elif fmt == "ics":
        from acctexit.app.calendar import calendar_text

        text = calendar_text(store, catalog(), lang=lang, today=today)
    else:
        text = export_json_text(store)
    return Export(mark_demo(text, fmt, lang) if demo else text, head)


def mark_demo(text: str, fmt: str, lang: Lang) -> str:
    """Say in an export of `--demo` data, near its top, that it is demo data: a first
    line of the md report, a banner in the html one, and a general note first among
    the notes in JSON and right under the CSV header (both still import)."""
    note = translate("demo_export_note", lang)
    if fmt == "md":
        return f"> **{note}**\n\n{text}"
    if fmt == "html":
        head, sep, rest = text.partition("<body>")
        banner = f'\n<p class="demo"><strong>{html_escape(note)}</strong></p>'
        return head + sep + banner + rest if sep else banner + text
    if fmt == "json":
        doc = json.loads(text)  # the importer refuses unknown top-level fields
        doc["notes"] = [{"text": note, "at": doc.get("exported_at"), "step": None}, *doc["notes"]]
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    header, newline, body = text.partition("\r\n")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writerow({"record": "note", "text": note})
    return header + newline + out.getvalue() + body
