"""Writing the report: read the store, build the plan and the model, render, write.

`write_report` is what `export --format html|md` calls (with a path), and through
`write_workspace_report` the app's report key and palette command. The file is
written atomically and readable by its owner only, like every export.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from acctexit.app.report.model import ChainInfo, ReportData, build_report

if TYPE_CHECKING:
    from acctexit.app.workspace import Workspace
    from acctexit.domain.models import Catalog, Lang
    from acctexit.store import Store

ReportFormat = Literal["html", "md"]
SUFFIX: dict[ReportFormat, str] = {"html": ".html", "md": ".md"}


def chain_info(store: Store) -> ChainInfo:
    """The log's newest row and whether the whole chain verifies (reads every row)."""
    check = store.verify()
    newest = store.recent_log(1)
    return ChainInfo(
        head_id=newest[0].id if newest else None,
        head_hash=newest[0].hash if newest else "",
        verified=check.ok,
        rows_checked=check.rows_checked,
        problems=len(check.problems),
    )


def collect_report(
    store: Store,
    catalog: Catalog,
    *,
    lang: Lang,
    today: date,
    reveal: bool = False,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> ReportData:
    """The report's content for the database as it is now."""
    from acctexit.domain.own import with_own
    from acctexit.domain.plan import build_plan
    from acctexit.i18n import bilingual

    catalog = with_own(catalog, store.own_services(), bilingual)
    numbers = store.numbers()
    accounts = store.accounts()
    plan = build_plan(catalog, numbers, accounts, store.step_states(), today)
    return build_report(
        catalog,
        numbers,
        accounts,
        plan,
        store.iter_log(),
        chain_info(store),
        lang=lang,
        today=today,
        made_at=now or datetime.now(UTC),
        reveal=reveal,
        tz=tz,
    )


def render_report(data: ReportData, fmt: ReportFormat) -> str:
    if fmt == "md":
        from acctexit.app.report.markdown import render_markdown

        return render_markdown(data)
    from acctexit.app.report.html import render_html

    return render_html(data)


def default_report_path(
    today: date, fmt: ReportFormat = "html", folder: Path | None = None
) -> Path:
    """~/Documents/acctexit-report-DATE.html (the home folder if there is no Documents)."""
    if folder is None:
        from platformdirs import user_documents_path

        documents = user_documents_path()
        folder = documents if documents.is_dir() else Path.home()
    return folder / f"acctexit-report-{today.isoformat()}{SUFFIX[fmt]}"


def write_report(
    store: Store,
    catalog: Catalog,
    *,
    lang: Lang,
    today: date,
    path: Path | None = None,
    fmt: ReportFormat = "html",
    reveal: bool = False,
    now: datetime | None = None,
) -> Path:
    """Write the report and return where it went (the app shows that path).

    Without `path` it goes to `default_report_path`; a report of the same day is
    replaced. Raises `StoreError` (its message can be shown as it is) when the file
    cannot be written. Call it off the UI thread: `verify` reads the whole log.
    """
    from acctexit.store.exchange import write_private

    data = collect_report(store, catalog, lang=lang, today=today, reveal=reveal, now=now)
    target = path if path is not None else default_report_path(today, fmt)
    write_private(target, render_report(data, fmt))
    return target


def write_workspace_report(workspace: Workspace, *, lang: Lang, reveal: bool = False) -> Path:
    """`write_report` for the app's report key: the workspace's store, catalog and day,
    so the TUI never reaches the store itself."""
    return write_report(
        workspace.store, workspace.catalog, lang=lang, today=workspace.today, reveal=reveal
    )
