"""The steps of an own service: the `Store` methods for the steps the user writes
(id "mine-<n>", never reused within the service, so ticks stay with their step) and
for the user's wording of a generic step (a row with that step's id), and their
shape in the exchange files. Each write logs its verb in the same transaction.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import OwnService, OwnStep, Verb
from acctexit.domain.own import GENERIC_STEP_IDS, USER_STEP_PREFIX
from acctexit.i18n import KeyedText
from acctexit.store.errors import InvalidInputError
from acctexit.store.import_records import unknown_fields
from acctexit.store.own import OwnServices
from acctexit.store.records import _rule
from acctexit.store.rows import to_json


class OwnSteps(OwnServices):
    """Adding, rewording, removing and ordering an own service's steps."""

    # -- the steps of an own service -----------------------------------------------------

    def add_own_step(self, service_id: int, title: Any, detail: Any = "") -> OwnStep:
        """A step the user writes, placed after the service's other own steps. Its id
        ("mine-<n>") is never reused in the service, so ticks on it stay its own."""
        values = _step_values(title, detail)
        with self._write() as conn:
            step = self._insert_own_step(conn, service_id, None, values)
        return step

    def _insert_own_step(
        self,
        conn: sqlite3.Connection,
        service_id: int,
        step_id: str | None,
        values: dict[str, str],
    ) -> OwnStep:
        """Insert a live step row (a new "mine-<n>" when `step_id` is None), logged."""
        self._live_service(conn, service_id)
        if step_id is None:
            taken = [
                r[0]
                for r in conn.execute(
                    "SELECT step_id FROM own_steps WHERE service_id = ?", (service_id,)
                )
            ]
            step_id = f"{USER_STEP_PREFIX}{_next_number(taken)}"
        (position,) = conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM own_steps "
            "WHERE service_id = ? AND removed = 0",
            (service_id,),
        ).fetchone()
        conn.execute(
            "INSERT INTO own_steps (service_id, step_id, title, detail, position) "
            "VALUES (?, ?, ?, ?, ?)",
            (service_id, step_id, values["title"], values["detail"], position),
        )
        self._append(
            conn,
            Verb.OWN_STEP_ADDED,
            detail=to_json({"service": service_id, "step": step_id, **values}),
        )
        return OwnStep(step_id, values["title"], values["detail"])

    def edit_own_step(self, service_id: int, step_id: str, title: Any, detail: Any = "") -> OwnStep:
        """New words for one of the service's steps: one the user wrote, or a generic
        one (the user's wording then replaces the generic text for this service)."""
        values = _step_values(title, detail)
        with self._write() as conn:
            self._set_own_step(conn, service_id, step_id, values)
        return OwnStep(step_id, values["title"], values["detail"])

    def _set_own_step(
        self, conn: sqlite3.Connection, service_id: int, step_id: str, values: dict[str, str]
    ) -> None:
        self._live_service(conn, service_id)
        row = conn.execute(
            "SELECT id, title, detail FROM own_steps "
            "WHERE service_id = ? AND step_id = ? AND removed = 0",
            (service_id, step_id),
        ).fetchone()
        if row is None:
            if step_id not in GENERIC_STEP_IDS:
                raise InvalidInputError.from_field(FieldError("step", "own_step_unknown"))
            self._insert_own_step(conn, service_id, step_id, values)
            return
        if (row[1], row[2]) == (values["title"], values["detail"]):
            return
        conn.execute(
            "UPDATE own_steps SET title = ?, detail = ? WHERE id = ?",
            (values["title"], values["detail"], row[0]),
        )
        self._append(
            conn,
            Verb.OWN_STEP_CHANGED,
            detail=to_json({"service": service_id, "step": step_id, **values}),
        )

    def remove_own_step(self, service_id: int, step_id: str) -> None:
        """Remove a step the user wrote, or give a generic step its own words back.
        Its ticks stay in the log (history is kept); the plan no longer lists it."""
        with self._write() as conn:
            self._live_service(conn, service_id)
            row = conn.execute(
                "SELECT id, title FROM own_steps "
                "WHERE service_id = ? AND step_id = ? AND removed = 0",
                (service_id, step_id),
            ).fetchone()
            if row is None:
                raise InvalidInputError.from_field(FieldError("step", "own_step_unknown"))
            conn.execute("UPDATE own_steps SET removed = 1 WHERE id = ?", (row[0],))
            # The title goes with it: the log can still say which step went.
            detail = {"service": service_id, "step": step_id, "title": row[1]}
            self._append(conn, Verb.OWN_STEP_REMOVED, detail=to_json(detail))

    def reorder_own_steps(self, service_id: int, order: list[str]) -> None:
        """Put the service's own steps in `order` (every one of them, each once)."""
        with self._write() as conn:
            self._order_own_steps(conn, service_id, order, exact=True)

    def _order_own_steps(
        self, conn: sqlite3.Connection, service_id: int, order: list[str], *, exact: bool
    ) -> None:
        """`order` first, then any other own steps as they were; logged if it moved."""
        self._live_service(conn, service_id)
        live = [
            r[0]
            for r in conn.execute(
                "SELECT step_id FROM own_steps WHERE service_id = ? AND removed = 0 "
                "AND step_id LIKE ? ORDER BY position, id",
                (service_id, f"{USER_STEP_PREFIX}%"),
            )
        ]
        if exact and sorted(order) != sorted(live):
            raise InvalidInputError.from_field(FieldError("step", "own_step_unknown"))
        wanted = [s for s in order if s in live]
        wanted += [s for s in live if s not in wanted]
        if wanted == live:
            return
        for position, step_id in enumerate(wanted, start=1):
            conn.execute(
                "UPDATE own_steps SET position = ? "
                "WHERE service_id = ? AND step_id = ? AND removed = 0",
                (position, service_id, step_id),
            )
        self._append(
            conn,
            Verb.OWN_STEPS_REORDERED,
            detail=to_json({"service": service_id, "order": wanted}),
        )

    def _import_own_steps(
        self, conn: sqlite3.Connection, service_id: int, steps: list[OwnStep]
    ) -> None:
        """An import's steps for a service: each added or reworded as the file says
        (the user's own ones keep their file ids), then put in the file's order. Steps
        the file does not name are kept (an import never removes)."""
        self._live_service(conn, service_id)
        # Any generic step's id: wording kept from before the service stopped holding
        # funds is exported too, and must come back.
        generic = GENERIC_STEP_IDS
        for step in steps:
            values = {"title": step.title, "detail": step.detail}
            live = conn.execute(
                "SELECT 1 FROM own_steps WHERE service_id = ? AND step_id = ? AND removed = 0",
                (service_id, step.id),
            ).fetchone()
            if live is not None or step.id in generic:
                self._set_own_step(conn, service_id, step.id, values)
            elif step.id.startswith(USER_STEP_PREFIX):
                self._insert_own_step(conn, service_id, step.id, values)
            else:
                raise InvalidInputError.from_field(FieldError("step", "own_step_unknown"))
        mine = [s.id for s in steps if s.id.startswith(USER_STEP_PREFIX)]
        self._order_own_steps(conn, service_id, mine, exact=False)


def own_step_in(raw: Any) -> OwnStep:
    """One step of an own service as an import file gives it: {"step", "title",
    "detail"}; the step id is "mine-<n>" or a generic step's id."""
    if not isinstance(raw, dict):
        raise InvalidInputError(KeyedText("imp_own_step_not_object", fields="step, title, detail"))
    unknown = set(raw) - {"step", "title", "detail"}
    if unknown:
        raise InvalidInputError(unknown_fields(unknown))
    step_id = _rule(fields.step_id, raw.get("step"))
    if step_id is None:
        raise InvalidInputError.from_field(FieldError("step", "field_err_required"))
    values = _step_values(raw.get("title"), raw.get("detail") or "")
    return OwnStep(str(step_id), values["title"], values["detail"])


def own_steps_out(service: OwnService) -> list[dict[str, str]]:
    """The service's steps as an export writes them: the user's own in order, then
    the user's wording of generic steps."""
    return [
        {"step": s.id, "title": s.title, "detail": s.detail}
        for s in (*service.steps, *service.edits)
    ]


def _step_values(title: Any, detail: Any) -> dict[str, str]:
    return {
        "title": _rule(fields.own_step_title, title),
        "detail": _rule(fields.own_step_detail, detail),
    }


def _next_number(taken: list[str]) -> int:
    """One more than the highest "mine-<n>" the service ever had (removed ones too)."""
    numbers = [
        int(rest)
        for s in taken
        if s.startswith(USER_STEP_PREFIX)
        and (rest := s[len(USER_STEP_PREFIX) :]).isascii()
        and rest.isdigit()
    ]
    return max(numbers, default=0) + 1
