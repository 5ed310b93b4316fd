"""`verify` for own services and their steps: the `own_services` and `own_steps` tables
against a replay of their log rows (the `own_service_*` and `own_step*` verbs), so a
name, a step's words or the steps' order changed past the app shows up, as a changed
balance does for accounts (store/replay.py).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from acctexit.domain.own import USER_STEP_PREFIX
from acctexit.i18n import KeyedText

_VERBS = (
    "own_service_added",
    "own_service_changed",
    "own_step_added",
    "own_step_changed",
    "own_step_removed",
    "own_steps_reordered",
)
_SERVICE_FIELDS = ("name", "category", "phone_use", "holds_funds")


def _stored(name: str, value: Any) -> Any:
    """A logged value as its column holds it."""
    if name == "holds_funds":
        return int(bool(value))
    if name == "phone_use" and isinstance(value, list | tuple):
        return ";".join(value)
    return value


def own_problems(conn: sqlite3.Connection) -> list[str]:
    """What differs between the own-service tables and their log, one line each."""
    # Keyed by what the log says (JSON values: a forged row may hold any type).
    services: dict[Any, dict[str, Any]] = {}
    steps: dict[tuple[Any, Any], tuple[Any, Any]] = {}
    order: dict[Any, list[Any]] = {}
    marks = ", ".join("?" for _ in _VERBS)
    for row_id, verb, detail in conn.execute(
        f"SELECT id, verb, detail FROM log WHERE verb IN ({marks}) ORDER BY id", _VERBS
    ):
        try:
            values = json.loads(detail)
        except ValueError:
            values = None
        if not isinstance(values, dict):
            said = KeyedText("store_bad_row_detail")
            return [KeyedText("store_bad_row", table="log", row=f"{row_id} ({verb})", detail=said)]
        if verb.startswith("own_service"):
            fields = {k: _stored(k, v) for k, v in values.items() if k in _SERVICE_FIELDS}
            if verb == "own_service_added":
                services[values.get("id")] = {"phone_use": "", "holds_funds": 0, **fields}
            elif values.get("id") in services:
                services[values["id"]].update(fields)
            continue
        service, step = values.get("service"), values.get("step")
        mine = order.setdefault(service, [])
        if verb == "own_step_added":
            steps[(service, step)] = (values.get("title"), values.get("detail", ""))
            if str(step).startswith(USER_STEP_PREFIX):
                mine.append(step)
        elif verb == "own_step_changed":
            steps[(service, step)] = (values.get("title"), values.get("detail", ""))
        elif verb == "own_step_removed":
            steps.pop((service, step), None)
            if step in mine:
                mine.remove(step)
        else:
            order[service] = list(values.get("order", []))
    problems: list[str] = []
    table = {
        r[0]: dict(zip(_SERVICE_FIELDS, r[1:], strict=True))
        for r in conn.execute(
            "SELECT id, name, category, phone_use, holds_funds FROM own_services WHERE removed = 0"
        )
    }
    for service_id in sorted(table.keys() | services.keys(), key=str):
        have, want = table.get(service_id), services.get(service_id)
        if have is None or want is None:
            problems.append(KeyedText("verify_own_not_both", id=service_id))
        elif differ := sorted(k for k in _SERVICE_FIELDS if have[k] != want.get(k)):
            changed = ", ".join(differ)
            problems.append(KeyedText("verify_own_differs", id=service_id, fields=changed))
    live: dict[tuple[Any, Any], tuple[Any, Any]] = {}
    table_order: dict[int, list[str]] = {}
    for service_id, step_id, title, detail in conn.execute(
        "SELECT service_id, step_id, title, detail FROM own_steps WHERE removed = 0 "
        "ORDER BY service_id, position, id"
    ):
        live[(service_id, step_id)] = (title, detail)
        if step_id.startswith(USER_STEP_PREFIX):
            table_order.setdefault(service_id, []).append(step_id)
    for key in sorted(live.keys() | steps.keys(), key=str):
        if live.get(key) != steps.get(key):
            problems.append(KeyedText("verify_own_step_differs", id=key[0], step=key[1]))
    for service_id in sorted(table_order.keys() | order.keys(), key=str):
        if table_order.get(service_id, []) != order.get(service_id, []):
            problems.append(KeyedText("verify_own_order", id=service_id))
    return problems
