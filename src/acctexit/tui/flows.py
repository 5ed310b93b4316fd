"""Multi-step conversations on top of the dashboard: first run, add, edit, remove,
reconcile and import. Each runs in a worker so it can await its dialogs in order;
dialogs only return values, and every write goes through the workspace.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from acctexit.domain.models import Account, NumberState
from acctexit.domain.phone import mask_number
from acctexit.i18n import problem_reason, strings
from acctexit.tui.screens.account_form import AccountForm
from acctexit.tui.screens.confirm import ConfirmScreen
from acctexit.tui.screens.import_preview import ImportPreview, ImportPreviewScreen
from acctexit.tui.screens.number_form import NumberForm, NumberFormResult
from acctexit.tui.screens.picker import PlatformPicker
from acctexit.tui.screens.prompt import TextPrompt
from acctexit.tui.screens.reconcile import ReconcileScreen
from acctexit.tui.screens.welcome import WelcomeScreen

if TYPE_CHECKING:
    from acctexit.tui.screens.dashboard import DashboardScreen


def _number_fields(result: NumberFormResult) -> dict[str, object]:
    return {
        "label": result.label,
        "carrier": result.carrier,
        "state": result.state,
        "cancel_date": result.cancel_date if result.state is not NumberState.KEPT else None,
        "freeze_days": result.freeze_days,
    }


async def first_run(screen: DashboardScreen) -> None:
    """Welcome → the first number → platforms on it → their facts."""
    app, lang = screen.app, screen.lang
    if not await app.push_screen_wait(WelcomeScreen(lang)):
        return
    number_id = await add_number(screen)
    if number_id is not None:
        await add_accounts(screen, number_id)


async def add_number(screen: DashboardScreen) -> int | None:
    ws = screen.workspace
    result = await screen.app.push_screen_wait(NumberForm(screen.lang, ws.today))
    if result is None:
        return None
    if not screen.write(lambda: ws.add_number(result.e164, **_number_fields(result))):
        return None
    number = next((n for n in ws.store.numbers() if n.e164 == result.e164), None)
    screen.refresh_data()
    return number.id if number else None


async def add_accounts(screen: DashboardScreen, number_id: int) -> None:
    """Pick platforms, add one account each, then ask for each one's facts."""
    app, ws, lang = screen.app, screen.workspace, screen.lang
    already = {a.platform_id for a in ws.store.accounts() if a.number_id == number_id}
    chosen = await app.push_screen_wait(PlatformPicker(lang, ws.catalog, already))
    if not chosen:
        return
    added: list[Account] = []
    for platform_id in chosen:
        account = screen.write(partial(ws.add_account, platform_id, number_id))
        if account:
            added.append(account)
    screen.refresh_data()
    for account in added:
        platform = ws.platform(account.platform_id)
        if platform is None:
            continue
        facts = await app.push_screen_wait(
            AccountForm(lang, platform, account, ws.provider_choices(lang))
        )
        if facts is not None:
            changes = {k: v for k, v in facts.as_dict().items() if v is not None}
            if changes:
                screen.write(partial(ws.update_account, account.id, **changes))
    screen.refresh_data()


async def edit_selected(screen: DashboardScreen) -> None:
    app, ws, lang = screen.app, screen.workspace, screen.lang
    item = screen.selected_item()
    if item is None:
        return
    if item.account_id is not None:
        account = screen.snapshot.account(item.account_id) if screen.snapshot else None
        platform = ws.platform(account.platform_id) if account else None
        if account is None or platform is None:
            return
        facts = await app.push_screen_wait(
            AccountForm(lang, platform, account, ws.provider_choices(lang))
        )
        if facts is not None:
            changes = facts.as_dict()
            changes["label"] = changes["label"] or ""
            changes["login_hint"] = changes["login_hint"] or ""
            screen.write(lambda: ws.update_account(account.id, **changes))
    else:
        number = (
            screen.snapshot.number(item.number_id) if screen.snapshot and item.number_id else None
        )
        if number is None:
            return
        result = await app.push_screen_wait(NumberForm(lang, ws.today, number))
        if result is not None:
            fields = _number_fields(result)
            fields["e164"] = result.e164
            screen.write(lambda: ws.update_number(number.id, **fields))
    screen.refresh_data()


async def remove_selected(screen: DashboardScreen) -> None:
    app, ws, lang = screen.app, screen.workspace, screen.lang
    item = screen.selected_item()
    if item is None or screen.snapshot is None:
        return
    s = strings(lang)
    if item.account_id is not None:
        account = screen.snapshot.account(item.account_id)
        if account is None:
            return
        platform = ws.platform(account.platform_id)
        name = platform.name.get(lang) if platform else account.platform_id
        number = screen.snapshot.number(account.number_id)
        shown = mask_number(number.e164) if number else ""
        body = s("remove_account_body", name=name, number=shown)
        if await app.push_screen_wait(
            ConfirmScreen(lang, s("remove_account_title"), body, s("remove_confirm"))
        ):
            screen.write(lambda: ws.remove_account(account.id))
    else:
        number = screen.snapshot.number(item.number_id) if item.number_id else None
        if number is None:
            return
        count = sum(1 for a in screen.snapshot.accounts if a.number_id == number.id)
        body = s("remove_number_body", number=mask_number(number.e164), n=count)
        if await app.push_screen_wait(
            ConfirmScreen(lang, s("remove_number_title"), body, s("remove_confirm"))
        ):
            screen.write(lambda: ws.remove_number(number.id))
    screen.refresh_data()


async def reconcile(screen: DashboardScreen) -> None:
    app, ws, lang = screen.app, screen.workspace, screen.lang
    number = screen.selected_number()
    if number is None or screen.snapshot is None:
        return
    listed = [a for a in screen.snapshot.accounts if a.number_id == number.id]
    cards = sum(a.bank_cards or 0 for a in listed)
    result = await app.push_screen_wait(
        ReconcileScreen(
            lang,
            mask_number(number.e164),
            len(listed),
            number.yzt_count,
            number.cards_reported,
            cards,
            ws.yzt_missing(number.id, lang),
        )
    )
    if result is not None:
        screen.write(
            lambda: ws.update_number(
                number.id, yzt_count=result.yzt_count, cards_reported=result.cards_reported
            )
        )
        screen.refresh_data()


async def import_file(screen: DashboardScreen) -> None:
    """Ask for a path, preview the import (nothing written), then import all or nothing."""
    app, ws, lang = screen.app, screen.workspace, screen.lang
    s = strings(lang)
    raw = await app.push_screen_wait(
        TextPrompt(lang, s("import_path_title"), s("import_path_placeholder"))
    )
    if not raw:
        return
    path = Path(raw).expanduser()
    check = ws.check_import(path)
    by_id = {n.id: n for n in check.numbers}
    preview = ImportPreview(
        numbers=[mask_number(n.e164) for n in check.numbers],
        accounts=[
            f"{_platform_name(ws, a.platform_id, lang)} · {mask_number(by_id[a.number_id].e164)}"
            if a.number_id in by_id
            else _platform_name(ws, a.platform_id, lang)
            for a in check.accounts
        ],
        steps=check.steps,
        problems=[(p.line, problem_reason(p, lang)) for p in check.problems],
    )
    if await app.push_screen_wait(ImportPreviewScreen(lang, preview)) and preview.ok:
        screen.write(lambda: ws.import_file(path))
        screen.refresh_data()


def _platform_name(ws: object, platform_id: str, lang: str) -> str:
    platform = ws.platform(platform_id)  # type: ignore[attr-defined]
    return platform.name.get(lang) if platform else platform_id


__all__ = [
    "add_accounts",
    "add_number",
    "edit_selected",
    "first_run",
    "import_file",
    "reconcile",
    "remove_selected",
]
