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
    Confidence,
    DeletionMethod,
    Grade,
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
# Tenpay, Baidu wallet). JD's balance is withdrawn first, while a card is still bound
# (audit C4, and `catalog --check`'s order rule); Baidu's T-beans stay in its own phase.
PAY_ARM_STEPS = {
    "wechat": ["withdraw-balance", "cancel-password-free", "unbind-cards", "close-pay"],
    "jd": ["withdraw-balance", "cancel-password-free", "unbind-cards", "close-pay"],
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
    # seed:001: the Taobao account signs in to Aliyun; JD's condition 8 speaks of other
    # sites and apps signing in through the JD account (audit E5, E7)
    for pid in ("taobao", "jd"):
        assert platform(catalog, pid).identity_provider, pid
    for pid in ("wechat", "qq", "douyin", "jd", "meituan"):  # named in seed:003
        assert platform(catalog, pid).covered_by_yzt, pid
    # MIIT's launch notice lists Alibaba, Alipay, Baidu and Kuaishou among the eight
    # companies (audit E1-E4); each entry cites it
    for pid in ("alipay", "taobao", "kuaishou", "baidu"):
        p = platform(catalog, pid)
        assert p.covered_by_yzt, pid
        assert "web:miit-yzt2" in {s.id for s in p.sources}, pid
    # Sina (Weibo) and NetEase are not among the eight companies
    assert not platform(catalog, "weibo").covered_by_yzt
    assert not platform(catalog, "netease").covered_by_yzt


def test_stable_step_ids_used_by_the_demo_data(catalog: Catalog) -> None:
    # the balance goes out to a bound card before the cards are unbound (audit E8)
    assert [s.id for s in platform(catalog, "alipay").steps] == [
        "rebind-phone", "cancel-password-free", "withdraw-balance", "unbind-cards",
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
    assert set(discover) == {
        "yzt-check", "unionpay-card-check", "carrier-app-check", "yzt-numbers-check",
    }  # fmt: skip
    assert all(s.phase is Phase.DISCOVER for s in discover.values())
    assert all(s.phase is Phase.AFTERCARE for s in aftercare.values())
    assert {"carrier-high-risk-list", "carrier-recheck", "login-alerts"} <= set(aftercare)
    yzt_days = cond(discover["yzt-check"].conditions, ConditionKind.REVIEW_DAYS)
    assert yzt_days.days == 2  # 48 h, by SMS from 10699000 (MIIT's notice)
    assert yzt_days.source == "web:miit-yzt2"
    assert "10699000" in yzt_days.text.zh
    for app in ("支付宝", "淘宝", "快手", "百度"):
        assert app in discover["yzt-check"].text.zh
    assert "一证通查" in discover["yzt-numbers-check"].text.en  # glossed, not bare
    assert "高风险回收名单" in aftercare["carrier-high-risk-list"].text.zh
    assert cond(aftercare["carrier-recheck"].conditions, ConditionKind.MANUAL).days == 7
    # seed:000 gives the carrier-app check only a week after deregistering (audit E10)
    assert not discover["carrier-app-check"].verified
    assert discover["carrier-app-check"].source == EDITORIAL_SOURCE
    # corroborated by public pages (audit §2.1)
    assert aftercare["renewal-unbind-note"].source == "web:itcow-renewal"
    assert discover["unionpay-card-check"].source == "web:unionpay-card-check"


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
    assert cond(dereg.conditions, ConditionKind.REGRET_DAYS).days == 30
    assert cond(dereg.conditions, ConditionKind.REVIEW_DAYS).days == 3  # 72 hours
    # Newer pages no longer list seed:001's one-month quiet rule and one-year order rule
    # (audit E13): both stay as things the user checks, not as waits the plan enforces.
    kinds = {c.kind for c in dereg.conditions}
    assert ConditionKind.QUIET_AFTER_CHANGE not in kinds
    assert ConditionKind.DAYS_SINCE_ORDERS_CLOSED not in kinds
    older = [c.days for c in dereg.conditions if c.kind is ConditionKind.MANUAL and c.days]
    assert sorted(older) == [30, 365]
    assert dereg.path is not None and dereg.path.zh == "我的 › 设置 › 账号与安全 › 注销京东账号服务"
    assert dereg.source == "web:jd-dereg-zhuceka"
    notes = platform(catalog, "jd").notes
    assert notes is not None and "账户安全 › 注销账号" in notes.zh  # the web route (M4)
    assert cond(dereg.conditions, ConditionKind.ZERO_BALANCE)
    assert cond(dereg.conditions, ConditionKind.NO_LINKED_APPS)
    for asset in ("E 卡", "京豆", "优惠券"):
        assert asset in step(catalog, "jd", "withdraw-balance").text.zh


def test_netease_self_service_with_the_older_inactivity_rule(catalog: Catalog) -> None:
    # seed:001 (2018): no entry, 180 days without login; newer pages: self-service with a
    # 15-day protection period (audit E11). Both kept, the 180 days stored once (C7).
    p = platform(catalog, "netease")
    assert p.deletion_method is DeletionMethod.SELF_SERVICE
    assert p.inactivity_days == 180
    inactivity = cond(p.conditions, ConditionKind.INACTIVITY_DELETION)
    assert (inactivity.days, inactivity.source) == (180, "seed:001")
    dereg = step(catalog, "netease", "deregister")
    regret = cond(dereg.conditions, ConditionKind.REGRET_DAYS)
    assert (regret.days, regret.source) == (15, "web:netease-dereg-haaqmj")
    assert p.notes is not None and "180" in p.notes.zh and "15" in p.notes.zh


def test_baidu_three_attempts_a_day(catalog: Catalog) -> None:
    dereg = step(catalog, "baidu", "deregister")
    assert cond(dereg.conditions, ConditionKind.DAILY_ATTEMPTS).days == 3
    assert dereg.path is not None and dereg.path.zh == "设置 › 账号管理 › 账号急救 › 账号注销"
    assert "网盘" in step(catalog, "baidu", "clear-data").text.zh


def test_qq_recycling_rules_and_new_deregistration_path(catalog: Catalog) -> None:
    p = platform(catalog, "qq")
    # "may be recycled" (seed:001) is a possibility, not a certain deletion (audit C17)
    assert not [c for c in p.conditions if c.kind is ConditionKind.INACTIVITY_DELETION]
    assert sorted(c.days or 0 for c in p.conditions if c.kind is ConditionKind.MANUAL) == [
        0,  # Tianyi QQ
        3,
        30,
        45,
        90,  # 3 months without login
        90,  # premium numbers
    ]
    assert all(c.source == "seed:001" for c in p.conditions)
    # today's route and cooling-off period (audit E12); seed:004's help-page route is kept
    # in the text as the fallback
    dereg = step(catalog, "qq", "deregister")
    assert dereg.source == "web:qq-dereg-ggosb"
    assert dereg.path is not None and dereg.path.zh == "设置 › 账号安全 › 注销账号"
    assert "关于QQ与帮助 › 帮助 › 基础功能" in dereg.text.zh
    assert cond(dereg.conditions, ConditionKind.REGRET_DAYS).days == 15
    assert "财付通" in step(catalog, "qq", "withdraw-balance").text.zh
    assert step(catalog, "qq", "delete-friends").verified
    assert step(catalog, "qq", "remove-security").verified


def test_weibo_seven_conditions(catalog: Catalog) -> None:
    assert len(step(catalog, "weibo", "deregister").conditions) == 7
    assert (
        "常规版"
        in (platform(catalog, "weibo").notes or step(catalog, "weibo", "deregister").text).zh
    )


# -- audit follow-up: errors, missing seed facts, consistency -------------------------------


def test_every_withdrawal_comes_before_the_last_card_is_unbound(catalog: Catalog) -> None:
    for p in catalog.platforms.values():
        kinds = [s.kind for s in p.steps]
        if StepKind.UNBIND_CARDS in kinds and StepKind.WITHDRAW_BALANCE in kinds:
            last_unbind = len(kinds) - 1 - kinds[::-1].index(StepKind.UNBIND_CARDS)
            assert kinds.index(StepKind.WITHDRAW_BALANCE) < last_unbind, p.id


def test_taobao_states_the_official_rule_and_the_authors_remark(catalog: Catalog) -> None:
    notes = platform(catalog, "taobao").notes
    assert notes is not None
    # the rule allows Aliyun (seed:001's 服务中心 list); the remark is the author's (E6)
    assert "阿里云" in notes.zh and "作者" in notes.zh
    rule = [c for c in step(catalog, "taobao", "deregister").conditions if "阿里云" in c.text.zh]
    assert len(rule) == 1 and rule[0].source == "seed:001"


def test_apple_deletion_is_on_the_privacy_site(catalog: Catalog) -> None:
    dereg = step(catalog, "apple-id", "deregister")  # audit E14
    assert "privacy.apple.com" in dereg.text.zh and "7 天" in dereg.text.zh
    assert dereg.source == "web:apple-dereg-guofenkong" and dereg.verified


def test_missing_seed_facts_are_now_shown(catalog: Catalog) -> None:
    def notes(pid: str) -> str:
        text = platform(catalog, pid).notes
        assert text is not None, pid
        return text.zh

    assert "前机主的联系人" in notes("wechat")  # M9, seed:003
    assert "双重验证" in notes("alipay") and "网页" in notes("alipay")  # M8, M3
    assert "被盗" in notes("qq")  # M7, seed:004
    for pid in ("wechat", "weibo", "baidu"):  # M5, M6, seeds 001/004
        assert "第四十三条" in notes(pid) and "解绑银行卡" in notes(pid), pid
    assert "催债电话" in notes("jd-finance")  # M2, seed:003
    assert "seed:" not in notes("icbc") and "data/" not in notes("china-mobile")  # C2
    # M1, seed:003: a long-unused account is better deregistered than only moved
    for pid in ("alipay", "qq", "baidu"):
        assert "不只是换绑" in step(catalog, pid, "rebind-phone").text.zh, pid


def test_reissue_after_90_days_is_cited_on_the_carriers(catalog: Catalog) -> None:
    for pid in ("china-mobile", "china-unicom", "china-telecom"):  # audit E15
        p = platform(catalog, pid)
        assert "web:thepaper-renumber" in {s.id for s in p.sources}
        assert p.notes is not None and "90 天" in p.notes.zh


# -- grades, dates and SMS signatures --------------------------------------------------------


def test_every_entry_is_graded_dated_and_recognisable(catalog: Catalog) -> None:
    for p in catalog.platforms.values():
        assert p.grade is not None and p.grade_reason is not None, p.id
        assert p.grade_reason.zh and p.grade_reason.en, p.id
        assert p.checked is not None, p.id
        if p.id != "bank":  # the generic "other banks" entry names no bank
            assert p.sms or p.domains, f"{p.id}: neither a signature nor a domain"


def test_company_signatures_are_told_apart_by_app_words(catalog: Catalog) -> None:
    claims: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for p in catalog.platforms.values():
        for sig in p.sms:
            claims.setdefault(sig.signature, []).append((p.id, sig.words))
    assert dict(claims["腾讯科技"]) == {"wechat": ("微信",), "qq": ("QQ",)}
    for signature, owners in claims.items():
        if len(owners) > 1:
            assert all(words for _, words in owners), signature
    taobao = {s.signature: s for s in platform(catalog, "taobao").sms}
    assert taobao["阿里巴巴"].words == ("淘宝",)
    assert taobao["淘宝网"].confidence is Confidence.HIGH


def test_stable_sender_numbers(catalog: Catalog) -> None:
    expected = {
        "alipay": "95188", "unionpay": "95516", "railway12306": "12306", "icbc": "95588",
        "ccb": "95533", "china-mobile": "10086", "china-unicom": "10010",
        "china-telecom": "10000", "bocom": "95559", "psbc": "95580",
    }  # fmt: skip
    for pid, sender in expected.items():
        assert sender in platform(catalog, pid).sms_senders, pid


# -- new entries (audit §3 rows 1-24) ------------------------------------------------------


NEW_FINANCE = {
    "ecny", "bocom", "psbc", "citic", "ceb", "hxb", "cmbc", "spdb", "cib", "pingan-bank",
    "cgb", "czbank", "webank", "mybank", "jd-finance", "duxiaoman", "jietiao360", "zhaolian",
    "fenqile", "eastmoney", "ths", "htsc", "tiantian-fund", "danjuan", "pingan", "chinalife",
    "hebao", "bestpay", "wopay", "paypal",
}  # fmt: skip
NEW_GOVERNMENT = {
    "pbccrc", "gjj", "itax", "jiaoguan12123", "gov-service", "nhsa", "e-social-security",
    "fanzha", "chsi", "xuexi", "nia",
}  # fmt: skip


def test_money_and_government_entries_exist_in_their_categories(catalog: Catalog) -> None:
    for pid in NEW_FINANCE:
        assert platform(catalog, pid).category is Category.FINANCE, pid
    for pid in NEW_GOVERNMENT:
        p = platform(catalog, pid)
        assert p.category is Category.GOVERNMENT, pid
        assert Phase.for_category(p.category) is Phase.FINANCE
    assert len(catalog.platforms) >= 70


def test_government_paths_follow_their_public_sources(catalog: Catalog) -> None:
    tax = step(catalog, "itax", "rebind-phone")
    assert tax.path is not None and tax.path.zh == "个人中心 › 安全中心 › 修改手机号码"
    assert tax.source == "web:itax-guangxi" and tax.verified
    assert "银行卡" in tax.text.zh  # the old number gone: verify with a card
    traffic = step(catalog, "jiaoguan12123", "rebind-phone")
    assert traffic.path is not None
    assert traffic.path.zh == "我的 › 我的信息 › 手机号码 › 修改手机号码"
    assert "刷脸" in traffic.text.zh
    chsi = step(catalog, "chsi", "rebind-phone")  # one low-confidence page: unverified
    assert chsi.path is not None and not chsi.verified and chsi.source == "web:chsi-6520"
    ecny = step(catalog, "ecny", "rebind-phone")
    assert ecny.path is not None and ecny.path.zh.endswith("登录账号 › 更换手机号")
    assert ecny.source == "web:ecny-thepaper"


def test_unsourced_new_entries_stay_unverified(catalog: Catalog) -> None:
    for pid in NEW_FINANCE | NEW_GOVERNMENT:
        p = platform(catalog, pid)
        assert not p.verified, pid
        assert p.deletion_path is None, pid
        for s in p.steps:
            if s.source == EDITORIAL_SOURCE:
                assert not s.verified and s.path is None, f"{pid}/{s.id}"
    # official records outlive the account: at best a partial exit
    for pid in ("itax", "jiaoguan12123", "pbccrc", "gjj"):
        assert platform(catalog, pid).grade is Grade.LIMITED, pid


# -- plan-rules: facts the plan's rules read --------------------------------------------


def test_only_the_carriers_deregistration_cancels_the_number(catalog: Catalog) -> None:
    # catalog-audit C5: the carriers' step says "所有账号都处理完后"; the plan holds it last
    carriers = {"china-mobile", "china-unicom", "china-telecom", "china-broadnet"}
    cancelling = {
        (p.id, s.id) for p in catalog.platforms.values() for s in p.steps if s.cancels_number
    }
    assert cancelling == {(pid, "deregister") for pid in carriers}
    for pid in carriers:
        assert "所有账号都处理完后" in step(catalog, pid, "deregister").text.zh
