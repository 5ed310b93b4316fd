"""The editorial rules `acctexit-tui catalog --check` enforces on a validated catalog.

Validation (the loader) refuses what the app cannot use: a wrong type, an unknown
value, a reference to nothing. These rules go further and ask what keeps the catalog
honest and useful: every entry graded with a reason that agrees with its deletion
method, every fact sourced or marked unverified, steps in an order that can be
followed, SMS signatures that tell platforms apart. A catalog that breaks them still
loads, so one missing grade never stops the app; CI runs `catalog --check`, which fails.

Field names are those of the platform file: the loader keeps steps, conditions and
signatures in file order, so `steps[2]` here is the file's third `[[steps]]`. Each
reason is a KeyedText: `catalog --check` says it in the user's language.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from acctexit.catalog.lookups import signature_claims
from acctexit.catalog.schema import DISPLAY_ROOT, EDITORIAL_SOURCE, CatalogProblem
from acctexit.domain.models import DeletionMethod, Grade, Phase, StepKind
from acctexit.i18n import KeyedText

if TYPE_CHECKING:
    from collections.abc import Iterator

    from acctexit.domain.models import Catalog, Platform

_GRADES = ", ".join(g.value for g in Grade)

# The grades each deletion method allows (docs/catalog.md, "Grades"): easy and medium
# are self-service; only an account that cannot be deleted is impossible; an account
# closed only by inactivity is limited.
_GRADES_FOR_METHOD: dict[DeletionMethod, frozenset[Grade]] = {
    DeletionMethod.SELF_SERVICE: frozenset({Grade.EASY, Grade.MEDIUM, Grade.HARD, Grade.LIMITED}),
    DeletionMethod.SUPPORT: frozenset({Grade.HARD, Grade.LIMITED}),
    DeletionMethod.INACTIVITY: frozenset({Grade.LIMITED}),
    DeletionMethod.IMPOSSIBLE: frozenset({Grade.LIMITED, Grade.IMPOSSIBLE}),
}


def platform_file(platform_id: str) -> str:
    """The file a platform comes from, as problems name it."""
    return f"{DISPLAY_ROOT}/platforms/{platform_id}.toml"


def check_catalog(catalog: Catalog, today: date | None = None) -> list[CatalogProblem]:
    """Every rule `catalog` breaks, one problem each, platform by platform; `today`
    (if given) also rejects a `checked` date in the future."""
    problems: list[CatalogProblem] = []
    ambiguous = _ambiguous_signatures(catalog)
    for p in catalog.platforms.values():
        name = platform_file(p.id)
        for field, reason in (
            *_grade(p),
            *_checked(p, today),
            *_unsourced_facts(p),
            *_withdraw_after_unbind(p),
            *ambiguous.get(p.id, ()),
        ):
            problems.append(CatalogProblem(name, field, reason))
    return problems


def stale_platforms(catalog: Catalog, days: int, today: date) -> list[Platform]:
    """Platforms last checked more than `days` days before `today`, or never checked:
    never-checked first, then oldest first."""
    limit = today - timedelta(days=days)
    stale = [p for p in catalog.platforms.values() if p.checked is None or p.checked < limit]
    return sorted(stale, key=lambda p: (p.checked is not None, p.checked or today, p.id))


Found = tuple[str, KeyedText]  # (field, reason)


def _grade(p: Platform) -> Iterator[Found]:
    if p.grade is None:
        yield "grade", KeyedText("cat_grade_required", grades=_GRADES)
    if p.grade_reason is None:
        yield "grade_reason", KeyedText("cat_grade_reason_required")
    elif "\n" in p.grade_reason.zh or "\n" in (p.grade_reason.en or ""):
        yield "grade_reason", KeyedText("cat_grade_reason_one_line")
    if p.grade is not None and p.grade not in _GRADES_FOR_METHOD[p.deletion_method]:
        allowed = ", ".join(g.value for g in Grade if g in _GRADES_FOR_METHOD[p.deletion_method])
        yield (
            "grade",
            KeyedText(
                "cat_grade_disagrees",
                grade=p.grade.value,
                method=p.deletion_method.value,
                allowed=allowed,
            ),
        )


def _checked(p: Platform, today: date | None) -> Iterator[Found]:
    if today is not None and p.checked is not None and p.checked > today:
        said = KeyedText("cat_checked_future", checked=p.checked, today=today)
        yield "checked", said


def _real(source: str | None) -> bool:
    return source is not None and source != EDITORIAL_SOURCE


def _unsourced_facts(p: Platform) -> Iterator[Found]:
    """Facts `verified = true` does not already vouch for.

    The loader refuses a verified step or platform without a real source; a step has
    one source, which vouches for its conditions. A platform lists sources for the
    entry as a whole, so a day count among its own conditions must say which source
    gives it. And a signature says where it was seen ("editorial" at least).
    """
    if p.verified:
        for i, c in enumerate(p.conditions):
            if c.days is not None and not _real(c.source):
                yield (
                    f"conditions[{i}].source",
                    KeyedText(
                        "cat_day_count_unsourced",
                        days=c.days,
                        editorial=EDITORIAL_SOURCE,
                        unverified="verified = false",
                    ),
                )
    for i, sms in enumerate(p.sms):
        if sms.source is None:
            yield f"sms[{i}].source", KeyedText("cat_sms_source_required")


def _withdraw_after_unbind(p: Platform) -> Iterator[Found]:
    """The money must leave while a card is still bound to receive it: no
    withdraw_balance step may come after the last unbind_cards step, in the order the
    plan shows them (by phase, then file order)."""
    own = Phase.for_category(p.category)
    shown = sorted(range(len(p.steps)), key=lambda i: ((p.steps[i].phase or own).order, i))
    unbinds = [n for n, i in enumerate(shown) if p.steps[i].kind is StepKind.UNBIND_CARDS]
    if not unbinds:
        return
    last = shown[unbinds[-1]]
    for n, i in enumerate(shown):
        if p.steps[i].kind is StepKind.WITHDRAW_BALANCE and n > unbinds[-1]:
            yield (
                f"steps[{i}].kind",
                KeyedText(
                    "cat_withdraw_after_unbind",
                    withdraw=StepKind.WITHDRAW_BALANCE.value,
                    unbind=StepKind.UNBIND_CARDS.value,
                    where=f"steps[{last}]",
                    step=p.steps[last].id,
                ),
            )


def _ambiguous_signatures(catalog: Catalog) -> dict[str, list[Found]]:
    """Per platform id: signatures another platform claims too, where the app words
    cannot tell the two apart (one side has none, or both list the same word)."""
    found: dict[str, list[Found]] = {}
    for signature, claims in signature_claims(catalog).items():
        owners = {p.id for p, _, _ in claims}
        if len(owners) < 2:
            continue
        for p, i, sms in claims:
            others = [(q, s) for q, _, s in claims if q.id != p.id]
            names = ", ".join(dict.fromkeys(q.id for q, _ in others))
            if not sms.words:
                found.setdefault(p.id, []).append(
                    (
                        f"sms[{i}].words",
                        KeyedText(
                            "cat_signature_shared", signature=signature, names=names, id=p.id
                        ),
                    )
                )
                continue
            for word in sms.words:
                clash = [q.id for q, s in others if word.casefold() in _folded(s.words)]
                if clash:
                    found.setdefault(p.id, []).append(
                        (
                            f"sms[{i}].words",
                            KeyedText(
                                "cat_word_shared",
                                word=word,
                                names=", ".join(clash),
                                signature=signature,
                            ),
                        )
                    )
    return found


def _folded(words: tuple[str, ...]) -> set[str]:
    return {w.casefold() for w in words}
