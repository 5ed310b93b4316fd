"""Own services and moving accounts: the `Store` methods for services the user added
(the catalog lacks them), their steps (the ones the user wrote, and the user's wording
of a generic step), and moving an account to another of the user's numbers.
Each write logs its verb in the same transaction, as every other change does.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import Account, Category, OwnService, OwnStep, PhoneRole, Verb
from acctexit.domain.own import USER_STEP_PREFIX, generic_steps
from acctexit.store.errors import InvalidInputError
from acctexit.store.records import Records, _rule
from acctexit.store.rows import account_from_row, to_json

OWN_COLUMNS = "id, name, category, phone_use, holds_funds"
STEP_COLUMNS = "service_id, step_id, title, detail"


def _roles_text(roles: tuple[PhoneRole, ...]) -> str:
    return ";".join(r.value for r in roles)


def own_from_row(row: Any) -> OwnService:
    i, name, category, phone_use, holds = row
    roles = tuple(PhoneRole(r) for r in phone_use.split(";") if r)
    return OwnService(i, name, Category(category), roles, bool(holds))


def _own_from_rows(rows: list[Any]) -> list[OwnService]:
    return [own_from_row(r) for r in rows]


def _steps_from_rows(rows: list[Any]) -> list[tuple[int, OwnStep]]:
    return [(int(r[0]), OwnStep(str(r[1]), str(r[2]), str(r[3]))) for r in rows]


def with_steps(service: OwnService, steps: list[OwnStep]) -> OwnService:
    """The service with its live step rows (in position order): the user's own steps
    and the user's wording of its generic steps."""
    mine = tuple(s for s in steps if s.id.startswith(USER_STEP_PREFIX))
    edits = tuple(s for s in steps if not s.id.startswith(USER_STEP_PREFIX))
    if not mine and not edits:
        return service
    return OwnService(
        service.id,
        service.name,
        service.category,
        service.phone_use,
        service.holds_funds,
        steps=mine,
        edits=edits,
    )


def _own_json(values: dict[str, Any]) -> str:
    shown = dict(values)
    if "phone_use" in shown:
        shown["phone_use"] = _roles_text(shown["phone_use"])
    if "category" in shown:
        shown["category"] = Category(shown["category"]).value
    return to_json(shown)


def _stored(name: str, value: Any) -> Any:
    """An own-service field as its column holds it."""
    if name == "phone_use":
        return _roles_text(value)
    if name == "category":
        return Category(value).value
    if name == "holds_funds":
        return int(bool(value))
    return value


class OwnServices(Records):
    """Own services (their accounts have the platform id "own:<id>"); moving accounts."""

    def own_services(self) -> list[OwnService]:
        """Every live own service with its steps (both re-read only after a change)."""
        services = self._cached(
            "own_services",
            f"SELECT {OWN_COLUMNS} FROM own_services WHERE removed = 0 ORDER BY id",
            _own_from_rows,
        )
        if not services:
            return services
        rows = self._cached(
            "own_steps",
            f"SELECT {STEP_COLUMNS} FROM own_steps WHERE removed = 0 "
            "ORDER BY service_id, position, id",
            _steps_from_rows,
        )
        by_service: dict[int, list[OwnStep]] = {}
        for service_id, step in rows:
            by_service.setdefault(service_id, []).append(step)
        return [with_steps(o, by_service.get(o.id, [])) for o in services]

    def own_service(self, service_id: int) -> OwnService:
        found = next((o for o in self.own_services() if o.id == service_id), None)
        if found is None:
            raise InvalidInputError(f"there is no own service with id {service_id}")
        return found

    def add_own_service(
        self,
        name: str,
        category: Category | str,
        *,
        phone_use: Any = (),
        holds_funds: Any = False,
    ) -> OwnService:
        values = _rule(
            fields.own_service_fields,
            {
                "name": name,
                "category": category,
                "phone_use": phone_use,
                "holds_funds": holds_funds,
            },
        )
        with self._write() as conn:
            service_id = self._insert_own_service(conn, values)
        return self.own_service(service_id)

    def _insert_own_service(
        self, conn: sqlite3.Connection, values: dict[str, Any], ts: datetime | None = None
    ) -> int:
        cur = conn.execute(
            "INSERT INTO own_services (name, category, phone_use, holds_funds) VALUES (?, ?, ?, ?)",
            (
                values["name"],
                Category(values["category"]).value,
                _roles_text(values.get("phone_use", ())),
                int(bool(values.get("holds_funds", False))),
            ),
        )
        service_id = int(cur.lastrowid or 0)
        detail = _own_json({"id": service_id, **values})
        self._append(conn, Verb.OWN_SERVICE_ADDED, detail=detail, ts=ts)
        return service_id

    def update_own_service(self, service_id: int, **changes: Any) -> OwnService:
        values = _rule(fields.own_service_fields, changes)
        with self._write() as conn:
            self._change_own_service(conn, service_id, values)
        return self.own_service(service_id)

    def _change_own_service(
        self, conn: sqlite3.Connection, service_id: int, values: dict[str, Any]
    ) -> None:
        """Write the fields of `values` that differ, with an `own_service_changed` row."""
        row = conn.execute(
            f"SELECT {OWN_COLUMNS} FROM own_services WHERE id = ? AND removed = 0", (service_id,)
        ).fetchone()
        if row is None:
            raise InvalidInputError(f"there is no own service with id {service_id}")
        current = own_from_row(tuple(row))
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return
        stored = {k: _stored(k, v) for k, v in changed.items()}
        sets = ", ".join(f"{k} = ?" for k in stored)
        conn.execute(f"UPDATE own_services SET {sets} WHERE id = ?", [*stored.values(), service_id])
        self._append(
            conn, Verb.OWN_SERVICE_CHANGED, detail=_own_json({"id": service_id, **changed})
        )

    def move_account(self, account_id: int, number_id: int) -> Account:
        """Move an account to another live number; logged as `account_moved`."""
        if isinstance(number_id, bool) or not isinstance(number_id, int):
            raise InvalidInputError.from_field(FieldError("number", "field_err_required"))
        with self._write() as conn:
            current = account_from_row(self._live_account(conn, account_id))
            self._live_number(conn, number_id)
            if current.number_id == number_id:
                raise InvalidInputError.from_field(FieldError("number", "move_same"))
            self._check_label_free(
                conn, current.platform_id, number_id, current.label, exclude=account_id
            )
            conn.execute("UPDATE accounts SET number_id = ? WHERE id = ?", (number_id, account_id))
            self._append(
                conn,
                Verb.ACCOUNT_MOVED,
                account_id=account_id,
                number_id=number_id,
                detail=to_json({"from": current.number_id, "to": number_id}),
            )
            row = self._live_account(conn, account_id)
        return account_from_row(row)

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
            if step_id not in {s.id for s in generic_steps(True)}:
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
        generic = {s.id for s in generic_steps(True)}
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

    def _live_service(self, conn: sqlite3.Connection, service_id: Any) -> OwnService:
        row = conn.execute(
            f"SELECT {OWN_COLUMNS} FROM own_services WHERE id = ? AND removed = 0", (service_id,)
        ).fetchone()
        if row is None:
            raise InvalidInputError(f"there is no own service with id {service_id}")
        return own_from_row(tuple(row))


def own_step_in(raw: Any) -> OwnStep:
    """One step of an own service as an import file gives it: {"step", "title",
    "detail"}; the step id is "mine-<n>" or a generic step's id."""
    if not isinstance(raw, dict):
        raise InvalidInputError("an own step must be an object with step, title and detail")
    unknown = set(raw) - {"step", "title", "detail"}
    if unknown:
        raise InvalidInputError(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
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
