"""SVG snapshots of the welcome, the platform picker and an account form (100x30).

Snapshot tests are plain `def` tests: `snap_compare` runs its own event loop.
Refresh with `pytest tests/tui/test_forms_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from acctexit.domain.models import Account, Catalog, Category, Platform, Text
from acctexit.tui.screens.account_form import AccountForm
from acctexit.tui.screens.picker import PlatformPicker
from acctexit.tui.screens.welcome import WelcomeScreen

SIZE = (100, 30)

PLATFORMS = [
    Platform("alipay", Text("支付宝", "Alipay"), Category.FINANCE, ("alipay.com",)),
    Platform("icbc", Text("工商银行", "ICBC"), Category.FINANCE, ("icbc.com.cn",)),
    Platform("wechat", Text("微信", "WeChat"), Category.SOCIAL, ("weixin.qq.com",)),
    Platform("qq", Text("QQ", "QQ"), Category.SOCIAL, ("qq.com",)),
    Platform("weibo", Text("微博", "Weibo"), Category.SOCIAL, ("weibo.com",)),
    Platform("jd", Text("京东", "JD"), Category.COMMERCE, ("jd.com",)),
    Platform("taobao", Text("淘宝", "Taobao"), Category.COMMERCE, ("taobao.com",)),
    Platform("meituan", Text("美团", "Meituan"), Category.LIFE, ("meituan.com",)),
]
CATALOG = Catalog({p.id: p for p in PLATFORMS})


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.dialog = screen

    def on_mount(self) -> None:
        self.push_screen(self.dialog)


async def still(pilot: Pilot[None]) -> None:
    """No blinking cursor in the picture."""
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_welcome_snapshot(snap_compare: Any) -> None:
    assert snap_compare(Host(WelcomeScreen("zh")), terminal_size=SIZE, run_before=still)


def test_picker_snapshot(snap_compare: Any) -> None:
    async def tick_two(pilot: Pilot[None]) -> None:
        await pilot.press("down", "space", "down", "down", "space")
        await still(pilot)

    app = Host(PlatformPicker("zh", CATALOG, already={"wechat"}))
    assert snap_compare(app, terminal_size=SIZE, run_before=tick_two)


def test_account_form_snapshot(snap_compare: Any) -> None:
    alipay = Platform(
        "alipay",
        Text("支付宝", "Alipay"),
        Category.FINANCE,
        ("alipay.com",),
        holds_funds=True,
        holds_cards=True,
        password_free_payments=True,
        identity_provider=True,
    )
    account = Account(id=1, platform_id="alipay", number_id=1, balance=12.5, bank_cards=2)
    app = Host(AccountForm("en", alipay, account, provider_choices=[("wechat", "WeChat")]))
    assert snap_compare(app, terminal_size=SIZE, run_before=still)
