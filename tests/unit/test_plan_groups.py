"""Step group headings (catalog-audit C13): the plan output lists a platform's steps
under the headings its source gives them (Alipay: the phases of seed 000), each shown
where its group starts."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from acctexit.catalog import load_catalog
from acctexit.commands.context import Context
from acctexit.commands.plan import run
from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    NumberState,
    PhoneNumber,
    Platform,
    Step,
    StepGroup,
    StepKind,
    Text,
)
from acctexit.domain.plan import build_plan, group_heading
from acctexit.store import Store

TODAY = date(2026, 12, 5)
ALIPAY_EN = [
    "1. Clear everything tied to the account",
    "2. Export the bills you keep, delete sensitive data",
    "Or: keep Alipay and only move the number",
    "3. Deregister, then ask for the data to be cleared",
]


def test_alipays_steps_carry_the_phases_of_article_000() -> None:
    alipay = load_catalog().platforms["alipay"]
    groups = [s.group for s in alipay.steps]
    assert all(g is not None and g.source == "seed:000" for g in groups)
    titles = list(dict.fromkeys(g.title.get("en") for g in groups if g is not None))
    assert titles == ALIPAY_EN
    by_step = {s.id: s.group.id for s in alipay.steps if s.group is not None}
    assert by_step["unbind-cards"] == by_step["revoke-auth"] == "clear-bindings"
    assert by_step["export-data"] == by_step["clear-data"] == "export-delete"
    assert by_step["deregister"] == by_step["support-clear-data"] == "deregister"


A = StepGroup("a", Text("甲组", "group A"), "seed:000")
B = StepGroup("b", Text("乙组", "group B"), "seed:000")


def _step(sid: str, group: StepGroup | None) -> Step:
    return Step(sid, StepKind.CLEAR_DATA, Text(sid, sid), group=group)


GROUPED = Platform(
    "grouped", Text("分组", "Grouped"), Category.OTHER,
    steps=(_step("one", A), _step("two", A), _step("three", B), _step("four", None)),
)  # fmt: skip


def test_a_heading_starts_each_group_and_each_account() -> None:
    catalog = Catalog({"grouped": GROUPED})
    numbers = [PhoneNumber(1, "+8613812341234", state=NumberState.WILL_CANCEL)]
    accounts = [Account(1, "grouped", 1), Account(2, "grouped", 1)]
    plan = build_plan(catalog, numbers, accounts, {}, TODAY)
    steps = [s for s in plan.steps if s.account_id is not None]
    shown = []
    previous = None
    for s in steps:
        h = group_heading(previous, s)
        shown.append((s.account_id, s.step.id, h.get("en") if h else None))
        previous = s
    first = [x for x in shown if x[0] == shown[0][0]]
    assert first == [
        (first[0][0], "one", "group A"),
        (first[0][0], "two", None),
        (first[0][0], "three", "group B"),
        (first[0][0], "four", None),
    ]
    second = [x for x in shown if x[0] != shown[0][0]]
    assert second[0][2] == "group A"  # the next account starts its own headings


class _Ctx(Context):
    pass


def _plan_output(path: Path, fmt: str, lang: str = "en") -> str:
    class Args:
        format = fmt

    ctx = _Ctx(db_path=path, lang=lang, today=TODAY, out=io.StringIO(), err=io.StringIO())  # type: ignore[arg-type]
    assert run(Args(), ctx) == 0  # type: ignore[arg-type]
    return ctx.out.getvalue()


def _alipay_db(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite"
    store = Store.open(path)
    try:
        n = store.add_number(
            "+8613812341234", state=NumberState.WILL_CANCEL, cancel_date=date(2027, 1, 31)
        )
        store.add_account("alipay", n.id)
    finally:
        store.close()
    return path


def test_plan_text_and_markdown_show_the_headings_above_their_steps(tmp_path: Path) -> None:
    db = _alipay_db(tmp_path)
    text = _plan_output(db, "text").splitlines()
    heads = [i for i, line in enumerate(text) if line.startswith("  ── ")]
    assert [text[i].removeprefix("  ── Alipay · ") for i in heads] == ALIPAY_EN
    for i in heads:
        assert text[i + 1].startswith("  [ ] Alipay · ")  # its first step follows
    md = _plan_output(db, "md")
    assert [
        line[len("### Alipay · ") :] for line in md.splitlines() if line.startswith("### ")
    ] == ALIPAY_EN
    zh = _plan_output(db, "text", "zh")
    assert "  ── 支付宝 · 一、先清掉账户的所有关联" in zh.splitlines()


def test_plan_json_carries_each_steps_heading(tmp_path: Path) -> None:
    doc = json.loads(_plan_output(_alipay_db(tmp_path), "json"))
    groups = {s["step_id"]: s["group"] for s in doc["steps"] if s["platform_id"] == "alipay"}
    assert groups["rebind-phone"] == {"zh": "一、先清掉账户的所有关联", "en": ALIPAY_EN[0]}
    assert groups["deregister"]["en"] == ALIPAY_EN[3]


def test_qqs_old_way_out_sits_under_its_own_heading() -> None:
    # seed 001: delete friends and remove security, then let the QQ number be recycled;
    # a heading says these are the way without deregistering (catalog-audit C12, C13)
    qq = load_catalog().platforms["qq"]
    grouped = {s.id: s.group for s in qq.steps if s.group is not None}
    assert set(grouped) == {"delete-friends", "close-qzone", "remove-security"}
    group = grouped["delete-friends"]
    assert group is not None and group.source == "seed:001"
    assert group.title.zh.startswith("或者：不注销")
    assert len({g.id for g in grouped.values() if g is not None}) == 1
