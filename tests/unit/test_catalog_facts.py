"""The shipped catalog loads cleanly and says what the seed articles say."""

from __future__ import annotations

from importlib.resources.abc import Traversable

import pytest

from acctexit.catalog import EDITORIAL_SOURCE, load_catalog
from acctexit.domain.models import (
    PATH_SEPARATOR,
    Catalog,
    Category,
    Condition,
    ConditionKind,
    DeletionMethod,
    Phase,
    Platform,
    Step,
    StepKind,
)
from acctexit.resources import data_root


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def platform(catalog: Catalog, pid: str) -> Platform:
    p = catalog.get(pid)
    assert p is not None, pid
    return p


def step(catalog: Catalog, pid: str, sid: str) -> Step:
    s = platform(catalog, pid).step(sid)
    assert s is not None, f"{pid}/{sid}"
    return s


def cond(conditions: tuple[Condition, ...], kind: ConditionKind) -> Condition:
    found = [c for c in conditions if c.kind is kind]
    assert len(found) == 1, (kind, conditions)
    return found[0]


# -- the whole catalog -------------------------------------------------------------------


def test_shipped_catalog_loads_with_at_least_30_platforms(catalog: Catalog) -> None:
    assert len(catalog.platforms) >= 30
    expected = {
        "alipay", "wechat", "qq", "weibo", "taobao", "jd", "baidu", "netease", "bank", "icbc",
        "ccb", "abc", "boc", "cmb", "unionpay", "douyin", "kuaishou", "meituan", "pinduoduo",
        "xiaohongshu", "bilibili", "zhihu", "eleme", "didi", "ctrip", "railway12306",
        "apple-id", "huawei-id", "xiaomi-id", "china-mobile", "china-unicom", "china-telecom",
    }  # fmt: skip
    assert expected <= set(catalog.platforms)


def test_loads_from_a_traversable_root() -> None:
    root: Traversable = data_root()
    assert len(load_catalog(root).platforms) >= 30


def test_every_verified_entry_cites_a_real_source(catalog: Catalog) -> None:
    for p in catalog.platforms.values():
        assert p.sources, f"{p.id} cites no source"
        if p.verified:
            assert any(s.id != EDITORIAL_SOURCE for s in p.sources), p.id
        for s in p.steps:
            assert s.source, f"{p.id}/{s.id} cites no source"
            if s.verified:
                assert s.source != EDITORIAL_SOURCE, f"{p.id}/{s.id}"
            for c in s.conditions:
                assert c.source, f"{p.id}/{s.id} condition cites no source"
    for s in catalog.discover_steps + catalog.aftercare_steps:
        assert s.source
        if s.verified:
            assert s.source != EDITORIAL_SOURCE


def test_unverified_steps_never_carry_a_menu_path(catalog: Catalog) -> None:
    for p in catalog.platforms.values():
        if not p.verified:
            assert p.deletion_path is None, p.id
        for s in p.steps:
            if s.source == EDITORIAL_SOURCE:
                assert s.path is None, f"{p.id}/{s.id} has an unsourced menu path"


def test_only_the_seed_platforms_are_verified(catalog: Catalog) -> None:
    verified = {p.id for p in catalog.platforms.values() if p.verified}
    assert verified == {"alipay", "wechat", "qq", "weibo", "taobao", "jd", "baidu", "netease"}


# The steps that belong to each platform's payment arm (WeChat Pay, JD Pay, QQ wallet /
# Tenpay, Baidu wallet). JD's mall assets (balance, E-card, beans) and Baidu's T-beans
# belong to the shop / account itself and stay in the platform's own phase.
PAY_ARM_STEPS = {
    "wechat": ["withdraw-balance", "cancel-password-free", "unbind-cards", "close-pay"],
    "jd": ["cancel-password-free", "unbind-cards", "close-pay"],
    "qq": ["withdraw-balance", "cancel-password-free", "unbind-cards"],
    "baidu": ["withdraw-balance", "close-pay"],
}


@pytest.mark.parametrize("pid", sorted(PAY_ARM_STEPS))
def test_payment_arm_steps_run_in_the_finance_phase(catalog: Catalog, pid: str) -> None:
    p = platform(catalog, pid)
    assert p.category is not Category.FINANCE
    for sid in PAY_ARM_STEPS[pid]:
        assert step(catalog, pid, sid).phase is Phase.FINANCE, f"{pid}/{sid}"
    others = [s for s in p.steps if s.id not in PAY_ARM_STEPS[pid]]
    assert others and all(s.phase is None for s in others)
    # the payment arm comes first in the list, as it does in the plan
    assert [s.id for s in p.steps[: len(PAY_ARM_STEPS[pid])]] == PAY_ARM_STEPS[pid]


def test_identity_providers_and_yzt_coverage(catalog: Catalog) -> None:
    for pid in ("wechat", "qq", "alipay", "weibo", "apple-id", "huawei-id", "xiaomi-id"):
        assert platform(catalog, pid).identity_provider, pid
    for pid in ("wechat", "qq", "douyin", "jd", "meituan"):  # named in seed:003
        assert platform(catalog, pid).covered_by_yzt, pid
    assert not platform(catalog, "taobao").covered_by_yzt


def test_stable_step_ids_used_by_the_demo_data(catalog: Catalog) -> None:
    assert [s.id for s in platform(catalog, "alipay").steps] == [
        "rebind-phone", "cancel-password-free", "unbind-cards", "withdraw-balance",
        "revoke-auth", "export-data", "clear-data", "rebind-final", "deregister",
        "support-clear-data",
    ]  # fmt: skip
    for pid in ("wechat", "jd"):
        ids = {s.id for s in platform(catalog, pid).steps}
        assert {"withdraw-balance", "unbind-cards", "close-pay", "revoke-auth", "deregister"} <= ids
    assert {s.id for s in platform(catalog, "taobao").steps} >= {"rebind-phone", "deregister"}


def test_official_services(catalog: Catalog) -> None:
    discover = {s.id: s for s in catalog.discover_steps}
    aftercare = {s.id: s for s in catalog.aftercare_steps}
    assert set(discover) == {"yzt-check", "unionpay-card-check", "carrier-app-check"}
    assert all(s.phase is Phase.DISCOVER for s in discover.values())
    assert all(s.phase is Phase.AFTERCARE for s in aftercare.values())
    assert {"carrier-high-risk-list", "carrier-recheck", "login-alerts"} <= set(aftercare)
    assert cond(discover["yzt-check"].conditions, ConditionKind.REVIEW_DAYS).days == 2  # 48 h
    assert "高风险回收名单" in aftercare["carrier-high-risk-list"].text.zh
    assert cond(aftercare["carrier-recheck"].conditions, ConditionKind.MANUAL).days == 7
    assert not aftercare["renewal-unbind-note"].verified
    assert not discover["unionpay-card-check"].verified


# -- seed facts, article by article --------------------------------------------------------


def test_alipay_four_phases_from_article_000(catalog: Catalog) -> None:
    p = platform(catalog, "alipay")
    assert p.category is Category.FINANCE
    assert step(catalog, "alipay", "rebind-phone").path.zh == PATH_SEPARATOR.join(  # type: ignore[union-attr]
        ["我的", "设置", "账号与安全", "手机号"]
    )
    assert step(catalog, "alipay", "revoke-auth").path.zh == "隐私 › 授权管理"  # type: ignore[union-attr]
    assert "五年" in step(catalog, "alipay", "export-data").text.zh
    assert "蚂蚁森林" in step(catalog, "alipay", "clear-data").text.zh
    dereg = step(catalog, "alipay", "deregister")
    assert dereg.path is not None and dereg.path.zh == "设置 › 账号与安全 › 安全中心 › 账号注销"
    assert "芝麻信用" in dereg.text.zh
    support = step(catalog, "alipay", "support-clear-data")
    assert support.kind is StepKind.CONTACT_SUPPORT
    assert "7–15 个工作日" in support.text.zh
    assert all(s.verified for s in p.steps)


def test_alipay_inactivity_closure_and_zero_balance(catalog: Catalog) -> None:
    p = platform(catalog, "alipay")
    assert cond(p.conditions, ConditionKind.INACTIVITY_DELETION).days == 365  # 12 months
    assert p.inactivity_days == 365
    assert cond(p.conditions, ConditionKind.MANUAL).days == 180  # 6 months without trades
    zero = cond(step(catalog, "alipay", "deregister").conditions, ConditionKind.ZERO_BALANCE)
    assert "余额宝" in zero.text.zh
    assert zero.source == "seed:001"


def test_wechat_quiet_period_and_conditions(catalog: Catalog) -> None:
    p = platform(catalog, "wechat")
    assert p.deletion_path is not None
    assert p.deletion_path.zh == "我 › 设置 › 账号与安全 › 微信安全中心 › 注销账号"
    dereg = step(catalog, "wechat", "deregister")
    assert cond(dereg.conditions, ConditionKind.QUIET_AFTER_CHANGE).days == 14
    assert len(dereg.conditions) == 4
    assert {c.kind for c in dereg.conditions} >= {
        ConditionKind.ZERO_BALANCE,
        ConditionKind.NO_LINKED_APPS,
    }
    assert cond(p.conditions, ConditionKind.MANUAL).days == 30  # authorisations lapse


def test_taobao_order_rule_and_conditions(catalog: Catalog) -> None:
    dereg = step(catalog, "taobao", "deregister")
    assert cond(dereg.conditions, ConditionKind.DAYS_SINCE_LAST_ORDER).days == 15
    assert len(dereg.conditions) == 7
    assert 90 in [c.days for c in dereg.conditions]  # second-hand listings
    assert dereg.path is not None and dereg.path.zh == "设置 › 账户与安全 › 注销账户"
    assert "短信验证码" in dereg.text.zh


def test_jd_order_review_and_regret_rules(catalog: Catalog) -> None:
    dereg = step(catalog, "jd", "deregister")
    assert cond(dereg.conditions, ConditionKind.DAYS_SINCE_ORDERS_CLOSED).days == 365
    assert cond(dereg.conditions, ConditionKind.REGRET_DAYS).days == 30
    assert cond(dereg.conditions, ConditionKind.REVIEW_DAYS).days == 3  # 72 hours
    assert cond(dereg.conditions, ConditionKind.QUIET_AFTER_CHANGE).days == 30  # one month
    assert cond(dereg.conditions, ConditionKind.ZERO_BALANCE)
    assert cond(dereg.conditions, ConditionKind.NO_LINKED_APPS)
    for asset in ("E 卡", "京豆", "优惠券"):
        assert asset in step(catalog, "jd", "withdraw-balance").text.zh


def test_netease_is_deleted_only_by_inactivity(catalog: Catalog) -> None:
    p = platform(catalog, "netease")
    assert p.deletion_method is DeletionMethod.INACTIVITY
    assert p.inactivity_days == 180
    assert cond(p.conditions, ConditionKind.INACTIVITY_DELETION).days == 180


def test_baidu_three_attempts_a_day(catalog: Catalog) -> None:
    dereg = step(catalog, "baidu", "deregister")
    assert cond(dereg.conditions, ConditionKind.DAILY_ATTEMPTS).days == 3
    assert dereg.path is not None and dereg.path.zh == "设置 › 账号管理 › 账号急救 › 账号注销"
    assert "网盘" in step(catalog, "baidu", "clear-data").text.zh


def test_qq_recycling_rules_and_new_deregistration_path(catalog: Catalog) -> None:
    p = platform(catalog, "qq")
    assert cond(p.conditions, ConditionKind.INACTIVITY_DELETION).days == 90  # 3 months
    assert sorted(c.days or 0 for c in p.conditions if c.kind is ConditionKind.MANUAL) == [
        0,  # Tianyi QQ
        3,
        30,
        45,
        90,  # premium numbers
    ]
    dereg = step(catalog, "qq", "deregister")
    assert dereg.source == "seed:004"
    assert dereg.path is not None and "关于QQ与帮助 › 帮助 › 基础功能" in dereg.path.zh
    assert "财付通" in step(catalog, "qq", "withdraw-balance").text.zh
    assert step(catalog, "qq", "delete-friends").verified
    assert step(catalog, "qq", "remove-security").verified


def test_weibo_seven_conditions(catalog: Catalog) -> None:
    assert len(step(catalog, "weibo", "deregister").conditions) == 7
    assert (
        "常规版"
        in (platform(catalog, "weibo").notes or step(catalog, "weibo", "deregister").text).zh
    )
