"""The catalog loader rejects broken files with precise, complete messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from acctexit.catalog import CatalogError, CatalogProblem, load_catalog
from acctexit.domain.models import Category, ConditionKind, DeletionMethod, Phase, StepKind

SOURCES = """
[[source]]
id = "seed:001"
title = "Test article"

[[source]]
id = "editorial"
title = "Editors"
"""

GOOD = """
id = "{pid}"
name.zh = "样例"
name.en = "Example"
category = "commerce"
domains = ["example.com"]
phone_use = ["sms_login"]
deletion_method = "self_service"
deletion_path.zh = ["我的", "设置", "注销"]
deletion_path.en = ["Me", "Settings", "Deregister"]
verified = true
sources = ["seed:001"]

[[steps]]
id = "rebind-phone"
kind = "rebind_phone"
text.zh = "换绑手机号"
source = "seed:001"

[[steps]]
id = "deregister"
kind = "deregister"
text.zh = "注销"
text.en = "Deregister"
verified = true
source = "seed:001"

[[steps.conditions]]
kind = "quiet_after_change"
days = 14
text.zh = "两周内无敏感操作"
source = "seed:001"
"""


def make_root(tmp_path: Path, platforms: dict[str, str], services: str | None = None) -> Path:
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "sources.toml").write_text(SOURCES, encoding="utf-8")
    for name, text in platforms.items():
        (root / "platforms" / f"{name}.toml").write_text(text, encoding="utf-8")
    if services is not None:
        (root / "services.toml").write_text(services, encoding="utf-8")
    return root


def problems_for(root: Path) -> list[CatalogProblem]:
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    return info.value.problems


def test_valid_minimal_catalog_loads(tmp_path: Path) -> None:
    catalog = load_catalog(make_root(tmp_path, {"shop": GOOD.format(pid="shop")}))
    shop = catalog.platforms["shop"]
    assert shop.category is Category.COMMERCE
    assert shop.deletion_method is DeletionMethod.SELF_SERVICE
    assert shop.deletion_path is not None
    assert shop.deletion_path.zh == "我的 › 设置 › 注销"
    assert shop.deletion_path.en == "Me › Settings › Deregister"
    assert [s.id for s in shop.steps] == ["rebind-phone", "deregister"]
    step = shop.step("deregister")
    assert step is not None and step.kind is StepKind.DEREGISTER
    assert step.conditions[0].kind is ConditionKind.QUIET_AFTER_CHANGE
    assert step.conditions[0].days == 14
    assert [s.id for s in shop.sources] == ["seed:001"]


def test_malformed_toml_is_reported_with_line_and_column(tmp_path: Path) -> None:
    broken = GOOD.format(pid="shop").replace('category = "commerce"', 'category = "commerce')
    problems = problems_for(make_root(tmp_path, {"shop": broken}))
    assert len(problems) == 1
    p = problems[0]
    assert p.file == "data/platforms/shop.toml"
    assert p.field.startswith("line 5, column")
    assert "invalid TOML" in p.reason


def test_missing_required_field(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace('category = "commerce"\n', "")
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert (p.file, p.field, p.reason) == (
        "data/platforms/shop.toml",
        "category",
        "required field is missing",
    )


def test_missing_english_name_is_reported(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace('name.en = "Example"\n', "")
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert (p.field, p.reason) == ("name.en", "required field is missing")


def test_unknown_category(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace('"commerce"', '"shopping"')
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "category"
    assert p.reason.startswith(
        "unknown category 'shopping' (expected one of: finance, government, social,"
    )


def test_negative_day_count(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace("days = 14", "days = -14")
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "steps[1].conditions[0].days"
    assert "must not be negative" in p.reason


def test_fractional_day_count(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace("days = 14", "days = 14.5")
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "steps[1].conditions[0].days"
    assert "whole number" in p.reason


def test_day_kind_without_days(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace("days = 14\n", "")
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "steps[1].conditions[0].days"
    assert "required for condition kind 'quiet_after_change'" in p.reason


def test_duplicate_platform_id(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"shop": GOOD.format(pid="shop"), "shop2": GOOD.format(pid="shop")})
    problems = problems_for(root)
    fields = {(p.file, p.field) for p in problems}
    assert ("data/platforms/shop2.toml", "id") in fields
    reasons = " | ".join(p.reason for p in problems)
    assert "does not match the file name (expected 'shop2')" in reasons
    assert "duplicate platform id 'shop' (also in data/platforms/shop.toml)" in reasons


def test_duplicate_step_id(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace('id = "rebind-phone"', 'id = "deregister"')
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "steps[1].id"
    assert p.reason == "duplicate step id 'deregister' (also steps[0])"


def test_unknown_step_kind(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace('kind = "rebind_phone"', 'kind = "foo"')
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.file == "data/platforms/shop.toml"
    assert p.field == "steps[0].kind"
    assert p.reason.startswith("unknown step kind 'foo' (expected one of: check, rebind_phone,")
    assert str(p).startswith("data/platforms/shop.toml: steps[0].kind: unknown step kind 'foo'")


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (
            'kind = "quiet_after_change"',
            'kind = "sometime"',
            "steps[1].conditions[0].kind",
            "unknown condition kind",
        ),
        (
            'phone_use = ["sms_login"]',
            'phone_use = ["fax"]',
            "phone_use[0]",
            "unknown phone use 'fax'",
        ),
        (
            '"self_service"',
            '"ask_nicely"',
            "deletion_method",
            "unknown deletion method 'ask_nicely'",
        ),
        (
            'domains = ["example.com"]',
            'domains = ["https://example.com/"]',
            "domains[0]",
            "bare lowercase domain",
        ),
        (
            'verified = true\nsources = ["seed:001"]',
            'verified = "yes"\nsources = ["seed:001"]',
            "verified",
            "expected true or false",
        ),
    ],
)
def test_unknown_enum_values_and_bad_types(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    text = GOOD.format(pid="shop")
    assert old in text
    (p,) = problems_for(make_root(tmp_path, {"shop": text.replace(old, new, 1)}))
    assert p.field == field
    assert reason in p.reason


def test_unknown_key_is_rejected_with_a_suggestion(tmp_path: Path) -> None:
    text = (
        GOOD.format(pid="shop")
        .replace("holds", "x")
        .replace('domains = ["example.com"]', 'domains = ["example.com"]\nholds_fund = true')
    )
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "holds_fund"
    assert "unknown key 'holds_fund'; did you mean 'holds_funds'?" in p.reason


def test_unknown_source_reference(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace(
        'source = "seed:001"\n\n[[steps]]', 'source = "seed:999"\n\n[[steps]]'
    )
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "steps[0].source"
    assert "unknown source 'seed:999'" in p.reason


def test_verified_needs_a_real_source(tmp_path: Path) -> None:
    text = GOOD.format(pid="shop").replace('sources = ["seed:001"]', 'sources = ["editorial"]')
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert p.field == "verified"
    assert "needs at least one source" in p.reason
    text = GOOD.format(pid="shop").replace('sources = ["seed:001"]\n', "")
    (p,) = problems_for(make_root(tmp_path / "again", {"shop": text}))
    assert p.field == "verified"


def test_inactivity_method_needs_days(tmp_path: Path) -> None:
    text = (
        GOOD.format(pid="shop")
        .replace('"self_service"', '"inactivity"')
        .replace('deletion_path.zh = ["我的", "设置", "注销"]\n', "")
        .replace('deletion_path.en = ["Me", "Settings", "Deregister"]\n', "")
    )
    (p,) = problems_for(make_root(tmp_path, {"shop": text}))
    assert (p.field, p.reason) == (
        "inactivity_days",
        "required when deletion_method is 'inactivity'",
    )


def test_every_problem_is_collected_across_files(tmp_path: Path) -> None:
    bad_kind = GOOD.format(pid="one").replace('kind = "rebind_phone"', 'kind = "foo"')
    bad_cat = (
        GOOD.format(pid="two").replace('"commerce"', '"shopping"').replace("days = 14", "days = -1")
    )
    broken = "id = [unclosed"
    root = make_root(tmp_path, {"one": bad_kind, "two": bad_cat, "three": broken})
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    lines = str(info.value).splitlines()
    assert len(lines) == 4
    assert any(
        line.startswith("data/platforms/one.toml: steps[0].kind: unknown step kind")
        for line in lines
    )
    assert any(
        line.startswith("data/platforms/two.toml: category: unknown category") for line in lines
    )
    assert any(
        line.startswith("data/platforms/two.toml: steps[1].conditions[0].days:") for line in lines
    )
    assert any(line.startswith("data/platforms/three.toml: line 1, column") for line in lines)


def test_services_get_their_phase_and_share_one_id_namespace(tmp_path: Path) -> None:
    services = """
[[discover]]
id = "look-up"
kind = "check"
text.zh = "查询"

[[aftercare]]
id = "recheck"
kind = "aftercare_check"
text.zh = "复查"
"""
    catalog = load_catalog(make_root(tmp_path, {"shop": GOOD.format(pid="shop")}, services))
    assert [(s.id, s.phase) for s in catalog.discover_steps] == [("look-up", Phase.DISCOVER)]
    assert [(s.id, s.phase) for s in catalog.aftercare_steps] == [("recheck", Phase.AFTERCARE)]
    clash = services.replace('"recheck"', '"look-up"')
    (p,) = problems_for(make_root(tmp_path / "b", {"shop": GOOD.format(pid="shop")}, clash))
    assert (p.file, p.field) == ("data/services.toml", "aftercare[0].id")


def test_wrong_shapes_never_raise_anything_but_catalog_error(tmp_path: Path) -> None:
    weird = """
id = 7
name = "not a table"
category = ["finance"]
domains = "example.com"
phone_use = "sms_login"
deletion_method = 3
deletion_path = ["a", "b"]
inactivity_days = true
sources = "seed:001"
conditions = {kind = "manual"}
steps = [1, "two", {id = "Bad Id", kind = "deregister", text = "x", path = {zh = []}}]
"""
    problems = problems_for(make_root(tmp_path, {"weird": weird}))
    assert len(problems) >= 10
    assert all(p.file == "data/platforms/weird.toml" for p in problems)


def test_missing_platforms_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (p,) = problems_for(tmp_path / "data")
    assert (p.file, p.reason) == ("data/platforms", "folder is missing")


def test_catalog_error_str_is_one_problem_per_line() -> None:
    err = CatalogError(
        [
            CatalogProblem("data/platforms/jd.toml", "steps[2].kind", "bad"),
            CatalogProblem("x", "", "y"),
        ]
    )
    assert str(err) == "data/platforms/jd.toml: steps[2].kind: bad\nx: y"


# ---- the fields added for grades, check dates and SMS signatures ----------------------

NEW_FIELDS = """
grade = "medium"
grade_reason.zh = "需要先结清余额。"
grade_reason.en = "The balance must be empty first."
checked = 2026-12-05
sms_senders = ["95188", "1069000"]

[[sms]]
signature = "腾讯科技"
words = ["微信", "WeChat"]
confidence = "high"
source = "seed:001"

[[sms]]
signature = "微信支付"
confidence = "low"
"""


def with_new_fields(pid: str = "shop", extra: str = NEW_FIELDS) -> str:
    """GOOD with the new top-level keys placed before its first table."""
    head, tail = GOOD.format(pid=pid).split("\n[[steps]]", 1)
    top, sms = extra.split("\n[[sms]]", 1) if "[[sms]]" in extra else (extra, "")
    text = head + top + "\n[[steps]]" + tail
    return text + ("\n[[sms]]" + sms if sms else "")


def test_grade_check_date_and_signatures_load(tmp_path: Path) -> None:
    from datetime import date

    from acctexit.domain.models import Confidence, Grade, SmsSignature, Text

    shop = load_catalog(make_root(tmp_path, {"shop": with_new_fields()})).platforms["shop"]
    assert shop.grade is Grade.MEDIUM
    assert shop.grade_reason == Text("需要先结清余额。", "The balance must be empty first.")
    assert shop.checked == date(2026, 12, 5)
    assert shop.sms_senders == ("95188", "1069000")
    assert shop.sms == (
        SmsSignature("腾讯科技", Confidence.HIGH, ("微信", "WeChat"), "seed:001"),
        SmsSignature("微信支付", Confidence.LOW, (), None),
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ('grade = "medium"', 'grade = "tricky"', "grade", "unknown grade 'tricky' (expected one"),
        (
            'grade_reason.en = "The balance must be empty first."\n',
            "",
            "grade_reason.en",
            "required field is missing",
        ),
        ("checked = 2026-12-05", 'checked = "2026-12-05"', "checked", "expected a TOML date"),
        ("checked = 2026-12-05", "checked = 2026-12-05T10:00:00", "checked", "a TOML date"),
        ('"1069000"]', '"1069-000"]', "sms_senders[1]", "is not a sender number"),
        ('"1069000"]', '"95188"]', "sms_senders[1]", "listed twice"),
        ('signature = "腾讯科技"', 'signature = "【腾讯科技】"', "sms[0].signature", "brackets"),
        ('signature = "腾讯科技"', 'signature = "[腾讯科技]"', "sms[0].signature", "brackets"),
        ('signature = "微信支付"', 'signature = "腾讯科技"', "sms[1].signature", "listed twice"),
        ('confidence = "high"', 'confidence = "sure"', "sms[0].confidence", "unknown confidence"),
        ('confidence = "low"\n', "", "sms[1].confidence", "required field is missing"),
        ('"high"\nsource = "seed:001"', '"high"\nsource = "x"', "sms[0].source", "unknown"),
        ('words = ["微信", "WeChat"]', 'words = "微信"', "sms[0].words", "array of strings"),
        ("[[sms]]\nsignature", "[[sms]]\nsignatur", "sms[0].signatur", "did you mean"),
    ],
)
def test_bad_new_fields_are_reported_precisely(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    text = with_new_fields()
    assert old in text
    problems = problems_for(make_root(tmp_path, {"shop": text.replace(old, new, 1)}))
    assert any(p.field == field and reason in p.reason for p in problems), problems
    assert all(p.file == "data/platforms/shop.toml" for p in problems)


def test_government_is_a_category_placed_in_the_finance_phase(tmp_path: Path) -> None:
    text = GOOD.format(pid="tax").replace('"commerce"', '"government"')
    tax = load_catalog(make_root(tmp_path, {"tax": text})).platforms["tax"]
    assert tax.category is Category.GOVERNMENT
    assert Phase.for_category(Category.GOVERNMENT) is Phase.FINANCE
    # every other category keeps the phase of its own name
    for category in Category:
        if category is not Category.GOVERNMENT:
            assert Phase.for_category(category).value == category.value
    # a step may not name a phase that no category maps to
    text = text.replace('kind = "deregister"\n', 'kind = "deregister"\nphase = "government"\n')
    (p,) = problems_for(make_root(tmp_path / "b", {"tax": text}))
    assert (p.field, p.reason.split(" (")[0]) == ("steps[1].phase", "unknown phase 'government'")


def test_a_government_entry_is_planned_in_the_finance_phase(tmp_path: Path) -> None:
    from datetime import date

    from acctexit.domain.models import Account, NumberState, PhoneNumber
    from acctexit.domain.plan import build_plan

    tax = GOOD.format(pid="tax").replace('"commerce"', '"government"')
    catalog = load_catalog(make_root(tmp_path, {"tax": tax, "shop": GOOD.format(pid="shop")}))
    number = PhoneNumber(1, "+8613800000000", state=NumberState.WILL_CANCEL)
    accounts = [Account(1, "shop", 1), Account(2, "tax", 1)]
    plan = build_plan(catalog, [number], accounts, {}, date(2026, 12, 5))
    phases = {(s.account_id, s.phase) for s in plan.steps if s.account_id is not None}
    assert phases == {(1, Phase.COMMERCE), (2, Phase.FINANCE)}
    # and the finance phase comes first, as for any money account
    order = [s.account_id for s in plan.steps if s.account_id is not None]
    assert order.index(2) < order.index(1)
