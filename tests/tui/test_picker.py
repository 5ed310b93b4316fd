"""Pilot tests of the platform picker: search, grouping, multi-select, return order."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from acctexit.app.search import platform_matches as matches
from acctexit.domain.models import Catalog, Category, Platform, Text
from acctexit.tui.screens.picker import PlatformPicker

SIZE = (100, 30)

PLATFORMS = [
    Platform("alipay", Text("支付宝", "Alipay"), Category.FINANCE, ("alipay.com",)),
    Platform("icbc", Text("工商银行", "ICBC"), Category.FINANCE, ("icbc.com.cn",)),
    Platform("wechat", Text("微信", "WeChat"), Category.SOCIAL, ("weixin.qq.com",)),
    Platform("weibo", Text("微博", "Weibo"), Category.SOCIAL, ("weibo.com",)),
    Platform("jd", Text("京东", "JD"), Category.COMMERCE, ("jd.com",)),
    Platform("taobao", Text("淘宝", "Taobao"), Category.COMMERCE, ("taobao.com", "tmall.com")),
    Platform("meituan", Text("美团", "Meituan"), Category.LIFE, ("meituan.com",)),
    Platform("evil", Text("[/bold]坏", "[@click=app.quit]x[/]"), Category.OTHER, ()),
]
CATALOG = Catalog({p.id: p for p in PLATFORMS})


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.dialog = screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.results.append)


def visible_ids(screen: Screen[Any]) -> list[str]:
    options = screen.query_one(OptionList).options
    return [o.id for o in options if o.id and not o.disabled]


def headers(screen: Screen[Any]) -> list[str]:
    options = screen.query_one(OptionList).options
    return [o.id for o in options if o.id and o.id.startswith("category:")]


def test_matching_is_case_insensitive_over_names_and_domains() -> None:
    jd, taobao = CATALOG.platforms["jd"], CATALOG.platforms["taobao"]
    assert matches(jd, "京东") and matches(jd, "JD.COM") and matches(jd, " jd ")
    assert matches(taobao, "tmall") and matches(taobao, "TaoBao")
    assert not matches(jd, "taobao")
    assert matches(jd, "")


async def test_picker_groups_by_category_in_order() -> None:
    app = Host(PlatformPicker("zh", CATALOG))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert headers(app.screen) == [
            "category:finance",
            "category:social",
            "category:commerce",
            "category:life",
            "category:other",
        ]
        assert visible_ids(app.screen)[:2] == ["alipay", "icbc"]
        assert isinstance(app.screen.focused, Input)


async def test_typing_narrows_by_chinese_name_domain_and_english_name() -> None:
    app = Host(PlatformPicker("en", CATALOG))
    async with app.run_test(size=SIZE) as pilot:
        for query, expected in (("京东", ["jd"]), ("jd.com", ["jd"]), ("ALIPAY", ["alipay"])):
            app.screen.query_one(Input).focus()
            await pilot.press("ctrl+u", "end", "ctrl+u", *query)
            await pilot.pause()
            assert visible_ids(app.screen) == expected, query
            assert len(headers(app.screen)) == 1
        await pilot.press("ctrl+u", "end", "ctrl+u", *"zzz")
        await pilot.pause()
        assert visible_ids(app.screen) == ["own-offer"]  # no platform; only the offer
        assert "zzz" in str(app.screen.query_one("#picker-status", Static).render())


async def test_space_selects_several_across_searches_and_enter_returns_catalog_order() -> None:
    app = Host(PlatformPicker("zh", CATALOG))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"jd.com", "enter", "space")  # into the list, tick JD
        await pilot.press("/", *"alipay", "down", "space")  # search again, tick Alipay
        await pilot.press("/", *"微", "down", "down", "space")  # 微信, 微博: tick 微博
        await pilot.press("space", "space")  # untick and tick again
        await pilot.pause()
        assert app.screen.selected == {"jd", "alipay", "weibo"}
        assert "已选 3 个" in str(app.screen.query_one("#picker-status", Static).render())
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [["alipay", "weibo", "jd"]]


async def test_enter_with_nothing_ticked_takes_the_highlighted_platform() -> None:
    app = Host(PlatformPicker("zh", CATALOG))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"淘宝", "enter", "enter")
        await pilot.pause()
    assert app.results == [["taobao"]]


async def test_already_listed_platforms_are_marked_and_can_be_added_again() -> None:
    # A second account on one platform (a work WeChat) is picked like the first.
    app = Host(PlatformPicker("en", CATALOG, already={"wechat"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"wechat")
        await pilot.pause()
        option = app.screen.query_one(OptionList).get_option("wechat")
        assert not option.disabled
        assert "already listed" in str(option.prompt)
        await pilot.press("enter", "space", "ctrl+s")
        await pilot.pause()
    assert app.results == [["wechat"]]


async def test_catalog_names_are_shown_literally() -> None:
    app = Host(PlatformPicker("en", CATALOG))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"坏")
        await pilot.pause()
        prompt = str(app.screen.query_one(OptionList).get_option("evil").prompt)
        assert "[@click=app.quit]x[/]" in prompt and "[/bold]坏" in prompt
        await pilot.press("enter", "space", "enter")
        await pilot.pause()
    assert app.results == [["evil"]]


async def test_picker_over_the_shipped_catalog_if_present() -> None:
    from acctexit.catalog import load_catalog

    catalog = load_catalog()
    app = Host(PlatformPicker("zh", catalog))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"alipay")
        await pilot.pause()
        assert "alipay" in visible_ids(app.screen)
        await pilot.press("enter", "space", "enter")
        await pilot.pause()
    assert app.results == [["alipay"]]
