"""Record what the official look-ups reported and compare it with what is listed.

MIIT's 一证通查 2.0 answers with a *count* of accounts bound to the number on the
large apps; UnionPay's 云闪付 一键查卡 lists the bank cards under the user's ID. The
user types both in (either may stay empty) and sees each compared like with like
(`acctexit.domain.reconcile`), both sides shown: "一证通查 reported 7 accounts; of
the 9 listed here, 5 are on platforms it covers — 2 more may exist"; the cards at
banks against 一键查卡 (cards recorded inside Alipay or WeChat are the same cards, named
apart); what a discovery in the user's files found this session, if one ran; and the
platforms 一证通查 covers that are not listed yet.

Returns a `ReconcileResult` (None for a count left empty), or None on Escape.
"""

from __future__ import annotations

from msgspec import Struct
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Static

from acctexit.app.actions import ReconcileFacts
from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import Lang
from acctexit.domain.reconcile import Comparison, Verdict
from acctexit.i18n import field_error_text
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import FormModal, plain


class ReconcileResult(Struct, frozen=True):
    yzt_count: int | None
    cards_reported: int | None


class ReconcileScreen(FormModal[ReconcileResult | None]):
    SCOPES = (Scope.DIALOG, Scope.FORM)

    DEFAULT_CSS = """
    ReconcileScreen > .dialog { width: 90; }
    ReconcileScreen Input { width: 24; }
    ReconcileScreen .field-row { height: auto; margin-top: 1; }
    ReconcileScreen .field-row > Static.field-label { width: 1fr; padding-top: 1; }
    ReconcileScreen .diff { margin-left: 2; height: auto; }
    ReconcileScreen .diff.-warn { color: $text-warning; }
    ReconcileScreen #missing { margin-top: 1; height: auto; }
    """

    def __init__(self, lang: Lang, number_label: str, facts: ReconcileFacts) -> None:
        super().__init__(lang)
        self.number_label = number_label
        self.facts = facts
        self.yzt_count = facts.yzt.reported
        self.cards_reported = facts.cards.reported

    def compose(self) -> ComposeResult:
        s = self.s
        with Vertical(classes="dialog"):
            yield Static(
                plain(s("reconcile_title", number=self.number_label)), classes="dialog-title"
            )
            with VerticalScroll(classes="dialog-body"):
                yield Static(plain(s("reconcile_intro")), classes="hint")
                with Horizontal(classes="field-row"):
                    yield Static(plain(s("reconcile_yzt_label")), classes="field-label")
                    yield Input(
                        value="" if self.yzt_count is None else str(self.yzt_count),
                        placeholder=s("reconcile_not_checked"),
                        id="yzt_count",
                        max_length=6,
                    )
                yield Static("", classes="error", id="yzt_count-error")
                yield Static("", classes="diff", id="yzt-diff")
                if self.facts.discovered is not None:
                    found = self.facts.discovered
                    text = s(
                        "reconcile_discovered", platforms=found.platforms, covered=found.covered
                    )
                    yield Static(plain(text), classes="diff", id="discovered")
                with Horizontal(classes="field-row"):
                    yield Static(plain(s("reconcile_cards_label")), classes="field-label")
                    yield Input(
                        value="" if self.cards_reported is None else str(self.cards_reported),
                        placeholder=s("reconcile_not_checked"),
                        id="cards_reported",
                        max_length=6,
                    )
                yield Static("", classes="error", id="cards_reported-error")
                yield Static("", classes="diff", id="cards-diff")
                if self.facts.cards_elsewhere:
                    text = s("reconcile_cards_elsewhere", n=self.facts.cards_elsewhere)
                    yield Static(plain(text), classes="diff", id="cards-elsewhere")
                yield Static(plain(self._missing_text()), id="missing")
            with Horizontal(classes="buttons"):
                yield Button(plain(s("form_cancel")), id="cancel")
                yield Button(plain(s("form_save")), variant="primary", id="save")
        yield Footer()

    def _missing_text(self) -> str:
        missing = self.facts.yzt_missing
        if not missing:
            return self.s("reconcile_missing_none")
        names = self.s("list_sep").join(missing)
        return self.s("reconcile_missing", n=len(missing), names=names)

    def on_mount(self) -> None:
        self.query_one("#yzt_count", Input).focus()
        self._refresh()

    # ---- the comparison -----------------------------------------------------------
    def _compare(self, comparison: Comparison, kind: str) -> tuple[str, bool]:
        """The sentence for one look-up (both sides) and whether it needs attention."""
        s = self.s
        fmt = {"listed": comparison.recorded, "total": self.facts.listed}
        verdict = comparison.verdict
        if verdict is Verdict.NOT_CHECKED:
            return s(f"reconcile_{kind}_unknown", **fmt), False
        head = s(f"reconcile_{kind}_reported", reported=comparison.reported, **fmt)
        if verdict is Verdict.MORE:
            return f"{head} — {s(f'reconcile_{kind}_more', n=comparison.missing)}", True
        if verdict is Verdict.FEWER:
            return f"{head} — {s(f'reconcile_{kind}_fewer')}", False
        return f"{head} — {s(f'reconcile_{kind}_same')}", False

    def _check(self) -> tuple[dict[str, FieldError], dict[str, int | None]]:
        errors: dict[str, FieldError] = {}
        values: dict[str, int | None] = {}
        for field in ("yzt_count", "cards_reported"):
            try:
                # The number's own rule for these counts (acctexit.domain.fields).
                values[field] = fields.number_field(field, self.query_one(f"#{field}", Input).value)
            except FieldError as exc:
                errors[field] = exc
        return errors, values

    def _refresh(self) -> tuple[dict[str, FieldError], dict[str, int | None]]:
        errors, values = self._check()
        for field in ("yzt_count", "cards_reported"):
            error = errors.get(field)
            message = field_error_text(error, self.lang) if error else ""
            self.query_one(f"#{field}-error", Static).update(plain(message))
            self.query_one(f"#{field}", Input).set_class(error is not None, "-invalid")
        for field, kind, comparison, target in (
            ("yzt_count", "yzt", self.facts.yzt, "#yzt-diff"),
            ("cards_reported", "cards", self.facts.cards, "#cards-diff"),
        ):
            diff = self.query_one(target, Static)
            if field in errors:
                diff.update("")
                continue
            text, warn = self._compare(comparison.with_reported(values.get(field)), kind)
            diff.update(plain(text))
            diff.set_class(warn, "-warn")
        return errors, values

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh()

    def action_save(self) -> None:
        errors, values = self._refresh()
        if errors:
            self.query_one(f"#{next(iter(errors))}", Input).focus()
            self.notify(self.s("form_fix_errors"), severity="warning")
            return
        self.dismiss(ReconcileResult(values["yzt_count"], values["cards_reported"]))
