"""Issue 18: an own service's steps — the user's own (title, optional detail) and the
user's wording of a generic step — stored and logged, in the plan with stable keys,
never making the account safe by themselves."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acctexit.catalog import load_catalog
from acctexit.domain.models import (
    Catalog,
    Category,
    OwnService,
    OwnStep,
    Phase,
    RiskLevel,
    StepKind,
    StepStatus,
    Verb,
)
from acctexit.domain.own import own_platform, with_own
from acctexit.domain.plan import build_plan
from acctexit.domain.safety import safe_because
from acctexit.i18n import bilingual
from acctexit.store import ImportFileError, InvalidInputError, Store
from acctexit.store.exchange import export_csv, export_json, import_bytes

TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _bank(store: Store) -> OwnService:
    return store.add_own_service("宁波银行", "finance", phone_use="login", holds_funds=True)


def test_user_steps_sit_before_closing_in_the_users_order(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        bank = _bank(store)
        first = store.add_own_step(bank.id, "下载近一年流水", "网银 → 账户 → 明细")
        second = store.add_own_step(bank.id, "取消代扣水电费")
        store.reorder_own_steps(bank.id, [second.id, first.id])
        service = store.own_service(bank.id)
    steps = own_platform(service, bilingual).steps
    ids = [s.id for s in steps]
    assert ids[-1] == "deregister"  # closing stays last
    assert ids.index(second.id) < ids.index(first.id) < ids.index("deregister")
    assert ids.index("rebind-phone") < ids.index(second.id)
    mine = {s.id: s for s in steps}[first.id]
    assert mine.kind is StepKind.CUSTOM
    assert mine.verified  # the user's words: no "check the real menu" warning
    assert mine.text.get("zh") == "下载近一年流水：网银 → 账户 → 明细"  # full-width in Chinese
    assert mine.text.get("en") == "下载近一年流水: 网银 → 账户 → 明细"


def test_step_ids_are_never_reused_so_ticks_stay_with_their_step(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        bank = _bank(store)
        a = store.add_own_step(bank.id, "one")
        b = store.add_own_step(bank.id, "two")
        store.remove_own_step(bank.id, b.id)
        c = store.add_own_step(bank.id, "three")
        assert len({a.id, b.id, c.id}) == 3
        assert [s.id for s in store.own_service(bank.id).steps] == [a.id, c.id]


def test_rewording_a_generic_step_and_restoring_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        bank = _bank(store)
        store.edit_own_step(bank.id, "rebind-phone", "在网银“安全中心”改手机号")
        step = own_platform(store.own_service(bank.id), bilingual).step("rebind-phone")
        assert step is not None and step.kind is StepKind.REBIND_PHONE
        assert step.text.get("en") == "在网银“安全中心”改手机号"
        store.remove_own_step(bank.id, "rebind-phone")  # the generic words come back
        restored = own_platform(store.own_service(bank.id), bilingual).step("rebind-phone")
        assert restored is not None and restored.text.get(
            "en",
        ) != step.text.get("en")
        with pytest.raises(InvalidInputError):
            store.edit_own_step(bank.id, "no-such-step", "x")


def test_every_change_is_logged_and_the_chain_verifies(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        bank = _bank(store)
        a = store.add_own_step(bank.id, "one")
        b = store.add_own_step(bank.id, "two")
        store.edit_own_step(bank.id, a.id, "one, reworded", "with detail")
        store.reorder_own_steps(bank.id, [b.id, a.id])
        store.remove_own_step(bank.id, b.id)
        verbs = [e.verb for e in store.recent_log(10)]
        assert verbs[:5] == [
            Verb.OWN_STEP_REMOVED,
            Verb.OWN_STEPS_REORDERED,
            Verb.OWN_STEP_CHANGED,
            Verb.OWN_STEP_ADDED,
            Verb.OWN_STEP_ADDED,
        ]
        assert store.verify().ok


def test_free_text_is_cleaned_and_bad_text_refused_storing_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        bank = _bank(store)
        before = store.log_count()
        for title, detail in (("", ""), ("   ", ""), ("x" * 201, ""), ("ok", "y" * 1001)):
            with pytest.raises(InvalidInputError):
                store.add_own_step(bank.id, title, detail)
        assert store.log_count() == before
        step = store.add_own_step(bank.id, "\x1b[31mred\u202e title", "a\tdetail")
        assert step.title == "[31mred title" and step.detail == "a detail"
        with pytest.raises(InvalidInputError):
            store.reorder_own_steps(bank.id, ["mine-99"])


def test_a_database_of_schema_2_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    with Store.open(db) as store:
        _bank(store)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE own_steps")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_own_steps'")
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        assert store.backup_path is not None
        bank = store.own_services()[0]
        assert store.add_own_step(bank.id, "after the upgrade").id == "mine-1"


def test_own_steps_are_planned_ticked_and_never_make_the_account_safe(
    catalog: Catalog, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        n = store.add_number("13800001234", state="will_cancel", cancel_date="2027-01-10")
        bank = _bank(store)
        mine = store.add_own_step(bank.id, "下载流水")
        account = store.add_account(f"own:{bank.id}", n.id)
        store.set_step((account.id, None, mine.id), StepStatus.DONE)
        own = store.own_services()
        states = store.step_states()
        accounts = store.accounts()
    full = with_own(catalog, own, bilingual)
    plan = build_plan(full, [n], accounts, states, TODAY)
    step = next(s for s in plan.steps if s.step.id == mine.id)
    assert step.key == (account.id, None, mine.id)
    assert step.status is StepStatus.DONE and step.phase is Phase.FINANCE
    assert plan.account_risks[account.id].level is not RiskLevel.RESOLVED
    platform = full.get(f"own:{bank.id}")
    assert platform is not None
    only_mine = [StepStatus.DONE if s.id == mine.id else StepStatus.OPEN for s in platform.steps]
    assert safe_because(platform, only_mine) is None
    all_skipped_but_mine = [
        StepStatus.OPEN if s.id == mine.id else StepStatus.SKIPPED for s in platform.steps
    ]
    assert safe_because(platform, all_skipped_but_mine) is None  # its own step is still open


def test_the_domain_keeps_the_order_and_the_generic_words_it_was_given() -> None:
    service = OwnService(
        7,
        "某证券",
        Category.FINANCE,
        holds_funds=False,
        steps=(OwnStep("mine-2", "b"), OwnStep("mine-1", "a", "detail")),
        edits=(OwnStep("deregister", "销户要去营业部"),),
    )
    steps = own_platform(service, bilingual).steps
    assert [s.id for s in steps] == ["rebind-phone", "mine-2", "mine-1", "deregister"]
    assert steps[-1].kind is StepKind.DEREGISTER
    assert steps[-1].text.get("zh") == "销户要去营业部"


# --- export and import ---------------------------------------------------------------

_words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")),
    min_size=0,
    max_size=15,
).map(str.strip)
_step_specs = st.lists(
    st.tuples(
        st.sampled_from(
            ["add", "add", "reword", "remove", "reword-generic", "reword-money", "swap", "funds"]
        ),
        _words.filter(bool),
        st.one_of(st.just(""), _words, st.just("=1+1")),
    ),
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=_step_specs, holds=st.booleans(), fmt=st.sampled_from(["json", "csv"]))
def test_export_then_import_of_own_steps_is_lossless(
    specs: list[tuple[str, str, str]], holds: bool, fmt: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Store.open(Path(folder) / "a"), Store.open(Path(folder) / "b")
        try:
            n = source.add_number("13800001234")
            service = source.add_own_service("某证券", "finance", holds_funds=holds)
            account = source.add_account(f"own:{service.id}", n.id)
            source.add_account(f"own:{service.id}", n.id, label="second")  # steps once
            for action, title, detail in specs:
                mine = [s.id for s in source.own_service(service.id).steps]
                if action == "add" or (not mine and action != "reword-generic"):
                    added = source.add_own_step(service.id, title, detail)
                    source.set_step((account.id, None, added.id), StepStatus.DONE)
                elif action == "reword":
                    source.edit_own_step(service.id, mine[-1], title, detail)
                elif action == "remove":
                    source.remove_own_step(service.id, mine[0])
                elif action == "swap":
                    source.reorder_own_steps(service.id, mine[::-1])
                elif action == "reword-money":
                    source.edit_own_step(service.id, "unbind-cards", title, detail)
                elif action == "funds":  # a reworded money step outlives holds_funds
                    funds = source.own_service(service.id).holds_funds
                    source.update_own_service(service.id, holds_funds=not funds)
                else:
                    source.edit_own_step(service.id, "deregister", title, detail)
            text = export_json(source) if fmt == "json" else export_csv(source)
            data = (json.dumps(text) if fmt == "json" else text).encode()
            import_bytes(target, data, name=f"x.{fmt}", known=frozenset())
            assert _steps_of(target) == _steps_of(source)
            assert target.verify().ok
        finally:
            source.close()
            target.close()


def _steps_of(store: Store) -> list[object]:
    """What the plan makes of each account: its steps' ids, words and statuses."""
    own = with_own(Catalog(platforms={}), store.own_services(), bilingual)
    states = store.step_states()
    out = []
    for a in store.accounts():
        platform = own.get(a.platform_id)
        assert platform is not None
        out.append(
            (
                a.label,
                [(s.id, s.kind, s.text.zh, states.get((a.id, None, s.id))) for s in platform.steps],
            )
        )
    return out


def test_own_steps_on_a_catalog_account_or_with_a_bad_id_are_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        n = store.add_number("13800001234")
        wechat = {"platform": "wechat", "number": n.e164, "own_steps": []}
        own = {
            "platform": "",
            "name": "某证券",
            "category": "finance",
            "number": n.e164,
            "own_steps": [{"step": "not-a-generic-one", "title": "x"}],
        }
        for account in (wechat, own):
            doc = json.dumps({"format": "acctexit-tui", "version": 1, "accounts": [account]})
            with pytest.raises(ImportFileError):
                import_bytes(store, doc.encode(), name="x.json", known=frozenset({"wechat"}))
        assert store.accounts() == [] and store.own_services() == []


def test_the_toml_skeleton_carries_the_users_steps_and_loads(tmp_path: Path) -> None:
    import contextlib
    import io
    import shutil

    from acctexit.cli import main
    from acctexit.resources import data_file

    db = tmp_path / "t.sqlite3"
    with Store.open(db) as store:
        own = store.add_own_service("宁波银行", "finance", phone_use="login", holds_funds=True)
        store.add_own_step(own.id, '下载 "流水"', "近一年")
        store.edit_own_step(own.id, "rebind-phone", "在网银里改手机号")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--db", str(db), "accounts", "--toml", str(own.id)]) == 0
    root = tmp_path / "data"
    shutil.copytree(Path(str(data_file("platforms"))).parent, root)
    (root / "platforms" / f"own-{own.id}.toml").write_text(out.getvalue(), encoding="utf-8")
    entry = load_catalog(root, use_stored=False).platforms[f"own-{own.id}"]
    texts = {s.id: s.text.get("zh") for s in entry.steps}
    assert texts["mine-1"] == '下载 "流水"：近一年'
    assert texts["rebind-phone"] == "在网银里改手机号"
    assert [s.id for s in entry.steps][-1] == "deregister"


def test_a_hand_written_csv_gives_an_own_service_its_steps(tmp_path: Path) -> None:
    text = (
        "record,account,number,platform,name,category,step,text,detail\n"
        "account,a1,138 0000 1234,,宁波银行,finance,,,\n"
        "own_step,a1,,,,,mine-1,下载流水,近一年\n"
        "own_step,a1,,,,,rebind-phone,在网银里改手机号,\n"
        "account,w1,138 0000 1234,wechat,,,,,\n"
    )
    with Store.open(tmp_path / "s.sqlite3") as store:
        import_bytes(store, text.encode(), name="x.csv", known=frozenset({"wechat"}))
        (service,) = store.own_services()
        assert [(s.id, s.title, s.detail) for s in service.steps] == [
            ("mine-1", "下载流水", "近一年")
        ]
        assert [(e.id, e.title) for e in service.edits] == [("rebind-phone", "在网银里改手机号")]
    bad = text.replace("own_step,a1,,,,,mine-1", "own_step,w1,,,,,mine-1")  # a catalog account
    with Store.open(tmp_path / "t.sqlite3") as store:
        with pytest.raises(ImportFileError) as e:
            import_bytes(store, bad.encode(), name="x.csv", known=frozenset({"wechat"}))
        assert any(p.line == 3 for p in e.value.problems)
        assert store.accounts() == [] and store.own_services() == []


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ("UPDATE own_steps SET title = 'forged' WHERE step_id = 'mine-1'", "step mine-1"),
        ("UPDATE own_steps SET position = 9 WHERE step_id = 'mine-1'", "not in the order"),
        ("UPDATE own_steps SET removed = 1 WHERE step_id = 'rebind-phone'", "rebind-phone"),
        ("UPDATE own_services SET name = 'forged'", "differs from the log in: name"),
        ("UPDATE own_services SET holds_funds = 0", "holds_funds"),
    ],
)
def test_verify_finds_own_services_and_steps_changed_past_the_app(
    tmp_path: Path, change: str, found: str
) -> None:
    db = tmp_path / "v.sqlite3"
    with Store.open(db) as store:
        bank = _bank(store)
        store.add_own_step(bank.id, "one")
        store.add_own_step(bank.id, "two")
        store.edit_own_step(bank.id, "rebind-phone", "reworded")
        store.update_own_service(bank.id, phone_use="login;reset")
        assert store.verify().ok
    conn = sqlite3.connect(db)
    conn.execute(change)
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        report = store.verify()
    assert not report.ok
    assert any(found in p for p in report.problems), report.problems
