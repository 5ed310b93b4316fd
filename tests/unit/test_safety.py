"""What "safe" means (audit E9, issue 18), on the shipped catalog: an account is safe
only when the number being given up can no longer get in. The list status (risk level),
the per-number counts and the plan all follow `domain/safety.py`."""

from __future__ import annotations

from datetime import date

import pytest

from acctexit.catalog import load_catalog
from acctexit.domain.models import (
    Account,
    Catalog,
    NumberState,
    PhoneNumber,
    RiskLevel,
    StepStatus,
)
from acctexit.domain.plan import build_plan
from acctexit.domain.safety import account_safety

TODAY = date(2026, 11, 24)
OLD = PhoneNumber(
    1, "+8613800001234", state=NumberState.WILL_CANCEL, cancel_date=date(2026, 12, 20)
)
DONE, SKIPPED = StepStatus.DONE, StepStatus.SKIPPED


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def is_safe(catalog: Catalog, platform_id: str, ticked: dict[str, StepStatus]) -> bool:
    """Safe by every surface that shows it, which must agree: the rule itself, the
    account's risk level (the list status), its number's counts, and the plan (no open
    step left)."""
    account = Account(7, platform_id, OLD.id, balance=100.0, bank_cards=2)
    states = {(account.id, None, sid): status for sid, status in ticked.items()}
    platform = catalog.platforms[platform_id]
    assert set(ticked) <= {s.id for s in platform.steps}, "a step id the catalog lacks"
    by_rule = account_safety(platform, account, states) is not None
    plan = build_plan(catalog, [OLD], [account], states, TODAY)
    risk = plan.account_risks[account.id]
    counts = plan.number_risks[OLD.id].counts
    nothing_open = not any(s.is_open for s in plan.for_account(account.id))
    by_level = risk.level is RiskLevel.RESOLVED
    assert by_rule == by_level == nothing_open == (counts[RiskLevel.RESOLVED] == 1)
    return by_rule


# --- Alipay's four phases (seed 000) --------------------------------------------------

PHASE_1 = [
    "rebind-phone",
    "cancel-password-free",
    "unbind-cards",
    "withdraw-balance",
    "revoke-auth",
]
PHASE_2 = ["export-data", "clear-data"]


def test_alipay_the_temporary_number_is_a_step_on_the_way(catalog: Catalog) -> None:
    assert catalog.platforms["alipay"].step("rebind-phone").temporary  # type: ignore[union-attr]
    assert not is_safe(catalog, "alipay", {"rebind-phone": DONE})


@pytest.mark.parametrize("upto", [PHASE_1, PHASE_1 + PHASE_2])
def test_alipay_phases_one_and_two_done_still_unsafe(catalog: Catalog, upto: list[str]) -> None:
    assert not is_safe(catalog, "alipay", dict.fromkeys(upto, DONE))


def test_alipay_while_unsafe_deregistration_stays_open(catalog: Catalog) -> None:
    states = {(7, None, "rebind-phone"): DONE}
    plan = build_plan(catalog, [OLD], [Account(7, "alipay", 1)], states, TODAY)
    dereg = plan.get((7, None, "deregister"))
    support = plan.get((7, None, "support-clear-data"))
    assert dereg is not None and dereg.is_open
    assert support is not None and support.is_open


def test_alipay_phase_three_deregistering_makes_it_safe(catalog: Catalog) -> None:
    ticked = dict.fromkeys([*PHASE_1, *PHASE_2, "deregister"], DONE)
    assert is_safe(catalog, "alipay", ticked)
    assert is_safe(catalog, "alipay", {"deregister": DONE})


def test_alipay_binding_the_number_kept_makes_it_safe(catalog: Catalog) -> None:
    assert is_safe(catalog, "alipay", {"rebind-phone": DONE, "rebind-final": DONE})
    assert is_safe(catalog, "alipay", {"rebind-final": DONE})


def test_alipay_declared_not_needed_is_safe(catalog: Catalog) -> None:
    every = [s.id for s in catalog.platforms["alipay"].steps]
    skipped = dict.fromkeys(every, SKIPPED)
    assert is_safe(catalog, "alipay", skipped)
    skipped["rebind-phone"] = DONE  # temporary number, the rest declared not needed
    assert is_safe(catalog, "alipay", skipped)


# --- WeChat, QQ and a bank ------------------------------------------------------------


@pytest.mark.parametrize("platform_id", ["wechat", "qq", "icbc", "bank"])
def test_rebinding_to_the_new_number_or_deregistering_makes_it_safe(
    catalog: Catalog, platform_id: str
) -> None:
    assert not catalog.platforms[platform_id].step("rebind-phone").temporary  # type: ignore[union-attr]
    assert not is_safe(catalog, platform_id, {})
    assert is_safe(catalog, platform_id, {"rebind-phone": DONE})
    assert is_safe(catalog, platform_id, {"deregister": DONE})


@pytest.mark.parametrize(
    ("platform_id", "on_the_way"),
    [
        ("wechat", ["withdraw-balance", "cancel-password-free", "unbind-cards", "close-pay"]),
        ("wechat", ["revoke-auth", "clear-data", "export-data"]),
        ("qq", ["withdraw-balance", "cancel-password-free", "unbind-cards", "export-data"]),
        ("qq", ["delete-friends", "close-qzone", "remove-security"]),
        ("icbc", ["cancel-password-free"]),
        ("bank", ["cancel-password-free"]),
    ],
)
def test_intermediate_steps_never_make_it_safe(
    catalog: Catalog, platform_id: str, on_the_way: list[str]
) -> None:
    """Closing WeChat Pay is a DEREGISTER too, but of a payment arm, not the account."""
    assert not is_safe(catalog, platform_id, dict.fromkeys(on_the_way, DONE))


def test_skipping_the_rebind_alone_is_not_safe(catalog: Catalog) -> None:
    assert not is_safe(catalog, "wechat", {"rebind-phone": SKIPPED})
