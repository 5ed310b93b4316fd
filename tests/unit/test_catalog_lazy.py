"""The compiled catalog decodes each platform on its first look-up, and an installed
package trusts its compiled file without reading the TOML files it came from: both
must give exactly the catalog validation gives, and a damaged file is still refused."""

from __future__ import annotations

import copy
import pickle
import shutil
import threading
from pathlib import Path

import pytest

import acctexit.catalog.loader as loader
import acctexit.resources as resources
from acctexit.catalog import VALIDATED, CatalogError, load_catalog
from acctexit.catalog.build import BUILT, build_data
from acctexit.catalog.compiled import stored_catalog
from acctexit.domain.models import Catalog
from acctexit.resources import data_root, installed_data


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped data, compiled as the build hook compiles it."""
    copy_ = tmp_path_factory.mktemp("lazy") / "data"
    shutil.copytree(Path(str(data_root())), copy_, ignore=shutil.ignore_patterns(*BUILT))
    build_data(copy_)
    return copy_


@pytest.fixture(scope="module")
def validated(compiled: Path) -> Catalog:
    return load_catalog(compiled, use_stored=False)


def _stored(root: Path) -> Catalog:
    catalog = stored_catalog(root)
    assert catalog is not None
    return catalog


def test_a_platform_looked_up_first_is_the_validated_one(
    compiled: Path, validated: Catalog
) -> None:
    for pid, platform in validated.platforms.items():
        fresh = _stored(compiled)  # nothing decoded yet
        assert fresh.platforms[pid] == platform
        fresh = _stored(compiled)
        assert fresh.get(pid) == platform
        assert fresh.platforms.get(pid) == platform


def test_the_whole_table_after_some_look_ups_is_the_validated_one_in_order(
    compiled: Path, validated: Catalog
) -> None:
    ids = list(validated.platforms)
    for reads in ([], ids[-3:][::-1], ids[:1], ids[5:40:3]):
        stored = _stored(compiled)
        for pid in reads:
            assert stored.platforms[pid] == validated.platforms[pid]
        assert list(stored.platforms) == ids
        assert stored == validated
    checks = [
        lambda t: list(t.items()),
        lambda t: list(t.values()),
        lambda t: list(t.keys()),
        lambda t: len(t),
        lambda t: list(reversed(t)),
        lambda t: {**t},
        lambda t: dict(t),
        lambda t: t.copy(),
        lambda t: t | {},
        lambda t: copy.deepcopy(t),
        lambda t: pickle.loads(pickle.dumps(t)),
        lambda t: frozenset(t),
        lambda t: sorted(t),
    ]
    for check in checks:
        stored = _stored(compiled)
        stored.platforms.get(ids[7])  # one decoded, the rest not
        assert check(stored.platforms) == check(validated.platforms)


def test_unknown_ids_are_missing_without_decoding_anything_wrong(compiled: Path) -> None:
    stored = _stored(compiled)
    assert stored.get("no-such-platform") is None
    assert stored.platforms.get("no-such-platform", "x") == "x"
    assert "no-such-platform" not in stored.platforms
    assert "wechat" in stored.platforms
    with pytest.raises(KeyError):
        stored.platforms["no-such-platform"]
    assert stored.platforms != {}


def test_look_ups_from_several_threads_agree(compiled: Path, validated: Catalog) -> None:
    stored = _stored(compiled)
    ids = list(validated.platforms)
    seen: list[bool] = []

    def read(order: list[str]) -> None:
        seen.append(all(stored.platforms[pid] == validated.platforms[pid] for pid in order))
        seen.append(list(stored.platforms) == ids)

    threads = [threading.Thread(target=read, args=(ids[i::4] + ids,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [True] * 8
    assert stored == validated


def _damage(root: Path, how: str) -> None:
    data = bytearray((root / VALIDATED).read_bytes())
    if how == "flipped":
        data[len(data) // 2] ^= 0x20  # inside some platform's blob
    elif how == "truncated":
        del data[len(data) - 100 :]
    else:
        data = bytearray(b"not msgpack at all")
    (root / VALIDATED).write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["flipped", "truncated", "garbage"])
def test_a_damaged_compiled_file_is_refused_even_without_checking_inputs(
    tmp_path: Path, compiled: Path, how: str
) -> None:
    root = tmp_path / "data"
    shutil.copytree(compiled, root)
    assert stored_catalog(root, check_inputs=False) is not None
    _damage(root, how)
    assert stored_catalog(root, check_inputs=False) is None
    assert stored_catalog(root) is None


def test_the_installed_package_trusts_its_compiled_file_and_refuses_a_damaged_one(
    tmp_path: Path, compiled: Path, validated: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    shutil.copytree(compiled, root)
    monkeypatch.setattr(loader, "data_root", lambda: root)
    monkeypatch.setattr(loader, "installed_data", lambda node: node == root)
    # Installed: the files are not read, so an edit (which only a reinstall could
    # make there, compiling again) is not seen; a checkout's data would be validated.
    wechat = root / "platforms" / "wechat.toml"
    wechat.write_text(wechat.read_text(encoding="utf-8") + "\nname = [broken\n", "utf-8")
    assert load_catalog() == validated
    with pytest.raises(CatalogError, match="wechat"):
        load_catalog(root)  # given explicitly: checked, validated, broken
    # A damaged compiled file is refused and the (here broken) TOML validated instead.
    shutil.copy(compiled / "platforms" / "wechat.toml", wechat)
    _damage(root, "flipped")
    assert load_catalog() == validated


def test_only_the_package_s_own_data_folder_counts_as_installed() -> None:
    assert installed_data(Path(resources.__file__).resolve().parent / "data")
    assert not installed_data(Path(resources.__file__).resolve().parents[2] / "data")
    assert not installed_data(Path("/tmp/data"))
