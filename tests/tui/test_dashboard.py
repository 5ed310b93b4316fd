"""The dashboard driven by key presses only, on the demo data."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from textual.widgets import Input

from acctexit.domain.models import Phase, Platform, StepStatus, Verb
from acctexit.domain.plan import PlanStep
from acctexit.i18n import translate
from acctexit.store import Store
from acctexit.tui.app import AcctExitApp
from acctexit.tui.render import short_title
from acctexit.tui.screens.dashboard import DashboardScreen
from acctexit.tui.screens.dashboard import screen as dashboard_module  # its timings
from acctexit.tui.screens.help import HelpScreen
from acctexit.tui.screens.prompt import TextPrompt
from acctexit.tui.widgets.account_list import AccountList
from acctexit.tui.widgets.key_bar import KeyBar
from acctexit.tui.widgets.log_view import LogView
from acctexit.tui.widgets.numbers_bar import NumbersBar
from acctexit.tui.widgets.step_list import StepList

SIZE = (120, 36)


async def settle(pilot: Any) -> None:
    """Let the background plan refresh start, finish and its repaint land."""
    await pilot.pause(dashboard_module.RECOMPUTE_DELAY + 0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def dashboard(app: AcctExitApp) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def open_steps(pilot: Any) -> tuple[DashboardScreen, StepList, PlanStep]:
    """Enter the steps pane of the first row; its cursor is on the first open step."""
    await pilot.press("enter")
    screen = dashboard(pilot.app)
    step_list = screen.query_one(StepList)
    step = step_list.current
    assert step is not None and step.status is StepStatus.OPEN
    return screen, step_list, step


def platform_of(app: AcctExitApp, account_id: int) -> Platform:
    account = dashboard(app).snapshot.account(account_id)  # type: ignore[union-attr]
    assert account is not None
    platform = app.workspace.platform(account.platform_id)
    assert platform is not None
    return platform


def visible_account_ids(app: AcctExitApp) -> list[int]:
    accounts = dashboard(app).query_one(AccountList)
    ids = []
    for index in range(accounts.line_count):
        line_id = accounts.line_id(index)
        if line_id and line_id.startswith("a"):
            ids.append(int(line_id[1:]))
    return ids


async def test_starts_on_the_first_account_with_open_steps(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        accounts = screen.query_one(AccountList)
        assert screen.focused is accounts
        expected = screen.snapshot.plan.next_step()  # type: ignore[union-attr]
        item = accounts.current_item
        assert expected is not None and item is not None
        assert (item.account_id, item.number_id) == (
            expected.account_id,
            None if expected.account_id is not None else expected.number_id,
        )


async def test_tick_a_finance_step_survives_a_restart(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        accounts = screen.query_one(AccountList)
        # Move down until a finance account with an open step is highlighted.
        for _ in range(accounts.line_count):
            item = accounts.current_item
            if item and item.account_id is not None:
                platform = platform_of(app, item.account_id)
                steps = screen.snapshot.plan.for_account(item.account_id)  # type: ignore[union-attr]
                if platform.category == "finance" and any(
                    s.status is StepStatus.OPEN for s in steps
                ):
                    break
            await pilot.press("down")
        else:
            raise AssertionError("no finance account with open steps in the demo data")
        account_id = item.account_id
        await pilot.press("enter")
        step_list = screen.query_one(StepList)
        assert screen.focused is step_list
        target = step_list.current
        assert target is not None and target.status is StepStatus.OPEN
        open_before = [s.key for s in step_list.steps if s.status is StepStatus.OPEN]
        assert target.key == open_before[0], "cursor should start on the first open step"
        await pilot.press("space")
        await pilot.pause()
        assert step_list.steps[step_list.highlighted].status is StepStatus.DONE  # type: ignore[index]
        await pilot.press("q")
    assert not app.is_running

    again = open_app(demo_db)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(again)
        assert screen.snapshot.states[target.key] is StepStatus.DONE  # type: ignore[union-attr]
        newest = screen.snapshot.recent_log[0]  # type: ignore[union-attr]
        assert (newest.verb, newest.account_id, newest.step_id) == (
            Verb.DONE,
            account_id,
            target.step.id,
        )
        first_line = again.screen.query_one(LogView).entry_text(0)
        shown = str(first_line)
        assert newest.ts.astimezone().strftime("%Y-%m-%d %H:%M") in shown
        # The step's short title: the whole sentence would fill the log pane.
        assert short_title(target.step.text.get("en")) in shown


async def test_space_twice_undoes_and_both_actions_are_logged(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        step_list = dashboard(app).query_one(StepList)
        key = step_list.current.key  # type: ignore[union-attr]
        await pilot.press("space")
        await pilot.press("space")
        await settle(pilot)
        log = dashboard(app).snapshot.recent_log  # type: ignore[union-attr]
        assert [e.verb for e in log[:2]] == [Verb.UNDONE, Verb.DONE]
        assert dashboard(app).snapshot.states.get(key, StepStatus.OPEN) is StepStatus.OPEN  # type: ignore[union-attr]


async def test_skip_asks_for_a_reason_and_logs_it(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "s")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"never enabled", "enter")
        await settle(pilot)
        newest = dashboard(app).snapshot.recent_log[0]  # type: ignore[union-attr]
        assert newest.verb is Verb.SKIPPED
        assert newest.detail == "never enabled"


async def test_failed_write_is_reported_and_not_shown_done(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        step_list = dashboard(app).query_one(StepList)
        before = step_list.current

        def broken(*args: object, **kwargs: object) -> None:
            raise OSError("disk full")

        app.workspace.store.set_step = broken  # type: ignore[method-assign]
        shown: list[str] = []
        app.notify = lambda message, **kwargs: shown.append(str(message))  # type: ignore[method-assign]
        await pilot.press("space")
        await pilot.pause()
        assert step_list.current is not None
        assert step_list.current.status is StepStatus.OPEN
        assert step_list.current.key == before.key  # type: ignore[union-attr]
        assert any("disk full" in message for message in shown)


async def test_filter_narrows_the_list_by_platform_name(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        everything = visible_account_ids(app)
        await pilot.press("slash")
        assert isinstance(dashboard(app).focused, Input)
        await pilot.press(*"alipay")
        await pilot.pause()
        narrowed = visible_account_ids(app)
        assert 0 < len(narrowed) < len(everything)
        assert all(platform_of(app, a).id == "alipay" for a in narrowed)
        await pilot.press("escape")
        await pilot.pause()
        assert visible_account_ids(app) == everything


async def test_filter_matches_chinese_names_and_levels(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"微信")
        await pilot.pause()
        assert {platform_of(app, a).id for a in visible_account_ids(app)} == {"wechat"}
        await pilot.press(*["backspace"] * 2, *"critical")
        await pilot.pause()
        risks = dashboard(app).snapshot.account_risks  # type: ignore[union-attr]
        shown = visible_account_ids(app)
        assert shown == [a for a in shown if risks[a].level == "critical"]
        assert len(shown) == sum(1 for r in risks.values() if r.level == "critical")


async def test_filter_matches_labels_and_across_level_and_label(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"信用卡")  # the CMB account's label
        await pilot.pause()
        shown = visible_account_ids(app)
        assert [platform_of(app, a).id for a in shown] == ["cmb"]
        snapshot = dashboard(app).snapshot
        assert snapshot is not None
        level = snapshot.account_risks[shown[0]].level
        # The level's Chinese word, then the label: matched as one text, as shown.
        query = f"{translate(f'level_{level.value}', 'zh')} 信用卡"
        await pilot.press(*["backspace"] * 3, *query)
        await pilot.pause()
        assert visible_account_ids(app) == shown


async def test_help_lists_every_binding_of_the_focused_pane(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # steps pane
        ours = {
            b.binding.id
            for b in app.screen.active_bindings.values()
            if b.binding.id and b.binding.id != "palette"
        }
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {row.description for row in app.screen.rows}
        from acctexit.tui.commands import command_by_id

        for binding_id in ours:
            command = command_by_id(binding_id)
            assert command is not None and command.label("en") in listed
        assert "Done/undo" in listed and "Skip" in listed
        assert "Steps" in app.screen.pane
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_language_switch_changes_footer_and_keeps_selection(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        before = dashboard(app).query_one(AccountList).current_item
        await pilot.press("L")
        await pilot.pause()
        assert app.lang == "zh"
        # The key bar words the active bindings from the command table, in Chinese now.
        bar = str(dashboard(app).query_one(KeyBar).render())
        assert "退出" in bar and "筛选" in bar and "Quit" not in bar
        assert dashboard(app).query_one(AccountList).current_item == before


async def test_repeated_language_and_mask_switches_keep_one_working_dashboard(
    open_app: Any, demo_db: Path
) -> None:
    # L and R switch the dashboard in place: the same screen, the same selection, and
    # it still works afterwards.
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = dashboard(app)
        await pilot.press("down", "down")
        before = first.query_one(AccountList).current_item
        for key, lang in (("L", "zh"), ("R", "zh"), ("L", "en")):
            await pilot.press(key)
            await pilot.pause()
            assert app.lang == lang
            assert dashboard(app).query_one(AccountList).current_item == before
        assert dashboard(app) is first
        assert [s for s in app.screen_stack if isinstance(s, DashboardScreen)] == [first]
        # The dashboard still works: a tick is written and shown.
        _screen, step_list, step = await open_steps(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert step_list.current is not None and step_list.current.status is StepStatus.DONE
    with Store.open(demo_db) as store:
        assert store.step_states()[step.key] is StepStatus.DONE


async def test_numbers_are_masked_until_revealed(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        number = dashboard(app).snapshot.numbers[0]  # type: ignore[union-attr]
        header = str(dashboard(app).query_one(NumbersBar).render())
        assert number.e164 not in header and number.e164[3:] not in header
        assert number.e164[3:6] + "****" + number.e164[-4:] in header
        await pilot.press("R")
        await pilot.pause()
        assert number.e164 in str(dashboard(app).query_one(NumbersBar).render())


async def test_markup_in_user_text_is_shown_not_run(open_app: Any, demo_db: Path) -> None:
    # Control characters first, so they survive the name being cut to the column width.
    hostile = "\u202e\x1b[2J[/bold][@click=app.quit]x[/]"
    with Store.open(demo_db) as store:
        account = store.accounts()[0]
        store.add_note(hostile, account_id=account.id)
    # The store strips control characters on write; put the raw text in behind its
    # back, as an older version or another tool might have, to test the rendering.
    with sqlite3.connect(demo_db) as conn:
        conn.execute("UPDATE accounts SET label = ? WHERE id = ?", (hostile, account.id))
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        accounts = dashboard(app).query_one(AccountList)
        prompts = [accounts.line_text(i) for i in range(accounts.line_count)]
        assert any(" ([2J[/bold]" in p for p in prompts)  # cut to fit, but literal
        assert not any("\x1b" in p or "\u202e" in p for p in prompts)
        log_text = dashboard(app).query_one(LogView).entry_text(0)
        assert "[@click=app.quit]x[/]" in log_text and "\x1b" not in log_text
        await pilot.click(AccountList)
        assert app.is_running


async def test_narrow_terminal_folds_side_panes_and_tab_unfolds_them(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert screen.has_class("-narrow")
        risk_pane = screen.query_one("#risk")
        steps_pane = screen.query_one("#steps")
        # Folded, the risk pane keeps three lines: the level and the top reason.
        assert risk_pane.outer_size.height == 5 and steps_pane.outer_size.height > 5
        await pilot.press("tab")  # accounts -> log (left column)
        await pilot.press("tab")  # -> risk
        await pilot.pause()
        assert risk_pane.outer_size.height > 5 and steps_pane.outer_size.height == 3


async def test_discover_phase_comes_first_in_the_list(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        accounts = dashboard(app).query_one(AccountList)
        ids = [accounts.line_id(i) for i in range(accounts.line_count)]
        number = dashboard(app).snapshot.numbers[0]
        # the number's own row heads its group; its discover item comes next
        first_item, second_item = [i for i in ids if i][:2]
        assert first_item == f"n{number.id}"
        assert second_item is not None and second_item.endswith(Phase.DISCOVER.value)


async def test_tick_shows_at_once_and_the_full_plan_catches_up(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, step_list, target = await open_steps(pilot)
        await pilot.press("space")
        # At once: the step, and the log pane's newest row, from the committed write.
        assert step_list.steps[step_list.highlighted].status is StepStatus.DONE  # type: ignore[index]
        newest = screen.query_one(LogView).entry_text(0)
        assert short_title(target.step.text.get("en")) in newest
        await settle(pilot)
        # Then the recomputed plan agrees with the store.
        assert screen.snapshot.states[target.key] is StepStatus.DONE  # type: ignore[union-attr]
        assert screen.snapshot.plan.get(target.key).status is StepStatus.DONE  # type: ignore[union-attr]


async def test_a_burst_of_ticks_recomputes_the_plan_once(
    open_app: Any, demo_db: Path, monkeypatch: Any
) -> None:
    """Each tick shows at once; the whole plan is recomputed once the keys rest, not
    once per key (a recompute competes with the next key's frame)."""
    # Long enough that three key presses fit in it on a loaded machine.
    monkeypatch.setattr(dashboard_module, "RECOMPUTE_DELAY", 1.0)
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        computed = []
        compute = app.workspace.compute
        monkeypatch.setattr(app.workspace, "compute", lambda v: computed.append(1) or compute(v))
        screen, _step_list, first = await open_steps(pilot)
        log_rows = app.workspace.store.log_count()
        await pilot.press("space", "space", "space")  # done, open, done
        assert app.workspace.store.log_count() == log_rows + 3
        await settle(pilot)
        assert len(computed) == 1
        assert screen.snapshot.plan.get(first.key).status is StepStatus.DONE  # type: ignore[union-attr]


async def test_a_row_revisited_before_the_recompute_shows_its_ticks(
    open_app: Any, demo_db: Path, monkeypatch: Any
) -> None:
    """Until the plan is recomputed, leaving a row and coming back still shows what was
    ticked there, and Space then undoes what it shows."""
    monkeypatch.setattr(dashboard_module, "RECOMPUTE_DELAY", 5.0)  # the window stays open
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, step_list, target = await open_steps(pilot)
        await pilot.press("space")
        await pilot.press("escape")  # back to the accounts
        assert isinstance(screen.focused, AccountList)
        for key in ("down", "up"):
            await pilot.press(key)
            await pilot.pause(dashboard_module.PANE_DELAY + 0.05)
        shown = {s.key: s.status for s in step_list.steps}
        assert shown[target.key] is StepStatus.DONE
        await pilot.press("enter")  # the cursor goes to the first open step, after it
        index = [s.key for s in step_list.steps].index(target.key)
        while step_list.highlighted is not None and step_list.highlighted != index:
            await pilot.press("up" if step_list.highlighted > index else "down")
        assert step_list.current is not None and step_list.current.key == target.key
        await pilot.press("space")
        assert app.workspace.store.step_states().get(target.key, StepStatus.OPEN) is StepStatus.OPEN
        assert step_list.current.status is StepStatus.OPEN


async def test_tab_right_after_moving_acts_on_the_new_rows_steps(
    open_app: Any, demo_db: Path, monkeypatch: Any
) -> None:
    """The side panes follow the cursor lazily; focusing them must catch up first."""
    # A resting time far longer than the test, so only the catch-up can update the panes.
    monkeypatch.setattr(dashboard_module, "PANE_DELAY", 30.0)
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        accounts = screen.query_one(AccountList)
        await pilot.press("down", "down", "down")
        item = accounts.current_item
        assert item is not None and item.account_id is not None
        # Straight to the steps pane (accounts → log → risk → steps), no pause for the panes.
        await pilot.press("tab", "tab", "tab")
        step_list = screen.query_one(StepList)
        assert screen.focused is step_list
        assert step_list.steps and all(s.account_id == item.account_id for s in step_list.steps)


async def test_two_spaces_in_one_go_tick_then_untick(open_app: Any, demo_db: Path) -> None:
    """Key repeat or fast typing: the second Space arrives before the first repaints."""
    from textual import events

    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        key = dashboard(app).query_one(StepList).current.key  # type: ignore[union-attr]
        app.post_message(events.Key("space", " "))
        app.post_message(events.Key("space", " "))
        await settle(pilot)
        log = dashboard(app).snapshot.recent_log  # type: ignore[union-attr]
        assert [(e.verb, e.step_id) for e in log[:2]] == [
            (Verb.UNDONE, key[2]),
            (Verb.DONE, key[2]),
        ]
        assert dashboard(app).snapshot.states.get(key, StepStatus.OPEN) is StepStatus.OPEN  # type: ignore[union-attr]


async def test_language_switch_keeps_the_filter(open_app: Any, demo_db: Path) -> None:
    app = open_app(demo_db, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"alipay", "enter")
        await pilot.pause()
        narrowed = visible_account_ids(app)
        await pilot.press("L")
        await pilot.pause()
        assert app.lang == "zh"
        assert visible_account_ids(app) == narrowed
        assert dashboard(app).query_one("#filter", Input).value == "alipay"


async def test_a_click_moves_to_a_step_and_a_second_click_ticks_it(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        screen = dashboard(app)
        step_list = screen.query_one(StepList)
        assert step_list.item_count >= 2
        # The second step starts below every line of the first (and the pane's border).
        second_line = 1 + len(step_list.item_text(0).splitlines())
        target = step_list.steps[1]
        was = screen.snapshot.states.get(target.key, StepStatus.OPEN)  # type: ignore[union-attr]
        logged = app.workspace.store.log_count()
        step_list.highlighted = 0
        await pilot.click(StepList, offset=(5, second_line))
        await pilot.pause()
        assert step_list.highlighted == 1
        assert app.workspace.store.log_count() == logged  # a stray click ticks nothing
        await pilot.click(StepList, offset=(5, second_line))
        await settle(pilot)
        assert app.workspace.store.log_count() == logged + 1
        now = screen.snapshot.states.get(target.key, StepStatus.OPEN)  # type: ignore[union-attr]
        assert now is not was


async def test_a_long_log_entry_wraps_under_its_text_not_its_time(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.press(*"call the bank about the standing order before the number goes")
        await pilot.press("enter")
        await settle(pilot)
        log = dashboard(app).query_one(LogView)
        assert "standing order" in log.entry_text(0)
        lines = log.item_text(0).splitlines()
        assert len(lines) > 1
        time_width = len(log.entry_text(0).split(" ✎")[0]) + 1  # "YYYY-MM-DD HH:MM "
        for line in lines[1:]:
            assert line[:time_width].strip() == ""
            assert line[time_width:].strip()


async def test_the_log_pane_lays_out_every_entry_once_started(open_app: Any, demo_db: Path) -> None:
    # The first frame wraps only the entries it shows; the rest follow right after it.
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        log = dashboard(app).query_one(LogView)
        lines = [log.item_text(i).splitlines() for i in range(log.item_count)]
        assert log.item_count > 20 and any(len(entry) > 1 for entry in lines[5:])
        assert log.virtual_size.height == sum(map(len, lines))
        await pilot.press("tab", "end")  # to the log pane, then its oldest entry
        await pilot.pause()
        assert log.highlighted == log.item_count - 1
        bottom = log.scroll_offset.y + log.scrollable_content_region.height
        assert bottom == log.virtual_size.height


async def test_a_tick_in_a_terminal_too_narrow_for_the_steps_pane_is_kept(
    open_app: Any, demo_db: Path
) -> None:
    # Below about 40 columns the steps pane has no room for any text; a tick there must
    # still be written and shown as done, not crash the app.
    app = open_app(demo_db)
    async with app.run_test(size=(36, 24)) as pilot:
        await pilot.pause()
        _screen, step_list, step = await open_steps(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert step_list.current is not None and step_list.current.status is StepStatus.DONE
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert step_list.item_text(step_list.highlighted or 0).startswith("[✓]")
    with Store.open(demo_db) as store:
        assert store.step_states()[step.key] is StepStatus.DONE


async def test_help_from_the_filter_field_is_the_accounts_panes(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(dashboard(app).focused, Input)
        assert dashboard(app).focused_pane_name() == "Accounts"
        await pilot.press("escape", "tab")  # back to the list, then on to the log
        await pilot.pause()
        assert dashboard(app).focused_pane_name() == "Log"


async def test_the_palette_offers_no_commands_over_a_dialog(open_app: Any, demo_db: Path) -> None:
    # They act on the dashboard: L or R chosen over the help would rebuild it beneath.
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert list(app.get_system_commands(app.screen))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not list(app.get_system_commands(app.screen))


async def test_key_bar_shows_the_focused_panes_keys_and_a_click_presses_one(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = dashboard(app).query_one(KeyBar)
        text = bar.render().plain
        assert "Enter Steps" in text and "q Quit" in text and "Done/undo" not in text
        await pilot.press("enter")
        await pilot.pause()
        text = bar.render().plain
        assert "Space Done/undo" in text and "Enter Steps" not in text
        await pilot.click(KeyBar, offset=(text.index(" ? ") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_clicking_the_step_under_the_cursor_from_another_pane_ticks_nothing(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)  # the steps pane follows the selected row
        screen = dashboard(app)
        step_list = screen.query_one(StepList)
        assert screen.focused is screen.query_one(AccountList)
        assert step_list.highlighted is not None
        top = 1 + sum(
            len(step_list.item_text(i).splitlines()) for i in range(step_list.highlighted)
        )
        logged = app.workspace.store.log_count()
        await pilot.click(StepList, offset=(5, top))
        await pilot.pause()
        assert screen.focused is step_list
        assert app.workspace.store.log_count() == logged  # it only focused the list
        await pilot.click(StepList, offset=(5, top))
        await pilot.pause()
        assert app.workspace.store.log_count() == logged + 1


async def test_widening_and_narrowing_rewraps_the_steps_and_log(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        step_list = dashboard(app).query_one(StepList)
        log = dashboard(app).query_one(LogView)
        narrow_lines = len(step_list.item_text(0).splitlines())
        for size in ((160, 36), (100, 30), (200, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.screen.query_one(StepList) is step_list  # no crash, same screen
        wide_lines = len(step_list.item_text(0).splitlines())
        assert wide_lines <= narrow_lines
        for item_list in (step_list, log):
            width = item_list.scrollable_content_region.width
            assert all(
                len(line) <= width
                for i in range(item_list.item_count)
                for line in item_list.item_text(i).splitlines()
            )


async def test_key_bar_fits_80_columns_and_keeps_the_palette_key(
    open_app: Any, demo_db: Path
) -> None:
    app = open_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the steps pane has the most keys
        await pilot.pause()
        text = dashboard(app).query_one(KeyBar).render().plain
        assert len(text) <= 80
        assert "Space Done/undo" in text and text.rstrip().endswith("Ctrl+P Commands")
