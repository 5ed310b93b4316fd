"""Issue 18: own services (domain, store, log), several accounts per platform, moving
accounts, import/export of own services, the `accounts` command and bad input."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acctexit.catalog import load_catalog
from acctexit.domain import fields
from acctexit.domain.fields import FieldError
from acctexit.domain.models import (
    Account,
    Catalog,
    Category,
    OwnService,
    Phase,
    PhoneRole,
    PhoneUse,
    RiskLevel,
    StepKind,
    StepStatus,
    Verb,
)
from acctexit.domain.own import account_title, generic_steps, ordinals, own_platform, with_own
from acctexit.domain.plan import build_plan
from acctexit.domain.safety import safe_because
from acctexit.i18n import bilingual, say
from acctexit.store import ImportFileError, InvalidInputError, Store
from acctexit.store.exchange import export_csv, export_json, import_bytes

TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _store(tmp_path: Path, name: str = "t.sqlite3") -> Store:
    return Store.open(tmp_path / name)


# --- the domain ----------------------------------------------------------------------


def test_an_own_service_is_a_platform_with_its_categorys_generic_steps() -> None:
    tax = own_platform(
        OwnService(3, "个人所得税", Category.GOVERNMENT, (PhoneRole.LOGIN,)), bilingual
    )
    assert tax.id == "own:3" and tax.name.get("en") == "个人所得税"
    assert Phase.for_category(tax.category) is Phase.FINANCE  # government: finance phase
    assert tax.phone_use == frozenset({PhoneUse.SMS_LOGIN})
    assert [s.kind for s in tax.steps] == [StepKind.REBIND_PHONE, StepKind.DEREGISTER]
    bank = own_platform(
        OwnService(4, "宁波银行", Category.FINANCE, (), holds_funds=True), bilingual
    )
    kinds = [s.kind for s in bank.steps]
    assert kinds.index(StepKind.WITHDRAW_BALANCE) < kinds.index(StepKind.UNBIND_CARDS)
    assert bank.holds_funds and bank.holds_cards
    assert all(not s.verified and s.source == "editorial" for s in bank.steps)
    contact = own_platform(OwnService(5, "x", Category.OTHER, (PhoneRole.CONTACT,)), bilingual)
    assert contact.phone_use == frozenset()  # a contact number alone cannot get in


def test_an_own_service_is_safe_only_once_rebound_or_closed() -> None:
    p = own_platform(OwnService(1, "华泰证券", Category.FINANCE, (), holds_funds=True), bilingual)
    ids = [s.id for s in p.steps]

    def statuses(**done: StepStatus) -> list[StepStatus]:
        return [done.get(i.replace("-", "_"), StepStatus.OPEN) for i in ids]

    assert safe_because(p, statuses(withdraw_balance=StepStatus.DONE)) is None
    assert safe_because(p, statuses(unbind_cards=StepStatus.DONE)) is None
    assert safe_because(p, statuses(rebind_phone=StepStatus.DONE)) is not None
    assert safe_because(p, statuses(deregister=StepStatus.DONE)) is not None


def test_the_plan_and_risk_treat_own_services_like_catalog_entries(catalog: Catalog) -> None:
    from acctexit.domain.models import NumberState, PhoneNumber

    own = [
        OwnService(1, "宁波银行", Category.FINANCE, (PhoneRole.RESET,), holds_funds=True),
        OwnService(2, "个人所得税", Category.GOVERNMENT, (PhoneRole.LOGIN,)),
        OwnService(3, "某游戏", Category.LIFE, (PhoneRole.LOGIN,)),
    ]
    merged = with_own(catalog, own, bilingual)
    number = PhoneNumber(1, "+8613800001234", state=NumberState.WILL_CANCEL, cancel_date=TODAY)
    accounts = [Account(i, f"own:{i}", 1) for i in (1, 2, 3)]
    plan = build_plan(merged, [number], accounts, {}, TODAY)
    assert not plan.unknown_platform_accounts
    phases = {s.account_id: s.phase for s in plan.steps if s.account_id is not None}
    assert phases[1] is Phase.FINANCE and phases[2] is Phase.FINANCE and phases[3] is Phase.LIFE
    assert all(plan.account_risks[i].level is not RiskLevel.RESOLVED for i in (1, 2, 3))
    assert plan.account_risks[1].reasons  # explained like any other


def test_unlabelled_accounts_of_one_platform_on_one_number_are_numbered() -> None:
    accounts = [
        Account(1, "wechat", 1),
        Account(2, "wechat", 1),
        Account(3, "wechat", 2),  # another number: not counted with them
        Account(4, "wechat", 1, label="work"),
    ]
    numbering = ordinals(accounts)
    assert numbering == {1: 1, 2: 2}
    titles = [say(account_title("WeChat", a, numbering), "en") for a in accounts]
    assert titles == ["WeChat", "WeChat #2", "WeChat", "WeChat (work)"]
    # in Chinese the label stands in full-width brackets
    assert say(account_title("微信", accounts[1], numbering), "zh") == "微信 #2"
    assert say(account_title("微信", Account(4, "wechat", 1, label="工作")), "zh") == "微信（工作）"


# --- field rules: bad input ----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "value", "field", "key"),
    [
        (fields.own_name, "", "name", "field_err_required"),
        (fields.own_name, "   ", "name", "field_err_required"),
        (fields.own_name, None, "name", "field_err_required"),
        (fields.own_name, "宁波\x07银行", "name", "field_err_control"),
        (fields.own_name, "宁波\u202e银行", "name", "field_err_control"),
        (fields.own_name, "x" * 81, "name", "field_err_too_long"),
        (fields.category, "bank", "category", "field_err_category"),
        (fields.category, "", "category", "field_err_required"),
        (fields.phone_roles, "login;sms", "phone_use", "field_err_phone_role"),
    ],
)
def test_bad_own_service_fields_are_refused_naming_the_field(
    rule: object, value: object, field: str, key: str
) -> None:
    with pytest.raises(FieldError) as e:
        rule(value)  # type: ignore[operator]
    assert (e.value.field, e.value.key) == (field, key)


def test_good_own_service_fields() -> None:
    assert fields.own_name(" 宁波银行 ") == "宁波银行"
    assert fields.own_name("x" * 80) == "x" * 80
    assert fields.category("政务") is Category.GOVERNMENT
    assert fields.phone_roles("contact; LOGIN;login") == (PhoneRole.LOGIN, PhoneRole.CONTACT)
    assert fields.phone_roles(["reset", "second_factor"]) == (
        PhoneRole.RESET,
        PhoneRole.SECOND_FACTOR,
    )
    assert fields.holds_funds("是") is True and fields.holds_funds("") is False


def test_an_unknown_platform_id_suggests_the_nearest() -> None:
    with pytest.raises(FieldError) as e:
        fields.known_platform("alipy", {"alipay", "wechat", "qq"})
    assert e.value.key == "field_err_unknown_platform_near"
    assert e.value.fmt["ids"] == "alipay"
    with pytest.raises(FieldError) as e:
        fields.known_platform("zzzzzz", {"alipay"})
    assert e.value.key == "field_err_unknown_platform"


# --- the store -----------------------------------------------------------------------


def test_own_services_and_moves_are_logged_and_the_chain_verifies(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        a = store.add_number("13800001234")
        b = store.add_number("13900005678")
        own = store.add_own_service("宁波银行", "finance", phone_use="reset", holds_funds=True)
        account = store.add_account(f"own:{own.id}", a.id, label="尾号 1234")
        store.update_own_service(own.id, phone_use="login;reset")
        store.move_account(account.id, b.id)
        verbs = [e.verb for e in store.iter_log()]
        assert verbs[-4:] == [
            Verb.OWN_SERVICE_ADDED,
            Verb.ACCOUNT_ADDED,
            Verb.OWN_SERVICE_CHANGED,
            Verb.ACCOUNT_MOVED,
        ]
        assert store.account(account.id).number_id == b.id
        assert store.own_service(own.id).phone_use == (PhoneRole.LOGIN, PhoneRole.RESET)
        assert store.verify().ok


def test_an_account_on_a_missing_own_service_is_refused(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        n = store.add_number("13800001234")
        with pytest.raises(InvalidInputError) as e:
            store.add_account("own:7", n.id)
        assert e.value.field_error is not None and e.value.field_error.field == "platform"
        assert store.accounts() == []


@pytest.mark.parametrize(
    ("name", "category", "roles", "field"),
    [
        ("", "finance", "", "name"),
        ("a\x00b", "finance", "", "name"),
        ("x" * 81, "finance", "", "name"),
        ("宁波银行", "bank", "", "category"),
        ("宁波银行", "finance", "login;fax", "phone_use"),
    ],
)
def test_a_refused_own_service_stores_nothing(
    tmp_path: Path, name: str, category: str, roles: str, field: str
) -> None:
    with _store(tmp_path) as store:
        before = store.log_count()
        with pytest.raises(InvalidInputError) as e:
            store.add_own_service(name, category, phone_use=roles)
        assert e.value.field_error is not None and e.value.field_error.field == field
        assert store.own_services() == [] and store.log_count() == before


def test_many_accounts_per_platform_but_never_the_same_label_twice(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        a = store.add_number("13800001234")
        b = store.add_number("13900005678")
        store.add_account("bank", a.id, label="宁波银行")
        store.add_account("bank", a.id, label="杭州银行")
        store.add_account("bank", a.id)
        store.add_account("bank", a.id)
        store.add_account("bank", b.id, label="宁波银行")  # another number: fine
        count = len(store.accounts())
        with pytest.raises(InvalidInputError) as e:
            store.add_account("bank", a.id, label="宁波银行")
        assert e.value.field_error is not None
        assert (e.value.field_error.field, e.value.field_error.key) == (
            "label",
            "field_err_label_taken",
        )
        other = next(x for x in store.accounts() if x.label == "杭州银行")
        with pytest.raises(InvalidInputError):
            store.update_account(other.id, label="宁波银行")
        moved = next(x for x in store.accounts() if x.number_id == b.id)
        with pytest.raises(InvalidInputError):
            store.move_account(moved.id, a.id)  # its label is taken there
        assert len(store.accounts()) == count
        assert store.account(other.id).label == "杭州银行"


# --- import and export ---------------------------------------------------------------

KNOWN = frozenset({"alipay", "wechat", "bank", "icbc", "qq"})


def test_csv_import_adds_own_services_and_labelled_accounts(tmp_path: Path) -> None:
    text = (
        "number,platform,name,category,phone_use,holds_funds,label\n"
        "13800001234,,宁波银行,finance,reset;second_factor,yes,尾号 1234\n"
        "13800001234,,个人所得税,government,login,no,\n"
        "13800001234,wechat,,,,,\n"
        "13800001234,wechat,,,,,work\n"
        "13900005678,wechat,,,,,\n"
    )
    with _store(tmp_path) as store:
        result = import_bytes(store, text.encode(), name="a.csv", known=KNOWN)
        assert result.own_services_added == 2 and result.accounts_added == 5
        services = {o.name: o for o in store.own_services()}
        assert services["宁波银行"].holds_funds
        assert services["宁波银行"].phone_use == (PhoneRole.RESET, PhoneRole.SECOND_FACTOR)
        assert services["个人所得税"].category is Category.GOVERNMENT
        labels = sorted(a.label for a in store.accounts() if a.platform_id == "wechat")
        assert labels == ["", "", "work"]
        assert store.verify().ok
        again = import_bytes(store, text.encode(), name="a.csv", known=KNOWN)
        assert (again.accounts_added, again.own_services_added) == (0, 0)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("13800001234,alipy,,,,,", ["alipy", "alipay"]),  # nearest ids suggested
        ("13800001234,,,finance,,,", ["name"]),
        ("13800001234,,宁波银行,,,,", ["category"]),
        ("13800001234,,宁波银行,bank,,,", ["category"]),
        ("13800001234,,宁波银行,finance,fax,,", ["phone use", "fax"]),
        ("13800001234,,宁波银行,finance,,maybe,", ["holds money"]),
        ("13800001234,wechat,宁波银行,,,,", ["name", "own services"]),
    ],
)
def test_bad_import_rows_are_refused_and_nothing_is_stored(
    tmp_path: Path, row: str, words: list[str]
) -> None:
    from acctexit.i18n import error_text

    text = "number,platform,name,category,phone_use,holds_funds,label\n" + row + "\n"
    with _store(tmp_path) as store:
        before = store.log_count()
        with pytest.raises(ImportFileError) as e:
            import_bytes(store, text.encode(), name="bad.csv", known=KNOWN)
        shown = " ".join(error_text(p, "en") for p in e.value.problems)
        for word in words:
            assert word.lower() in shown.lower(), (word, shown)
        assert store.log_count() == before and store.own_services() == []


def test_the_same_label_twice_on_one_number_in_a_file_is_refused(tmp_path: Path) -> None:
    text = "number,platform,label\n13800001234,wechat,work\n13800001234,wechat,work\n"
    with _store(tmp_path) as store:
        with pytest.raises(ImportFileError) as e:
            import_bytes(store, text.encode(), name="dup.csv", known=KNOWN)
        assert any(p.field_error and p.field_error.field == "label" for p in e.value.problems)
        assert store.numbers() == [] and store.accounts() == []


_names = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
_services = st.tuples(
    _names,
    st.sampled_from(list(Category)),
    st.sets(st.sampled_from(list(PhoneRole))),
    st.booleans(),
)
_accounts = st.lists(
    st.tuples(
        st.integers(0, 3),  # which service (or 3: a catalog platform)
        st.integers(0, 1),  # which number
        st.sampled_from(["", "", "work", "尾号 1234", "=SUM(1)"]),
    ),
    max_size=10,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    services=st.lists(_services, min_size=1, max_size=3, unique_by=lambda s: s[0]),
    accounts=_accounts,
    fmt=st.sampled_from(["json", "csv"]),
)
def test_export_then_import_of_own_services_and_labels_is_lossless(
    services: list[tuple[str, Category, set[PhoneRole], bool]],
    accounts: list[tuple[int, int, str]],
    fmt: str,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Store.open(Path(folder) / "a"), Store.open(Path(folder) / "b")
        try:
            numbers = [source.add_number("13800001234"), source.add_number("13900005678")]
            own = [
                source.add_own_service(n, c, phone_use=tuple(r), holds_funds=h)
                for n, c, r, h in services
            ]
            for which, number, label in accounts:
                pid = f"own:{own[which].id}" if which < len(own) else "wechat"
                # The same label twice on one number is refused, as it should be.
                with contextlib.suppress(InvalidInputError):
                    source.add_account(pid, numbers[number].id, label=label)
            text = export_json(source) if fmt == "json" else export_csv(source)
            data = (json.dumps(text) if fmt == "json" else text).encode()
            import_bytes(target, data, name=f"x.{fmt}", known=frozenset({"wechat"}))
            assert _content(target) == _content(source)
        finally:
            source.close()
            target.close()


def _content(store: Store) -> list[tuple[object, ...]]:
    """Every account by what the user sees: number, service facts, label, in order."""
    e164 = {n.id: n.e164 for n in store.numbers()}
    own = {f"own:{o.id}": o for o in store.own_services()}
    out = []
    for a in store.accounts():
        o = own.get(a.platform_id)
        service = (o.name, o.category, o.phone_use, o.holds_funds) if o else a.platform_id
        out.append((e164[a.number_id], service, a.label))
    return sorted(out, key=repr)


# --- the accounts command and the TOML skeleton --------------------------------------


def _cli(db: Path, *args: str) -> tuple[int, str, str]:
    from acctexit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), "--lang", "en", "--today", TODAY.isoformat(), *args])
    return code, out.getvalue(), err.getvalue()


def test_accounts_json_lists_every_account_with_label_phase_risk_and_status(
    tmp_path: Path,
) -> None:
    db = tmp_path / "c.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234")
        kept = store.add_number("13900005678")
        tax = store.add_own_service("个人所得税", "government", phone_use="login")
        store.add_account(f"own:{tax.id}", n.id)
        store.add_account("wechat", n.id)
        second = store.add_account("wechat", n.id)
        store.add_account("wechat", kept.id, label="work")
        store.set_step((second.id, None, "rebind-phone"), StepStatus.DONE)
    code, out, _ = _cli(db, "accounts", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    rows = doc["accounts"]
    assert "13800001234" not in out  # masked
    by_title = {r["title"]: r for r in rows}
    assert set(by_title) == {"个人所得税", "WeChat", "WeChat #2", "WeChat (work)"}
    assert by_title["个人所得税"]["own_service"] == "个人所得税"
    assert by_title["个人所得税"]["platform_id"] == ""
    assert by_title["个人所得税"]["phase"] == "finance"
    assert by_title["WeChat #2"]["status"] == "safe"
    assert by_title["WeChat #2"]["risk"] == "resolved"
    assert by_title["WeChat"]["status"] == "open"
    assert by_title["WeChat (work)"]["label"] == "work"
    assert doc["numbers"] == [
        {"number": "138****1234", "accounts": 3, "safe": 1},
        {"number": "139****5678", "accounts": 1, "safe": 0},
    ]
    code, text, _ = _cli(db, "accounts")
    assert code == 0 and "WeChat #2" in text and "138****1234: 3 account(s), 1 safe" in text


def test_an_own_service_exports_as_a_valid_catalog_entry_skeleton(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    with Store.open(db) as store:
        own = store.add_own_service(
            "宁波银行", "finance", phone_use="login;reset;contact", holds_funds=True
        )
    code, toml_text, _ = _cli(db, "accounts", "--toml", str(own.id))
    assert code == 0
    from acctexit.resources import data_file

    root = tmp_path / "data"
    shutil.copytree(Path(str(data_file("platforms"))).parent, root)
    (root / "platforms" / f"own-{own.id}.toml").write_text(toml_text, encoding="utf-8")
    loaded = load_catalog(root, use_stored=False)  # raises CatalogError if not valid
    entry = loaded.platforms[f"own-{own.id}"]
    assert entry.category is Category.FINANCE and entry.holds_funds
    assert entry.phone_use == frozenset({PhoneUse.SMS_LOGIN, PhoneUse.SMS_RESET})
    assert [s.kind for s in entry.steps] == [s.kind for s in generic_steps(True, bilingual)]
    code, _, err = _cli(db, "accounts", "--toml", "99")
    assert code != 0 and "99" in err


def test_plan_json_shows_own_services_with_label_and_phase(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    with Store.open(db) as store:
        n = store.add_number("13800001234")
        tax = store.add_own_service("个人所得税", "government", phone_use="login")
        game = store.add_own_service("某游戏", "life")
        store.add_account(f"own:{tax.id}", n.id, label="本人")
        store.add_account(f"own:{game.id}", n.id)
    code, out, _ = _cli(db, "plan", "--format", "json")
    assert code == 0
    accounts = {a["name"]["zh"]: a for a in json.loads(out)["accounts"]}
    assert accounts["个人所得税"]["phase"] == "finance"
    assert accounts["个人所得税"]["label"] == "本人"
    assert accounts["某游戏"]["phase"] == "life"
