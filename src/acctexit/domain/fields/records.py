"""Whole records: which fields a number and an account have, and each one's rule."""

from __future__ import annotations

from typing import Any

from acctexit.domain.fields.dates import a_date
from acctexit.domain.fields.errors import FieldError
from acctexit.domain.fields.freetext import _blank, label
from acctexit.domain.fields.ids import platform_id
from acctexit.domain.fields.number_state import carrier, state
from acctexit.domain.fields.numbers import balance, count, freeze_days, yes_no
from acctexit.domain.fields.phones import phone

NUMBER_FIELDS = (
    "e164",
    "label",
    "carrier",
    "state",
    "cancel_date",
    "freeze_days",
    "yzt_count",
    "cards_reported",
)
ACCOUNT_FACTS = (
    "label",
    "login_hint",
    "balance",
    "bank_cards",
    "password_free",
    "linked_apps",
    "sign_in_via",
    "last_order",
    "orders_closed",
    "last_sensitive_change",
    "last_used",
)
ACCOUNT_DATES = frozenset({"last_order", "orders_closed", "last_sensitive_change", "last_used"})


def number_field(name: str, value: Any) -> Any:
    """One number field's rule (without the state/cancel-date pairing: see
    `cancel_date_for`, applied to the whole record)."""
    if name == "e164":
        return phone(value, name)
    if name == "label":
        return label(value, name)
    if name == "carrier":
        return carrier(value, name)
    if name == "state":
        return state(value, name)
    if name == "cancel_date":
        return a_date(value, name)
    if name == "freeze_days":
        return freeze_days(value, name)
    if name in ("yzt_count", "cards_reported"):
        return count(value, name)
    raise FieldError(name, "field_err_unknown")


def account_field(name: str, value: Any) -> Any:
    """One account field's rule."""
    if name in ("label", "login_hint"):
        return label(value, name)
    if name == "balance":
        return balance(value, name)
    if name in ("bank_cards", "linked_apps"):
        return count(value, name)
    if name == "password_free":
        return yes_no(value, name)
    if name == "sign_in_via":
        return None if _blank(value) else platform_id(value, name)
    if name in ACCOUNT_DATES:
        return a_date(value, name)
    raise FieldError(name, "field_err_unknown")


def number_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Each given number field through its rule; the first refusal raises."""
    return {name: number_field(name, value) for name, value in values.items()}


def account_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Each given account field through its rule; the first refusal raises."""
    return {name: account_field(name, value) for name, value in values.items()}
