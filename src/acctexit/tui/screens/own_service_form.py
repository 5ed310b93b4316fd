"""The own-service form: a service the catalog lacks, added from the picker, or
edited later (`o`: prefilled with the service's fields, no label: that is the account's).

Name (prefilled with what was searched), category, what the number does there and
whether it holds money or cards. Every value goes through its rule in
acctexit.domain.fields before the form closes; a refusal is shown under its field.
Returns `actions.OwnServiceFields`, or None on Escape.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Input, Select, Static

from acctexit.app.actions import OwnServiceFields
from acctexit.domain import fields
from acctexit.domain.fields import OWN_NAME_MAX, FieldError
from acctexit.domain.models import Category, Lang, PhoneRole
from acctexit.i18n import field_error_text
from acctexit.tui.commands import Scope
from acctexit.tui.screens.confirm import FormModal, plain, plain_text


class OwnServiceForm(FormModal[OwnServiceFields]):
    SCOPES = (Scope.DIALOG, Scope.FORM)

    DEFAULT_CSS = """
    OwnServiceForm Input, OwnServiceForm Select { width: 100%; }
    OwnServiceForm Checkbox { border: none; padding: 0; height: 1; }
    OwnServiceForm .field-label { margin-top: 1; }
    """

    def __init__(self, lang: Lang, name: str = "", editing: OwnServiceFields | None = None) -> None:
        super().__init__(lang)
        self.initial_name = editing.name if editing is not None else name
        self.editing = editing

    def compose(self) -> ComposeResult:
        s = self.s
        editing = self.editing
        category = editing.category if editing else Category.OTHER.value
        roles = set(editing.phone_use) if editing else {PhoneRole.LOGIN.value}
        with Vertical(classes="dialog"):
            title = s("own_edit_title") if editing else s("own_form_title")
            yield Static(plain(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(
                    plain(s("own_edit_help" if editing else "own_form_help")), classes="hint"
                )
                yield Static(plain(s("field_name_name")), classes="field-label")
                yield Input(self.initial_name, max_length=OWN_NAME_MAX * 2, id="name")
                yield Static("", classes="error", id="name-error")
                yield Static(plain(s("field_name_category")), classes="field-label")
                yield Select(
                    [(plain_text(s(f"own_category_{c.value}")), c.value) for c in Category],
                    value=category,
                    allow_blank=False,
                    id="category",
                )
                yield Static(plain(s("field_name_phone_use")), classes="field-label")
                for role in PhoneRole:
                    yield Checkbox(
                        plain(s(f"own_role_{role.value}")),
                        value=role.value in roles,
                        id=f"role-{role.value}",
                    )
                yield Checkbox(
                    plain(s("field_name_holds_funds")),
                    value=bool(editing and editing.holds_funds),
                    id="holds_funds",
                )
                if editing is None:  # a label is the account's: asked only when adding
                    yield Static(plain(s("field_name_label")), classes="field-label")
                    yield Input("", id="label")
                    yield Static("", classes="error", id="label-error")
            with Horizontal(classes="buttons"):
                yield Button(plain(s("form_cancel")), id="cancel")
                yield Button(plain(s("form_save")), variant="primary", id="save")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def _result(self) -> tuple[dict[str, FieldError], OwnServiceFields | None]:
        raw_name = self.query_one("#name", Input).value
        errors: dict[str, FieldError] = {}
        name = label = ""
        try:
            name = fields.own_name(raw_name)
        except FieldError as e:
            errors["name"] = e
        try:
            if self.editing is None:
                label = fields.label(self.query_one("#label", Input).value)
        except FieldError as e:
            errors["label"] = e
        if errors:
            return errors, None
        category = str(self.query_one("#category", Select).value)
        roles = tuple(
            r.value for r in PhoneRole if self.query_one(f"#role-{r.value}", Checkbox).value
        )
        holds = self.query_one("#holds_funds", Checkbox).value
        return errors, OwnServiceFields(name, category, roles, holds, label)

    def action_save(self) -> None:
        errors, result = self._result()
        for field in ("name", "label") if self.editing is None else ("name",):
            error = errors.get(field)
            message = field_error_text(error, self.lang) if error is not None else ""
            self.query_one(f"#{field}-error", Static).update(plain(message))
            self.query_one(f"#{field}", Input).set_class(error is not None, "-invalid")
        if result is None:
            self.query_one(f"#{next(iter(errors))}", Input).focus()
            return
        self.dismiss(result)
