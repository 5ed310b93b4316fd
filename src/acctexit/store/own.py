"""Own services and moving accounts: the `Store` methods for services the user added
(the catalog lacks them), read with their steps (store/own_steps.py writes those), and
moving an account to another of the user's numbers.
Each write logs its verb in the same transaction, as every other change does.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import Account, Category, OwnService, OwnStep, PhoneRole, Verb
from acctexit.domain.own import USER_STEP_PREFIX
from acctexit.i18n import KeyedText
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
            raise InvalidInputError(KeyedText("store_err_no_own_service", id=service_id))
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
            raise InvalidInputError(KeyedText("store_err_no_own_service", id=service_id))
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

    def _live_service(self, conn: sqlite3.Connection, service_id: Any) -> OwnService:
        row = conn.execute(
            f"SELECT {OWN_COLUMNS} FROM own_services WHERE id = ? AND removed = 0", (service_id,)
        ).fetchone()
        if row is None:
            raise InvalidInputError(KeyedText("store_err_no_own_service", id=service_id))
        return own_from_row(tuple(row))
