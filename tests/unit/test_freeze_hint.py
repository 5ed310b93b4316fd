"""The number form's freeze hint says what the sources say (catalog audit E15): news
reports cite 《电信服务规范》 as allowing re-issue 90 days after cancellation at the
earliest, and longer freezes happen. It no longer claims there is no legal minimum,
and docs/risk.md agrees."""

from __future__ import annotations

from pathlib import Path

from acctexit.i18n import translate

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_freeze_hint_gives_90_days_as_the_earliest_re_issue() -> None:
    zh, en = (translate("form_number_freeze_hint", lang) for lang in ("zh", "en"))
    assert "《电信服务规范》" in zh and "90 天" in zh and "更久" in zh
    assert "法定最短" not in zh
    assert "telecom service standard" in en and "at the earliest 90 days" in en
    assert "longer freezes happen" in en
    assert "no legal minimum" not in en.lower()


def test_docs_risk_gives_the_same_rule() -> None:
    text = " ".join((DOCS / "risk.md").read_text(encoding="utf-8").split())
    assert "no published legal minimum" not in text
    rule = "《电信服务规范》 as allowing re-issue 90 days after cancellation at the earliest"
    assert rule in text
