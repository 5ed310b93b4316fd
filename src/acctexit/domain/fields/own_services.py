"""An own service's fields: name, category, what the number does there, funds."""

from __future__ import annotations

import re
from typing import Any

from acctexit.domain.fields.bounds import OWN_NAME_MAX, OWN_STEP_DETAIL_MAX, OWN_STEP_TITLE_MAX
from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import _blank, _normalize, has_unsafe, text
from acctexit.domain.fields.numbers import yes_no
from acctexit.domain.models import Category, PhoneRole

_CATEGORY_ALIASES = {
    "金融": "finance",
    "银行": "finance",
    "证券": "finance",
    "社交": "social",
    "购物": "commerce",
    "电商": "commerce",
    "生活": "life",
    "政务": "government",
    "政府": "government",
    "其他": "other",
}
_ROLE_ALIASES = {"second-factor": "second_factor", "2fa": "second_factor"}


def own_name(value: Any, field: str = "name") -> str:
    """An own service's name: 1..OWN_NAME_MAX characters, one line, and no control
    or invisible characters (refused, not stripped: a name is how the user finds it)."""
    if value is None:
        raise FieldError(field, "field_err_required")
    if not isinstance(value, str):
        raise FieldError(field, "field_err_text")
    if has_unsafe(value) or "\t" in value or "\n" in value:
        raise FieldError(field, "field_err_control")
    name = value.strip()
    if not name:
        raise FieldError(field, "field_err_required")
    if len(name) > OWN_NAME_MAX:
        raise FieldError(field, "field_err_too_long", max=OWN_NAME_MAX, length=len(name))
    return name


def category(value: Any, field: str = "category") -> Category:
    """finance, social, commerce, life, government or other (Chinese names too)."""
    if isinstance(value, Category):
        return value
    if _blank(value):
        raise FieldError(field, "field_err_required")
    if isinstance(value, str):
        raw = _normalize(value).lower()
        try:
            return Category(_CATEGORY_ALIASES.get(raw, raw))
        except ValueError:
            pass
    raise FieldError(field, "field_err_category")


def phone_roles(value: Any, field: str = "phone_use") -> tuple[PhoneRole, ...]:
    """What the number does there: any of login, reset, second_factor, contact, as
    text separated by ";" (or ",") or a list; in that order, each once."""
    if _blank(value):
        return ()
    if isinstance(value, str):
        parts = [p for p in re.split(r"[;,；，]", _normalize(value)) if p.strip()]
    elif isinstance(value, list | tuple | set | frozenset):
        parts = [p if isinstance(p, str) else "" for p in value]
    else:
        raise FieldError(field, "field_err_phone_role", role=str(value))
    found: set[PhoneRole] = set()
    for part in parts:
        raw = _normalize(part).strip().lower().replace(" ", "_")
        try:
            found.add(PhoneRole(_ROLE_ALIASES.get(raw, raw)))
        except ValueError:
            raise FieldError(field, "field_err_phone_role", role=raw[:40]) from None
    return tuple(r for r in PhoneRole if r in found)


def holds_funds(value: Any, field: str = "holds_funds") -> bool:
    """Whether it holds money or cards: yes/no; blank is no."""
    return bool(yes_no(value, field))


OWN_SERVICE_FIELDS = ("name", "category", "phone_use", "holds_funds")


def own_service_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Each given own-service field through its rule; the first refusal raises."""
    rules = {
        "name": own_name,
        "category": category,
        "phone_use": phone_roles,
        "holds_funds": holds_funds,
    }
    out: dict[str, Any] = {}
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            raise FieldError(name, "field_err_unknown")
        out[name] = rule(value, name)
    return out


def own_step_title(value: Any, field: str = "title") -> str:
    """A step the user writes: its title, one line of at most OWN_STEP_TITLE_MAX
    characters, cleaned (clean_free_text), never empty."""
    title = text(field, value, max_len=OWN_STEP_TITLE_MAX)
    if not title:
        raise FieldError(field, "field_err_required")
    return title


def own_step_detail(value: Any, field: str = "detail") -> str:
    """Its optional detail: one line of at most OWN_STEP_DETAIL_MAX characters, cleaned."""
    return text(field, value, max_len=OWN_STEP_DETAIL_MAX)
