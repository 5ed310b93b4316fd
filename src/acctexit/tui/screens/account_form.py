"""The facts about one account that the plan needs; every field is optional.

Balance, bank cards, password-free payments, apps signing in through it, the
identity provider it signs in with, four dates, a label and a login hint. Numbers
and dates are checked as the user types, with the reason under the field; Save
(button, Enter in a field, Ctrl+S) is refused while anything is invalid.

Returns an `AccountFormResult` (None for every field left empty), or None on Escape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from msgspec import Struct
from msgspec.structs import fields as struct_fields
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Select, Static

from acctexit.domain import fields
from acctexit.domain.fields import ACCOUNT_DATES, LABEL_MAX, FieldError
from acctexit.domain.models import Account, Lang, Platform
from acctexit.i18n import field_error_text
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import FormModal, plain, plain_text


class AccountFormResult(Struct, frozen=True):
    """Exactly the editable `Account` fields; None where the user left a field empty."""

    balance: float | None = None
    bank_cards: int | None = None
    password_free: bool | None = None
    linked_apps: int | None = None
    sign_in_via: str | None = None
    last_order: date | None = None
    orders_closed: date | None = None
    last_sensitive_change: date | None = None
    last_used: date | None = None
    label: str | None = None
    login_hint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in struct_fields(self)}


def _rule(field: str) -> Callable[[str], Any]:
    """The field's rule in acctexit.domain.fields, the one the store and import use;
    an empty label or hint is None here (not set), as every other empty field."""
    if field in ("label", "login_hint"):
        return lambda raw: fields.label(raw, field) or None
    return lambda raw: fields.account_field(field, raw)


# Input fields in display order, each with its rule. Selects are added separately.
_PARSERS: dict[str, Callable[[str], Any]] = {
    field: _rule(field)
    for field in (
        "balance",
        "bank_cards",
        "linked_apps",
        "last_order",
        "orders_closed",
        "last_sensitive_change",
        "last_used",
        "label",
        "login_hint",
    )
}
_DATE_FIELDS = ACCOUNT_DATES
_LAYOUT: tuple[str, ...] = (
    "balance",
    "bank_cards",
    "password_free",
    "linked_apps",
    "sign_in_via",
    "last_sensitive_change",
    "last_order",
    "orders_closed",
    "last_used",
    "label",
    "login_hint",
)


def _initial(account: Account | None, name: str) -> str:
    value = getattr(account, name, None) if account is not None else None
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".removesuffix(".00")
    return str(value)


class AccountForm(FormModal[AccountFormResult | None]):
    SCOPES = (Scope.DIALOG, Scope.FORM)

    DEFAULT_CSS = """
    AccountForm > .dialog { width: 96; }
    AccountForm .form-grid {
        grid-size: 2; grid-columns: 1fr 1fr; grid-gutter: 0 2; height: auto;
    }
    AccountForm .field { height: auto; }
    AccountForm Input, AccountForm Select { width: 100%; }
    AccountForm .facts { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(
        self,
        lang: Lang,
        platform: Platform,
        account: Account | None = None,
        provider_choices: Sequence[tuple[str, str]] = (),
        position: tuple[int, int] | None = None,
        *,
        just_added: bool = False,
    ) -> None:
        """`provider_choices` are (platform id, display name) pairs for "signs in via";
        `position` (3, 9) says this is the third of nine forms in a row; `just_added`:
        the account was added a moment ago (its facts asked for the first time)."""
        super().__init__(lang)
        self.position = position
        self.just_added = just_added
        self.platform = platform
        self.account = account
        choices = [(pid, name) for pid, name in provider_choices if pid != platform.id]
        current = account.sign_in_via if account else None
        if current and current not in {pid for pid, _ in choices}:
            choices.append((current, current))
        self.provider_choices = choices

    # ---- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s, p = self.s, self.platform
        name = p.name.get(self.lang)
        other = p.name.en if self.lang == "zh" else p.name.zh
        if other and other != name:
            name = s("with_aside", main=name, aside=other)
        editing = self.account is not None and not self.just_added
        title_key = "form_account_edit_title" if editing else "form_account_add_title"
        with Vertical(classes="dialog"):
            title = s(title_key, platform=name)
            if self.position is not None:
                at, of = self.position
                title += "  " + s("form_account_position", at=at, of=of)
            yield Static(plain(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(plain(self._facts_line()), classes="facts")
                with Grid(classes="form-grid"):
                    for field in _LAYOUT:
                        with Vertical(classes="field"):
                            yield Static(plain(s(f"form_account_{field}")), classes="field-label")
                            yield self._control(field)
                            yield Static("", classes="error", id=f"{field}-error")
            with Horizontal(classes="buttons"):
                yield Button(plain(s("form_cancel")), id="cancel")
                yield Button(plain(s("form_save")), variant="primary", id="save")
        yield Footer()

    def _facts_line(self) -> str:
        p, s = self.platform, self.s
        facts = [
            s(key)
            for flag, key in (
                (p.holds_funds, "form_account_fact_funds"),
                (p.holds_cards, "form_account_fact_cards"),
                (p.password_free_payments, "form_account_fact_password_free"),
                (p.identity_provider, "form_account_fact_provider"),
            )
            if flag
        ]
        return s("form_optional_hint") + ("  · " + s("list_sep").join(facts) if facts else "")

    def _control(self, field: str) -> Input | Select[Any]:
        s, a = self.s, self.account
        if field == "password_free":
            value: Any = Select.NULL
            if a is not None and a.password_free is not None:
                value = "yes" if a.password_free else "no"
            return Select(
                [(plain_text(s("form_yes")), "yes"), (plain_text(s("form_no")), "no")],
                prompt=s("form_unknown"),
                value=value,
                id=field,
            )
        if field == "sign_in_via":
            current = a.sign_in_via if a is not None else None
            return Select(
                [(plain_text(name), pid) for pid, name in self.provider_choices],
                prompt=s("form_account_sign_in_via_none"),
                value=current if current else Select.NULL,
                id=field,
                disabled=not self.provider_choices,
            )
        placeholder = s(
            "form_date_placeholder"
            if field in _DATE_FIELDS
            else f"form_account_{field}_placeholder"
        )
        return Input(
            value=_initial(a, field),
            placeholder=placeholder,
            id=field,
            max_length=12 if field in _DATE_FIELDS else LABEL_MAX,
        )

    def on_mount(self) -> None:
        self.query_one("#balance", Input).focus()
        self._validate(show_all=True)

    # ---- validation ---------------------------------------------------------------
    def _check(self) -> tuple[dict[str, FieldError], AccountFormResult | None]:
        errors: dict[str, FieldError] = {}
        values: dict[str, Any] = {}
        for field, parse in _PARSERS.items():
            try:
                values[field] = parse(self.query_one(f"#{field}", Input).value)
            except FieldError as exc:
                errors[field] = exc
        if errors:
            return errors, None
        password_free = self.query_one("#password_free", Select).value
        values["password_free"] = {"yes": True, "no": False}.get(str(password_free))
        via = self.query_one("#sign_in_via", Select).value
        values["sign_in_via"] = via if isinstance(via, str) else None
        return errors, AccountFormResult(**values)

    def _validate(
        self, *, show_all: bool = False, only: str | None = None
    ) -> tuple[dict[str, FieldError], AccountFormResult | None]:
        errors, result = self._check()
        for field in _PARSERS:
            if not show_all and field != only:
                continue
            error = errors.get(field)
            message = field_error_text(error, self.lang) if error is not None else ""
            self.query_one(f"#{field}-error", Static).update(plain(message))
            self.query_one(f"#{field}", Input).set_class(error is not None, "-invalid")
        return errors, result

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._validate(only=event.input.id)

    def action_save(self) -> None:
        errors, result = self._validate(show_all=True)
        if result is None:
            first = next(f for f in _LAYOUT if f in errors)
            self.query_one(f"#{first}", Input).focus()
            self.notify(self.s("form_fix_errors"), severity="warning")
            return
        self.dismiss(result)
