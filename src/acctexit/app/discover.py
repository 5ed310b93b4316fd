"""Discover from the app: read the user's files for one number, add what they keep.

`find` runs `acctexit.discover.discover` for a number (its own number flagged in the
logins, the platforms already on it marked listed). It touches no store, so the
screens may run it in a worker thread. `add_found` writes the platforms the user
kept (and, from the command line, own services) in one logged transaction
(`acctexit.discover.apply`); `targets` and `new_own_names` read what the command
line's `discover` checks against. `total_of` counts the last findings for the
reconcile view, which shows them beside 一证通查's count (the screen holds them for
this session only; findings are never stored). The `*_line` functions word the
evidence the same way for every screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from msgspec import Struct

from acctexit.app.workspace import Snapshot, Workspace
from acctexit.discover import DiscoverFileError
from acctexit.domain.discovery import (
    AmbiguousFinding,
    Findings,
    PlatformFinding,
    UnknownSender,
    UnknownSite,
    mobile_number,
)
from acctexit.domain.models import Catalog, Lang, PhoneNumber
from acctexit.domain.phone import mask_number
from acctexit.domain.reconcile import DiscoveredTotal, discovered_total
from acctexit.i18n import KeyedText, say, strings
from acctexit.sanitize import clean_text

__all__ = [
    "DiscoverFileError",
    "Target",
    "add_found",
    "error_line",
    "find",
    "new_own_names",
    "paths_from",
    "target_for",
    "targets",
    "total_of",
]


class Target(Struct, frozen=True):
    """The number the files are checked for, and what is already on it."""

    number_id: int
    e164: str
    listed: frozenset[str]


def target_for(snapshot: Snapshot, number: PhoneNumber) -> Target:
    listed = frozenset(a.platform_id for a in snapshot.accounts if a.number_id == number.id)
    return Target(number.id, number.e164, listed)


def paths_from(text: str) -> list[Path]:
    """The paths in what the user typed or pasted: one per line, blank lines ignored,
    surrounding quotes (as a file manager's "copy path" adds) removed."""
    paths = []
    for line in text.splitlines():
        line = line.strip()
        if len(line) >= 2 and line[0] == line[-1] and line[0] in "'\"":
            line = line[1:-1]
        if line:
            paths.append(Path(line).expanduser())
    return paths


def find(ws: Workspace, target: Target, paths: Sequence[Path]) -> Findings:
    """What `paths` show for the number. Raises `DiscoverFileError` for a file that
    cannot be read (nothing is found from any of them then). No store access."""
    from acctexit.discover import discover

    return discover(paths, ws.catalog, own_numbers=(target.e164,), listed=target.listed)


def targets(ws: Workspace) -> list[Target]:
    """Every number with what is already on it, in the database's order (for
    `acctexit-tui discover`, which reads no snapshot)."""
    accounts = ws.store.accounts()
    return [
        Target(n.id, n.e164, frozenset(a.platform_id for a in accounts if a.number_id == n.id))
        for n in ws.store.numbers()
    ]


def new_own_names(ws: Workspace, target: Target, names: Iterable[str]) -> list[str]:
    """Of `names` (the signatures of unknown senders), those not yet an own service
    on the number."""
    from acctexit.domain.own import own_platform_id

    have = {o.name for o in ws.store.own_services() if own_platform_id(o.id) in target.listed}
    return [n for n in names if n not in have]


def add_found(
    ws: Workspace, target: Target, platform_ids: Iterable[str], own_names: Iterable[str] = ()
) -> int:
    """Add an account for each chosen platform to the number, and one on a new own
    service for each of `own_names`, in one logged transaction; returns how many were
    added. Ids not in the catalog or already listed are left out: only a new catalog
    match can be added from here."""
    from acctexit.discover.apply import add_platforms

    wanted = [
        pid
        for pid in dict.fromkeys(platform_ids)
        if ws.catalog.get(pid) is not None and pid not in target.listed
    ]
    return add_platforms(ws.store, target.e164, wanted, own_names)


# The session's memory ----------------------------------------------------------------


def total_of(findings: Findings | None, catalog: Catalog) -> DiscoveredTotal | None:
    """The catalog platforms the last discovery for a number found (held by the screen
    for this session only, never written), counted for the reconcile view."""
    if findings is None:
        return None
    return discovered_total(catalog.platforms, (f.platform_id for f in findings.platforms))


# Wording -----------------------------------------------------------------------------


def _name(catalog: Catalog, platform_id: str, lang: Lang) -> str:
    platform = catalog.get(platform_id)
    return platform.name.get(lang) if platform is not None else platform_id


def _span(first: date | None, last: date | None, lang: Lang) -> str:
    if first is None or last is None:
        return ""
    if first == last:
        return first.isoformat()
    return strings(lang)("discover_dates", first=first.isoformat(), last=last.isoformat())


def _join(parts: Iterable[str]) -> str:
    return " · ".join(p for p in parts if p)


def platform_line(finding: PlatformFinding, catalog: Catalog, lang: Lang) -> str:
    """ "京东 · 23 messages (20 with codes) · login is this number · 2021-01-03 to … ·
    high confidence": the evidence for one match, without bodies or passwords."""
    s = strings(lang)
    how = s("list_sep").join(
        s(f"discover_by_{kind}", value=clean_text(value))
        for kind, _, value in (m.partition(":") for m in finding.matched_by)
    )
    phone = ""
    if finding.own_number_logins:
        phone = s("discover_own_login")
    elif finding.phone_logins:
        phone = s("discover_phone_login")
    # Most telling first: a narrow checklist cuts the line's end.
    return _join(
        (
            _name(catalog, finding.platform_id, lang),
            s(f"discover_confidence_{finding.confidence.value}"),
            phone,
            s("discover_messages", n=finding.messages, codes=finding.codes)
            if finding.messages
            else "",
            s("discover_logins", n=finding.logins) if finding.logins else "",
            _span(finding.first, finding.last, lang),
            how,
        )
    )


def ambiguous_line(finding: AmbiguousFinding, catalog: Catalog, lang: Lang) -> str:
    s = strings(lang)
    names = s("list_sep").join(_name(catalog, p, lang) for p in finding.candidates)
    return _join(
        (
            s("discover_by_signature", value=clean_text(finding.signature)),
            s("discover_candidates", names=names),
            s("discover_messages", n=finding.messages, codes=finding.codes),
            _span(finding.first, finding.last, lang),
        )
    )


def unknown_sender_line(sender: UnknownSender, lang: Lang) -> str:
    s = strings(lang)
    if sender.signature:
        who = s("discover_by_signature", value=clean_text(sender.signature))
    else:
        mobile = mobile_number(sender.name)  # a person's number: masked
        who = s(
            "discover_by_sender", value=mask_number(mobile) if mobile else clean_text(sender.name)
        )
    return _join((who, s("discover_codes", n=sender.codes), _span(sender.first, sender.last, lang)))


def unknown_site_line(site: UnknownSite, lang: Lang) -> str:
    s = strings(lang)
    return _join(
        (
            clean_text(site.domain),
            s("discover_logins", n=site.logins),
            _span(site.first, site.last, lang),
        )
    )


def error_line(error: DiscoverFileError, lang: Lang) -> str:
    """One line naming the file and what is wrong with it (the name escaped)."""
    s = strings(lang)
    reason = say(KeyedText(error.key, **error.values), lang)  # an OS reason said in `lang`
    return s("discover_screen_error", file=error.name, reason=reason)
