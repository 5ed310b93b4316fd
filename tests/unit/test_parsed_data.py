"""data/parsed.json, the pre-parsed copy of the TOML files, and data/catalog.msgpack,
the validated catalog, are current and never read stale.

If the first tests fail after editing a file in data/, run `python scripts/parse_data.py`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from acctexit.catalog import VALIDATED, CatalogError, load_catalog, validated_data
from acctexit.i18n import translate
from acctexit.resources import PARSED, data_root, parsed_data, toml_files


def test_the_shipped_copy_matches_every_toml_file_in_data() -> None:
    root = data_root()
    shipped = json.loads((root / PARSED).read_text(encoding="utf-8"))
    assert shipped == json.loads(parsed_data(root))
    # A file JSON cannot carry exactly (a platform's `checked` TOML date) is left out:
    # catalog.msgpack holds the platforms already validated.
    assert set(shipped["files"]) <= set(toml_files(root))
    assert "services.toml" in shipped["files"] and "strings.toml" in shipped["files"]


def test_the_shipped_validated_catalog_is_current() -> None:
    root = data_root()
    assert (root / VALIDATED).read_bytes() == validated_data(root)
    stored, validated = load_catalog(), load_catalog(use_stored=False)
    assert stored == validated
    assert list(stored.platforms) == list(validated.platforms)  # the picker's order too


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """The shipped data without the validated catalog, to test parsed.json alone."""
    copy = tmp_path / "data"
    shutil.copytree(Path(str(data_root())), copy)
    (copy / VALIDATED).unlink()
    return copy


@pytest.fixture
def data_with_validated(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(Path(str(data_root())), copy)
    return copy


def _store_validated_with(root: Path, english_name: str) -> None:
    """Store a validated catalog in which WeChat's English name differs from its file."""
    stored = msgspec.msgpack.decode((root / VALIDATED).read_bytes())
    stored["catalog"]["platforms"]["wechat"]["name"]["en"] = english_name
    (root / VALIDATED).write_bytes(msgspec.msgpack.encode(stored))


def test_the_validated_catalog_is_used_while_its_files_are_unchanged(
    data_with_validated: Path,
) -> None:
    _store_validated_with(data_with_validated, "Stored catalog")
    assert load_catalog(data_with_validated).platforms["wechat"].name.en == "Stored catalog"
    # `catalog --check` and the script validate the files themselves
    assert load_catalog(data_with_validated, use_stored=False).platforms["wechat"].name.en != (
        "Stored catalog"
    )


@pytest.mark.parametrize("edited", ["platforms/wechat.toml", "sources.toml", "services.toml"])
def test_an_edited_catalog_file_is_validated_again_not_read_stale(
    data_with_validated: Path, edited: str
) -> None:
    _store_validated_with(data_with_validated, "Stored catalog")
    path = data_with_validated / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_catalog(data_with_validated).platforms["wechat"].name.en != "Stored catalog"


def test_platforms_keep_id_order_whether_validated_or_stored(data_with_validated: Path) -> None:
    # "qq-music.toml" sorts before "qq.toml" by file name, but "qq" before "qq-music" by
    # id; the stored copy sorts its keys, so validation lists platforms by id too.
    qq = (data_with_validated / "platforms" / "qq.toml").read_text(encoding="utf-8")
    music = qq.replace('\nid = "qq"\n', '\nid = "qq-music"\n', 1)
    assert music != qq
    (data_with_validated / "platforms" / "qq-music.toml").write_text(music, encoding="utf-8")
    validated = load_catalog(data_with_validated, use_stored=False)
    ids = list(validated.platforms)
    assert ids == sorted(ids) and ids.index("qq") < ids.index("qq-music")
    (data_with_validated / VALIDATED).write_bytes(validated_data(data_with_validated))
    assert list(load_catalog(data_with_validated).platforms) == ids


def test_a_new_platform_file_is_not_missed(data_with_validated: Path) -> None:
    wechat = data_with_validated / "platforms" / "wechat.toml"
    (data_with_validated / "platforms" / "wechat2.toml").write_bytes(wechat.read_bytes())
    with pytest.raises(CatalogError) as caught:  # validated anew: the file is found
        load_catalog(data_with_validated)
    assert any(p.file.endswith("platforms/wechat2.toml") for p in caught.value.problems)


def _rewrite_parsed(root: Path, edit) -> None:  # type: ignore[no-untyped-def]
    parsed = json.loads((root / PARSED).read_text(encoding="utf-8"))
    edit(parsed["files"])
    (root / PARSED).write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")


def test_the_stored_copy_is_what_a_current_file_is_read_as(data_copy: Path) -> None:
    # Change only the stored copy (the TOML bytes, and so their hash, stay the same):
    # the loader must then show the stored name, proving it did not parse the TOML.
    # (services.toml: every platform file carries a TOML date, which parsed.json leaves out)
    _rewrite_parsed(
        data_copy,
        lambda files: files["services.toml"]["doc"]["discover"][0]["text"].update(en="Stored copy"),
    )
    assert load_catalog(data_copy).discover_steps[0].text.en == "Stored copy"


def test_an_edited_toml_file_is_parsed_again_not_read_stale(data_copy: Path) -> None:
    wechat = data_copy / "platforms" / "wechat.toml"
    text = wechat.read_text(encoding="utf-8")
    english = load_catalog(data_copy).platforms["wechat"].name.en
    assert english and f'"{english}"' in text
    wechat.write_text(text.replace(f'"{english}"', '"Edited name"', 1), encoding="utf-8")
    assert load_catalog(data_copy).platforms["wechat"].name.en == "Edited name"


def test_an_edited_file_that_is_now_broken_is_reported_not_read_stale(data_copy: Path) -> None:
    wechat = data_copy / "platforms" / "wechat.toml"
    wechat.write_text(wechat.read_text(encoding="utf-8") + "\nname = [unclosed\n", "utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(data_copy)
    assert any(
        p.file.endswith("platforms/wechat.toml") and "invalid TOML" in p.reason
        for p in caught.value.problems
    )


@pytest.mark.parametrize("content", [None, "", "not json", '{"format": 99, "files": {}}', "[]"])
def test_a_missing_or_unusable_copy_gives_the_same_catalog(
    data_copy: Path, content: str | None
) -> None:
    expected = load_catalog(data_root())
    if content is None:
        (data_copy / PARSED).unlink()
    else:
        (data_copy / PARSED).write_text(content, encoding="utf-8")
    assert load_catalog(data_copy) == expected


def test_starting_up_never_imports_the_toml_parser() -> None:
    """The catalog and the UI strings come from the stored copy at start-up."""
    code = (
        "import sys\n"
        "from acctexit.catalog import load_catalog\n"
        "from acctexit.i18n import translate\n"
        "load_catalog(); translate('cmd_quit', 'en')\n"
        "print('tomllib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
    assert translate("cmd_quit", "en") == "Quit"  # the key the check above looked up exists
