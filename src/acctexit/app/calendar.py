"""The deadlines as an iCalendar file (RFC 5545), for the phone's or desktop's calendar.

Per number being given up: the cancel date and the earliest re-issue date. Per open
step: its earliest date (when that is still ahead) and its do-by date. Every event is
a whole day with a reminder (VALARM) the day before.

UIDs are derived from what the event is about, never from its date or text: the
number's id, the step's key (account id or number id, and step id) and the event kind.
Re-exporting after ticking steps therefore updates the events that still exist (a
calendar replaces an event with the same UID) and only drops those of the steps done.
Phone numbers are masked in every text; the UIDs hold database ids, not numbers.

`save_calendar` is what the app's calendar key and palette command call; the
`export --format ics` command uses `calendar_text`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from acctexit.app.deadlines import countdowns
from acctexit.app.report.model import step_title
from acctexit.domain.own import account_title, ordinals
from acctexit.domain.phone import mask_number
from acctexit.i18n import say, strings
from acctexit.sanitize import clean_text

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from icalendar import Calendar, Event

    from acctexit.domain.models import (
        Account,
        Catalog,
        Lang,
        PhoneNumber,
        StepKey,
        StepStatus,
    )
    from acctexit.domain.plan import Plan, PlanStep
    from acctexit.i18n import Translate
    from acctexit.store import Store

PRODID = "-//acctexit-tui//deadlines//EN"
UID_DOMAIN = "acctexit-tui"
REMIND_BEFORE = timedelta(days=1)


def event_uid(kind: str, key: StepKey | int) -> str:
    """A stable UID: the event kind plus what it is about (a number id or a step key)."""
    if isinstance(key, int):
        about = f"n{key}"
    else:
        account_id, number_id, step_id = key
        owner = f"a{account_id}" if account_id is not None else f"n{number_id}"
        about = f"{owner}-{step_id}"
    return f"{kind}-{about}@{UID_DOMAIN}"


def build_calendar(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    plan: Plan,
    *,
    lang: Lang,
    today: date,
    now: datetime | None = None,
) -> Calendar:
    """The calendar for these numbers and this plan (pure: `today` and `now` given)."""
    from icalendar import Calendar

    s = strings(lang)
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", s("ics_calendar_name"))
    by_account = {a.id: a for a in accounts}
    numbering = ordinals(accounts)  # "#2" for a second unlabelled account of a platform
    for n in numbers:
        masked = mask_number(n.e164)
        for c in countdowns(n, today, s):
            if c.on is None:  # kept, or no cancel date: nothing to put in a calendar
                continue
            summary = s(f"ics_{c.kind}_summary", number=masked)
            detail = s(f"ics_{c.kind}_detail", number=masked)
            cal.add_component(_event(event_uid(c.kind, n.id), c.on, summary, detail, stamp, s))
    for ps in plan.steps:
        if not ps.is_open:
            continue
        who = _who(ps, catalog, by_account, numbering, numbers, lang)
        title = step_title(ps.step.text.get(lang), lang)
        detail = _detail(ps, lang, s)
        if ps.earliest is not None and ps.earliest > today:
            summary = s("ics_earliest_summary", who=who, step=title)
            cal.add_component(
                _event(event_uid("earliest", ps.key), ps.earliest, summary, detail, stamp, s)
            )
        if ps.do_by is not None:
            key = "ics_do_by_summary" if ps.feasible else "ics_do_by_late_summary"
            summary = s(key, who=who, step=title)
            cal.add_component(
                _event(event_uid("do-by", ps.key), ps.do_by, summary, detail, stamp, s)
            )
    return cal


def _event(
    uid: str, day: date, summary: str, description: str, stamp: datetime, s: Translate
) -> Event:
    from icalendar import Alarm, Event

    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("dtstart", day)  # a date: a whole-day event
    ev.add("dtend", day + timedelta(days=1))
    ev.add("summary", summary)
    ev.add("description", description)
    ev.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", s("ics_alarm", date=day.isoformat(), summary=summary))
    alarm.add("trigger", -REMIND_BEFORE)
    ev.add_component(alarm)
    return ev


def _who(
    ps: PlanStep,
    catalog: Catalog,
    by_account: dict[int, Account],
    numbering: Mapping[int, int],
    numbers: Sequence[PhoneNumber],
    lang: Lang,
) -> str:
    if ps.account_id is None:
        n = next((n for n in numbers if n.id == ps.number_id), None)
        return mask_number(n.e164) if n else ""
    a = by_account.get(ps.account_id)
    platform = catalog.get(ps.platform_id) if ps.platform_id else None
    name = platform.name.get(lang) if platform else clean_text(ps.platform_id or "")
    return say(account_title(name, a, numbering), lang) if a is not None else name


def _detail(ps: PlanStep, lang: Lang, s: Translate) -> str:
    lines = [ps.step.text.get(lang)]
    if ps.step.path is not None:
        lines.append(s("report_where", path=ps.step.path.get(lang)))
    lines.extend(clean_text(say(t, lang)) for t in ps.notes)
    return "\n".join(lines)


def calendar_text(
    store: Store,
    catalog: Catalog,
    *,
    lang: Lang,
    today: date,
    now: datetime | None = None,
) -> str:
    """The calendar of the database as it is now, as iCalendar text (CRLF lines)."""
    return calendar_of(
        catalog, store.numbers(), store.accounts(), store.step_states(),
        lang=lang, today=today, now=now,
    )  # fmt: skip


def calendar_of(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    states: Mapping[StepKey, StepStatus],
    *,
    lang: Lang,
    today: date,
    now: datetime | None = None,
) -> str:
    """The calendar for rows already read from the store (pure: may run in a worker)."""
    from acctexit.domain.plan import build_plan

    plan = build_plan(catalog, numbers, accounts, states, today)
    cal = build_calendar(catalog, numbers, accounts, plan, lang=lang, today=today, now=now)
    text: str = cal.to_ical().decode("utf-8")
    return text


def default_calendar_path(today: date, folder: Path | None = None) -> Path:
    """~/Documents/acctexit-deadlines-DATE.ics (the home folder if there is no Documents)."""
    if folder is None:
        from platformdirs import user_documents_path

        documents = user_documents_path()
        folder = documents if documents.is_dir() else Path.home()
    return folder / f"acctexit-deadlines-{today.isoformat()}.ics"


def write_calendar(
    store: Store,
    catalog: Catalog,
    *,
    lang: Lang,
    today: date,
    path: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Write the calendar of the database and return where it went.

    Atomic and owner-only like every export. Raises `StoreError` (its message can be
    shown as it is) when the file cannot be written.
    """
    return save_calendar(
        catalog, store.numbers(), store.accounts(), store.step_states(),
        lang=lang, today=today, path=path, now=now,
    )  # fmt: skip


def save_calendar(
    catalog: Catalog,
    numbers: Sequence[PhoneNumber],
    accounts: Sequence[Account],
    states: Mapping[StepKey, StepStatus],
    *,
    lang: Lang,
    today: date,
    path: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """`write_calendar` for rows already read (the app reads them on the store's thread,
    then builds and writes in a worker). Without `path`: `default_calendar_path`, a
    calendar of the same day replaced."""
    from acctexit.store.exchange import write_private

    target = path if path is not None else default_calendar_path(today)
    text = calendar_of(catalog, numbers, accounts, states, lang=lang, today=today, now=now)
    write_private(target, text)
    return target
