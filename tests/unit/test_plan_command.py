"""`acctexit-tui plan`: prints the plan from a real store, in text, Markdown and JSON."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from acctexit.commands.context import Context
from acctexit.commands.plan import run
from acctexit.domain.models import (
    Catalog,
    Category,
    Condition,
    ConditionKind,
    NumberState,
    Phase,
    PhoneUse,
    Platform,
    Step,
    StepKind,
    StepStatus,
    Text,
)
from acctexit.store import Store

TODAY = date(2026, 5, 1)

WECHAT = Platform(
    "wechat", Text("微信", "WeChat"), Category.SOCIAL,
    phone_use=frozenset({PhoneUse.SMS_LOGIN}), identity_provider=True, holds_funds=True,
    steps=(
        Step("pay-close", StepKind.DEREGISTER, Text("注销微信支付", "close WeChat Pay"),
             phase=Phase.FINANCE),
        Step("revoke", StepKind.REVOKE_AUTHORISATIONS, Text("解除授权", "revoke authorisations")),
        Step("dereg", StepKind.DEREGISTER, Text("注销微信", "deregister WeChat"),
             path=Text("我 › 设置 › 注销", "Me › Settings › Deregister"),
             conditions=(
                 Condition(ConditionKind.QUIET_AFTER_CHANGE, Text("14 天", "14 days"), 14),
             )),
    ),
)  # fmt: skip
ZHIHU = Platform(
    "zhihu", Text("知乎", "Zhihu"), Category.SOCIAL, phone_use=frozenset({PhoneUse.SMS_LOGIN}),
    steps=(Step("dereg", StepKind.DEREGISTER, Text("注销知乎", "deregister Zhihu")),),
)  # fmt: skip
CATALOG = Catalog(
    {"wechat": WECHAT, "zhihu": ZHIHU},
    discover_steps=(Step("yzt", StepKind.CHECK, Text("一证通查", "run 一证通查")),),
)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "db.sqlite"
    store = Store.open(path)
    try:
        n = store.add_number(
            "+8613812341234", state=NumberState.CANCELLED, cancel_date=date(2026, 3, 7)
        )
        w = store.add_account("wechat", n.id, last_sensitive_change=date(2026, 4, 24))
        store.add_account("zhihu", n.id, sign_in_via="wechat")
        store.set_step((None, n.id, "yzt"), StepStatus.DONE)
        store.set_step((w.id, None, "pay-close"), StepStatus.DONE)
    finally:
        store.close()
    return path


class CatalogContext(Context):
    """A Context with a catalog made in the test."""

    catalog: Catalog = CATALOG

    def load_catalog(self) -> Catalog:
        return self.catalog


def run_plan(db, fmt, lang="en", catalog=CATALOG):
    class Args:
        format = fmt

    ctx = CatalogContext(
        db_path=db, lang=lang, today=TODAY, out=io.StringIO(), err=io.StringIO(), catalog=catalog
    )
    code = run(Args(), ctx)
    return code, ctx.out.getvalue()


def test_text_plan_in_english(db):
    code, out = run_plan(db, "text")
    assert code == 0
    assert "138****1234" in out and "13812341234" not in out
    assert "2 of 5 steps done or skipped (40%)" in out
    assert "number may be re-issued in 35 days (2026-06-05)" in out
    assert "where: Me › Settings › Deregister" in out
    assert "from: 2026-05-08" in out  # 2026-04-24 + 14 days
    assert "waits on: first stop Zhihu signing in with WeChat" in out
    lines = out.splitlines()
    assert lines.index("  [x] 138****1234 · run 一证通查") < next(
        i for i, line in enumerate(lines) if "deregister WeChat" in line
    )
    assert "Next: WeChat · revoke authorisations" in out  # riskiest account first


def test_text_plan_in_chinese(db):
    code, out = run_plan(db, "text", lang="zh")
    assert code == 0
    assert "换号计划" in out and "先解除知乎的微信登录" in out
    assert "号码最早可能在 35 天后（2026-06-05）被重新发放" in out


def test_markdown_plan(db):
    code, out = run_plan(db, "md")
    assert code == 0
    assert out.startswith("# Plan · today 2026-05-01")
    assert "## 1. Discover (1/1)" in out
    # the masked number is escaped so Markdown shows its stars instead of emphasis
    assert "- [x] 138\\*\\*\\*\\*1234 · run 一证通查" in out
    assert "- [ ] WeChat · deregister WeChat" in out


def test_json_plan(db):
    code, out = run_plan(db, "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["progress"] == {"done": 2, "skipped": 0, "total": 5}
    assert doc["numbers"][0]["number"] == "138****1234"
    assert doc["numbers"][0]["reissue_date"] == "2026-06-05"
    assert len({tuple(map(str, s["key"])) for s in doc["steps"]}) == 5
    dereg = next(
        s for s in doc["steps"] if s["platform_id"] == "wechat" and s["step_id"] == "dereg"
    )
    assert dereg["possible_from"] == "2026-05-08"
    assert dereg["waits_on_text"][-1]["zh"] == "先解除知乎的微信登录"
    assert doc["steps"][0]["phase"] == "discover"
    assert "13812341234" not in out


def test_empty_database(tmp_path):
    Store.open(tmp_path / "db.sqlite").close()
    code, out = run_plan(tmp_path / "db.sqlite", "text")
    assert code == 0
    assert "No numbers added yet." in out and "No steps" in out


def test_real_catalog_plan_runs(db):
    from acctexit.catalog import load_catalog

    code, out = run_plan(db, "text", catalog=load_catalog())
    assert code == 0 and "138****1234" in out


def test_cli_lists_plan_command(capsys):
    from acctexit.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["plan", "--format", "md"])
    assert args.format == "md" and args.run is run


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_levels_in_one_vocabulary_with_the_badge(db, lang):
    """The account lines and the number's counts use the words of the badge and the
    filter (`level_*` in data/strings.toml), never a vocabulary of their own."""
    from acctexit.domain.models import RiskLevel
    from acctexit.domain.plan import build_plan
    from acctexit.i18n import translate

    store = Store.open(db)
    try:
        plan = build_plan(CATALOG, store.numbers(), store.accounts(), store.step_states(), TODAY)
    finally:
        store.close()
    _code, out = run_plan(db, "text", lang=lang)
    (number_risk,) = plan.number_risks.values()
    levels = {r.level for r in plan.account_risks.values()}
    assert levels - {RiskLevel.RESOLVED}  # something to count
    for level in levels:
        word = translate(f"level_{level.value}", lang)
        n = number_risk.counts[level]
        assert f"  {word} " in out  # an account line starts with the badge word
        if level is not RiskLevel.RESOLVED:
            assert translate("level_count", lang, n=n, level=word) in out
    for stray in ("高危", "极高危", "中危", "低危", "high-risk", "medium-risk"):
        assert stray not in out
