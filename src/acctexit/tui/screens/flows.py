"""Multi-step conversations on top of the dashboard: first run, add, edit, remove,
reconcile, import, discover (and writing the report). Each runs in a worker so it can
await its dialogs in order; dialogs only return values, and every change is a use case
of `acctexit.app` (`actions`, `discover`, `report`).
The flows are typed against `FlowHost` (the screen that starts them), not the dashboard.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from msgspec.structs import asdict

from acctexit.app import actions
from acctexit.domain.phone import mask_number
from acctexit.i18n import strings
from acctexit.tui.host import FlowHost
from acctexit.tui.screens.account_form import AccountForm
from acctexit.tui.screens.choose_number import ChooseNumberScreen
from acctexit.tui.screens.confirm import ConfirmScreen
from acctexit.tui.screens.import_preview import ImportPreview, ImportPreviewScreen
from acctexit.tui.screens.number_form import NumberForm, NumberFormResult
from acctexit.tui.screens.own_service_form import OwnServiceForm
from acctexit.tui.screens.picker import OwnRequest, PlatformPicker
from acctexit.tui.screens.prompt import TextPrompt
from acctexit.tui.screens.reconcile import ReconcileScreen
from acctexit.tui.screens.welcome import WelcomeScreen


def _number(result: NumberFormResult) -> actions.NumberFields:
    return actions.NumberFields(**asdict(result))


async def first_run(screen: FlowHost) -> None:
    """Welcome → the first number → platforms on it → their facts."""
    app, lang = screen.app, screen.lang
    if not await app.push_screen_wait(WelcomeScreen(lang)):
        return
    number_id = await add_number(screen)
    if number_id is not None:
        await add_accounts(screen, number_id)


async def add_number(screen: FlowHost) -> int | None:
    ws = screen.workspace
    taken = partial(actions.number_taken, ws)
    result = await screen.app.push_screen_wait(NumberForm(screen.lang, ws.today, taken=taken))
    if result is None:
        return None
    number = screen.write(lambda: actions.add_number(ws, _number(result)))
    if number is None:
        return None
    screen.refresh_data()
    return number.id


async def add_accounts(screen: FlowHost, number_id: int) -> None:
    """Pick platforms, add one account each, then ask for each one's facts."""
    app, ws, lang = screen.app, screen.workspace, screen.lang
    snapshot = screen.snapshot
    already = actions.platforms_listed(snapshot, number_id) if snapshot else frozenset()
    number = snapshot.number(number_id) if snapshot else None
    shown = "" if number is None else number.e164 if screen.reveal else mask_number(number.e164)
    chosen = await app.push_screen_wait(PlatformPicker(lang, ws.catalog, already, shown))
    if isinstance(chosen, OwnRequest):
        await add_own_service(screen, number_id, chosen.name)
        return
    if not chosen:
        return
    added = actions.add_accounts(ws, number_id, chosen, lang)
    for error in added.errors:
        screen.report_error(error)
    screen.refresh_data()
    total = len(added.accounts)
    for at, account in enumerate(added.accounts, start=1):
        platform = ws.platform(account.platform_id)
        if platform is None:
            continue
        facts = await app.push_screen_wait(
            AccountForm(
                lang,
                platform,
                account,
                ws.provider_choices(lang),
                (at, total) if total > 1 else None,
                just_added=True,
            )
        )
        if facts is not None:
            screen.write(lambda: actions.fill_in_account(ws, account.id, facts.as_dict()))  # noqa: B023
    screen.refresh_data()


async def add_own_service(screen: FlowHost, number_id: int, name: str) -> None:
    """A service the catalog lacks: the small form, then the service and its account."""
    app, ws, lang = screen.app, screen.workspace, screen.lang
    result = await app.push_screen_wait(OwnServiceForm(lang, name))
    if result is None:
        return
    account = screen.write(lambda: actions.add_own_service(ws, number_id, result))
    if account is not None:
        screen.app.notify(strings(lang)("own_added", name=result.name))
    screen.refresh_data()


async def move_selected(screen: FlowHost) -> None:
    """Move the selected account to another of the user's numbers."""
    app, ws, lang = screen.app, screen.workspace, screen.lang
    item = screen.selected_item()
    snapshot = screen.snapshot
    if item is None or item.account_id is None or snapshot is None:
        return
    account = snapshot.account(item.account_id)
    if account is None:
        return
    s = strings(lang)
    targets = actions.move_targets(snapshot, account.id)
    if not targets:
        screen.app.notify(s("move_none"), severity="warning")
        return
    title = ws.account_title(snapshot, account, lang)
    choices = [(n.id, f"{mask_number(n.e164)}  {n.label}".rstrip()) for n in targets]
    number_id = await app.push_screen_wait(
        ChooseNumberScreen(lang, s("move_title"), s("move_prompt", account=title), choices)
    )
    if number_id is None:
        return
    moved = screen.write(lambda: actions.move_account(ws, account.id, number_id))
    if moved is not None:
        shown = next(text for nid, text in choices if nid == number_id)
        screen.app.notify(s("move_done", account=title, number=shown))
    screen.refresh_data()


async def edit_own_service(screen: FlowHost) -> None:
    """`o`: the own-service form, prefilled with the selected account's service."""
    from acctexit.app import own as own_cases

    app, ws, lang = screen.app, screen.workspace, screen.lang
    item = screen.selected_item()
    service = own_cases.service_of(ws, screen.snapshot, item.account_id if item else None)
    if service is None:
        if item is not None and item.account_id is not None:
            screen.app.notify(strings(lang)("own_not_own"), severity="warning")
        return
    result = await app.push_screen_wait(
        OwnServiceForm(lang, editing=own_cases.service_fields(service))
    )
    if result is None:
        return
    saved = screen.write(lambda: own_cases.edit_own_service(ws, service.id, result))
    if saved is not None:
        screen.app.notify(strings(lang)("own_changed", name=saved.name))
    screen.refresh_data()


async def edit_own_steps(screen: FlowHost) -> None:
    """`w`: the step editor of the selected account's own service, until Escape."""
    from acctexit.app import own as own_cases
    from acctexit.tui.screens.own_steps import OwnStepForm, OwnStepsScreen

    app, ws, lang = screen.app, screen.workspace, screen.lang
    s = strings(lang)
    item = screen.selected_item()
    account_id = item.account_id if item else None
    service = own_cases.service_of(ws, screen.snapshot, account_id)
    if service is None:
        if account_id is not None:
            screen.app.notify(s("own_not_own"), severity="warning")
        return
    cursor: str | None = None
    while service is not None:
        current = service
        rows = own_cases.step_rows(current, lang)
        choice = await app.push_screen_wait(OwnStepsScreen(lang, current.name, rows, cursor))
        if choice is None:
            break
        cursor = choice.step_id
        row = next((r for r in rows if r.id == choice.step_id), None)
        sid = current.id
        if choice.action == "add":
            words = await app.push_screen_wait(OwnStepForm(lang, s("own_step_form_add")))
            if words is not None:
                cursor = screen.write(lambda: own_cases.add_step(ws, sid, *words)) or cursor  # noqa: B023
        elif choice.action == "edit" and row is not None:
            words = await app.push_screen_wait(
                OwnStepForm(lang, s("own_step_form_edit"), row.title or row.words, row.detail)
            )
            if words is not None:
                screen.write(lambda: own_cases.reword_step(ws, sid, row.id, *words))  # noqa: B023
        elif choice.action == "remove" and row is not None:
            if row.mine or row.edited:
                screen.write(lambda: own_cases.remove_step(ws, sid, row.id))  # noqa: B023
            else:  # a generic step in its own words: nothing to remove or restore
                screen.app.notify(s("own_steps_generic_stays"), severity="warning")
        elif choice.action in ("up", "down") and row is not None and row.mine:
            delta = -1 if choice.action == "up" else 1
            screen.write(lambda: own_cases.move_step(ws, current, row.id, delta))  # noqa: B023
        service = own_cases.service_by_id(ws, sid)  # as it is now
    screen.refresh_data()


async def edit_selected(screen: FlowHost) -> None:
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
            screen.write(lambda: actions.edit_account(ws, account.id, facts.as_dict()))
    else:
        number = (
            screen.snapshot.number(item.number_id) if screen.snapshot and item.number_id else None
        )
        if number is None:
            return
        result = await app.push_screen_wait(
            NumberForm(
                lang,
                ws.today,
                number,
                masked=not screen.reveal,
                taken=partial(actions.number_taken, ws, except_id=number.id),
            )
        )
        if result is not None:
            screen.write(lambda: actions.edit_number(ws, number.id, _number(result)))
    screen.refresh_data()


async def remove_selected(screen: FlowHost) -> None:
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
            screen.write(lambda: actions.remove_account(ws, account.id))
    else:
        number = screen.snapshot.number(item.number_id) if item.number_id else None
        if number is None:
            return
        count = len(actions.accounts_on(screen.snapshot, number.id))
        body = s("remove_number_body", number=mask_number(number.e164), n=count)
        if await app.push_screen_wait(
            ConfirmScreen(lang, s("remove_number_title"), body, s("remove_confirm"))
        ):
            screen.write(lambda: actions.remove_number(ws, number.id))
    screen.refresh_data()


async def reconcile(screen: FlowHost) -> None:
    app, ws, lang = screen.app, screen.workspace, screen.lang
    number = screen.selected_number()
    if number is None or screen.snapshot is None:
        return
    from acctexit.app.discover import total_of

    discovered = total_of(screen.discoveries.get(number.id), ws.catalog)
    facts = actions.reconcile_facts(ws, screen.snapshot, number, lang, discovered)
    result = await app.push_screen_wait(ReconcileScreen(lang, mask_number(number.e164), facts))
    if result is not None:
        screen.write(
            lambda: actions.reconcile(ws, number.id, result.yzt_count, result.cards_reported)
        )
        screen.refresh_data()


async def import_file(screen: FlowHost) -> None:
    """Ask for a path, preview the import (nothing written), then import all or nothing."""
    app, ws, lang = screen.app, screen.workspace, screen.lang
    s = strings(lang)
    raw = await app.push_screen_wait(
        TextPrompt(lang, s("import_path_title"), s("import_path_placeholder"))
    )
    if not raw:
        return
    path = Path(raw).expanduser()
    summary = actions.preview_import(ws, path, lang)
    preview = ImportPreview(
        numbers=list(summary.numbers),
        accounts=list(summary.accounts),
        steps=summary.steps,
        problems=list(summary.problems),
        numbers_new=summary.numbers_new,
        accounts_new=summary.accounts_new,
    )
    if await app.push_screen_wait(ImportPreviewScreen(lang, preview)) and preview.ok:
        screen.write(lambda: actions.import_file(ws, path))
        screen.refresh_data()


# discover & report -------------------------------------------------------------------


async def discover(screen: FlowHost) -> None:
    """Read the user's files for the selected number; add the platforms they keep, in
    one logged transaction. The findings stay in memory for the reconcile view."""
    from acctexit.app import discover as found
    from acctexit.tui.screens.discover import DiscoverScreen

    app, ws, lang = screen.app, screen.workspace, screen.lang
    number = screen.selected_number()
    if number is None or screen.snapshot is None:
        app.notify(strings(lang)("discover_err_no_number"), severity="warning", markup=False)
        return
    target = found.target_for(screen.snapshot, number)
    outcome = await app.push_screen_wait(
        DiscoverScreen(
            lang,
            mask_number(number.e164),
            ws.catalog,
            lambda paths: found.find(ws, target, paths),
        )
    )
    if outcome is None:
        return
    screen.discoveries[number.id] = outcome.findings
    if not outcome.chosen:
        return
    added = screen.write(lambda: found.add_found(ws, target, outcome.chosen))
    if added is not None:
        message = strings(lang)("discover_added", n=added, number=mask_number(number.e164))
        app.notify(message, markup=False)
        screen.refresh_data()


async def report(screen: FlowHost) -> None:
    """Write the printable report (HTML) and say where it went."""
    from acctexit.app.report import write_workspace_report

    ws, lang = screen.workspace, screen.lang
    # On the store's own thread (the report reads the store, and verifies the log).
    path = screen.write(lambda: write_workspace_report(ws, lang=lang, reveal=screen.reveal))
    if path is not None:
        screen.app.notify(strings(lang)("report_written", path=str(path)), markup=False)


__all__ = [
    "add_accounts",
    "add_number",
    "add_own_service",
    "discover",
    "edit_selected",
    "first_run",
    "import_file",
    "move_selected",
    "reconcile",
    "remove_selected",
    "report",
]
