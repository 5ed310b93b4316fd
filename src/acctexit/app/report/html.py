"""The report as one self-contained HTML page, printable on A4.

Rendered by Jinja2 with autoescape on: every value, whatever the user typed into it,
reaches the page as text. The stylesheet is inlined; the page loads nothing (no
script, fonts, images or links), and its Content-Security-Policy forbids loading
anything should a value ever slip through.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from acctexit.i18n import strings

if TYPE_CHECKING:
    from jinja2 import Environment

    from acctexit.app.report.model import ReportData

TEMPLATE = "report.html"


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("acctexit.app.report", "templates"),
        autoescape=True,  # always, whatever the template's name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(data: ReportData) -> str:
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            r=data,
            t=strings(data.lang),
            html_lang="zh-Hans" if data.lang == "zh" else "en",
        )
    )
