"""The printable report: what is next, first (issue 22).

`model` decides the content once (with `accounts` for the per-account rows and the
summary, `types` for the data it returns); `html` (Jinja2, autoescaped, one self-contained
A4-printable page) and `markdown` lay it out; `usecase.write_report` is what the app
and `export --format html|md` call.
"""

from acctexit.app.report.model import ChainInfo, ReportData, build_report
from acctexit.app.report.usecase import (
    collect_report,
    default_report_path,
    render_report,
    write_report,
    write_workspace_report,
)

__all__ = [
    "ChainInfo",
    "ReportData",
    "build_report",
    "collect_report",
    "default_report_path",
    "render_report",
    "write_report",
    "write_workspace_report",
]
