"""Pilot tests of the dialogs: each driven by keys from a tiny host app."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from acctexit.app.actions import ReconcileFacts
from acctexit.domain.models import Account, Category, NumberState, PhoneNumber, Platform, Text
from acctexit.domain.reconcile import Comparison
from acctexit.i18n import translate
from acctexit.tui.screens.account_form import AccountForm, AccountFormResult
from acctexit.tui.screens.confirm import ConfirmScreen
from acctexit.tui.screens.import_preview import ImportPreview, ImportPreviewScreen
from acctexit.tui.screens.number_form import NumberForm, NumberFormResult
from acctexit.tui.screens.reconcile import ReconcileResult, ReconcileScreen
from acctexit.tui.screens.welcome import WelcomeScreen

TODAY = date(2026, 3, 1)
SIZE = (100, 30)
HOSTILE = "[/bold][@click=app.quit]x[/] \x1b[31mred\u202e"

ALIPAY = Platform(
    "alipay",
    Text("支付宝", "Alipay"),
    Category.FINANCE,
    ("alipay.com",),
    holds_funds=True,
    holds_cards=True,
    password_free_payments=True,
    identity_provider=True,
)


class Host(App[None]):
    """Pushes one screen on mount and collects what it dismisses with."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.dialog = screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.results.append)


def text_of(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def type_into(pilot: Any, field_id: str, text: str) -> None:
    """Focus a field by clicking-free means and replace its text by typing."""
    screen = pilot.app.screen
    widget = screen.query_one(f"#{field_id}", Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("ctrl+u", "end", "ctrl+u")  # clear, whatever the cursor position
    if text:
        await pilot.press(*text)
    await pilot.pause()


# ---- welcome ------------------------------------------------------------------------
async def test_welcome_enter_starts() -> None:
    app = Host(WelcomeScreen("zh"))
    async with app.run_test(size=SIZE) as pilot:
        body = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "90" in body and "验证码" in body  # the danger, in Chinese
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [True]


async def test_welcome_escape_is_later() -> None:
    app = Host(WelcomeScreen("en"))
    async with app.run_test(size=SIZE) as pilot:
        assert "finance first" in " ".join(str(w.render()) for w in app.screen.query(Static))
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]


async def test_footer_keys_follow_the_language() -> None:
    for lang, word in (("zh", "稍后"), ("en", "Later")):
        app = Host(WelcomeScreen(lang))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            descriptions = {b.description for (_, b, _, _) in app.screen.active_bindings.values()}
            assert word in descriptions
            assert isinstance(app.screen, WelcomeScreen)


# ---- number form --------------------------------------------------------------------
async def test_number_form_rejects_a_short_number_and_says_why() -> None:
    app = Host(NumberForm("en", TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"12345")
        await pilot.pause()
        assert "11 digits" in text_of(app.screen, "#number-error")
        assert app.screen.query_one("#number", Input).has_class("-invalid")
        await pilot.press("enter")  # refused
        await pilot.press("ctrl+s")  # refused too
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, NumberForm)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_number_form_accepts_a_spaced_number_with_defaults() -> None:
    app = Host(NumberForm("zh", TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"138 0000 1234")
        await pilot.pause()
        assert text_of(app.screen, "#number-error") == ""
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [
        NumberFormResult(
            e164="+8613800001234",
            label="",
            carrier=None,
            state=NumberState.KEPT,
            cancel_date=None,
            freeze_days=90,
        )
    ]


async def _choose(pilot: Any, select_id: str, downs: int) -> None:
    """Open a Select with Enter and move `downs` options down, then pick with Enter."""
    pilot.app.screen.query_one(f"#{select_id}", Select).focus()
    await pilot.pause()
    await pilot.press("enter", *(["down"] * downs), "enter")
    await pilot.pause()


async def test_number_form_refuses_a_will_cancel_date_in_the_past() -> None:
    app = Host(NumberForm("en", TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"13800001234")
        await _choose(pilot, "state", 1)  # kept → will cancel
        assert app.screen.query_one("#state", Select).value == "will_cancel"
        # will-cancel without a date: required
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "needs a cancel date" in text_of(app.screen, "#cancel_date-error")
        await type_into(pilot, "cancel_date", "2026-02-28")
        assert "before today (2026-03-01)" in text_of(app.screen, "#cancel_date-error")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        await type_into(pilot, "cancel_date", "01.04.2026")
        assert text_of(app.screen, "#cancel_date-error") == translate("field_err_date_format", "en")
        await type_into(pilot, "cancel_date", "2026-04-01")
        assert text_of(app.screen, "#cancel_date-error") == ""
        await type_into(pilot, "freeze_days", "120")
        await type_into(pilot, "label", "旧工作号")
        await _choose(pilot, "carrier", 2)  # blank → mobile → unicom
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [
        NumberFormResult(
            e164="+8613800001234",
            label="旧工作号",
            carrier="china-unicom",
            state=NumberState.WILL_CANCEL,
            cancel_date=date(2026, 4, 1),
            freeze_days=120,
        )
    ]


async def test_number_form_edit_prefills_and_cleans_the_label() -> None:
    number = PhoneNumber(
        id=1,
        e164="+8613912345678",
        label=HOSTILE,
        carrier="china-telecom",
        state=NumberState.CANCELLED,
        cancel_date=date(2026, 1, 15),
        freeze_days=100,
    )
    app = Host(NumberForm("en", TODAY, number))
    async with app.run_test(size=SIZE) as pilot:
        title = text_of(app.screen, ".dialog-title")
        assert "139****5678" in title and "13912345678" not in title
        assert app.screen.query_one("#number", Input).value == "+8613912345678"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result.e164 == "+8613912345678"
    assert result.carrier == "china-telecom"
    assert result.state is NumberState.CANCELLED
    assert result.cancel_date == date(2026, 1, 15)
    assert result.freeze_days == 100
    assert "\x1b" not in result.label and "\u202e" not in result.label
    assert "[@click=app.quit]" in result.label  # kept literally, never run


async def test_number_form_rejects_bad_freeze_days() -> None:
    app = Host(NumberForm("en", TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"13800001234")
        await type_into(pilot, "freeze_days", "-3")
        assert "whole number" in text_of(app.screen, "#freeze_days-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert app.screen.focused is app.screen.query_one("#freeze_days", Input)


# ---- account form ---------------------------------------------------------------------
async def test_account_form_returns_parsed_facts() -> None:
    app = Host(AccountForm("en", ALIPAY, provider_choices=[("wechat", "WeChat")]))
    async with app.run_test(size=SIZE) as pilot:
        assert "Alipay" in text_of(app.screen, ".dialog-title")
        await type_into(pilot, "balance", "¥1,234.5")
        await type_into(pilot, "bank_cards", "2")
        await _choose(pilot, "password_free", 1)  # unknown → yes
        await type_into(pilot, "linked_apps", "3")
        await _choose(pilot, "sign_in_via", 1)  # none → WeChat
        await type_into(pilot, "last_sensitive_change", "2026-02-10")
        await type_into(pilot, "last_order", "2026-01-05")
        await type_into(pilot, "label", "  main  ")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [
        AccountFormResult(
            balance=1234.5,
            bank_cards=2,
            password_free=True,
            linked_apps=3,
            sign_in_via="wechat",
            last_order=date(2026, 1, 5),
            last_sensitive_change=date(2026, 2, 10),
            label="main",
        )
    ]


async def test_account_form_refuses_bad_values_with_messages() -> None:
    app = Host(AccountForm("zh", ALIPAY))
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "balance", "-5")
        assert "金额" in text_of(app.screen, "#balance-error")
        await type_into(pilot, "last_used", "2026-13-01")
        assert text_of(app.screen, "#last_used-error") == translate("field_err_date_invalid", "zh")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert app.screen.focused is app.screen.query_one("#balance", Input)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_account_form_edit_prefills_and_empty_fields_become_none() -> None:
    account = Account(
        id=7,
        platform_id="alipay",
        number_id=1,
        balance=12.0,
        bank_cards=1,
        password_free=False,
        last_used=date(2025, 12, 31),
    )
    app = Host(AccountForm("en", ALIPAY, account))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#balance", Input).value == "12"
        await type_into(pilot, "bank_cards", "")  # cleared → unknown again
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result.as_dict() == {
        "balance": 12.0,
        "bank_cards": None,
        "password_free": False,
        "linked_apps": None,
        "sign_in_via": None,
        "last_order": None,
        "orders_closed": None,
        "last_sensitive_change": None,
        "last_used": date(2025, 12, 31),
        "label": None,
        "login_hint": None,
    }
    assert set(result.as_dict()) <= set(Account.__struct_fields__)


# ---- confirm -----------------------------------------------------------------------
async def test_confirm_enter_is_yes_and_escape_is_no() -> None:
    body = "Remove 京东 (JD) from 138****1234? Its history stays in the log."
    app = Host(ConfirmScreen("en", "Remove account", body, "Remove"))
    async with app.run_test(size=SIZE) as pilot:
        assert text_of(app.screen, "#confirm-body") == body
        await pilot.press("enter")
        await pilot.pause()
        app.push_screen(ConfirmScreen("en", "Remove", body, "Remove"), app.results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(ConfirmScreen("en", "Remove", body, "Remove"), app.results.append)
        await pilot.pause()
        await pilot.press("shift+tab", "enter")  # back to Cancel; Enter presses it
        await pilot.pause()
    assert app.results == [True, False, False]


async def test_user_text_is_never_markup() -> None:
    app = Host(ConfirmScreen("en", HOSTILE, HOSTILE, HOSTILE))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = text_of(app.screen, "#confirm-body")
        assert "[@click=app.quit]x[/]" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        assert "[/bold]" in str(app.screen.query_one("#confirm", Button).label)
        await pilot.press("n")
        await pilot.pause()
    assert app.results == [False]


# ---- import preview ------------------------------------------------------------------
async def test_import_preview_with_problems_offers_only_close() -> None:
    preview = ImportPreview(
        numbers=["138****1234"],
        accounts=["支付宝"],
        steps=4,
        problems=[(3, "bad number '12345'"), (None, "unknown column [/bold]")],
    )
    app = Host(ImportPreviewScreen("en", preview))
    async with app.run_test(size=SIZE) as pilot:
        buttons = [b.id for b in app.screen.query(Button)]
        assert buttons == ["close"]
        problems = text_of(app.screen, "#import-problems")
        assert "Line 3: bad number '12345'" in problems
        assert "File: unknown column [/bold]" in problems
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [False]


async def test_import_preview_without_problems_can_import_or_cancel() -> None:
    preview = ImportPreview(
        numbers=["138****1234"], accounts=["支付宝 (Alipay)", "京东 (JD)"], steps=9
    )
    app = Host(ImportPreviewScreen("en", preview))
    async with app.run_test(size=SIZE) as pilot:
        assert "1 number(s), 2 account(s) and 9 step(s)" in text_of(app.screen, "#import-summary")
        assert "京东 (JD)" in text_of(app.screen, "#import-accounts")
        assert {b.id for b in app.screen.query(Button)} == {"cancel", "import"}
        await pilot.press("enter")
        await pilot.pause()
        app.push_screen(ImportPreviewScreen("en", preview), app.results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [True, False]


# ---- reconcile --------------------------------------------------------------------------
async def test_reconcile_shows_the_difference_and_returns_the_counts() -> None:
    facts = ReconcileFacts(
        listed=9,
        yzt=Comparison(None, 5),
        cards=Comparison(None, 2),
        cards_elsewhere=5,
        yzt_missing=("微博 (Weibo)", "抖音 (Douyin)"),
    )
    app = Host(ReconcileScreen("en", "138****1234", facts))
    async with app.run_test(size=SIZE) as pilot:
        assert "Weibo" in text_of(app.screen, "#missing") and "(2)" in text_of(
            app.screen, "#missing"
        )
        await pilot.press("7")
        await pilot.pause()
        diff = text_of(app.screen, "#yzt-diff")
        assert "一证通查 reported 7 accounts; of the 9 listed here, 5 are on platforms" in diff
        assert "2 more may exist" in diff
        await type_into(pilot, "cards_reported", "x")
        assert "whole number" in text_of(app.screen, "#cards_reported-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        await type_into(pilot, "cards_reported", "2")
        assert "counts match" in text_of(app.screen, "#cards-diff")
        assert "5 more cards are recorded inside apps" in text_of(app.screen, "#cards-elsewhere")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ReconcileResult(yzt_count=7, cards_reported=2)]


async def test_reconcile_prefills_and_escape_cancels() -> None:
    facts = ReconcileFacts(
        listed=9, yzt=Comparison(7, 4), cards=Comparison(3, 3), cards_elsewhere=0, yzt_missing=()
    )
    app = Host(ReconcileScreen("zh", "138****1234", facts))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#yzt_count", Input).value == "7"
        diff = text_of(app.screen, "#yzt-diff")
        assert "一证通查报告 7 个账号；这里列出的 9 个账号中，4 个在它覆盖的平台上" in diff
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_date_fields_say_their_format_in_the_form_s_language() -> None:
    """The date fields' hint was "YYYY-MM-DD" in the Chinese forms too."""
    for lang in ("zh", "en"):
        hint = translate("form_date_placeholder", lang)
        number = Host(NumberForm(lang, TODAY))
        async with number.run_test(size=SIZE) as pilot:
            await _choose(pilot, "state", 1)  # kept → will cancel: the date is asked for
            assert number.screen.query_one("#cancel_date", Input).placeholder == hint
        account = Host(AccountForm(lang, ALIPAY, provider_choices=[]))
        async with account.run_test(size=SIZE):
            for field in ("last_order", "last_sensitive_change"):
                assert account.screen.query_one(f"#{field}", Input).placeholder == hint
    assert "Y" not in translate("form_date_placeholder", "zh")
