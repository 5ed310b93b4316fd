"""The compiled form of data/ (catalog.msgpack, parsed.json) agrees with the TOML it is
made from, and is never read stale.

It is a build product (hatch_build.py, acctexit/catalog/build.py), not in git: each
test compiles a copy of the shipped data itself, so a difference between the data and
its compiled form fails here, whatever copy happens to lie in the checkout's data/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import msgspec
import pytest

from acctexit.catalog import VALIDATED, CatalogError, load_catalog, validated_data
from acctexit.catalog.build import BUILT, build_data
from acctexit.catalog.compiled import RACY_NS, encode, stored_catalog
from acctexit.resources import PARSED, data_root, read_toml, toml_files

REPO = Path(__file__).resolve().parents[2]


def _copy_sources(tmp_path: Path) -> Path:
    """The shipped data's source files, without any compiled copy."""
    copy = tmp_path / "data"
    shutil.copytree(Path(str(data_root())), copy, ignore=shutil.ignore_patterns(*BUILT))
    return copy


@pytest.fixture
def sources_only(tmp_path: Path) -> Path:
    return _copy_sources(tmp_path)


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    """A copy of the shipped data, compiled as the build hook compiles it."""
    copy = _copy_sources(tmp_path)
    assert sorted(p.name for p in build_data(copy)) == sorted(BUILT)
    return copy


def test_the_compiled_catalog_is_the_validated_toml(compiled: Path) -> None:
    assert stored_catalog(compiled) is not None  # current: load_catalog will use it
    stored = load_catalog(compiled)
    validated = load_catalog(data_root(), use_stored=False)
    assert stored == validated
    assert list(stored.platforms) == list(validated.platforms)  # the picker's order too
    assert (compiled / VALIDATED).read_bytes() == validated_data(compiled)  # deterministic


def test_the_parsed_copy_is_every_json_representable_toml_file(compiled: Path) -> None:
    shipped = json.loads((compiled / PARSED).read_text(encoding="utf-8"))
    for name in toml_files(compiled):
        doc = tomllib.loads((compiled / name).read_text(encoding="utf-8"))
        if name in shipped["files"]:
            assert shipped["files"][name]["doc"] == doc, name
        else:  # left out only for values JSON cannot hold (a TOML date)
            with pytest.raises(TypeError):
                json.dumps(doc)
    assert "strings.toml" in shipped["files"]


def test_a_date_keeps_a_file_out_of_the_parsed_copy(compiled: Path) -> None:
    wechat = compiled / "platforms" / "wechat.toml"
    text = wechat.read_text(encoding="utf-8")
    if "\nchecked = " not in text:  # (the graded data has one already)
        head, tail = text.split("\n[[", 1)
        wechat.write_text(head + "\nchecked = 2026-12-05\n\n[[" + tail, encoding="utf-8")
    build_data(compiled)
    shipped = json.loads((compiled / PARSED).read_text(encoding="utf-8"))
    assert "platforms/wechat.toml" not in shipped["files"]
    assert load_catalog(compiled).platforms["wechat"].checked is not None


def test_the_compiled_form_is_not_in_git() -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    for name in BUILT:
        tracked = subprocess.run(
            ["git", "-C", str(REPO), "ls-files", "--error-unmatch", f"data/{name}"],
            capture_output=True,
        )
        assert tracked.returncode != 0, f"data/{name} is a build product: git rm --cached it"


def test_without_a_compiled_form_the_toml_is_validated(sources_only: Path) -> None:
    assert stored_catalog(sources_only) is None
    assert load_catalog(sources_only) == load_catalog(data_root(), use_stored=False)


def _store_compiled_with(root: Path, english_name: str) -> None:
    """Store a compiled catalog in which WeChat's English name differs from its file."""
    catalog = load_catalog(root, use_stored=False)
    wechat = catalog.platforms["wechat"]
    renamed = msgspec.structs.replace(
        wechat, name=msgspec.structs.replace(wechat.name, en=english_name)
    )
    changed = msgspec.structs.replace(catalog, platforms={**catalog.platforms, "wechat": renamed})
    (root / VALIDATED).write_bytes(encode(changed, root))


def test_the_compiled_catalog_is_used_while_its_files_are_unchanged(compiled: Path) -> None:
    _store_compiled_with(compiled, "Stored catalog")
    assert load_catalog(compiled).platforms["wechat"].name.en == "Stored catalog"
    # `catalog --check` and the build validate the files themselves
    assert load_catalog(compiled, use_stored=False).platforms["wechat"].name.en != (
        "Stored catalog"
    )


@pytest.mark.parametrize("edited", ["platforms/wechat.toml", "sources.toml", "services.toml"])
def test_an_edited_catalog_file_is_validated_again_not_read_stale(
    compiled: Path, edited: str
) -> None:
    _store_compiled_with(compiled, "Stored catalog")
    path = compiled / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_catalog(compiled).platforms["wechat"].name.en != "Stored catalog"


def test_platforms_keep_id_order_whether_validated_or_stored(compiled: Path) -> None:
    # "qq-music.toml" sorts before "qq.toml" by file name, but "qq" before "qq-music" by
    # id; the stored copy sorts its keys, so validation lists platforms by id too.
    qq = (compiled / "platforms" / "qq.toml").read_text(encoding="utf-8")
    music = qq.replace('\nid = "qq"\n', '\nid = "qq-music"\n', 1)
    assert music != qq
    (compiled / "platforms" / "qq-music.toml").write_text(music, encoding="utf-8")
    validated = load_catalog(compiled, use_stored=False)
    ids = list(validated.platforms)
    assert ids == sorted(ids) and ids.index("qq") < ids.index("qq-music")
    build_data(compiled)
    assert stored_catalog(compiled) is not None
    assert list(load_catalog(compiled).platforms) == ids


def test_a_new_platform_file_is_not_missed(compiled: Path) -> None:
    wechat = compiled / "platforms" / "wechat.toml"
    (compiled / "platforms" / "wechat2.toml").write_bytes(wechat.read_bytes())
    with pytest.raises(CatalogError) as caught:  # validated anew: the file is found
        load_catalog(compiled)
    assert any(p.file.endswith("platforms/wechat2.toml") for p in caught.value.problems)


def test_a_broken_catalog_is_not_compiled(sources_only: Path) -> None:
    wechat = sources_only / "platforms" / "wechat.toml"
    wechat.write_text(wechat.read_text(encoding="utf-8") + "\nname = [unclosed\n", "utf-8")
    with pytest.raises(CatalogError):
        build_data(sources_only, sources_only / "out")
    assert not (sources_only / "out" / VALIDATED).exists()


def _rewrite_parsed(root: Path, edit) -> None:  # type: ignore[no-untyped-def]
    parsed = json.loads((root / PARSED).read_text(encoding="utf-8"))
    edit(parsed["files"])
    (root / PARSED).write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")


def _strings(root: Path) -> dict[str, dict[str, str]]:
    return read_toml(root, "strings.toml", (root / "strings.toml").read_bytes())


def test_the_parsed_copy_is_what_a_current_file_is_read_as(compiled: Path) -> None:
    # Change only the stored copy (the TOML bytes, and so their hash, stay the same):
    # reading must then give the stored text, proving the TOML was not parsed.
    _rewrite_parsed(
        compiled, lambda files: files["strings.toml"]["doc"]["cmd_quit"].update(en="Stored")
    )
    assert _strings(compiled)["cmd_quit"]["en"] == "Stored"


def test_an_edited_toml_file_is_parsed_again_not_read_stale(compiled: Path) -> None:
    strings = compiled / "strings.toml"
    text = strings.read_text(encoding="utf-8")
    assert 'en = "Quit"' in text
    strings.write_text(text.replace('en = "Quit"', 'en = "Leave"', 1), encoding="utf-8")
    assert _strings(compiled)["cmd_quit"]["en"] == "Leave"


@pytest.mark.parametrize("content", [None, "", "not json", '{"format": 99, "files": {}}', "[]"])
def test_a_missing_or_unusable_parsed_copy_reads_the_same(
    sources_only: Path, content: str | None
) -> None:
    expected = _strings(sources_only)
    root = sources_only.parent / "other"
    shutil.copytree(sources_only, root)
    if content is not None:
        (root / PARSED).write_text(content, encoding="utf-8")
    assert _strings(root) == expected
    assert load_catalog(root) == load_catalog(sources_only)


def test_starting_up_from_a_compiled_copy_never_imports_the_toml_parser(compiled: Path) -> None:
    """The catalog and the UI strings come from the compiled form at start-up."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from acctexit.catalog import load_catalog\n"
        "from acctexit.resources import read_toml\n"
        f"root = Path({str(compiled)!r})\n"
        "load_catalog(root)\n"
        "read_toml(root, 'strings.toml', (root / 'strings.toml').read_bytes())\n"
        "print('tomllib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def _same_size_rename(root: Path) -> str:
    """WeChat's English name edited in place, to a name of the same length (so the
    file's size is unchanged); returns the name it had."""
    wechat = root / "platforms" / "wechat.toml"
    name = load_catalog(root, use_stored=False).platforms["wechat"].name.en
    assert name and len(name) >= 3
    text = wechat.read_text(encoding="utf-8")
    edited = text.replace(f'"{name}"', f'"{"Z" * len(name)}"', 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    wechat.write_text(edited, encoding="utf-8")
    return name


def test_a_file_showing_its_recorded_size_and_old_time_is_not_read(compiled: Path) -> None:
    # The check asks the file system first (catalog/compiled.py): a file with the size
    # and modification time it had when compiled, long before, is taken as unchanged.
    # Proven here by an edit that keeps both (no editor does): the stored copy is used.
    wechat = compiled / "platforms" / "wechat.toml"
    before = wechat.stat()
    name = _same_size_rename(compiled)
    os.utime(wechat, ns=(before.st_atime_ns, before.st_mtime_ns))
    recorded = before.st_mtime_ns
    os.utime(compiled / VALIDATED, ns=(recorded + 10**10, recorded + 10**10))
    assert load_catalog(compiled).platforms["wechat"].name.en == name  # the stored copy
    assert set(load_catalog(compiled, use_stored=False).platforms["wechat"].name.en) == {"Z"}


def test_a_time_too_close_to_the_compiled_files_own_is_not_trusted(compiled: Path) -> None:
    # Recorded within RACY_NS of when catalog.msgpack was written, an edit in the same
    # clock tick could keep the time: such a file is read and checksummed.
    wechat = compiled / "platforms" / "wechat.toml"
    before = wechat.stat()
    _same_size_rename(compiled)
    os.utime(wechat, ns=(before.st_atime_ns, before.st_mtime_ns))
    recorded = before.st_mtime_ns
    os.utime(compiled / VALIDATED, ns=(recorded + RACY_NS // 2, recorded + RACY_NS // 2))
    assert set(load_catalog(compiled).platforms["wechat"].name.en) == {"Z"}


def test_a_file_with_a_new_time_but_the_same_bytes_keeps_the_compiled_copy(
    compiled: Path,
) -> None:
    wechat = compiled / "platforms" / "wechat.toml"
    os.utime(wechat, ns=(wechat.stat().st_atime_ns, wechat.stat().st_mtime_ns + 10**9))
    assert stored_catalog(compiled) is not None  # read, checksummed, found unchanged
