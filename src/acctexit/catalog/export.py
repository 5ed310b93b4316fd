"""The validated catalog as plain JSON-ready data: what `acctexit-tui catalog --json`
prints, for people and tools outside the app (the app itself uses the records)."""

from __future__ import annotations

from typing import Any

from acctexit.domain.models import Catalog, Condition, Platform, Step, Text


def catalog_to_data(catalog: Catalog) -> dict[str, Any]:
    """The catalog as plain JSON-ready data (what `acctexit-tui catalog --json` prints)."""
    return {
        "platforms": [_platform_data(p) for p in catalog.platforms.values()],
        "discover_steps": [_step_data(s) for s in catalog.discover_steps],
        "aftercare_steps": [_step_data(s) for s in catalog.aftercare_steps],
    }


def _text_data(text: Text | None) -> dict[str, str | None] | None:
    return None if text is None else {"zh": text.zh, "en": text.en}


def _condition_data(c: Condition) -> dict[str, Any]:
    return {"kind": c.kind.value, "text": _text_data(c.text), "days": c.days, "source": c.source}


def _step_data(s: Step) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind.value,
        "text": _text_data(s.text),
        "path": _text_data(s.path),
        "phase": s.phase.value if s.phase else None,
        "conditions": [_condition_data(c) for c in s.conditions],
        "verified": s.verified,
        "source": s.source,
        "temporary": s.temporary,
        "cancels_number": s.cancels_number,
        "group": None
        if s.group is None
        else {"id": s.group.id, "title": _text_data(s.group.title), "source": s.group.source},
    }


def _platform_data(p: Platform) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": _text_data(p.name),
        "category": p.category.value,
        "domains": list(p.domains),
        "phone_use": sorted(u.value for u in p.phone_use),
        "holds_funds": p.holds_funds,
        "holds_cards": p.holds_cards,
        "password_free_payments": p.password_free_payments,
        "identity_provider": p.identity_provider,
        "covered_by_yzt": p.covered_by_yzt,
        "deletion_method": p.deletion_method.value,
        "deletion_path": _text_data(p.deletion_path),
        "inactivity_days": p.inactivity_days,
        "conditions": [_condition_data(c) for c in p.conditions],
        "steps": [_step_data(s) for s in p.steps],
        "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in p.sources],
        "verified": p.verified,
        "notes": _text_data(p.notes),
        "grade": p.grade.value if p.grade else None,
        "grade_reason": _text_data(p.grade_reason),
        "checked": p.checked.isoformat() if p.checked else None,
        "sms_senders": list(p.sms_senders),
        "sms": [
            {
                "signature": s.signature,
                "words": list(s.words),
                "confidence": s.confidence.value,
                "source": s.source,
            }
            for s in p.sms
        ],
    }
