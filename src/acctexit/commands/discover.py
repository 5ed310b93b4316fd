"""`acctexit-tui discover FILE… [--number N] [--format text|json] [--add]`.

Reads SMS backups and password-manager exports (see `acctexit.discover`) and prints the
catalog platforms they point at, already on the number or new, the signatures that could
be several apps, and the unknown senders of verification codes. Without `--add` the
database is only read (and not even created if it does not exist); with `--add` the new
matches are added to the number in one logged transaction. Any unreadable file: a
one-line error naming it, exit 2, nothing changed. Phone numbers are masked.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acctexit.commands.context import Context
    from acctexit.domain.discovery import Findings, PlatformFinding
    from acctexit.domain.models import Catalog, Lang
    from acctexit.i18n import Translate

EXIT_OK = 0
EXIT_ERROR = 2


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "discover",
        help="find accounts on your number from an SMS backup or a password export",
        description=(
            "Read SMS Backup & Restore XML, an SMS CSV, or a Chrome/Edge/Brave, Firefox, "
            "Bitwarden, 1Password or KeePassXC password CSV, and list the catalog platforms "
            "they point at. Message bodies and passwords are never kept. The database is not "
            "changed unless --add is given."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to read")
    parser.add_argument(
        "--number", metavar="N", help="the number to check (default: the only one you have)"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or JSON"
    )
    parser.add_argument(
        "--add", action="store_true", help="add the new catalog matches to the number"
    )
    parser.add_argument(
        "--add-unknown",
        action="store_true",
        help="with --add: also add unknown senders that signed their codes as your own services",
    )
    parser.set_defaults(run=run)


class _Refused(Exception):
    """A user mistake on the command line: the message key and its values."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def run(args: argparse.Namespace, ctx: Context) -> int:
    from acctexit.discover import DiscoverFileError, discover
    from acctexit.i18n import KeyedText, say, strings

    s = strings(ctx.lang)
    try:
        if args.add_unknown and not args.add:
            raise _Refused("discover_err_add_unknown")
        catalog = ctx.load_catalog()
        target, own_numbers, listed = _read_database(args, ctx, catalog)
        paths = [Path(f).expanduser() for f in args.files]
        findings = discover(paths, catalog, own_numbers=own_numbers, listed=listed)
    except DiscoverFileError as e:
        reason = say(KeyedText(e.key, **e.values), ctx.lang)  # an OS reason said too
        print(s("discover_err_file", file=e.name, reason=reason), file=ctx.err)
        return EXIT_ERROR
    except _Refused as e:
        print(s("discover_err_prefix", reason=s(e.key, **e.values)), file=ctx.err)
        return EXIT_ERROR
    added: list[str] = []
    if args.add:
        if target is None:
            key = "discover_err_choose_number" if own_numbers else "discover_err_no_number"
            print(s("discover_err_prefix", reason=s(key)), file=ctx.err)
            return EXIT_ERROR
        added = [f.platform_id for f in findings.new if catalog.get(f.platform_id) is not None]
        # Only signed senders: a bare sender number names no service to list.
        signed = [u.signature for u in findings.unknown_senders if u.signature]
        own = signed if args.add_unknown else []
        added += _add(ctx, catalog, target, added, own)
    if args.format == "json":
        ctx.out.write(render_json(findings, catalog, target, paths, added))
    else:
        ctx.out.write(render_text(findings, catalog, target, len(paths), added, args.add, ctx.lang))
    return EXIT_OK


def _read_database(
    args: argparse.Namespace, ctx: Context, catalog: Catalog
) -> tuple[str | None, frozenset[str], frozenset[str]]:
    """(the number to add to, the numbers whose logins are flagged, the platforms
    already listed). Only reads; a database that does not exist is not created."""
    from acctexit.app.discover import targets
    from acctexit.app.workspace import Workspace
    from acctexit.domain.phone import PhoneNumberError, mask_number, normalise_e164

    wanted: str | None = None
    if args.number is not None:
        try:
            wanted = normalise_e164(args.number)
        except PhoneNumberError:
            raise _Refused("discover_err_number_invalid") from None
    if not ctx.db_path.exists():
        if wanted is not None and args.add:
            raise _Refused("discover_err_number_unknown", number=mask_number(wanted))
        return wanted, frozenset({wanted} if wanted else ()), frozenset()
    with ctx.open_store() as store:
        numbers = targets(Workspace(store, catalog, ctx.today))
    if wanted is not None:
        number = next((t for t in numbers if t.e164 == wanted), None)
        if number is None:
            if args.add:
                raise _Refused("discover_err_number_unknown", number=mask_number(wanted))
            return wanted, frozenset({wanted}), frozenset()
        return wanted, frozenset({wanted}), number.listed
    if len(numbers) == 1:
        only = numbers[0]
        return only.e164, frozenset({only.e164}), only.listed
    # Several numbers (or none) and no choice: listed means on any of them.
    return None, frozenset(t.e164 for t in numbers), frozenset().union(*(t.listed for t in numbers))


def _add(
    ctx: Context, catalog: Catalog, e164: str, platform_ids: list[str], own_names: list[str]
) -> list[str]:
    """Adds the accounts; returns the own-service names that were new on the number."""
    from acctexit.app.discover import add_found, new_own_names, targets
    from acctexit.app.workspace import Workspace

    if not platform_ids and not own_names:
        return []
    with ctx.open_store() as store:
        ws = Workspace(store, catalog, ctx.today)
        target = next(t for t in targets(ws) if t.e164 == e164)
        own_names = new_own_names(ws, target, own_names)
        add_found(ws, target, platform_ids, own_names)
    return own_names


# --- output ---------------------------------------------------------------------------


def _name(catalog: Catalog, platform_id: str, lang: Lang) -> str:
    platform = catalog.get(platform_id)
    return platform.name.get(lang) if platform is not None else platform_id


def _span(first: date | None, last: date | None, s: Translate) -> str:
    if first is None or last is None:
        return ""
    if first == last:
        return first.isoformat()
    return s("discover_dates", first=first.isoformat(), last=last.isoformat())


def _how(matched_by: tuple[str, ...], s: Translate) -> str:
    from acctexit.sanitize import clean_text

    parts = []
    for how in matched_by:
        kind, _, value = how.partition(":")
        parts.append(s(f"discover_by_{kind}", value=clean_text(value)))
    return s("list_sep").join(parts)


def _platform_line(f: PlatformFinding, catalog: Catalog, s: Translate, lang: Lang) -> str:
    parts = [s("discover_platform", name=_name(catalog, f.platform_id, lang), id=f.platform_id)]
    if f.messages:
        parts.append(s("discover_messages", n=f.messages, codes=f.codes))
    if f.logins:
        parts.append(s("discover_logins", n=f.logins))
    if f.own_number_logins:
        parts.append(s("discover_own_login"))
    elif f.phone_logins:
        parts.append(s("discover_phone_login"))
    span = _span(f.first, f.last, s)
    if span:
        parts.append(span)
    parts.append(_how(f.matched_by, s))
    parts.append(s(f"discover_confidence_{f.confidence.value}"))
    return "  " + " · ".join(parts)


def render_text(
    findings: Findings,
    catalog: Catalog,
    target: str | None,
    files: int,
    added: list[str],
    adding: bool,
    lang: Lang,
) -> str:
    from acctexit.domain.phone import mask_number
    from acctexit.i18n import strings
    from acctexit.sanitize import clean_text

    s = strings(lang)
    lines = [s("discover_title")]
    if target is not None:
        lines.append(s("discover_number", number=mask_number(target)))
    lines.append(
        s(
            "discover_read",
            files=files,
            messages=findings.messages_read,
            logins=findings.logins_read,
        )
    )
    new = [f for f in findings.platforms if not f.listed]
    listed = [f for f in findings.platforms if f.listed]
    lines.append("")
    lines.append(s("discover_new", n=len(new)))
    lines.extend(_platform_line(f, catalog, s, lang) for f in new)
    if not new:
        lines.append("  " + s("discover_none"))
    if listed:
        lines.append("")
        lines.append(s("discover_listed", n=len(listed)))
        lines.extend(_platform_line(f, catalog, s, lang) for f in listed)
    if findings.ambiguous:
        lines.append("")
        lines.append(s("discover_ambiguous"))
        for a in findings.ambiguous:
            names = s("list_sep").join(_name(catalog, p, lang) for p in a.candidates)
            parts = [
                s("discover_by_signature", value=clean_text(a.signature)),
                s("discover_candidates", names=names),
                s("discover_messages", n=a.messages, codes=a.codes),
            ]
            span = _span(a.first, a.last, s)
            if span:
                parts.append(span)
            lines.append("  " + " · ".join(parts))
    if findings.unknown_senders:
        lines.append("")
        lines.append(s("discover_unknown_senders"))
        for u in findings.unknown_senders:
            if u.signature:
                who = s("discover_by_signature", value=clean_text(u.signature))
            else:
                who = s("discover_by_sender", value=_sender(u.name))
            parts = [who, s("discover_codes", n=u.codes)]
            span = _span(u.first, u.last, s)
            if span:
                parts.append(span)
            lines.append("  " + " · ".join(parts))
    if findings.unknown_sites:
        lines.append("")
        lines.append(s("discover_unknown_sites"))
        for site in findings.unknown_sites:
            parts = [clean_text(site.domain), s("discover_logins", n=site.logins)]
            span = _span(site.first, site.last, s)
            if span:
                parts.append(span)
            lines.append("  " + " · ".join(parts))
    lines.append("")
    if adding:
        if added and target is not None:
            lines.append(s("discover_added", n=len(added), number=mask_number(target)))
        else:
            lines.append(s("discover_nothing_added"))
    elif new:
        lines.append(s("discover_hint_add"))
    lines.append(s("discover_privacy"))
    return "\n".join(lines) + "\n"


def _sender(name: str) -> str:
    """A sender number for display: a personal mobile number is masked."""
    from acctexit.domain.discovery import mobile_number
    from acctexit.domain.phone import mask_number
    from acctexit.sanitize import clean_text

    e164 = mobile_number(name)
    return mask_number(e164) if e164 else clean_text(name)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def render_json(
    findings: Findings,
    catalog: Catalog,
    target: str | None,
    paths: list[Path],
    added: list[str],
) -> str:
    import json

    from acctexit.discover import escape_name
    from acctexit.domain.phone import mask_number
    from acctexit.sanitize import clean_text

    def names(platform_id: str) -> dict[str, str | None]:
        platform = catalog.get(platform_id)
        if platform is None:
            return {"zh": platform_id, "en": platform_id}
        return {"zh": platform.name.zh, "en": platform.name.en}

    doc = {
        "number": mask_number(target) if target else None,
        "files": [escape_name(p.name) for p in paths],
        "messages_read": findings.messages_read,
        "logins_read": findings.logins_read,
        "platforms": [
            {
                "platform_id": f.platform_id,
                "name": names(f.platform_id),
                "listed": f.listed,
                "messages": f.messages,
                "codes": f.codes,
                "logins": f.logins,
                "phone_login": f.phone_login,
                "own_number_login": f.own_number_logins > 0,
                "first": _day(f.first),
                "last": _day(f.last),
                "matched_by": [clean_text(m) for m in f.matched_by],
                "confidence": f.confidence.value,
            }
            for f in findings.platforms
        ],
        "ambiguous": [
            {
                "signature": clean_text(a.signature),
                "candidates": list(a.candidates),
                "messages": a.messages,
                "codes": a.codes,
                "first": _day(a.first),
                "last": _day(a.last),
            }
            for a in findings.ambiguous
        ],
        "unknown_senders": [
            {
                "name": clean_text(u.signature) if u.signature else _sender(u.name),
                "signature": clean_text(u.signature) if u.signature else None,
                "codes": u.codes,
                "first": _day(u.first),
                "last": _day(u.last),
            }
            for u in findings.unknown_senders
        ],
        "unknown_sites": [
            {
                "domain": clean_text(site.domain),
                "logins": site.logins,
                "own_number_logins": site.own_number_logins,
                "first": _day(site.first),
                "last": _day(site.last),
            }
            for site in findings.unknown_sites
        ],
        "added": added,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
