"""Use cases for changing an own service after it was added: its fields (name,
category, what the number does there, funds) and its steps (the user's own, and the
user's wording of a generic step). Every change is one logged write in the store.
Adding a service with its first account is `actions.add_own_service`.
"""

from __future__ import annotations

from msgspec import Struct

from acctexit.app.actions import OwnServiceFields
from acctexit.app.workspace import Snapshot, Workspace
from acctexit.domain.models import Lang, OwnService
from acctexit.domain.own import USER_STEP_PREFIX, generic_steps, own_service_id, step_text
from acctexit.i18n import bilingual


class StepRow(Struct, frozen=True):
    """One of an own service's steps as the step editor lists it."""

    id: str
    words: str  # what the plan shows (the user's words where they gave some)
    title: str  # what the editor's title field starts with
    detail: str
    mine: bool  # a step the user wrote (else a generic one)
    edited: bool  # a generic step in the user's words


def service_of(
    ws: Workspace, snapshot: Snapshot | None, account_id: int | None
) -> OwnService | None:
    """The own service an account is on (None for a catalog platform)."""
    account = snapshot.account(account_id) if snapshot and account_id is not None else None
    service_id = own_service_id(account.platform_id) if account else None
    return None if service_id is None else service_by_id(ws, service_id)


def service_by_id(ws: Workspace, service_id: int) -> OwnService | None:
    """The live own service with this id, as the store holds it now."""
    return next((o for o in ws.store.own_services() if o.id == service_id), None)


def service_fields(service: OwnService) -> OwnServiceFields:
    """The service as the own-service form starts with it (for editing)."""
    return OwnServiceFields(
        service.name,
        service.category.value,
        tuple(r.value for r in service.phone_use),
        service.holds_funds,
    )


def edit_own_service(ws: Workspace, service_id: int, fields: OwnServiceFields) -> OwnService:
    """Save the form's fields; only what changed is written (and logged)."""
    return ws.store.update_own_service(
        service_id,
        name=fields.name,
        category=fields.category,
        phone_use=fields.phone_use,
        holds_funds=fields.holds_funds,
    )


def step_rows(service: OwnService, lang: Lang) -> list[StepRow]:
    """The service's steps in plan order: generic ones, the user's, then closing."""
    from acctexit.domain.own import service_steps

    edits = {e.id: e for e in service.edits}
    mine = {s.id: s for s in service.steps}
    generic = {s.id: s for s in generic_steps(service.holds_funds, bilingual)}
    rows = []
    for step in service_steps(service, bilingual):
        own = mine.get(step.id) or edits.get(step.id)
        if own is not None:
            rows.append(
                StepRow(
                    step.id,
                    step_text(own, bilingual).get(lang),
                    own.title,
                    own.detail,
                    step.id in mine,
                    step.id in edits,
                )
            )
        else:
            text = generic[step.id].text
            rows.append(StepRow(step.id, text.get(lang), "", "", False, False))
    return rows


def add_step(ws: Workspace, service_id: int, title: str, detail: str = "") -> str:
    """A step the user writes; returns its id."""
    return ws.store.add_own_step(service_id, title, detail).id


def reword_step(ws: Workspace, service_id: int, step_id: str, title: str, detail: str = "") -> None:
    ws.store.edit_own_step(service_id, step_id, title, detail)


def remove_step(ws: Workspace, service_id: int, step_id: str) -> None:
    """Remove a step the user wrote, or give a generic step its own words back."""
    ws.store.remove_own_step(service_id, step_id)


def move_step(ws: Workspace, service: OwnService, step_id: str, delta: int) -> bool:
    """Move one of the user's steps up (-1) or down (+1) among the user's steps;
    False when it cannot move (already first or last, or not the user's)."""
    order = [s.id for s in service.steps]
    if not step_id.startswith(USER_STEP_PREFIX) or step_id not in order:
        return False
    at = order.index(step_id)
    to = at + delta
    if not 0 <= to < len(order):
        return False
    order[at], order[to] = order[to], order[at]
    ws.store.reorder_own_steps(service.id, order)
    return True
