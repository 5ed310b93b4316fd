"""Every field rule lives once (acctexit.domain.fields), so the forms, `import` and the
store give the same answer, with the same message, for the same value.

Each case below is put through every path: the number or account form driven with
Pilot (typed, then Ctrl+S), a CSV file and a JSON file through the public
`import_bytes`, and the store's own `add_number` / `add_account` (for a number also
the edit dialog, `update_number` and an import that changes a listed number). An
accepted value must come out the same everywhere; a refused one must be refused
everywhere with the same words (the form's message under the field is compared with
the store's and the import's `FieldError` rendered by acctexit.i18n).
"""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import Category, Lang, NumberState, Platform, Text
from acctexit.i18n import error_text, field_error_text, translate
from acctexit.store import ImportFileError, InvalidInputError, Store
from acctexit.store.exchange import import_bytes
from acctexit.tui.screens.account_form import AccountForm
from acctexit.tui.screens.number_form import NumberForm

LANG: Lang = "zh"
TODAY = date(2026, 3, 1)
SIZE = (100, 30)
GOOD_NUMBER = "13800001234"
ALIPAY = Platform(
    "alipay",
    Text("支付宝", "Alipay"),
    Category.FINANCE,
    ("alipay.com",),
    holds_funds=True,
    holds_cards=True,
)
_db_names = itertools.count()


class Answer(NamedTuple):
    """What one path made of a value: the value it keeps, or the message it shows."""

    value: Any
    message: str | None

    @property
    def accepted(self) -> bool:
        return self.message is None


def _refused(error: FieldError | None) -> Answer:
    assert error is not None, "a refusal must carry the field rule's FieldError"
    return Answer(None, field_error_text(error, LANG))


# ---- the three paths ------------------------------------------------------------------


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.dialog = screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.results.append)


async def _type(pilot: Any, field_id: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field_id}", Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("ctrl+u", "end", "ctrl+u")
    if len(text) > widget.max_length > 0:
        # Longer than the box takes by typing: arrives as a prefilled value would.
        widget.value = text
    elif text:
        await pilot.press(*text)
    await pilot.pause()


async def _form(screen: Screen[Any], typed: dict[str, str], error_ids: dict[str, str]) -> Answer:
    """Type each value into its box, press Ctrl+S; the result, or the message shown
    under the box that `error_ids` names for the field that was typed."""
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        if typed.get("state") == "will_cancel":
            app.screen.query_one("#state", Select).focus()
            await pilot.pause()
            await pilot.press("enter", "down", "enter")  # kept → will cancel
            await pilot.pause()
            assert app.screen.query_one("#state", Select).value == "will_cancel"
        for field_id, text in typed.items():
            if field_id != "state":
                await _type(pilot, field_id, text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        if app.results:
            return Answer(app.results[0], None)
        shown = {
            field: str(app.screen.query_one(f"#{box}-error", Static).render())
            for field, box in error_ids.items()
        }
    messages = [m for m in shown.values() if m]
    assert len(messages) == 1, f"one field should be refused, shown: {shown}"
    return Answer(None, messages[0])


def _store_answer(tmp_path: Path, write: Any) -> Answer:
    with Store.open(tmp_path / f"s{next(_db_names)}.sqlite3") as store:
        try:
            return Answer(write(store), None)
        except InvalidInputError as e:
            return _refused(e.field_error)


def _import_answer(tmp_path: Path, data: str, read: Any, name: str = "list.csv") -> Answer:
    with Store.open(tmp_path / f"i{next(_db_names)}.sqlite3") as store:
        try:
            import_bytes(store, data.encode(), name=name)
        except ImportFileError as e:
            assert len(e.problems) == 1, e.problems
            return _refused(e.problems[0].field_error)
        return Answer(read(store), None)


# ---- numbers ------------------------------------------------------------------------

NUMBER_BOXES = {
    "e164": "number",
    "label": "label",
    "cancel_date": "cancel_date",
    "freeze_days": "freeze_days",
}
NUMBER_CASES: list[tuple[str, dict[str, str], bool]] = [
    ("freeze 0 days", {"freeze_days": "0"}, False),
    ("freeze 10,000 days", {"freeze_days": "10000"}, False),
    ("freeze 3650 days", {"freeze_days": "3650"}, True),
    ("+44 number", {"e164": "+44 7911 123456"}, True),
    ("+1 number", {"e164": "+1 415 555 0123"}, True),
    ("+86 number", {"e164": "+86 139 0000 9999"}, True),
    ("00-prefixed +1 number", {"e164": "0014155550123"}, True),
    ("11 digits starting with 2", {"e164": "21234567890"}, False),
    ("cancel date 2026-02-30", {"cancel_date": "2026-02-30"}, False),
    ("cancel date 1899-12-31", {"cancel_date": "1899-12-31"}, False),
    ("will cancel without a date", {"state": "will_cancel"}, False),
    (
        "will cancel on 2026年12月26日",
        {"state": "will_cancel", "cancel_date": "2026年12月26日"},
        True,
    ),
    ("empty label", {"label": ""}, True),
    ("200-character label", {"label": "号" * 200}, False),
]


def _number_values(case: dict[str, str]) -> dict[str, str]:
    return {"e164": GOOD_NUMBER, **case}


def _json_value(field: str, text: str) -> Any:
    """A value as a JSON file holds it: a day count as a JSON number where it is one."""
    return int(text) if field == "freeze_days" and text.isdigit() else text


def _json(numbers: list[dict[str, str]], accounts: list[dict[str, str]] | None = None) -> str:
    doc: dict[str, Any] = {
        "numbers": [{k: _json_value(k, v) for k, v in n.items()} for n in numbers]
    }
    if accounts is not None:
        doc["accounts"] = accounts
    return json.dumps(doc, ensure_ascii=False)


@pytest.mark.parametrize(("name", "case", "ok"), NUMBER_CASES, ids=[c[0] for c in NUMBER_CASES])
async def test_a_number_value_gets_one_answer_everywhere(
    tmp_path: Path, name: str, case: dict[str, str], ok: bool
) -> None:
    values = _number_values(case)
    typed = {NUMBER_BOXES.get(k, k): v for k, v in values.items()}
    form = await _form(NumberForm(LANG, TODAY), typed, NUMBER_BOXES)

    def add(store: Store) -> Any:
        e164 = values["e164"]
        rest = {k: v for k, v in values.items() if k != "e164"}
        return store.add_number(e164, **rest)

    stored = _store_answer(tmp_path, add)
    header = ",".join("number" if k == "e164" else k for k in values)
    row = ",".join(values.values())
    imported = _import_answer(tmp_path, f"{header}\n{row}\n", lambda s: s.numbers()[0])
    from_json = _import_answer(tmp_path, _json([values]), lambda s: s.numbers()[0], "n.json")

    answers = (form, stored, imported, from_json)
    assert {a.accepted for a in answers} == {ok}, answers
    if not ok:
        assert form.message == stored.message == imported.message == from_json.message
        return
    for field in ("e164", "label", "state", "cancel_date", "freeze_days"):
        seen = {getattr(answer.value, field) for answer in answers}
        assert len(seen) == 1, (field, seen)


EDIT_CASES = [c for c in NUMBER_CASES if "e164" not in c[1]]


@pytest.mark.parametrize(("name", "case", "ok"), EDIT_CASES, ids=[c[0] for c in EDIT_CASES])
async def test_editing_a_number_gets_the_same_answer_as_adding_it(
    tmp_path: Path, name: str, case: dict[str, str], ok: bool
) -> None:
    """The edit dialog, `update_number` and an import that changes a listed number: a
    dialog never closes on a change the store then refuses."""
    with Store.open(tmp_path / "edit.sqlite3") as store:
        number = store.add_number(GOOD_NUMBER)
        typed = {NUMBER_BOXES.get(k, k): v for k, v in case.items()}
        form = await _form(NumberForm(LANG, TODAY, number=number), typed, NUMBER_BOXES)
        try:
            stored = Answer(store.update_number(number.id, **case), None)
        except InvalidInputError as e:
            stored = _refused(e.field_error)

    def imported(data: str, name: str) -> Answer:
        def write(store: Store) -> Any:
            store.add_number(GOOD_NUMBER)
            import_bytes(store, data.encode(), name=name)
            return store.numbers()[0]

        try:
            return _store_answer(tmp_path, write)
        except ImportFileError as e:
            assert len(e.problems) == 1, e.problems
            return _refused(e.problems[0].field_error)

    values = _number_values(case)
    header = ",".join("number" if k == "e164" else k for k in values)
    from_csv = imported(f"{header}\n{','.join(values.values())}\n", "n.csv")
    from_json = imported(_json([values]), "n.json")

    answers = (form, stored, from_csv, from_json)
    assert {a.accepted for a in answers} == {ok}, answers
    if not ok:
        assert form.message == stored.message == from_csv.message == from_json.message
        return
    for field in ("label", "state", "cancel_date", "freeze_days"):
        assert len({getattr(answer.value, field) for answer in answers}) == 1, field


async def test_an_imported_international_number_can_be_edited_in_the_form(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "a.sqlite3") as store:
        import_bytes(store, b"number,label\n+1 415 555 0123,US\n", name="list.csv")
        [number] = store.numbers()
        assert number.e164 == "+14155550123"
        app = Host(NumberForm("en", TODAY, number=number))
        async with app.run_test(size=SIZE) as pilot:
            assert str(app.screen.query_one("#number-error", Static).render()) == ""
            await _type(pilot, "label", "travel SIM")
            await pilot.press("ctrl+s")
            await pilot.pause()
        [result] = app.results
        assert result.e164 == "+14155550123"
        changed = store.update_number(number.id, label=result.label, state=result.state)
        assert (changed.e164, changed.label) == ("+14155550123", "travel SIM")


async def test_the_form_refuses_freeze_0_before_closing(tmp_path: Path) -> None:
    """The bug the duplicated rules caused: 0 passed the form, the dialog closed and
    the store then refused it, losing everything typed."""
    app = Host(NumberForm("en", TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, "number", GOOD_NUMBER)
        await _type(pilot, "freeze_days", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []  # still open
        shown = str(app.screen.query_one("#freeze_days-error", Static).render())
    with Store.open(tmp_path / "a.sqlite3") as store, pytest.raises(InvalidInputError) as e:
        store.add_number(GOOD_NUMBER, freeze_days=0)
    assert e.value.field_error is not None
    assert shown == field_error_text(e.value.field_error, "en")
    assert shown == translate("field_err_freeze", "en", min=1, max=3650)


# ---- accounts -----------------------------------------------------------------------

ACCOUNT_BOXES = {
    field: field
    for field in (
        *("balance", "bank_cards", "linked_apps", "label", "login_hint"),
        *("last_order", "orders_closed", "last_sensitive_change", "last_used"),
    )
}
ACCOUNT_CASES: list[tuple[str, dict[str, str], bool]] = [
    ("last used 2026-02-30", {"last_used": "2026-02-30"}, False),
    ("last used 1899-12-31", {"last_used": "1899-12-31"}, False),
    ("last used 2026/12/26", {"last_used": "2026/12/26"}, True),
    ("last order 2026-02-30", {"last_order": "2026-02-30"}, False),
    ("orders closed 1899-12-31", {"orders_closed": "1899-12-31"}, False),
    ("last sensitive change 2201-01-01", {"last_sensitive_change": "2201-01-01"}, False),
    ("empty label", {"label": ""}, True),
    ("200-character label", {"label": "a" * 200}, False),
    ("80-character label", {"label": "a" * 80}, True),
    ("200-character login hint", {"login_hint": "a" * 200}, False),
    ("negative balance", {"balance": "-3"}, False),
    ("balance 0.001", {"balance": "0.001"}, False),
    ("balance 1e5", {"balance": "1e5"}, False),
    ("balance 12.50", {"balance": "12.50"}, True),
    ("100,001 bank cards", {"bank_cards": "100001"}, False),
    ("-1 bank cards", {"bank_cards": "-1"}, False),
    ("3 bank cards", {"bank_cards": "3"}, True),
    ("2.5 linked apps", {"linked_apps": "2.5"}, False),
]


@pytest.mark.parametrize(("name", "case", "ok"), ACCOUNT_CASES, ids=[c[0] for c in ACCOUNT_CASES])
async def test_an_account_value_gets_one_answer_everywhere(
    tmp_path: Path, name: str, case: dict[str, str], ok: bool
) -> None:
    form = await _form(AccountForm(LANG, ALIPAY), dict(case), ACCOUNT_BOXES)

    def add(store: Store) -> Any:
        number = store.add_number(GOOD_NUMBER)
        return store.add_account("alipay", number.id, **case)

    stored = _store_answer(tmp_path, add)
    header = ",".join(["number", "platform", *case])
    row = ",".join([GOOD_NUMBER, "alipay", *case.values()])
    imported = _import_answer(tmp_path, f"{header}\n{row}\n", lambda s: s.accounts()[0])
    account = {"platform": "alipay", "number": GOOD_NUMBER, **case}
    from_json = _import_answer(
        tmp_path, _json([{"e164": GOOD_NUMBER}], [account]), lambda s: s.accounts()[0], "a.json"
    )

    answers = (form, stored, imported, from_json)
    assert {a.accepted for a in answers} == {ok}, answers
    if not ok:
        assert form.message == stored.message == imported.message == from_json.message
        return
    for field in case:
        # The form gives None for an empty box; the store keeps "" for an empty label.
        seen = {getattr(answer.value, field) or None for answer in answers}
        assert len(seen) == 1, (field, seen)


def test_will_cancel_without_a_date_is_refused_when_an_import_changes_only_the_state(
    tmp_path: Path,
) -> None:
    """The state and its cancel date are checked on the record as it would become."""
    with Store.open(tmp_path / "a.sqlite3") as store:
        store.add_number(GOOD_NUMBER)
        with pytest.raises(ImportFileError) as e:
            import_bytes(store, f"number,state\n{GOOD_NUMBER},will_cancel\n".encode(), name="a.csv")
        [problem] = e.value.problems
        assert problem.field_error is not None
        assert problem.field_error.key == "field_err_cancel_required"
        assert store.numbers()[0].state is NumberState.KEPT
        assert error_text(problem, "en").startswith("Line 2: Cancel date: ")


# ---- the rules themselves ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13800001234",
        "138 0000 1234",
        "138-0000-1234",
        "+86 138 0000 1234",
        "0086 13800001234",
        "8613800001234",
        " (138) 0000.1234 ",
        "１３８００００１２３４",  # full-width digits from a Chinese IME
        "＋86 138 0000 1234",
        "'+8613800001234",  # our own CSV export's guard
    ],
)
def test_mainland_spellings_normalise_to_e164(raw: str) -> None:
    assert fields.phone(raw) == "+8613800001234"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "field_err_required"),
        ("12800001234", "field_err_phone"),  # no mobile range starts 12
        ("02012345678", "field_err_phone"),  # a landline
        ("+86 12800001234", "field_err_phone_cn"),
        ("+0123", "field_err_phone_intl"),
        ("+1 234", "field_err_phone_intl"),  # too short for E.164
        ("138abcd1234", "field_err_phone_chars"),
        ("138٠0001234", "field_err_phone_chars"),  # Arabic-Indic digit
    ],
)
def test_bad_numbers_are_refused_with_their_reason(raw: str, key: str) -> None:
    with pytest.raises(FieldError) as e:
        fields.phone(raw)
    assert (e.value.field, e.value.key) == ("e164", key)


def test_dates_come_in_three_spellings_within_the_calendar_and_range() -> None:
    for raw in ("2026-12-26", "2026/12/26", "2026年12月26日", "20261226", "２０２６-12-26"):
        assert fields.a_date(raw) == date(2026, 12, 26)
    assert fields.a_date("") is None and fields.a_date(date(2026, 1, 2)) == date(2026, 1, 2)
    for raw, key in [
        ("01-03-2026", "field_err_date_format"),
        ("2026-02-30", "field_err_date_invalid"),
        ("2027-02-29", "field_err_date_invalid"),
        ("1899-12-31", "field_err_date_range"),
        ("2201-01-01", "field_err_date_range"),
    ]:
        with pytest.raises(FieldError) as e:
            fields.a_date(raw)
        assert e.value.key == key
    assert fields.a_date("2028-02-29") == date(2028, 2, 29)


def test_freeze_days_have_one_range_and_one_default() -> None:
    assert fields.freeze_days("") == fields.freeze_days(None) == 90
    assert fields.freeze_days("1") == 1 and fields.freeze_days(3650) == 3650
    for raw in (0, "0", "-5", "3651", 10_000, "ninety", 2.5):
        with pytest.raises(FieldError) as e:
            fields.freeze_days(raw)
        assert e.value.fmt == {"min": 1, "max": 3650}


def test_counts_and_amounts() -> None:
    assert fields.count("") is None and fields.count("1,000") == 1000 and fields.count(0) == 0
    for raw in ("-1", "2.5", "three", "１e3", 100_001, True):
        with pytest.raises(FieldError):
            fields.count(raw)
    assert fields.balance("¥1,234.50") == 1234.5 and fields.balance("88元") == 88.0
    assert fields.balance(12.5) == 12.5 and fields.balance("") is None
    for raw in ("-3", "1.234", "abc", "1e5", "nan", "inf", -1.0, 0.001, "2000000000"):
        with pytest.raises(FieldError):
            fields.balance(raw)


def test_state_and_cancel_date_go_together() -> None:
    assert fields.cancel_date_for(NumberState.KEPT, date(2000, 1, 1)) is None  # dropped
    assert fields.cancel_date_for(NumberState.CANCELLED, TODAY) == TODAY
    for state in (NumberState.WILL_CANCEL, NumberState.CANCELLED):
        with pytest.raises(FieldError) as e:
            fields.cancel_date_for(state, None)
        assert (e.value.field, e.value.key) == ("cancel_date", "field_err_cancel_required")
    fields.cancel_date_timing(NumberState.WILL_CANCEL, TODAY, TODAY)  # today is fine
    for state, when, key in [
        (NumberState.WILL_CANCEL, date(2026, 2, 28), "field_err_cancel_past"),
        (NumberState.CANCELLED, date(2026, 3, 2), "field_err_cancel_future"),
    ]:
        with pytest.raises(FieldError) as e:
            fields.cancel_date_timing(state, when, TODAY)
        assert e.value.key == key
    assert fields.state("will-cancel") is NumberState.WILL_CANCEL
    assert fields.carrier("中国移动") == "china-mobile" and fields.carrier("") is None
    with pytest.raises(FieldError):
        fields.carrier("acme")


def test_free_text_is_cleaned_on_the_way_in() -> None:
    hostile = "a\x1b[31m\u202eb\u200bc\u2060d\ufeffe\U000e0041f\ud800g\x85h"
    assert fields.label(hostile) == "a[31mbcdefgh"
    assert fields.note("line 1\r\n\tline 2\x07") == "line 1\n\tline 2"
    assert fields.label("  ") == "" and fields.label(None) == ""
    with pytest.raises(FieldError) as e:
        fields.note(" \u200b ")
    assert e.value.key == "field_err_note_empty"
    with pytest.raises(FieldError) as e:
        fields.label("x" * 81)
    assert e.value.fmt == {"max": 80, "length": 81}
    assert fields.label("x" * 80 + "\u200b" * 5) == "x" * 80  # counted after cleaning


def test_every_message_exists_in_both_languages_with_full_width_chinese() -> None:
    import re

    package = Path(fields.__file__).parent  # the rules live in the package's modules
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    keys = sorted(set(re.findall(r'"(field_err_[a-z_]+)"', source)))
    assert len(keys) > 15
    args = {"min": 1, "max": 2, "length": 3, "today": "2026-03-01"}
    args |= {"role": "r", "platform": "p", "ids": "q"}
    for key in keys:
        zh, en = translate(key, "zh", **args), translate(key, "en", **args)
        assert zh != key and en != key and zh != en, key
        assert not re.search(r"[,;:!?][^\d\s]", zh.replace("china-", "")), (key, zh)
