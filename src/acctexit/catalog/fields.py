"""Validation helpers bound to one catalog file: read a field of a parsed TOML table,
check its type and format, and record a `CatalogProblem` (file, field, reason) for
anything wrong. Nothing is raised, so every problem in every file is found in one run.
Each reason is a KeyedText, so `catalog --check` says it in the user's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from acctexit.catalog.schema import TEXT_KEYS, CatalogProblem
from acctexit.domain.models import (
    PATH_SEPARATOR,
    Category,
    ConditionKind,
    Confidence,
    DeletionMethod,
    Grade,
    Phase,
    PhoneUse,
    StepKind,
    Text,
)
from acctexit.i18n import KeyedText

_E = TypeVar("_E", bound=StrEnum)


class FileFields:
    """The validation helpers of one file; every problem is recorded, none is raised."""

    def __init__(self, name: str, problems: list[CatalogProblem]) -> None:
        self.name = name
        self.problems = problems

    def bad(self, field: str, reason: str) -> None:
        self.problems.append(CatalogProblem(self.name, field, reason))

    # -- structure -------------------------------------------------------------------

    def keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.bad(join(where, key), _unknown_key(key, allowed))

    def table(self, value: Any, field: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.bad(field, KeyedText("cat_expected_table", got=describe(value)))
        return None

    def tables(self, value: Any, field: str) -> list[tuple[str, dict[str, Any]]]:
        """An array of tables, as (field name, table) pairs; bad items are reported."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(field, KeyedText("cat_expected_tables", got=describe(value)))
            return []
        out = []
        for i, item in enumerate(value):
            t = self.table(item, f"{field}[{i}]")
            if t is not None:
                out.append((f"{field}[{i}]", t))
        return out

    # -- scalars ---------------------------------------------------------------------

    def string(self, t: Mapping[str, Any], key: str, where: str, *, required: bool) -> str | None:
        field = join(where, key)
        if key not in t:
            if required:
                self.bad(field, KeyedText("cat_required"))
            return None
        value = t[key]
        if not isinstance(value, str):
            self.bad(field, KeyedText("cat_expected_string", got=describe(value)))
            return None
        if not value.strip():
            self.bad(field, KeyedText("cat_not_empty"))
            return None
        return value

    def boolean(self, t: Mapping[str, Any], key: str, where: str, default: bool = False) -> bool:
        if key not in t:
            return default
        value = t[key]
        if not isinstance(value, bool):
            self.bad(join(where, key), KeyedText("cat_expected_bool", got=describe(value)))
            return default
        return value

    def days(self, t: Mapping[str, Any], key: str, where: str) -> int | None:
        if key not in t:
            return None
        value = t[key]
        field = join(where, key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.bad(field, KeyedText("cat_expected_days", got=describe(value)))
            return None
        if value < 0:
            self.bad(field, KeyedText("cat_days_negative", got=value))
            return None
        return value

    def enum(
        self, t: Mapping[str, Any], key: str, where: str, enum: type[_E], *, required: bool
    ) -> _E | None:
        value = self.string(t, key, where, required=required)
        if value is None:
            return None
        return self.enum_value(value, join(where, key), enum)

    def enum_value(
        self, value: Any, field: str, enum: type[_E], allowed: Iterable[_E] | None = None
    ) -> _E | None:
        choices = list(allowed) if allowed is not None else list(enum)
        label = KeyedText(_ENUM_LABELS.get(enum, "cat_label_value"))
        if isinstance(value, str):
            for member in choices:
                if member.value == value:
                    return member
        shown = repr(value) if isinstance(value, str) else describe(value)
        expected = ", ".join(m.value for m in choices)
        self.bad(field, KeyedText("cat_unknown_value", label=label, shown=shown, expected=expected))
        return None

    def date(self, t: Mapping[str, Any], key: str, where: str) -> date | None:
        if key not in t:
            return None
        value = t[key]
        # A TOML date, not a string and not a date-time (datetime is a date subclass).
        if isinstance(value, datetime) or not isinstance(value, date):
            self.bad(join(where, key), KeyedText("cat_expected_date", got=describe(value)))
            return None
        return value

    def strings(self, t: Mapping[str, Any], key: str, where: str) -> list[tuple[str, str]]:
        """An array of non-empty strings, as (field name, value) pairs."""
        if key not in t:
            return []
        value = t[key]
        field = join(where, key)
        if not isinstance(value, list):
            self.bad(field, KeyedText("cat_expected_strings", got=describe(value)))
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.bad(f"{field}[{i}]", KeyedText("cat_expected_nonempty", got=describe(item)))
            else:
                out.append((f"{field}[{i}]", item))
        return out

    # -- bilingual values ------------------------------------------------------------

    def text(
        self, t: Mapping[str, Any], key: str, where: str, *, required: bool, need_en: bool = False
    ) -> Text | None:
        field = join(where, key)
        if key not in t:
            if required:
                self.bad(field, KeyedText("cat_required_text"))
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
        field = join(where, key)
        if key not in t:
            return None
        table = self.table(t[key], field)
        if table is None:
            return None
        self.keys(table, TEXT_KEYS, field)
        if "zh" not in table:
            self.bad(join(field, "zh"), KeyedText("cat_required_path"))
        joined: dict[str, str | None] = {"zh": None, "en": None}
        for lang in TEXT_KEYS:
            if lang not in table:
                continue
            segments = self.strings(table, lang, field)
            raw = table[lang]
            if isinstance(raw, list) and not raw:
                self.bad(join(field, lang), KeyedText("cat_path_empty"))
            if isinstance(raw, list) and len(segments) == len(raw) and segments:
                for seg_field, seg in segments:
                    if PATH_SEPARATOR.strip() in seg:
                        self.bad(seg_field, KeyedText("cat_path_one_segment"))
                joined[lang] = PATH_SEPARATOR.join(seg.strip() for _, seg in segments)
        zh = joined["zh"]
        return Text(zh, joined["en"]) if zh is not None else None


_ENUM_LABELS: dict[type[StrEnum], str] = {  # string keys: what a value of each enum is
    Category: "cat_label_category",
    StepKind: "cat_label_step_kind",
    ConditionKind: "cat_label_condition_kind",
    PhoneUse: "cat_label_phone_use",
    DeletionMethod: "cat_label_deletion_method",
    Phase: "cat_label_phase",
    Grade: "cat_label_grade",
    Confidence: "cat_label_confidence",
}


def join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def describe(value: Any) -> str:
    """What a wrong value is (its TOML type) and, for a scalar, the value itself."""
    kinds = {
        bool: "cat_kind_bool",
        int: "cat_kind_int",
        float: "cat_kind_float",
        str: "cat_kind_str",
        list: "cat_kind_list",
        dict: "cat_kind_table",
    }
    key = kinds.get(type(value))
    kind = KeyedText(key) if key else type(value).__name__
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    if isinstance(value, (list, dict)):
        return kind
    return KeyedText("catalog_kind_with_value", kind=kind, shown=shown)


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    import difflib  # only paid for when there is a typo to explain

    close = difflib.get_close_matches(key, allowed, n=1)
    allowed_keys = ", ".join(allowed)
    if close:
        return KeyedText("cat_unknown_key_near", key=key, near=close[0], allowed=allowed_keys)
    return KeyedText("cat_unknown_key", key=key, allowed=allowed_keys)
