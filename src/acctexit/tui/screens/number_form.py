"""Add or edit a phone number: number, label, carrier, state, cancel date, freeze days.

Every field is checked as the user types and the reason is shown under it; Save
(button, Enter in a field, or Ctrl+S) is refused while anything is invalid and moves
the focus to the first bad field. Returns a `NumberFormResult`, or None on Escape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from msgspec import Struct
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static

from acctexit.domain import fields
from acctexit.domain.fields import CARRIERS, LABEL_MAX, FieldError
from acctexit.domain.models import DEFAULT_FREEZE_DAYS, Lang, NumberState, PhoneNumber
from acctexit.domain.phone import mask_number
from acctexit.i18n import field_error_text
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import FormModal, plain, plain_text

__all__ = ["CARRIERS", "NumberForm", "NumberFormResult"]
# Fields with a message line under them, in the order Save visits the first bad one.
_CHECKED = ("number", "label", "cancel_date", "freeze_days")


class NumberFormResult(Struct, frozen=True):
    e164: str
    label: str
    carrier: str | None
    state: NumberState
    cancel_date: date | None  # always None for a kept number
    freeze_days: int


class NumberForm(FormModal[NumberFormResult | None]):
    SCOPES = (Scope.DIALOG, Scope.FORM)

    DEFAULT_CSS = """
    NumberForm .field-label { margin-top: 1; }
    NumberForm .field-label.first { margin-top: 0; }
    NumberForm Input, NumberForm Select { width: 100%; }
    NumberForm .two-col { height: auto; }
    NumberForm .two-col > Vertical { width: 1fr; height: auto; }
    NumberForm .two-col > Vertical:first-child { margin-right: 2; }
    NumberForm .two-col > Vertical.narrow-col { width: 16; margin-left: 2; }
    """

    def __init__(
        self,
        lang: Lang,
        today: date,
        number: PhoneNumber | None = None,
        masked: bool = False,
        taken: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(lang)
        self.today = today
        self.number = number
        # Whether a number is already in the user's list (another one than `number`):
        # asked as the user types, so Save never closes the form on a duplicate.
        self.taken = taken
        # Editing while numbers are masked: the field starts empty (the number is not
        # shown), and left empty keeps the number as it is.
        self.masked = masked and number is not None
        self._touched: set[str] = set()

    # ---- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s, n = self.s, self.number
        title = (
            s("form_number_edit_title", number=mask_number(n.e164))
            if n
            else s("form_number_add_title")
        )
        state = n.state if n else NumberState.KEPT
        with Vertical(classes="dialog"):
            yield Static(plain(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(plain(s("form_number_number")), classes="field-label first")
                yield Input(
                    value=n.e164 if n and not self.masked else "",
                    placeholder=(
                        s("form_number_keep_masked", number=mask_number(n.e164))
                        if n and self.masked
                        else s("form_number_number_placeholder")
                    ),
                    id="number",
                    max_length=24,
                )
                yield Static("", classes="error", id="number-error")
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Static(plain(s("form_number_label")), classes="field-label")
                        yield Input(
                            value=n.label if n else "",
                            placeholder=s("form_number_label_placeholder"),
                            id="label",
                            max_length=LABEL_MAX,
                        )
                    with Vertical():
                        yield Static(plain(s("form_number_carrier")), classes="field-label")
                        yield Select(
                            [
                                (plain_text(s(f"form_carrier_{c.replace('-', '_')}")), c)
                                for c in CARRIERS
                            ],
                            prompt=s("form_number_carrier_unknown"),
                            value=n.carrier if n and n.carrier in CARRIERS else Select.NULL,
                            id="carrier",
                        )
                yield Static("", classes="error", id="label-error")
                # State, cancel date and freeze days on one row: at 80×24 the freeze
                # field stays on screen without scrolling.
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Static(plain(s("form_number_state")), classes="field-label")
                        yield Select(
                            [
                                (plain_text(s(f"form_state_{st.value}")), st.value)
                                for st in NumberState
                            ],
                            allow_blank=False,
                            value=state.value,
                            id="state",
                        )
                    with Vertical():
                        yield Static(plain(s("form_number_cancel_date")), classes="field-label")
                        yield Input(
                            value=n.cancel_date.isoformat() if n and n.cancel_date else "",
                            placeholder=s("form_date_placeholder"),
                            id="cancel_date",
                            max_length=12,
                        )
                    with Vertical(classes="narrow-col"):
                        yield Static(plain(s("form_number_freeze_days")), classes="field-label")
                        yield Input(
                            value=str(n.freeze_days if n else DEFAULT_FREEZE_DAYS),
                            id="freeze_days",
                            max_length=5,
                        )
                yield Static("", classes="error", id="cancel_date-error")
                yield Static(plain(s("form_number_freeze_hint")), classes="hint")
                yield Static("", classes="error", id="freeze_days-error")
            with Horizontal(classes="buttons"):
                yield Button(plain(s("form_cancel")), id="cancel")
                yield Button(plain(s("form_save")), variant="primary", id="save")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#number", Input).focus()
        if self.number is not None:  # editing: show what is wrong right away
            self._touched.update(_CHECKED)
        self._validate()

    # ---- validation ---------------------------------------------------------------
    def _state(self) -> NumberState:
        value = self.query_one("#state", Select).value
        return NumberState(value) if isinstance(value, str) else NumberState.KEPT

    def _check(self) -> tuple[dict[str, FieldError], NumberFormResult | None]:
        """Every field through its rule in acctexit.domain.fields (the ones the store
        and import use); the errors by field id, and the result when there are none."""
        errors: dict[str, FieldError] = {}

        def rule(field: str, check: Callable[[], Any]) -> Any:
            try:
                return check()
            except FieldError as exc:
                errors[field] = exc
                return None

        value = {i: self.query_one(f"#{i}", Input).value for i in _CHECKED}
        if self.masked and self.number is not None and not value["number"].strip():
            e164 = self.number.e164  # left empty: unchanged
        else:
            e164 = rule("number", lambda: fields.phone(value["number"]))
        if e164 is not None and self.taken is not None and self.taken(e164):
            errors["number"] = FieldError("number", "form_number_taken", number=mask_number(e164))
        label = rule("label", lambda: fields.label(value["label"]))
        state = self._state()
        cancel = rule("cancel_date", lambda: self._cancel(state, value["cancel_date"]))
        freeze = rule("freeze_days", lambda: fields.freeze_days(value["freeze_days"]))
        if errors:
            return errors, None
        carrier = self.query_one("#carrier", Select).value
        return errors, NumberFormResult(
            e164=e164,
            label=label,
            carrier=carrier if isinstance(carrier, str) else None,
            state=state,
            cancel_date=cancel,
            freeze_days=freeze,
        )

    def _cancel(self, state: NumberState, raw: str) -> date | None:
        cancel = fields.a_date(raw, "cancel_date")
        kept = fields.cancel_date_for(state, cancel)  # None for a kept number
        fields.cancel_date_timing(state, kept, self.today)
        return kept

    def _validate(
        self, *, show_all: bool = False
    ) -> tuple[dict[str, FieldError], NumberFormResult | None]:
        errors, result = self._check()
        kept = self._state() is NumberState.KEPT
        cancel_input = self.query_one("#cancel_date", Input)
        cancel_input.placeholder = self.s(
            "form_number_cancel_optional" if kept else "form_date_placeholder"
        )
        for field in _CHECKED:
            error = errors.get(field)
            shown = error is not None and (show_all or field in self._touched)
            message = field_error_text(error, self.lang) if error is not None and shown else ""
            self.query_one(f"#{field}-error", Static).update(plain(message))
            self.query_one(f"#{field}", Input).set_class(shown, "-invalid")
        return errors, result

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self._touched.add(event.input.id)
        self._validate()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "state":
            self._touched.add("cancel_date")
        self._validate()

    # ---- saving -------------------------------------------------------------------
    def action_save(self) -> None:
        errors, result = self._validate(show_all=True)
        if result is None:
            first = next(f for f in _CHECKED if f in errors)
            widget: Widget = self.query_one(f"#{first}", Input)
            widget.focus()
            self.notify(self.s("form_fix_errors"), severity="warning")
            return
        self.dismiss(result)
