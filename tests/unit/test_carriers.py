"""China Broadnet (中国广电, numbers from 192) is a carrier like the other three: the field
rule, the number form's choices, import and export all know it (catalog audit C6)."""

from __future__ import annotations

from pathlib import Path

from acctexit.domain import fields
from acctexit.i18n import translate
from acctexit.store import Store
from acctexit.store.exchange import export_csv, export_json_text, import_file


def test_china_broadnet_is_a_carrier_by_id_and_by_its_chinese_names() -> None:
    assert "china-broadnet" in fields.CARRIERS
    for spelling in ("china-broadnet", "China Broadnet", "中国广电", "广电", "CBN"):
        assert fields.carrier(spelling) == "china-broadnet"


def test_every_carrier_has_a_name_in_both_languages() -> None:
    for carrier in fields.CARRIERS:
        key = f"form_carrier_{carrier.replace('-', '_')}"
        zh, en = translate(key, "zh"), translate(key, "en")
        assert key not in (zh, en)
    assert translate("form_carrier_china_broadnet", "zh") == "中国广电"
    assert "china-broadnet" in translate("field_err_carrier", "en")
    assert "中国广电" in translate("field_err_carrier", "zh")


def test_a_192_number_on_china_broadnet_survives_import_and_export(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        "number,platform,state,cancel_date,carrier\n19200001234,alipay,kept,,中国广电\n",
        encoding="utf-8",
    )
    store = Store.open(tmp_path / "a.sqlite3")
    import_file(store, source)
    [number] = store.numbers()
    assert (number.e164, number.carrier) == ("+8619200001234", "china-broadnet")
    for name, text in (("out.csv", export_csv(store)), ("out.json", export_json_text(store))):
        assert "china-broadnet" in text
        again = Store.open(tmp_path / f"{name}.sqlite3")
        (tmp_path / name).write_text(text, encoding="utf-8")
        import_file(again, tmp_path / name)
        assert [n.carrier for n in again.numbers()] == ["china-broadnet"]
        again.close()
    store.close()
