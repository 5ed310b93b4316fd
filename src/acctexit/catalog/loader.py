"""Load and validate the platform catalog shipped in `data/`.

Layout of the catalog root (see docs/catalog.md for every field)::

    data/
      sources.toml          [[source]] id, title, url: the citations entries may use
      services.toml         [[discover]] and [[aftercare]] steps run once per phone number
      platforms/<id>.toml   one platform per file; the file name is the platform id

Every file is read through the `Traversable` API so the loader works from a source
checkout and from an installed wheel alike. Validation collects every problem it finds
(file, field, reason) and raises one `CatalogError` listing them all; no `tomllib`
exception or `KeyError` ever escapes. No Textual, no SQLite.

`data/catalog.msgpack` holds the catalog already validated, with the size and CRC-32
of each file it was built from; `load_catalog` returns it while every one of those
files is unchanged, and validates the files otherwise. Validation was ≈ 2 % of the
instructions to the dashboard's first frame; decoding the stored copy is a C call.
`python scripts/parse_data.py` rewrites it, and tests/unit/test_parsed_data.py says
when it is out of date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from msgspec import Struct

from acctexit.domain.models import (
    PATH_SEPARATOR,
    Catalog,
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
    StepKind,
    Text,
)
from acctexit.resources import data_root, fingerprint, read_toml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "DAY_KINDS",
    "EDITORIAL_SOURCE",
    "FLAG_KINDS",
    "CatalogError",
    "CatalogProblem",
    "load_catalog",
]

# Shown in messages in front of file names: paths are relative to the catalog root.
DISPLAY_ROOT = "data"

# The project's own general advice. It may be cited, but it never makes a fact verified.
EDITORIAL_SOURCE = "editorial"

# Condition kinds that need a day count (`days`; for daily_attempts: attempts per day).
DAY_KINDS = frozenset(
    {
        ConditionKind.QUIET_AFTER_CHANGE,
        ConditionKind.DAYS_SINCE_LAST_ORDER,
        ConditionKind.DAYS_SINCE_ORDERS_CLOSED,
        ConditionKind.REVIEW_DAYS,
        ConditionKind.REGRET_DAYS,
        ConditionKind.DAILY_ATTEMPTS,
        ConditionKind.INACTIVITY_DELETION,
    }
)
# Condition kinds that are yes/no facts and take no day count.
FLAG_KINDS = frozenset(
    {
        ConditionKind.ZERO_BALANCE,
        ConditionKind.NO_CARDS,
        ConditionKind.NO_PASSWORD_FREE,
        ConditionKind.NO_LINKED_APPS,
    }
)
# ConditionKind.MANUAL: text only, with an optional informative day count.

# The phases a platform's step may name: every phase a category maps to.
PLATFORM_PHASES = tuple(dict.fromkeys(Phase.for_category(c) for c in Category))

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOURCE_ID_RE = re.compile(r"^[a-z0-9]+(?:[-:][a-z0-9]+)*$")
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SENDER_RE = re.compile(r"^[0-9]{3,20}$")
_BRACKETS = "【】[]［］〔〕()（）"
_TOML_POS_RE = re.compile(r"\(at line (\d+), column (\d+)\)")

PLATFORM_KEYS = (
    "id",
    "name",
    "category",
    "domains",
    "phone_use",
    "holds_funds",
    "holds_cards",
    "password_free_payments",
    "identity_provider",
    "covered_by_yzt",
    "deletion_method",
    "deletion_path",
    "inactivity_days",
    "verified",
    "sources",
    "notes",
    "grade",
    "grade_reason",
    "checked",
    "sms_senders",
    "sms",
    "conditions",
    "steps",
)
SMS_KEYS = ("signature", "words", "confidence", "source")
STEP_KEYS = ("id", "kind", "text", "path", "phase", "verified", "source", "conditions")
CONDITION_KEYS = ("kind", "text", "days", "source")
TEXT_KEYS = ("zh", "en")
SOURCE_KEYS = ("id", "title", "url")
SERVICES_KEYS = ("discover", "aftercare")
SOURCES_KEYS = ("source",)


class CatalogProblem(Struct, frozen=True):
    """One thing wrong with the catalog: which file, which field, and what is wrong."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.file}: {self.field}: {self.reason}"
        return f"{self.file}: {self.reason}"


class CatalogError(Exception):
    """The catalog is broken. `problems` lists everything found, one entry per problem."""

    def __init__(self, problems: Iterable[CatalogProblem]) -> None:
        self.problems: list[CatalogProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


_E = TypeVar("_E", bound=StrEnum)


class _File:
    """Validation helpers bound to one file; every problem is recorded, none is raised."""

    def __init__(self, name: str, problems: list[CatalogProblem]) -> None:
        self.name = name
        self.problems = problems

    def bad(self, field: str, reason: str) -> None:
        self.problems.append(CatalogProblem(self.name, field, reason))

    # -- structure -------------------------------------------------------------------

    def keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.bad(_join(where, key), _unknown_key(key, allowed))

    def table(self, value: Any, field: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.bad(field, f"expected a table, got {_describe(value)}")
        return None

    def tables(self, value: Any, field: str) -> list[tuple[str, dict[str, Any]]]:
        """An array of tables, as (field name, table) pairs; bad items are reported."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(field, f"expected an array of tables, got {_describe(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            t = self.table(item, f"{field}[{i}]")
            if t is not None:
                out.append((f"{field}[{i}]", t))
        return out

    # -- scalars ---------------------------------------------------------------------

    def string(self, t: Mapping[str, Any], key: str, where: str, *, required: bool) -> str | None:
        field = _join(where, key)
        if key not in t:
            if required:
                self.bad(field, "required field is missing")
            return None
        value = t[key]
        if not isinstance(value, str):
            self.bad(field, f"expected a string, got {_describe(value)}")
            return None
        if not value.strip():
            self.bad(field, "must not be empty")
            return None
        return value

    def boolean(self, t: Mapping[str, Any], key: str, where: str, default: bool = False) -> bool:
        if key not in t:
            return default
        value = t[key]
        if not isinstance(value, bool):
            self.bad(_join(where, key), f"expected true or false, got {_describe(value)}")
            return default
        return value

    def days(self, t: Mapping[str, Any], key: str, where: str) -> int | None:
        if key not in t:
            return None
        value = t[key]
        field = _join(where, key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.bad(field, f"expected a whole number of days, got {_describe(value)}")
            return None
        if value < 0:
            self.bad(field, f"day count must not be negative, got {value}")
            return None
        return value

    def enum(
        self, t: Mapping[str, Any], key: str, where: str, enum: type[_E], *, required: bool
    ) -> _E | None:
        value = self.string(t, key, where, required=required)
        if value is None:
            return None
        return self.enum_value(value, _join(where, key), enum)

    def enum_value(
        self, value: Any, field: str, enum: type[_E], allowed: Iterable[_E] | None = None
    ) -> _E | None:
        choices = list(allowed) if allowed is not None else list(enum)
        label = _ENUM_LABELS.get(enum, "value")
        if isinstance(value, str):
            for member in choices:
                if member.value == value:
                    return member
        shown = repr(value) if isinstance(value, str) else _describe(value)
        expected = ", ".join(m.value for m in choices)
        self.bad(field, f"unknown {label} {shown} (expected one of: {expected})")
        return None

    def date(self, t: Mapping[str, Any], key: str, where: str) -> date | None:
        if key not in t:
            return None
        value = t[key]
        # A TOML date, not a string and not a date-time (datetime is a date subclass).
        if isinstance(value, datetime) or not isinstance(value, date):
            self.bad(
                _join(where, key), f"expected a TOML date like 2026-12-05, got {_describe(value)}"
            )
            return None
        return value

    def strings(self, t: Mapping[str, Any], key: str, where: str) -> list[tuple[str, str]]:
        """An array of non-empty strings, as (field name, value) pairs."""
        if key not in t:
            return []
        value = t[key]
        field = _join(where, key)
        if not isinstance(value, list):
            self.bad(field, f"expected an array of strings, got {_describe(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.bad(f"{field}[{i}]", f"expected a non-empty string, got {_describe(item)}")
            else:
                out.append((f"{field}[{i}]", item))
        return out

    # -- bilingual values ------------------------------------------------------------

    def text(
        self, t: Mapping[str, Any], key: str, where: str, *, required: bool, need_en: bool = False
    ) -> Text | None:
        field = _join(where, key)
        if key not in t:
            if required:
                self.bad(field, "required field is missing (a table with zh and en)")
            return None
        table = self.table(t[key], field)
        if table is None:
            return None
        self.keys(table, TEXT_KEYS, field)
        zh = self.string(table, "zh", field, required=True)
        en = self.string(table, "en", field, required=need_en)
        return Text(zh, en) if zh is not None else None

    def path(self, t: Mapping[str, Any], key: str, where: str) -> Text | None:
        """A menu path: zh (required) and en (optional) as arrays of segments."""
        field = _join(where, key)
        if key not in t:
            return None
        table = self.table(t[key], field)
        if table is None:
            return None
        self.keys(table, TEXT_KEYS, field)
        if "zh" not in table:
            self.bad(_join(field, "zh"), "required field is missing (an array of menu segments)")
        joined: dict[str, str | None] = {"zh": None, "en": None}
        for lang in TEXT_KEYS:
            if lang not in table:
                continue
            segments = self.strings(table, lang, field)
            raw = table[lang]
            if isinstance(raw, list) and not raw:
                self.bad(_join(field, lang), "a menu path needs at least one segment")
            if isinstance(raw, list) and len(segments) == len(raw) and segments:
                for seg_field, seg in segments:
                    if PATH_SEPARATOR.strip() in seg:
                        self.bad(seg_field, "write one menu segment per array item")
                joined[lang] = PATH_SEPARATOR.join(seg.strip() for _, seg in segments)
        zh = joined["zh"]
        return Text(zh, joined["en"]) if zh is not None else None


_ENUM_LABELS: dict[type[StrEnum], str] = {
    Category: "category",
    StepKind: "step kind",
    ConditionKind: "condition kind",
    PhoneUse: "phone use",
    DeletionMethod: "deletion method",
    Phase: "phase",
    Grade: "grade",
    Confidence: "confidence",
}


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: Any) -> str:
    kinds = {
        bool: "a boolean",
        int: "an integer",
        float: "a number with a fraction",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    kind = kinds.get(type(value), type(value).__name__)
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kind} ({shown})" if not isinstance(value, (list, dict)) else kind


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    import difflib  # only paid for when there is a typo to explain

    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {key!r}{hint} (allowed: {', '.join(allowed)})"


# ---------------------------------------------------------------------------------------
# Reading files


def _read_toml(
    root: Traversable, relative: str, problems: list[CatalogProblem]
) -> dict[str, Any] | None:
    name = f"{DISPLAY_ROOT}/{relative}"
    node = root
    for part in relative.split("/"):
        node = node / part
    try:
        raw = node.read_bytes()
    except OSError as exc:
        problems.append(CatalogProblem(name, "", f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        return read_toml(root, relative, raw)
    except UnicodeDecodeError as exc:
        problems.append(CatalogProblem(name, "", f"not valid UTF-8 (byte {exc.start})"))
        return None
    except ValueError as exc:  # tomllib.TOMLDecodeError, imported only when a file is parsed
        message = str(exc)
        pos = _TOML_POS_RE.search(message)
        reason = _TOML_POS_RE.sub("", message).strip()
        where = f"line {pos.group(1)}, column {pos.group(2)}" if pos else ""
        problems.append(CatalogProblem(name, where, f"invalid TOML: {reason}"))
        return None


def _as_root(root: Traversable | Path | str | None) -> Traversable:
    if root is None:
        return data_root()
    if isinstance(root, str):
        return Path(root)
    return root


# ---------------------------------------------------------------------------------------
# Sources


def _load_sources(root: Traversable, problems: list[CatalogProblem]) -> dict[str, Source]:
    name = f"{DISPLAY_ROOT}/sources.toml"
    node = root / "sources.toml"
    if not node.is_file():
        return {}
    doc = _read_toml(root, "sources.toml", problems)
    if doc is None:
        return {}
    f = _File(name, problems)
    f.keys(doc, SOURCES_KEYS, "")
    sources: dict[str, Source] = {}
    for where, t in f.tables(doc.get("source"), "source"):
        f.keys(t, SOURCE_KEYS, where)
        sid = f.string(t, "id", where, required=True)
        title = f.string(t, "title", where, required=True)
        url = f.string(t, "url", where, required=False)
        if sid is None or title is None:
            continue
        if not _SOURCE_ID_RE.match(sid):
            f.bad(_join(where, "id"), f"source id {sid!r} must be lowercase like 'seed:001'")
            continue
        if sid in sources:
            f.bad(_join(where, "id"), f"duplicate source id {sid!r}")
            continue
        sources[sid] = Source(sid, title, url)
    return sources


# ---------------------------------------------------------------------------------------
# Conditions and steps


def _source_ref(
    f: _File, t: Mapping[str, Any], where: str, sources: Mapping[str, Source]
) -> str | None:
    sid = f.string(t, "source", where, required=False)
    if sid is not None and sid not in sources:
        f.bad(
            _join(where, "source"), f"unknown source {sid!r} (not in {DISPLAY_ROOT}/sources.toml)"
        )
        return None
    return sid


def _condition(
    f: _File, t: dict[str, Any], where: str, sources: Mapping[str, Source]
) -> Condition | None:
    f.keys(t, CONDITION_KEYS, where)
    kind = f.enum(t, "kind", where, ConditionKind, required=True)
    text = f.text(t, "text", where, required=True)
    days = f.days(t, "days", where)
    source = _source_ref(f, t, where, sources)
    if kind in DAY_KINDS and days is None and "days" not in t:
        f.bad(_join(where, "days"), f"required for condition kind {kind.value!r}")
    if kind in FLAG_KINDS and "days" in t:
        f.bad(_join(where, "days"), f"condition kind {kind.value!r} takes no day count")
    if kind is ConditionKind.DAILY_ATTEMPTS and days == 0:
        f.bad(_join(where, "days"), "attempts per day must be at least 1")
    if kind is None or text is None:
        return None
    return Condition(kind=kind, text=text, days=days, source=source)


def _conditions(
    f: _File, t: Mapping[str, Any], where: str, sources: Mapping[str, Source]
) -> tuple[Condition, ...]:
    out = []
    for cwhere, ct in f.tables(t.get("conditions"), _join(where, "conditions")):
        c = _condition(f, ct, cwhere, sources)
        if c is not None:
            out.append(c)
    return tuple(out)


def _verified(f: _File, field: str, verified: bool, cited: Iterable[str | None]) -> None:
    if verified and not any(s and s != EDITORIAL_SOURCE for s in cited):
        f.bad(field, "verified = true needs at least one source other than 'editorial'")


def _step(
    f: _File,
    t: dict[str, Any],
    where: str,
    sources: Mapping[str, Source],
    phases: tuple[Phase, ...],
) -> Step | None:
    f.keys(t, STEP_KEYS, where)
    sid = f.string(t, "id", where, required=True)
    if sid is not None and not _ID_RE.match(sid):
        f.bad(_join(where, "id"), f"step id {sid!r} must be a kebab-case slug like 'rebind-phone'")
        sid = None
    kind = f.enum(t, "kind", where, StepKind, required=True)
    text = f.text(t, "text", where, required=True)
    path = f.path(t, "path", where)
    phase: Phase | None = None
    if "phase" in t:
        phase = f.enum_value(t["phase"], _join(where, "phase"), Phase, phases)
    verified = f.boolean(t, "verified", where)
    source = _source_ref(f, t, where, sources)
    conditions = _conditions(f, t, where, sources)
    _verified(f, _join(where, "verified"), verified, [source])
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
    )


def _steps(
    f: _File,
    value: Any,
    field: str,
    sources: Mapping[str, Source],
    phases: tuple[Phase, ...],
    seen: dict[str, str],
) -> list[Step]:
    """Steps in file order; `seen` maps step ids already used to the field that used them."""
    out = []
    for where, t in f.tables(value, field):
        step = _step(f, t, where, sources, phases)
        if step is None:
            continue
        if step.id in seen:
            f.bad(_join(where, "id"), f"duplicate step id {step.id!r} (also {seen[step.id]})")
            continue
        seen[step.id] = where
        out.append(step)
    return out


# ---------------------------------------------------------------------------------------
# Platforms


def _platform(
    f: _File, doc: dict[str, Any], file_id: str, sources: Mapping[str, Source]
) -> Platform | None:
    f.keys(doc, PLATFORM_KEYS, "")
    pid = f.string(doc, "id", "", required=True)
    if pid is not None and pid != file_id:
        f.bad("id", f"id {pid!r} does not match the file name (expected {file_id!r})")
    if not _ID_RE.match(file_id):
        f.bad("", f"file name {file_id!r} is not a valid platform id (lowercase kebab-case)")
    name = f.text(doc, "name", "", required=True, need_en=True)
    category = f.enum(doc, "category", "", Category, required=True)

    domains = []
    for field, d in f.strings(doc, "domains", ""):
        if not _DOMAIN_RE.match(d):
            f.bad(field, f"{d!r} is not a bare lowercase domain like 'example.com'")
        else:
            domains.append(d)

    phone_use = set()
    raw_use = doc.get("phone_use")
    if raw_use is not None and not isinstance(raw_use, list):
        f.bad("phone_use", f"expected an array, got {_describe(raw_use)}")
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
        f.bad("inactivity_days", "required when deletion_method is 'inactivity'")
    if method in (DeletionMethod.INACTIVITY, DeletionMethod.IMPOSSIBLE) and deletion_path:
        f.bad("deletion_path", f"makes no sense with deletion_method {method.value!r}")

    verified = f.boolean(doc, "verified", "")
    cited: list[Source] = []
    for field, sid in f.strings(doc, "sources", ""):
        if sid not in sources:
            f.bad(field, f"unknown source {sid!r} (not in {DISPLAY_ROOT}/sources.toml)")
        elif any(s.id == sid for s in cited):
            f.bad(field, f"source {sid!r} is listed twice")
        else:
            cited.append(sources[sid])
    _verified(f, "verified", verified, [s.id for s in cited])
    notes = f.text(doc, "notes", "", required=False)
    # Optional while the data is being graded; `catalog --check` reports a missing one.
    grade = f.enum(doc, "grade", "", Grade, required=False)
    grade_reason = f.text(doc, "grade_reason", "", required=False, need_en=True)
    checked = f.date(doc, "checked", "")
    senders = _senders(f, doc)
    sms = _signatures(f, doc, sources)
    conditions = _conditions(f, doc, "", sources)
    steps = _steps(f, doc.get("steps"), "steps", sources, PLATFORM_PHASES, {})

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


def _senders(f: _File, doc: Mapping[str, Any]) -> tuple[str, ...]:
    out: list[str] = []
    for field, sender in f.strings(doc, "sms_senders", ""):
        if not _SENDER_RE.match(sender):
            f.bad(field, f"{sender!r} is not a sender number: write 3 to 20 digits, like '95188'")
        elif sender in out:
            f.bad(field, f"sender {sender!r} is listed twice")
        else:
            out.append(sender)
    return tuple(out)


def _signatures(
    f: _File, doc: Mapping[str, Any], sources: Mapping[str, Source]
) -> tuple[SmsSignature, ...]:
    out: list[SmsSignature] = []
    for where, t in f.tables(doc.get("sms"), "sms"):
        f.keys(t, SMS_KEYS, where)
        signature = f.string(t, "signature", where, required=True)
        field = _join(where, "signature")
        if signature is not None and any(ch in _BRACKETS for ch in signature):
            f.bad(
                field, f"write the signature without brackets, like '腾讯科技', got {signature!r}"
            )
            signature = None
        elif signature is not None and signature != signature.strip():
            f.bad(field, f"no spaces around the signature, got {signature!r}")
            signature = None
        elif signature is not None and any(s.signature == signature for s in out):
            f.bad(field, f"signature {signature!r} is listed twice in this entry")
            signature = None
        words = tuple(w for _, w in f.strings(t, "words", where))
        confidence = f.enum(t, "confidence", where, Confidence, required=True)
        source = _source_ref(f, t, where, sources)
        if signature is not None and confidence is not None:
            out.append(SmsSignature(signature, confidence, words, source))
    return tuple(out)


def _load_platforms(
    root: Traversable, sources: Mapping[str, Source], problems: list[CatalogProblem]
) -> dict[str, Platform]:
    folder = root / "platforms"
    if not folder.is_dir():
        problems.append(CatalogProblem(f"{DISPLAY_ROOT}/platforms", "", "folder is missing"))
        return {}
    # By platform id (the file name's stem): "qq" before "qq-music", as the stored
    # validated copy, which sorts its dict keys, keeps them too.
    nodes = sorted(
        (n for n in folder.iterdir() if n.name.endswith(".toml") and not n.name.startswith(".")),
        key=lambda n: n.name.removesuffix(".toml"),
    )
    platforms: dict[str, Platform] = {}
    origin: dict[str, str] = {}
    for node in nodes:
        name = f"{DISPLAY_ROOT}/platforms/{node.name}"
        doc = _read_toml(root, f"platforms/{node.name}", problems)
        if doc is None:
            continue
        f = _File(name, problems)
        platform = _platform(f, doc, node.name.removesuffix(".toml"), sources)
        if platform is None:
            continue
        if platform.id in platforms:
            f.bad("id", f"duplicate platform id {platform.id!r} (also in {origin[platform.id]})")
            continue
        platforms[platform.id] = platform
        origin[platform.id] = name
    return platforms


# ---------------------------------------------------------------------------------------
# Services (discover and after-care steps, run once per phone number)


def _load_services(
    root: Traversable, sources: Mapping[str, Source], problems: list[CatalogProblem]
) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
    name = f"{DISPLAY_ROOT}/services.toml"
    node = root / "services.toml"
    if not node.is_file():
        return (), ()
    doc = _read_toml(root, "services.toml", problems)
    if doc is None:
        return (), ()
    f = _File(name, problems)
    f.keys(doc, SERVICES_KEYS, "")
    seen: dict[str, str] = {}  # ids are unique across both lists: step keys share a namespace
    out: dict[str, tuple[Step, ...]] = {}
    for key, phase in (("discover", Phase.DISCOVER), ("aftercare", Phase.AFTERCARE)):
        steps = _steps(f, doc.get(key), key, sources, (phase,), seen)
        out[key] = tuple(_with_phase(s, phase) for s in steps)
    return out["discover"], out["aftercare"]


def _with_phase(step: Step, phase: Phase) -> Step:
    if step.phase is phase:
        return step
    return Step(
        id=step.id,
        kind=step.kind,
        text=step.text,
        path=step.path,
        phase=phase,
        conditions=step.conditions,
        verified=step.verified,
        source=step.source,
    )


# ---------------------------------------------------------------------------------------
# Public API


VALIDATED = "catalog.msgpack"
VALIDATED_FORMAT = 2  # 2: grades, checked dates, SMS signatures


class _Validated(Struct, frozen=True):
    format: int
    inputs: dict[str, str]  # relative path -> fingerprint of the file it was built from
    catalog: Catalog


def _inputs(root: Traversable) -> dict[str, str]:
    """The fingerprint of every file the catalog is built from."""
    names = ["sources.toml", "services.toml"]
    platforms = root / "platforms"
    if platforms.is_dir():
        names += sorted(
            f"platforms/{n.name}" for n in platforms.iterdir() if n.name.endswith(".toml")
        )
    found: dict[str, str] = {}
    for name in names:
        node = root
        for part in name.split("/"):
            node = node / part
        if node.is_file():
            found[name] = fingerprint(node.read_bytes())
    return found


def _stored(root: Traversable) -> Catalog | None:
    """The stored validated catalog, if `root` has one built from its current files."""
    try:
        stored = msgspec.msgpack.decode((root / VALIDATED).read_bytes(), type=_Validated)
    except (OSError, msgspec.DecodeError):  # missing, damaged, or of another shape
        return None
    if stored.format != VALIDATED_FORMAT or stored.inputs != _inputs(root):
        return None
    return stored.catalog


def validated_data(root: Traversable) -> bytes:
    """What catalog.msgpack should hold for the files under `root` (validated anew)."""
    catalog = load_catalog(root, use_stored=False)
    # deterministic: sets sorted, so the same catalog always gives the same bytes
    return msgspec.msgpack.encode(
        _Validated(VALIDATED_FORMAT, _inputs(root), catalog), order="deterministic"
    )


def load_catalog(
    root: Traversable | Path | str | None = None, *, use_stored: bool = True
) -> Catalog:
    """Load and validate the catalog under `root` (default: the shipped `data/`).

    With `use_stored` (the default), a stored copy validated from the very same files
    is returned instead (see the module docstring). Raises `CatalogError` listing every
    problem found; never anything else for bad data.
    """
    node = _as_root(root)
    if use_stored and (stored := _stored(node)) is not None:
        return stored
    problems: list[CatalogProblem] = []
    if not node.is_dir():
        raise CatalogError([CatalogProblem(DISPLAY_ROOT, "", "catalog folder is missing")])
    sources = _load_sources(node, problems)
    platforms = _load_platforms(node, sources, problems)
    discover, aftercare = _load_services(node, sources, problems)
    if problems:
        raise CatalogError(problems)
    return Catalog(platforms=platforms, discover_steps=discover, aftercare_steps=aftercare)
