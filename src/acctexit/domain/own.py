"""Own services and account titles: what the catalog does not list, and telling
several accounts of one platform apart.

Pure, no I/O. An own service is a `Platform` built from the few facts the user gave
(category, what the number does there, whether it holds money), with the generic
steps of its category: change the bound number; withdraw and unbind where it holds
money; close the account. Every generic step is editorial advice (`verified=False`),
never a menu path. The user may word a generic step their own way and add steps of
their own (`OwnStep`, shown as plain text); those come after the generic steps and
before closing, in the user's order, in the service's phase. Risk, the plan's phase
(government → the finance phase) and the explanations then treat it as any catalog
entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from acctexit.domain.fields import clean_free_text
from acctexit.domain.message import Msg, msg
from acctexit.domain.models import (
    Account,
    Catalog,
    DeletionMethod,
    Lang,
    LogEntry,
    OwnService,
    OwnStep,
    PhoneRole,
    PhoneUse,
    Platform,
    Step,
    StepKind,
    Text,
    Verb,
)

OWN_PREFIX = "own:"
EDITORIAL = "editorial"
USER_STEP_PREFIX = "mine-"  # the id of a step the user wrote: "mine-<n>"

_USE_OF_ROLE: dict[PhoneRole, PhoneUse | None] = {
    PhoneRole.LOGIN: PhoneUse.SMS_LOGIN,
    PhoneRole.RESET: PhoneUse.SMS_RESET,
    PhoneRole.SECOND_FACTOR: PhoneUse.SECOND_FACTOR,
    PhoneRole.CONTACT: None,  # a contact number alone cannot get in
}

# The generic steps' kinds by id. Each one's words are the string `own_step_<id>`
# ("-" as "_"), said in both languages by the text mechanism and handed in as `words`
# (the domain reads no file).
_GENERIC: dict[str, StepKind] = {
    "withdraw-balance": StepKind.WITHDRAW_BALANCE,
    "unbind-cards": StepKind.UNBIND_CARDS,
    "rebind-phone": StepKind.REBIND_PHONE,
    "deregister": StepKind.DEREGISTER,
}
GENERIC_STEP_IDS = frozenset(_GENERIC)

# A string of data/strings*.toml by its key, in both languages (`acctexit.i18n.bilingual`).
Bilingual = Callable[[str], Text]


def _generic(step_id: str, words: Bilingual) -> Step:
    text = words(f"own_step_{step_id.replace('-', '_')}")
    return Step(id=step_id, kind=_GENERIC[step_id], text=text, source=EDITORIAL)


def own_platform_id(service_id: int) -> str:
    return f"{OWN_PREFIX}{service_id}"


def own_service_id(platform_id: str) -> int | None:
    """The own service an account's platform id names, or None for a catalog id."""
    if not platform_id.startswith(OWN_PREFIX):
        return None
    rest = platform_id[len(OWN_PREFIX) :]
    return int(rest) if rest.isascii() and rest.isdigit() else None


def generic_steps(holds_funds: bool, words: Bilingual) -> tuple[Step, ...]:
    """The steps an own service gets: money first (withdraw before unbinding, as the
    catalog's order rule asks), then the number, then closing."""
    money = ("withdraw-balance", "unbind-cards") if holds_funds else ()
    return tuple(_generic(i, words) for i in (*money, "rebind-phone", "deregister"))


def step_text(step: OwnStep, words: Bilingual) -> Text:
    """How a step the user wrote (or worded) reads: its title, then its detail after a
    colon (`own_step_title_detail`: full-width in Chinese). Cleaned again: a row
    written by another program may hold controls."""
    title = clean_free_text(step.title)
    detail = clean_free_text(step.detail)
    if not detail:
        return Text(title, title)
    joined = words("own_step_title_detail")
    return Text(
        joined.zh.format(title=title, detail=detail),
        joined.get("en").format(title=title, detail=detail),
    )


def user_step(step: OwnStep, words: Bilingual) -> Step:
    """A step the user wrote, as the plan takes it: no kind any rule reads. It is not
    marked unverified: the "check the app's real menu" warning is for our guesses,
    and these are the user's own words (a catalog skeleton still writes it unverified)."""
    return Step(id=step.id, kind=StepKind.CUSTOM, text=step_text(step, words), verified=True)


def service_steps(service: OwnService, words: Bilingual) -> tuple[Step, ...]:
    """The service's steps in order: the generic ones (in the user's words where they
    gave some) with the user's own steps before the closing step."""
    edits = {e.id: e for e in service.edits}
    generic = []
    for s in generic_steps(service.holds_funds, words):
        edit = edits.get(s.id)
        if edit is not None:
            s = Step(id=s.id, kind=s.kind, text=step_text(edit, words), verified=True)
        generic.append(s)
    close = [s for s in generic if s.kind is StepKind.DEREGISTER]
    before = [s for s in generic if s.kind is not StepKind.DEREGISTER]
    mine = (user_step(s, words) for s in service.steps)
    return (*before, *mine, *close)


def own_platform(service: OwnService, words: Bilingual) -> Platform:
    """The service as a catalog entry would describe it (`words`: its generic steps'
    words, from the text mechanism)."""
    uses = frozenset(u for r in service.phone_use if (u := _USE_OF_ROLE[r]) is not None)
    name = clean_free_text(service.name)  # checked on the way in; cleaned again for show
    return Platform(
        id=own_platform_id(service.id),
        name=Text(name, name),
        category=service.category,
        phone_use=uses,
        holds_funds=service.holds_funds,
        holds_cards=service.holds_funds,
        deletion_method=DeletionMethod.SELF_SERVICE,
        steps=service_steps(service, words),
        verified=False,
    )


def with_own(catalog: Catalog, services: Iterable[OwnService], words: Bilingual) -> Catalog:
    """The catalog plus the user's own services, as one (`words` is asked only when
    there is one)."""
    own = {p.id: p for p in (own_platform(s, words) for s in services)}
    if not own:
        return catalog
    return Catalog(
        platforms={**catalog.platforms, **own},
        discover_steps=catalog.discover_steps,
        aftercare_steps=catalog.aftercare_steps,
    )


# --- account titles ------------------------------------------------------------------


def ordinals(accounts: Iterable[Account]) -> dict[int, int]:
    """account id → its "#n" among the unlabelled accounts of one platform on one
    number, in the order they were added; only where there are two or more."""
    groups: dict[tuple[str, int], list[int]] = {}
    for a in accounts:
        if not a.label:
            groups.setdefault((a.platform_id, a.number_id), []).append(a.id)
    out: dict[int, int] = {}
    for ids in groups.values():
        if len(ids) > 1:
            for n, account_id in enumerate(sorted(ids), start=1):
                out[account_id] = n
    return out


def account_title(
    platform_name: str, account: Account, numbering: Mapping[int, int] | None = None
) -> Msg | str:
    """How one account is named wherever it is shown (the screens, the CLI, the report,
    the calendar): its platform's name, then its label in brackets ("微信（工作）",
    "WeChat (work)") or, for a second unlabelled account of the platform, "#2"
    (`numbering`, from `ordinals`). A message for `acctexit.i18n.say`, or the bare name.
    The label is cleaned again: a row written by another program may hold controls."""
    label = clean_free_text(account.label)
    if label:
        return msg("report_account_with_label", name=platform_name, label=label)
    n = (numbering or {}).get(account.id)
    return msg("account_numbered", name=platform_name, n=n) if n and n > 1 else platform_name


def platform_name(catalog: Catalog, platform_id: str, lang: Lang) -> str:
    p = catalog.get(platform_id)
    return p.name.get(lang) if p else platform_id


# --- the log -------------------------------------------------------------------------

_OWN_VERBS = {
    Verb.OWN_SERVICE_ADDED: "id",
    Verb.OWN_SERVICE_CHANGED: "id",
    Verb.OWN_STEP_ADDED: "service",
    Verb.OWN_STEP_CHANGED: "service",
    Verb.OWN_STEP_REMOVED: "service",
    Verb.OWN_STEPS_REORDERED: "service",
}


def own_log_target(entry: LogEntry) -> tuple[int, str | None, str] | None:
    """What an own-service log row is about: (service id, step id or None, the step's
    title as logged or ""), read from its detail; None for any other row."""
    key = _OWN_VERBS.get(entry.verb)
    if key is None or not entry.detail:
        return None
    import json  # only for these rows: a plain start shows none of them

    try:
        detail = json.loads(entry.detail)
    except ValueError:
        return None
    service = detail.get(key) if isinstance(detail, dict) else None
    if isinstance(service, bool) or not isinstance(service, int):
        return None
    step = detail.get("step")
    title = detail.get("title")
    return (
        service,
        step if isinstance(step, str) else None,
        clean_free_text(title) if isinstance(title, str) else "",
    )
