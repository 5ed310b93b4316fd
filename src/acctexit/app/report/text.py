"""How the report writes times and step titles (the calendar export shares them)."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from acctexit.domain.models import Lang

TITLE_LIMIT = {"zh": 28, "en": 64}  # characters a step title keeps in a table cell


def local_time(ts: datetime, tz: tzinfo | None = None) -> datetime:
    """A stored (UTC) time in the user's zone; `tz=None` is the system's."""
    return ts.astimezone(tz)


def fmt_local(ts: datetime, tz: tzinfo | None = None, *, offset: bool = False) -> str:
    local = local_time(ts, tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    if offset:
        z = local.strftime("%z")  # "+0800": digits only, the same in both languages
        text += f" {z[:3]}:{z[3:]}" if z else ""
    return text


_ZH_CLAUSE = re.compile(r"[：；。！？]")
_EN_CLAUSE = re.compile(r"[:;.!?](?:\s|$)")


def step_title(text: str, lang: Lang) -> str:
    """A step's short title: its first clause, clipped at a word boundary."""
    first = (_ZH_CLAUSE if lang == "zh" else _EN_CLAUSE).split(text, maxsplit=1)[0].strip()
    first = first or text.strip()
    limit = TITLE_LIMIT[lang]
    if len(first) <= limit:
        return first
    cut = first[:limit]
    if lang == "en" and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,，、") + "…"
