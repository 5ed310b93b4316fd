"""Validating one platform file (and the steps services.toml shares with it) into a
`Platform`: every field of docs/catalog.md, each problem recorded with its field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from acctexit.catalog.fields import FileFields, describe, join
from acctexit.catalog.schema import (
    BRACKETS,
    CONDITION_KEYS,
    DAY_KINDS,
    DISPLAY_ROOT,
    DOMAIN_RE,
    EDITORIAL_SOURCE,
    FLAG_KINDS,
    GROUP_KEYS,
    ID_RE,
    PLATFORM_KEYS,
    PLATFORM_PHASES,
    SENDER_RE,
    SMS_KEYS,
    STEP_KEYS,
)
from acctexit.domain.models import (
    Category,
    Condition,
    ConditionKind,
    Confidence,
    DeletionMethod,
    Grade,
    Phase,
    PhoneUse,
    Platform,
    SmsSignature,
    Source,
    Step,
    StepGroup,
    StepKind,
)
from acctexit.i18n import KeyedText


def source_ref(
    f: FileFields, t: Mapping[str, Any], where: str, sources: Mapping[str, Source]
) -> str | None:
    sid = f.string(t, "source", where, required=False)
    if sid is not None and sid not in sources:
        f.bad(
            join(where, "source"),
            KeyedText("cat_unknown_source", id=sid, file=f"{DISPLAY_ROOT}/sources.toml"),
        )
        return None
    return sid


def _condition(
    f: FileFields, t: dict[str, Any], where: str, sources: Mapping[str, Source]
) -> Condition | None:
    f.keys(t, CONDITION_KEYS, where)
    kind = f.enum(t, "kind", where, ConditionKind, required=True)
    text = f.text(t, "text", where, required=True)
    days = f.days(t, "days", where)
    source = source_ref(f, t, where, sources)
    if kind in DAY_KINDS and days is None and "days" not in t:
        f.bad(join(where, "days"), KeyedText("cat_days_required_for_kind", kind=kind.value))
    if kind in FLAG_KINDS and "days" in t:
        f.bad(join(where, "days"), KeyedText("cat_kind_takes_no_days", kind=kind.value))
    if kind is ConditionKind.DAILY_ATTEMPTS and days == 0:
        f.bad(join(where, "days"), KeyedText("cat_attempts_at_least_one"))
    if kind is None or text is None:
        return None
    return Condition(kind=kind, text=text, days=days, source=source)


def _conditions(
    f: FileFields, t: Mapping[str, Any], where: str, sources: Mapping[str, Source]
) -> tuple[Condition, ...]:
    out = []
    for cwhere, ct in f.tables(t.get("conditions"), join(where, "conditions")):
        c = _condition(f, ct, cwhere, sources)
        if c is not None:
            out.append(c)
    return tuple(out)


def _verified(f: FileFields, field: str, verified: bool, cited: Iterable[str | None]) -> None:
    if verified and not any(s and s != EDITORIAL_SOURCE for s in cited):
        f.bad(field, KeyedText("cat_verified_needs_source", editorial=EDITORIAL_SOURCE))


def _step(
    f: FileFields,
    t: dict[str, Any],
    where: str,
    sources: Mapping[str, Source],
    phases: tuple[Phase, ...],
    groups: Mapping[str, StepGroup],
) -> Step | None:
    f.keys(t, STEP_KEYS, where)
    sid = f.string(t, "id", where, required=True)
    if sid is not None and not ID_RE.match(sid):
        f.bad(join(where, "id"), KeyedText("cat_step_id_form", id=sid, example="rebind-phone"))
        sid = None
    kind = f.enum(t, "kind", where, StepKind, required=True)
    text = f.text(t, "text", where, required=True)
    path = f.path(t, "path", where)
    phase: Phase | None = None
    if "phase" in t:
        phase = f.enum_value(t["phase"], join(where, "phase"), Phase, phases)
    verified = f.boolean(t, "verified", where)
    temporary = f.boolean(t, "temporary", where)
    if temporary and kind is not StepKind.REBIND_PHONE:
        f.bad(
            join(where, "temporary"),
            KeyedText("cat_temporary_only_rebind", kind=StepKind.REBIND_PHONE.value),
        )
    cancels_number = f.boolean(t, "cancels_number", where)
    if cancels_number and kind is not StepKind.DEREGISTER:
        f.bad(
            join(where, "cancels_number"),
            KeyedText("cat_cancels_only_deregister", kind=StepKind.DEREGISTER.value),
        )
    group: StepGroup | None = None
    gid = f.string(t, "group", where, required=False)
    if gid is not None:
        group = groups.get(gid)
        if group is None:
            if groups:
                reason = KeyedText("cat_unknown_group", id=gid, known=", ".join(groups))
            else:
                reason = KeyedText("cat_unknown_group_none", id=gid)
            f.bad(join(where, "group"), reason)
    source = source_ref(f, t, where, sources)
    conditions = _conditions(f, t, where, sources)
    _verified(f, join(where, "verified"), verified, [source])
    if sid is None or kind is None or text is None:
        return None
    return Step(
        id=sid,
        kind=kind,
        text=text,
        path=path,
        phase=phase,
        conditions=conditions,
        verified=verified,
        source=source,
        temporary=temporary,
        cancels_number=cancels_number,
        group=group,
    )


def read_steps(
    f: FileFields,
    value: Any,
    field: str,
    sources: Mapping[str, Source],
    phases: tuple[Phase, ...],
    seen: dict[str, str],
    groups: Mapping[str, StepGroup] | None = None,
) -> list[Step]:
    """Steps in file order; `seen` maps step ids already used to the field that used them;
    `groups`: the headings the steps may name (a platform's `[[groups]]`)."""
    out = []
    for where, t in f.tables(value, field):
        step = _step(f, t, where, sources, phases, groups or {})
        if step is None:
            continue
        if step.id in seen:
            f.bad(join(where, "id"), KeyedText("cat_step_twice", id=step.id, other=seen[step.id]))
            continue
        seen[step.id] = where
        out.append(step)
    return out


def read_platform(
    f: FileFields, doc: dict[str, Any], file_id: str, sources: Mapping[str, Source]
) -> Platform | None:
    f.keys(doc, PLATFORM_KEYS, "")
    pid = f.string(doc, "id", "", required=True)
    if pid is not None and pid != file_id:
        f.bad("id", KeyedText("cat_id_not_file_name", id=pid, expected=file_id))
    if not ID_RE.match(file_id):
        f.bad("", KeyedText("cat_file_name_form", name=file_id))
    name = f.text(doc, "name", "", required=True, need_en=True)
    category = f.enum(doc, "category", "", Category, required=True)

    domains = []
    for field, d in f.strings(doc, "domains", ""):
        if not DOMAIN_RE.match(d):
            f.bad(field, KeyedText("cat_domain_form", domain=d, example="example.com"))
        else:
            domains.append(d)

    phone_use = set()
    raw_use = doc.get("phone_use")
    if raw_use is not None and not isinstance(raw_use, list):
        f.bad("phone_use", KeyedText("cat_expected_array", got=describe(raw_use)))
    elif raw_use is not None:
        for i, item in enumerate(raw_use):
            use = f.enum_value(item, f"phone_use[{i}]", PhoneUse)
            if use is not None:
                phone_use.add(use)

    flags = {
        key: f.boolean(doc, key, "")
        for key in (
            "holds_funds",
            "holds_cards",
            "password_free_payments",
            "identity_provider",
            "covered_by_yzt",
        )
    }
    method = f.enum(doc, "deletion_method", "", DeletionMethod, required=True)
    deletion_path = f.path(doc, "deletion_path", "")
    inactivity_days = f.days(doc, "inactivity_days", "")
    if (
        method is DeletionMethod.INACTIVITY
        and inactivity_days is None
        and "inactivity_days" not in doc
    ):
        f.bad(
            "inactivity_days",
            KeyedText("cat_inactivity_days_required", method=DeletionMethod.INACTIVITY.value),
        )
    if method in (DeletionMethod.INACTIVITY, DeletionMethod.IMPOSSIBLE) and deletion_path:
        f.bad("deletion_path", KeyedText("cat_path_with_method", method=method.value))

    verified = f.boolean(doc, "verified", "")
    cited: list[Source] = []
    for field, sid in f.strings(doc, "sources", ""):
        if sid not in sources:
            f.bad(
                field, KeyedText("cat_unknown_source", id=sid, file=f"{DISPLAY_ROOT}/sources.toml")
            )
        elif any(s.id == sid for s in cited):
            f.bad(field, KeyedText("cat_source_listed_twice", id=sid))
        else:
            cited.append(sources[sid])
    _verified(f, "verified", verified, [s.id for s in cited])
    notes = f.text(doc, "notes", "", required=False)
    # Optional for the loader (test fixtures, hand-made catalogs); `catalog --check`, which
    # CI runs on the shipped data, rejects an entry without one.
    grade = f.enum(doc, "grade", "", Grade, required=False)
    grade_reason = f.text(doc, "grade_reason", "", required=False, need_en=True)
    checked = f.date(doc, "checked", "")
    senders = _senders(f, doc)
    sms = _signatures(f, doc, sources)
    conditions = _conditions(f, doc, "", sources)
    groups = _groups(f, doc, sources)
    steps = read_steps(f, doc.get("steps"), "steps", sources, PLATFORM_PHASES, {}, groups)
    used = {s.group.id for s in steps if s.group is not None}
    for i, gid in enumerate(groups):
        if gid not in used:
            f.bad(f"groups[{i}]", KeyedText("cat_group_unused", id=gid))
    cancelling = [i for i, s in enumerate(steps) if s.cancels_number]
    for i in cancelling[1:]:
        f.bad(f"steps[{i}].cancels_number", KeyedText("cat_cancels_once"))
    # After the number is cancelled no code reaches it; the plan lists that step after
    # every account's steps of its phase (domain/plan/number_last.py), so it must be the
    # platform's last step and in the last account phase.
    if len(cancelling) == 1 and steps[cancelling[0]].kind is StepKind.DEREGISTER:
        i = cancelling[0]
        phase = steps[i].phase or (Phase.for_category(category) if category else None)
        if i != len(steps) - 1:
            f.bad(f"steps[{i}].cancels_number", KeyedText("cat_cancels_last"))
        elif phase not in (None, Phase.OTHER):
            f.bad(f"steps[{i}].cancels_number", KeyedText("cat_cancels_phase"))

    if pid is None or name is None or category is None or method is None:
        return None
    return Platform(
        id=pid,
        name=name,
        category=category,
        domains=tuple(domains),
        phone_use=frozenset(phone_use),
        deletion_method=method,
        deletion_path=deletion_path,
        inactivity_days=inactivity_days,
        conditions=conditions,
        steps=tuple(steps),
        sources=tuple(cited),
        verified=verified,
        notes=notes,
        grade=grade,
        grade_reason=grade_reason,
        checked=checked,
        sms_senders=senders,
        sms=sms,
        **flags,
    )


def _senders(f: FileFields, doc: Mapping[str, Any]) -> tuple[str, ...]:
    out: list[str] = []
    for field, sender in f.strings(doc, "sms_senders", ""):
        if not SENDER_RE.match(sender):
            f.bad(field, KeyedText("cat_sender_form", sender=sender))
        elif sender in out:
            f.bad(field, KeyedText("cat_sender_twice", sender=sender))
        else:
            out.append(sender)
    return tuple(out)


def _signatures(
    f: FileFields, doc: Mapping[str, Any], sources: Mapping[str, Source]
) -> tuple[SmsSignature, ...]:
    out: list[SmsSignature] = []
    for where, t in f.tables(doc.get("sms"), "sms"):
        f.keys(t, SMS_KEYS, where)
        signature = f.string(t, "signature", where, required=True)
        field = join(where, "signature")
        if signature is not None and any(ch in BRACKETS for ch in signature):
            f.bad(
                field, KeyedText("cat_signature_brackets", signature=signature, example="腾讯科技")
            )
            signature = None
        elif signature is not None and signature != signature.strip():
            f.bad(field, KeyedText("cat_signature_spaces", signature=signature))
            signature = None
        elif signature is not None and any(s.signature == signature for s in out):
            f.bad(field, KeyedText("cat_signature_twice", signature=signature))
            signature = None
        words = tuple(w for _, w in f.strings(t, "words", where))
        confidence = f.enum(t, "confidence", where, Confidence, required=True)
        source = source_ref(f, t, where, sources)
        if signature is not None and confidence is not None:
            out.append(SmsSignature(signature, confidence, words, source))
    return tuple(out)


def _groups(
    f: FileFields, doc: Mapping[str, Any], sources: Mapping[str, Source]
) -> dict[str, StepGroup]:
    """The headings a platform's steps may name, by id, in file order. Each has zh and
    en text and a source: it restates how an article groups the steps."""
    out: dict[str, StepGroup] = {}
    for where, t in f.tables(doc.get("groups"), "groups"):
        f.keys(t, GROUP_KEYS, where)
        gid = f.string(t, "id", where, required=True)
        if gid is not None and not ID_RE.match(gid):
            f.bad(
                join(where, "id"),
                KeyedText("cat_group_id_form", id=gid, example="clear-bindings"),
            )
            gid = None
        elif gid is not None and gid in out:
            f.bad(join(where, "id"), KeyedText("cat_group_twice", id=gid))
            gid = None
        title = f.text(t, "title", where, required=True, need_en=True)
        if "source" not in t:
            f.bad(
                join(where, "source"),
                KeyedText("cat_group_source_required"),
            )
        source = source_ref(f, t, where, sources)
        if gid is not None and title is not None:
            out[gid] = StepGroup(gid, title, source)
    return out
