"""The step fields the plan's rules read (plan-rules): `cancels_number` and a step's
group heading, as the loader accepts and refuses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from acctexit.catalog import CatalogError, load_catalog
from acctexit.domain.models import Catalog

SOURCES = """
[[source]]
id = "seed:000"
title = "Test article"

[[source]]
id = "editorial"
title = "Editors"
"""

CARRIER = """
id = "carrier"
name.zh = "运营商"
name.en = "Carrier"
category = "other"
deletion_method = "support"
{groups}

[[steps]]
id = "refund"
kind = "{first}"
text.zh = "退还余额"
{refund}

[[steps]]
id = "deregister"
kind = "{kind}"
text.zh = "销号"
{dereg}
"""


def load(
    tmp_path: Path,
    groups: str = "",
    refund: str = "",
    dereg: str = "",
    first: str = "withdraw_balance",
    kind: str = "deregister",
) -> Catalog:
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "sources.toml").write_text(SOURCES, encoding="utf-8")
    text = CARRIER.format(groups=groups, refund=refund, dereg=dereg, first=first, kind=kind)
    (root / "platforms" / "carrier.toml").write_text(text, encoding="utf-8")
    return load_catalog(root)


def problems(tmp_path: Path, **parts: str) -> list[tuple[str, str]]:
    with pytest.raises(CatalogError) as err:
        load(tmp_path, **parts)
    return [(p.field, p.reason) for p in err.value.problems]


def test_a_deregister_step_may_cancel_the_number(tmp_path: Path) -> None:
    p = load(tmp_path, dereg="cancels_number = true").platforms["carrier"]
    assert [s.cancels_number for s in p.steps] == [False, True]


def test_only_a_deregister_step_cancels_the_number(tmp_path: Path) -> None:
    found = problems(tmp_path, refund="cancels_number = true")
    assert found == [("steps[0].cancels_number", "only a deregister step can cancel the number")]


def test_the_step_that_cancels_the_number_is_the_last(tmp_path: Path) -> None:
    found = problems(tmp_path, first="deregister", refund="cancels_number = true")
    assert found == [
        ("steps[0].cancels_number", "the step that cancels the number must be the last")
    ]


def test_the_step_that_cancels_the_number_is_in_the_last_phase(tmp_path: Path) -> None:
    found = problems(tmp_path, dereg='cancels_number = true\nphase = "finance"')
    assert found == [
        ("steps[1].cancels_number", "the step that cancels the number must be in the “other” phase")
    ]


def test_only_one_step_cancels_the_number(tmp_path: Path) -> None:
    both = "cancels_number = true"
    found = problems(tmp_path, first="deregister", refund=both, dereg=both)
    assert found == [("steps[1].cancels_number", "only one step can cancel the number")]


GROUP = """
[[groups]]
id = "close"
title.zh = "一、销号前"
title.en = "1. Before cancelling"
{source}
"""


def test_a_step_names_a_sourced_group_heading(tmp_path: Path) -> None:
    p = load(
        tmp_path, groups=GROUP.format(source='source = "seed:000"'), refund='group = "close"'
    ).platforms["carrier"]
    first, second = p.steps
    assert first.group is not None and second.group is None
    assert (first.group.id, first.group.title.en, first.group.source) == (
        "close",
        "1. Before cancelling",
        "seed:000",
    )


def test_a_group_needs_a_source_and_a_step_naming_it(tmp_path: Path) -> None:
    found = problems(tmp_path, groups=GROUP.format(source=""))
    assert [f for f, _ in found] == ["groups[0].source", "groups[0]"]
    assert "named by no step" in found[1][1]


def test_a_step_names_only_a_declared_group(tmp_path: Path) -> None:
    found = problems(tmp_path, dereg='group = "missing"')
    assert found == [("steps[1].group", "unknown group 'missing' (declared: none in this file)")]
