"""Every account as one row (for `acctexit-tui accounts` and scripts), per-number
totals, and an own service written out as a catalog entry skeleton.

Read-only use cases over a `Snapshot`; numbers are masked unless `reveal`.
"""

from __future__ import annotations

from msgspec import Struct

from acctexit.app.workspace import Snapshot, Workspace
from acctexit.domain.models import Lang, OwnService, Phase, RiskLevel
from acctexit.domain.own import account_title, own_service_id
from acctexit.domain.phone import mask_number
from acctexit.i18n import say


class AccountRow(Struct, frozen=True):
    id: int
    number: str  # masked unless revealed
    platform_id: str  # a catalog id, or "" for an own service
    own_service: str  # the own service's name, or ""
    name: str  # the platform's (or own service's) name in the language asked for
    label: str
    title: str  # how the account is shown: name, then label or "#2"
    phase: str
    risk: str  # a RiskLevel value ("resolved" once safe)
    score: int | None
    status: str  # "safe" or "open"


class NumberTotal(Struct, frozen=True):
    number: str
    accounts: int
    safe: int


def account_rows(
    ws: Workspace, snapshot: Snapshot, lang: Lang, *, reveal: bool = False
) -> list[AccountRow]:
    """Every live account, in the order the numbers and then the accounts were added."""
    order = {n.id: i for i, n in enumerate(snapshot.numbers)}
    own = {o.id: o for o in snapshot_own(ws)}
    rows = []
    for a in sorted(snapshot.accounts, key=lambda a: (order.get(a.number_id, 0), a.id)):
        number = snapshot.number(a.number_id)
        shown = "" if number is None else number.e164 if reveal else mask_number(number.e164)
        platform = ws.platform(a.platform_id)
        name = platform.name.get(lang) if platform else a.platform_id
        sid = own_service_id(a.platform_id)
        service = own.get(sid) if sid is not None else None
        risk = snapshot.account_risks.get(a.id)
        phase = Phase.for_category(platform.category).value if platform else ""
        safe = risk is not None and risk.level is RiskLevel.RESOLVED
        rows.append(
            AccountRow(
                id=a.id,
                number=shown,
                platform_id="" if sid is not None else a.platform_id,
                own_service=service.name if service else "",
                name=name,
                label=a.label,
                title=say(account_title(name, a, snapshot.ordinals), lang),
                phase=phase,
                risk=risk.level.value if risk else "",
                score=risk.score if risk else None,
                status="safe" if safe else "open",
            )
        )
    return rows


def snapshot_own(ws: Workspace) -> list[OwnService]:
    return ws.store.own_services()


def number_totals(snapshot: Snapshot, *, reveal: bool = False) -> list[NumberTotal]:
    """Per number: how many accounts are on it and how many of them are safe."""
    totals = snapshot.per_number()
    return [
        NumberTotal(n.e164 if reveal else mask_number(n.e164), *totals.get(n.id, (0, 0)))
        for n in snapshot.numbers
    ]


def _toml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def own_service_toml(service: OwnService, today_iso: str) -> str:
    """A `data/platforms/<id>.toml` skeleton for an own service: every field the
    catalog needs, each step marked unverified with the editorial source. Rename the
    file and its id, add sources and check every fact before sending it in."""
    from acctexit.domain.own import own_platform
    from acctexit.i18n import bilingual

    p = own_platform(service, bilingual)
    grade_reason = bilingual("own_toml_grade_reason")
    pid = f"own-{service.id}"
    name = _toml_string(service.name)
    lines = [
        f"# {service.name}: written by `acctexit-tui accounts --toml {service.id}`.",
        "# A skeleton: rename the file and the id, give each fact a source from",
        "# data/sources.toml (or keep verified = false) and run `acctexit-tui catalog --check`.",
        "",
        f'id = "{pid}"',
        f"name.zh = {name}",
        f"name.en = {name}",
        f'category = "{service.category.value}"',
        "domains = []",
        f"phone_use = [{', '.join(_toml_string(u.value) for u in sorted(p.phone_use))}]",
        f"holds_funds = {'true' if p.holds_funds else 'false'}",
        f"holds_cards = {'true' if p.holds_cards else 'false'}",
        "password_free_payments = false",
        "identity_provider = false",
        "covered_by_yzt = false",
        f'deletion_method = "{p.deletion_method.value}"',
        "verified = false",
        'sources = ["editorial"]',
        'grade = "medium"',
        f"grade_reason.zh = {_toml_string(grade_reason.zh)}",
        f"grade_reason.en = {_toml_string(grade_reason.get('en'))}",
        f"checked = {today_iso}",
    ]
    # The steps as the plan has them: the user's own (kind "custom") and wording included.
    for step in p.steps:
        lines += [
            "",
            "[[steps]]",
            f'id = "{step.id}"',
            f'kind = "{step.kind.value}"',
            f"text.zh = {_toml_string(step.text.zh)}",
            f"text.en = {_toml_string(step.text.en or step.text.zh)}",
            "verified = false",
            'source = "editorial"',
        ]
    return "\n".join(lines) + "\n"
