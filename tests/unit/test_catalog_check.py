"""`catalog --check`'s editorial rules, each on a small catalog built for it.

Every test starts from an entry that passes every rule (asserted once below) and breaks
one thing, so each test fails if its rule stops firing or fires on the wrong field.
"""

from __future__ import annotations

import argparse
import io
from datetime import date
from pathlib import Path

import pytest

from acctexit.catalog import (
    CatalogError,
    CatalogProblem,
    check_catalog,
    load_catalog,
    stale_platforms,
)
from acctexit.commands import catalog as command
from acctexit.commands.context import Context
from acctexit.domain.models import Catalog

TODAY = date(2026, 12, 5)

SOURCES = """
[[source]]
id = "seed:001"
title = "Test article"

[[source]]
id = "editorial"
title = "Editors"

[[source]]
id = "audit:sms"
title = "Catalog audit, section 4"
"""

# A payment platform that passes every rule: graded, checked, steps in a good order.
PAY = """
id = "{pid}"
name.zh = "{zh}"
name.en = "{en}"
category = "{category}"
domains = ["{pid}.example.com"]
deletion_method = "self_service"
grade = "medium"
grade_reason.zh = "余额清零后才能注销。"
grade_reason.en = "The balance must be empty first."
checked = {checked}
sms_senders = ["95{n}00"]
verified = true
sources = ["seed:001"]

[[steps]]
id = "withdraw-balance"
kind = "withdraw_balance"
text.zh = "提现余额"

[[steps]]
id = "unbind-cards"
kind = "unbind_cards"
text.zh = "解绑银行卡"

[[steps]]
id = "deregister"
kind = "deregister"
text.zh = "注销"
verified = true
source = "seed:001"

[[steps.conditions]]
kind = "quiet_after_change"
days = 14
text.zh = "两周内无敏感操作"

[[sms]]
signature = "{signature}"
words = [{words}]
confidence = "high"
source = "audit:sms"
"""


def entry(
    pid: str = "pay",
    *,
    zh: str = "样例支付",
    en: str = "Example Pay",
    category: str = "finance",
    checked: str = "2026-11-01",
    n: int = 1,
    signature: str = "样例科技",
    words: str = '"样例"',
) -> str:
    return PAY.format(
        pid=pid,
        zh=zh,
        en=en,
        category=category,
        checked=checked,
        n=n,
        signature=signature,
        words=words,
    )


def catalog_of(tmp_path: Path, **files: str) -> Catalog:
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "sources.toml").write_text(SOURCES, encoding="utf-8")
    for pid, text in files.items():
        (root / "platforms" / f"{pid}.toml").write_text(text, encoding="utf-8")
    return load_catalog(root)


def problems(tmp_path: Path, **files: str) -> list[tuple[str, str, str]]:
    return [
        (p.file, p.field, p.reason) for p in check_catalog(catalog_of(tmp_path, **files), TODAY)
    ]


def only(found: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    assert len(found) == 1, found
    return found[0]


def test_the_model_entries_break_no_rule(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        pay=entry(),
        other=entry("other", n=2, signature="样例科技", words='"别的"'),
    )
    assert found == []


def test_an_entry_without_a_grade_or_reason(tmp_path: Path) -> None:
    text = entry().replace('grade = "medium"\n', "")
    assert only(problems(tmp_path, pay=text))[:2] == ("data/platforms/pay.toml", "grade")
    text = entry().replace('grade_reason.zh = "余额清零后才能注销。"\n', "")
    text = text.replace('grade_reason.en = "The balance must be empty first."\n', "")
    _, field, reason = only(problems(tmp_path / "b", pay=text))
    assert (field, reason) == ("grade_reason", "required: one line in zh and en saying why")


def test_a_grade_reason_over_one_line(tmp_path: Path) -> None:
    text = entry().replace('"余额清零后才能注销。"', '"余额清零后\\n才能注销。"')
    assert only(problems(tmp_path, pay=text))[1:] == ("grade_reason", "one line: no line breaks")


@pytest.mark.parametrize(
    ("method", "grade", "ok"),
    [
        ("support", "easy", False),
        ("support", "hard", True),
        ("inactivity", "medium", False),
        ("inactivity", "limited", True),
        ("impossible", "impossible", True),
        ("self_service", "impossible", False),
        ("self_service", "easy", True),
    ],
)
def test_the_grade_agrees_with_the_deletion_method(
    tmp_path: Path, method: str, grade: str, ok: bool
) -> None:
    text = entry().replace('"self_service"', f'"{method}"').replace('"medium"', f'"{grade}"')
    if method == "inactivity":
        text = text.replace(
            "verified = true\nsources", "inactivity_days = 365\nverified = true\nsources"
        )
    found = problems(tmp_path, pay=text)
    if ok:
        assert found == []
    else:
        _, field, reason = only(found)
        assert field == "grade"
        assert reason.startswith(f"grade '{grade}' disagrees with deletion_method '{method}'")


def test_a_bad_grade_is_refused_by_the_loader(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        catalog_of(tmp_path, pay=entry().replace('"medium"', '"meh"'))
    (p,) = caught.value.problems
    assert (p.file, p.field) == ("data/platforms/pay.toml", "grade")
    assert p.reason.startswith("unknown grade 'meh' (expected one of: easy, medium, hard,")


def test_an_unknown_category_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        catalog_of(tmp_path, pay=entry(category="state"))
    (p,) = caught.value.problems
    assert (p.field, p.reason.split(" (")[0]) == ("category", "unknown category 'state'")


def test_a_verified_step_without_a_real_source_is_refused(tmp_path: Path) -> None:
    text = entry().replace(
        'verified = true\nsource = "seed:001"', 'verified = true\nsource = "editorial"'
    )
    with pytest.raises(CatalogError) as caught:
        catalog_of(tmp_path, pay=text)
    (p,) = caught.value.problems
    assert (p.field, p.reason) == (
        "steps[2].verified",
        "verified = true needs at least one source other than 'editorial'",
    )
    # marked unverified, the same step is honest without a source
    unverified = text.replace('verified = true\nsource = "editorial"', "verified = false")
    assert problems(tmp_path / "b", pay=unverified) == []


def test_a_verified_platform_condition_without_a_source(tmp_path: Path) -> None:
    condition = (
        '\n[[conditions]]\nkind = "inactivity_deletion"\ndays = 180\n'
        'text.zh = "半年不登录会被回收"\n'
    )
    head, tail = entry().split("\n[[steps]]", 1)
    text = head + condition + "\n[[steps]]" + tail
    _, field, reason = only(problems(tmp_path, pay=text))
    assert field == "conditions[0].source"
    assert reason.startswith("a day count (180) in a verified entry needs its own source")
    sourced = head + condition + 'source = "seed:001"\n' + "\n[[steps]]" + tail
    assert problems(tmp_path / "b", pay=sourced) == []
    unverified = text.replace("verified = true\nsources", "verified = false\nsources")
    assert problems(tmp_path / "c", pay=unverified) == []


def test_a_signature_without_a_source(tmp_path: Path) -> None:
    text = entry().replace('confidence = "high"\nsource = "audit:sms"', 'confidence = "high"')
    assert only(problems(tmp_path, pay=text))[1:] == (
        "sms[0].source",
        "required: the source of the signature (e.g. 'audit:sms')",
    )


def test_withdraw_after_the_last_unbind(tmp_path: Path) -> None:
    text = entry()
    withdraw = text[
        text.index('[[steps]]\nid = "withdraw-balance"') : text.index(
            '[[steps]]\nid = "unbind-cards"'
        )
    ]
    swapped = text.replace(withdraw, "").replace(
        '[[steps]]\nid = "deregister"', withdraw + '[[steps]]\nid = "deregister"'
    )
    _, field, reason = only(problems(tmp_path, pay=swapped))
    assert field == "steps[1].kind"
    assert reason == (
        "withdraw_balance comes after the last unbind_cards step (steps[0], 'unbind-cards'): "
        "withdraw while a card is still bound"
    )


def test_withdraw_in_a_later_phase_than_the_unbind_counts_as_after(tmp_path: Path) -> None:
    # First in the file, but in the commerce phase while the cards are unbound in the
    # finance phase: the plan shows it after the unbind.
    text = entry(category="commerce").replace(
        'text.zh = "解绑银行卡"', 'text.zh = "解绑银行卡"\nphase = "finance"'
    )
    _, field, _ = only(problems(tmp_path, pay=text))
    assert field == "steps[0].kind"
    fixed = text.replace('text.zh = "提现余额"', 'text.zh = "提现余额"\nphase = "finance"')
    assert problems(tmp_path / "b", pay=fixed) == []


def test_a_signature_two_entries_claim_needs_words_on_both(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        wechat=entry("wechat", signature="腾讯科技", words='"微信"'),
        qq=entry("qq", n=2, signature="腾讯科技", words=""),
    )
    file, field, reason = only(found)
    assert (file, field) == ("data/platforms/qq.toml", "sms[0].words")
    assert reason == (
        "signature '腾讯科技' is also claimed by wechat: list the words in the message body "
        "that tell qq apart"
    )


def test_a_word_both_claimants_list_tells_neither_apart(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        wechat=entry("wechat", signature="腾讯科技", words='"微信", "QQ"'),
        qq=entry("qq", n=2, signature="腾讯科技", words='"qq"'),
    )
    assert sorted(f[:2] for f in found) == [
        ("data/platforms/qq.toml", "sms[0].words"),
        ("data/platforms/wechat.toml", "sms[0].words"),
    ]
    assert all("tells neither apart" in f[2] for f in found)


def test_one_entry_alone_needs_no_words(tmp_path: Path) -> None:
    assert problems(tmp_path, pay=entry(words="")) == []


@pytest.mark.parametrize("sender", ["9558 8", "+8695588", "95588a", "12", "９５５８８"])
def test_a_sender_that_is_not_digits_is_refused(tmp_path: Path, sender: str) -> None:
    with pytest.raises(CatalogError) as caught:
        catalog_of(tmp_path, pay=entry().replace('["95100"]', f'["{sender}"]'))
    (p,) = caught.value.problems
    assert p.field == "sms_senders[0]" and "is not a sender number" in p.reason


def test_a_checked_date_in_the_future(tmp_path: Path) -> None:
    _, field, reason = only(problems(tmp_path, pay=entry(checked="2026-12-06")))
    assert (field, reason) == ("checked", "2026-12-06 is after today (2026-12-05)")


def test_stale_lists_entries_checked_before_the_limit_and_never_checked(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        old=entry("old", checked="2026-01-01"),
        edge=entry("edge", checked="2026-11-05", n=2),  # exactly 30 days before TODAY
        fresh=entry("fresh", checked="2026-12-01", n=3),
        never=entry("never", n=4).replace("checked = 2026-11-01\n", ""),
    )
    assert [p.id for p in stale_platforms(catalog, 30, TODAY)] == ["never", "old"]
    assert [p.id for p in stale_platforms(catalog, 29, TODAY)] == ["never", "old", "edge"]
    assert [p.id for p in stale_platforms(catalog, 0, date(2026, 12, 1))] == [
        "never",
        "old",
        "edge",
    ]


class _Root(Context):
    root: Path | None = None

    def load_catalog(self, use_stored: bool = True) -> Catalog:
        return load_catalog(self.root, use_stored=use_stored)


def _run(root: Path, *argv: str, today: date = TODAY) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers(dest="command"))
    ctx = _Root(
        db_path=Path("x.db"),
        lang="en",
        today=today,
        out=io.StringIO(),
        err=io.StringIO(),
        root=root,
    )
    code = command.run(parser.parse_args(["catalog", *argv]), ctx)
    assert isinstance(ctx.out, io.StringIO) and isinstance(ctx.err, io.StringIO)
    return code, ctx.out.getvalue(), ctx.err.getvalue()


def test_the_command_fails_on_a_rule_and_lists_stale_entries(tmp_path: Path) -> None:
    bad = entry("bad", n=2, words='"坏"').replace('grade = "medium"\n', "")
    catalog_of(tmp_path, pay=entry(), bad=bad)
    root = tmp_path / "data"
    code, out, err = _run(root, "--check")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "data/platforms/bad.toml: grade: required: one of easy, medium, hard, limited, impossible",
        "catalog is broken: 1 problem",
    ]
    code, out, _ = _run(root, "--stale", "30", today=date(2026, 12, 31))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "name", "checked", "days", "ago"]
    assert [line.split()[0] for line in lines[1:3]] == ["bad", "pay"]
    assert "2026-11-01" in lines[1] and lines[1].rstrip().endswith("60")
    assert lines[-1] == "2 of 2 platforms not checked in the 30 days before 2026-12-31."
    code, out, _ = _run(root, "--stale", "90", today=date(2026, 12, 31))
    assert out == "0 of 2 platforms not checked in the 90 days before 2026-12-31.\n"


def test_json_carries_the_new_fields(tmp_path: Path) -> None:
    import json

    catalog_of(tmp_path, pay=entry())
    code, out, _ = _run(tmp_path / "data", "--json")
    (pay,) = json.loads(out)["platforms"]
    assert code == 0
    assert (pay["category"], pay["grade"], pay["checked"]) == ("finance", "medium", "2026-11-01")
    assert pay["grade_reason"] == {
        "zh": "余额清零后才能注销。",
        "en": "The balance must be empty first.",
    }
    assert pay["sms_senders"] == ["95100"]
    assert pay["domains"] == ["pay.example.com"]
    assert pay["sms"] == [
        {"signature": "样例科技", "words": ["样例"], "confidence": "high", "source": "audit:sms"}
    ]


def test_problems_print_as_file_field_reason() -> None:
    assert (
        str(CatalogProblem("data/platforms/x.toml", "grade", "r"))
        == "data/platforms/x.toml: grade: r"
    )
