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


def test_only_one_step_cancels_the_number(tmp_path: Path) -> None:
    both = "cancels_number = true"
    found = problems(tmp_path, first="deregister", refund=both, dereg=both)
    assert found == [("steps[1].cancels_number", "only one step can cancel the number")]
