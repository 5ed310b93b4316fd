"""Identifiers: catalog platform ids (or an own service's) and step ids."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from acctexit.domain.fields.bounds import PLATFORM_ID_MAX, STEP_ID_MAX
from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import clean_free_text


def platform_id(value: Any, field: str = "platform") -> str:
    """A catalog platform id: lower-case letters, digits, "-", "_" and "."; or an own
    service's, "own:<id>"."""
    if not isinstance(value, str):
        raise FieldError(field, "field_err_platform")
    raw = clean_free_text(value).lower()
    own = raw.removeprefix("own:")
    if own != raw:
        if own.isascii() and own.isdigit() and len(own) <= 18 and int(own) > 0:
            return f"own:{int(own)}"
        raise FieldError(field, "field_err_platform")
    if (
        not raw
        or len(raw) > PLATFORM_ID_MAX
        or not raw.isascii()
        or not all(c.isalnum() or c in "-_." for c in raw)
    ):
        raise FieldError(field, "field_err_platform")
    return raw


def known_platform(value: Any, known: Collection[str], field: str = "platform") -> str:
    """A platform id the catalog lists. An unknown one is refused with the nearest
    ids (never taken as an own service: that takes an empty id plus a name)."""
    raw = platform_id(value, field)
    if raw in known:
        return raw
    import difflib  # only on a refusal

    near = difflib.get_close_matches(raw, sorted(known), n=3, cutoff=0.6)
    if near:
        raise FieldError(
            field, "field_err_unknown_platform_near", platform=raw, ids=", ".join(near)
        )
    raise FieldError(field, "field_err_unknown_platform", platform=raw)


def step_id(value: Any, field: str = "step") -> str:
    """A step id from the catalog (any short one-line text)."""
    raw = clean_free_text(value) if isinstance(value, str) else ""
    if not raw or len(raw) > STEP_ID_MAX:
        raise FieldError(field, "field_err_step")
    return raw
