"""One import record's values through their field rules (acctexit.domain.fields),
every refusal of a record collected; used by the file readers in store.parsing.

Every refusal is an InvalidInputError said by a key of data/strings*.toml (a field
rule's own, or a KeyedText here), so an import problem reads in the user's language.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from acctexit.domain import fields
from acctexit.domain.fields import OWN_SERVICE_FIELDS, FieldError
from acctexit.domain.models import StepStatus
from acctexit.domain.phone import mask_number
from acctexit.i18n import KeyedText
from acctexit.store.batch import ImportBatch, NoteIn, NumberIn, StepIn
from acctexit.store.errors import InvalidInputError
from acctexit.store.log import parse_ts


def located(where: str, text: KeyedText) -> KeyedText:
    """`text` about the record at `where` in the file (e.g. "numbers[2]"), if given."""
    return KeyedText("field_problem", field=where, message=text) if where else text


def names(values: Collection[Any]) -> str:
    """Field or column names as a problem lists them."""
    return ", ".join(sorted(map(str, values)))


def unknown_fields(unknown: Collection[Any]) -> KeyedText:
    return KeyedText("imp_unknown_fields", names=names(unknown))


def through_rule(rule: Any, *args: Any, where: str = "") -> Any:
    """A field rule of acctexit.domain.fields; a refusal becomes InvalidInputError
    carrying it (and where in the file it was), so it is shown in the forms' words."""
    try:
        return rule(*args)
    except FieldError as e:
        raise InvalidInputError.from_field(e, where) from None


class RowProblems(InvalidInputError):
    """Several refused fields of one record: each is reported on its own."""

    def __init__(self, errors: list[InvalidInputError]) -> None:
        super().__init__(str(errors[0]))
        self.errors = errors


def report_problems(out: ImportBatch, line: int | None, error: InvalidInputError) -> None:
    for each in error.errors if isinstance(error, RowProblems) else [error]:
        out.problem(line, each)


def collect_refusals(*parts: Any) -> list[Any]:
    """Call each (function, *args) of one record; every refusal is collected, so a row
    with three bad fields reports all three. Raises them together at the end."""
    values: list[Any] = []
    refused: list[InvalidInputError] = []
    for fn, *args in parts:
        try:
            values.append(fn(*args))
        except InvalidInputError as e:
            refused.extend(e.errors if isinstance(e, RowProblems) else [e])
            values.append(None)
    if refused:
        raise RowProblems(refused)
    return values


def rule_fields(rule: Any, raw: dict[str, Any], where: str = "") -> dict[str, Any]:
    """Each field through its rule (fields.number_field or account_field), every
    refusal collected."""
    clean: dict[str, Any] = {}
    refused: list[InvalidInputError] = []
    for name, value in raw.items():
        try:
            clean[name] = rule(name, value)
        except FieldError as e:
            refused.append(InvalidInputError.from_field(e, where))
    if refused:
        raise RowProblems(refused)
    return clean


def number_fields(raw: dict[str, Any], where: str = "") -> dict[str, Any]:
    """A number's fields through their rules; a state comes with its cancel date."""
    values = rule_fields(fields.number_field, raw, where)
    if "state" in values:
        values["cancel_date"] = through_rule(
            fields.cancel_date_for, values["state"], values.get("cancel_date"), where=where
        )
    return values


def parse_at(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInputError(KeyedText("imp_at_not_timestamp", field="at", value=value))
    try:
        ts = parse_ts(value.strip())
    except (ValueError, OverflowError):
        raise InvalidInputError(KeyedText("imp_at_not_iso", field="at", value=value)) from None
    if not 2000 <= ts.year <= 2200:
        raise InvalidInputError(KeyedText("imp_at_implausible", field="at", value=value))
    return ts


def step_in(line: int | None, raw: Any, where: str) -> StepIn:
    if not isinstance(raw, dict):
        raise InvalidInputError(located(where, KeyedText("imp_step_not_object")))
    unknown = set(raw) - {"step", "status", "at", "detail"}
    if unknown:
        raise InvalidInputError(
            located(where, KeyedText("imp_unknown_fields", names=names(unknown)))
        )
    status_text = raw.get("status", "done")
    try:
        status = StepStatus(
            status_text.strip().lower() if isinstance(status_text, str) else status_text
        )
    except ValueError:
        raise InvalidInputError(
            located(
                where,
                KeyedText("imp_bad_status", status=status_text, choices="done, skipped, open"),
            )
        ) from None
    return StepIn(
        line,
        through_rule(fields.step_id, raw.get("step"), where=where),
        status,
        parse_at(raw.get("at")),
        through_rule(fields.step_detail, raw.get("detail") or "", where=where),
    )


def note_in(line: int | None, raw: Any, where: str) -> NoteIn:
    if not isinstance(raw, dict):
        raise InvalidInputError(located(where, KeyedText("imp_note_not_object")))
    unknown = set(raw) - {"text", "at", "step"}
    if unknown:
        raise InvalidInputError(
            located(where, KeyedText("imp_unknown_fields", names=names(unknown)))
        )
    step = raw.get("step")
    return NoteIn(
        line,
        through_rule(fields.note, raw.get("text"), where=where),
        parse_at(raw.get("at")),
        None if step in (None, "") else through_rule(fields.step_id, step, where=where),
    )


def platform_or_own(
    raw: dict[str, Any], known: Collection[str] | None, where: str = ""
) -> tuple[str, dict[str, Any] | None]:
    """An account's catalog platform id, or "" and its own service's fields.

    `platform` empty means an own service: `name` and `category` are then required.
    An id the catalog does not list is refused with the nearest ids; it never
    becomes an own service by itself."""
    platform = raw.get("platform")
    given = {k: raw[k] for k in OWN_SERVICE_FIELDS if raw.get(k) not in (None, "", [])}
    if platform is None or (isinstance(platform, str) and not platform.strip()):
        own = {"name": raw.get("name"), "category": raw.get("category"), **given}
        return "", through_rule(fields.own_service_fields, own, where=where)
    if given:
        raise InvalidInputError(located(where, KeyedText("imp_own_only", names=names(given))))
    if known is not None:
        return str(through_rule(fields.known_platform, platform, known, where=where)), None
    pid = str(through_rule(fields.platform_id, platform, where=where))
    if pid.startswith("own:"):
        through_rule(fields.known_platform, pid, (), where=where)  # file ids are catalog ids
    return pid, None


def own_cells(row: dict[str, str]) -> bool:
    """A row that describes an own service (an account row without a platform)."""
    return any(row.get(k, "").strip() for k in OWN_SERVICE_FIELDS)


def e164_value(value: Any, where: str) -> str:
    return str(through_rule(fields.phone, value, where=where))


def add_number(out: ImportBatch, number: NumberIn, where: str) -> None:
    if number.e164 in out.numbers:
        raise InvalidInputError(
            located(where, KeyedText("imp_number_twice", number=mask_number(number.e164)))
        )
    out.numbers[number.e164] = number


def merge_number(out: ImportBatch, line: int, e164: str, values: dict[str, Any]) -> None:
    """Number facts given on an account row: all rows for one number must agree."""
    number = out.numbers.get(e164)
    if number is None:
        out.numbers[e164] = NumberIn(line, e164, dict(values))
        return
    for key, value in values.items():
        if key in number.values and number.values[key] != value:
            raise InvalidInputError(
                KeyedText("imp_number_differs", field=key, value=str(value), line=number.line)
            )
        number.values[key] = value
