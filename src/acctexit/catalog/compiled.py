"""The compiled catalog: `data/catalog.msgpack`, the catalog already validated, with the
size and CRC-32 of each file it was built from.

It is made at build time (hatch_build.py, or `python scripts/parse_data.py` in a
checkout) and never committed. `load_catalog` returns it while every one of those files
is unchanged and validates the TOML otherwise (an edited checkout, an editable install
before a rebuild), so it is never read stale. Validation was ≈ 2 % of the instructions
to the dashboard's first frame; decoding the compiled form is a C call.

Whether the files are unchanged is asked of the file system first: each file's size
and modification time (nanoseconds) are stored with its CRC, and a file showing the
same two is taken as unchanged without being read. Reading and checksumming all
≈ 150 files cost ≈ 6.4 M instructions of every start of a checkout or an editable
install; a `stat` each, ≈ 1.5 M. As git and make do, a time is trusted only when it
lies well before the compiled file was written (`RACY_NS`): a file written in the same
clock tick as its recording, then edited again within that tick to the same size,
would show the same size and time; such a file is read and checksummed instead.

Each platform is stored as its own encoded blob and decoded on first look-up
(`PlatformTable`): the dashboard's first frame needs the platforms of the user's
accounts (15 of 150 in the demo), and decoding all of them cost ≈ 14 M instructions,
1 % of the demo's start. A CRC-32 over the platforms' part is checked when the file is
read, so a damaged file is refused then (and the TOML validated instead), not at a
later look-up.
"""

from __future__ import annotations

import os
import stat
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import Struct

from acctexit.domain.models import Catalog, Platform, Step
from acctexit.resources import fingerprint

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values
    from importlib.resources.abc import Traversable

VALIDATED = "catalog.msgpack"
# 2: grades, checked dates, SMS signatures; 3: platforms decoded lazily; 4: inputs' stats
VALIDATED_FORMAT = 4
# A file's recorded time is trusted only this long before the compiled file's own
# (coarse file-system clocks tick in up to 2 s).
RACY_NS = 2_000_000_000


class Validated(Struct, frozen=True, array_like=True):
    """What catalog.msgpack holds."""

    format: int
    inputs: dict[str, str]  # relative path -> fingerprint of the file it was built from
    stats: dict[str, tuple[int, int]]  # relative path -> (size, mtime_ns) when read
    checksum: int  # CRC-32 of `body`
    body: memoryview  # an encoded `Body`


class Body(Struct, frozen=True, array_like=True):
    """The catalog with each platform encoded on its own."""

    platforms: dict[str, memoryview]  # id -> an encoded `Platform`, in catalog order
    discover_steps: tuple[Step, ...]
    aftercare_steps: tuple[Step, ...]


# Decoded into memoryviews of the file's bytes: nothing is copied until a look-up.
_VALIDATED = msgspec.msgpack.Decoder(Validated)
_BODY = msgspec.msgpack.Decoder(Body)
_PLATFORM = msgspec.msgpack.Decoder(Platform)
_DECODING = threading.Lock()  # the plan may be rebuilt on a worker thread


class _Table(dict[str, Platform]):
    __slots__ = ("_blobs",)
    _blobs: dict[str, memoryview]


class _Decoded(_Table):
    """A `PlatformTable` once every platform is decoded: a plain dict in behaviour and
    speed (no method of its own)."""

    __slots__ = ()


class PlatformTable(_Table):
    """The catalog's platforms (id -> Platform), each decoded from the compiled file on
    its first look-up.

    A dict: `table[id]` and `table.get(id)` decode one platform; anything that needs
    them all (iteration, `len`, `in` on a missing id, comparison, copies) decodes the
    rest first, in catalog order. Once all are decoded the table turns into a plain
    dict subclass (`_Decoded`), so the per-account look-ups of a 10,000-account plan run
    at dict speed. Read-only, like the catalog it belongs to.
    """

    __slots__ = ()

    def __init__(self, blobs: dict[str, memoryview]) -> None:
        super().__init__()
        self._blobs = blobs
        if not blobs:
            self._decode_all()

    def __missing__(self, key: str) -> Platform:
        blob = self._blobs.get(key)
        if blob is None:
            raise KeyError(key)
        with _DECODING:
            if dict.__contains__(self, key):  # another thread decoded it meanwhile
                return dict.__getitem__(self, key)
            platform = _PLATFORM.decode(blob)
            dict.__setitem__(self, key, platform)
            if len(self._blobs) == dict.__len__(self):
                self._finish()
        return platform

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self._blobs or dict.__contains__(self, key)

    def _decode_all(self) -> None:
        with _DECODING:
            if type(self) is PlatformTable:
                for key, blob in self._blobs.items():
                    if not dict.__contains__(self, key):
                        dict.__setitem__(self, key, _PLATFORM.decode(blob))
                self._finish()

    def _finish(self) -> None:
        """Put every platform in catalog order and become a plain table (under the lock)."""
        decoded = [(key, dict.__getitem__(self, key)) for key in self._blobs]
        dict.clear(self)
        dict.update(self, decoded)
        self._blobs = {}
        self.__class__ = _Decoded  # type: ignore[assignment]

    # Everything that reads the whole table decodes it first.
    def __iter__(self) -> Iterator[str]:
        self._decode_all()
        return dict.__iter__(self)

    def __reversed__(self) -> Iterator[str]:
        self._decode_all()
        return dict.__reversed__(self)

    def __len__(self) -> int:
        self._decode_all()
        return dict.__len__(self)

    def __eq__(self, other: object) -> bool:
        self._decode_all()
        if isinstance(other, PlatformTable):
            other._decode_all()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._decode_all()
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        self._decode_all()
        return (dict, (dict(self),))

    def keys(self) -> dict_keys[str, Platform]:
        self._decode_all()
        return dict.keys(self)

    def values(self) -> dict_values[str, Platform]:
        self._decode_all()
        return dict.values(self)

    def items(self) -> dict_items[str, Platform]:
        self._decode_all()
        return dict.items(self)

    def copy(self) -> dict[str, Platform]:
        self._decode_all()
        return dict(self)

    def __or__(self, other: Any) -> dict[str, Platform]:  # type: ignore[override]
        self._decode_all()
        return dict.__or__(self, other)

    def __ror__(self, other: Any) -> dict[str, Platform]:  # type: ignore[override]
        self._decode_all()
        return dict.__ror__(self, other)


def inputs(root: Traversable) -> dict[str, str]:
    """The fingerprint of every file the catalog is built from."""
    if isinstance(root, Path):
        return _inputs_on_disk(os.fspath(root))[0]
    names = ["sources.toml", "services.toml"]
    platforms = root / "platforms"
    if platforms.is_dir():
        names += sorted(
            f"platforms/{n.name}" for n in platforms.iterdir() if n.name.endswith(".toml")
        )
    found: dict[str, str] = {}
    for name in names:
        node = root
        for part in name.split("/"):
            node = node / part
        if node.is_file():
            found[name] = fingerprint(node.read_bytes())
    return found


def _input_names(base: str) -> list[str]:
    names = ["sources.toml", "services.toml"]
    try:
        with os.scandir(os.path.join(base, "platforms")) as entries:
            names += sorted("platforms/" + e.name for e in entries if e.name.endswith(".toml"))
    except (FileNotFoundError, NotADirectoryError):
        pass
    return names


def _inputs_on_disk(base: str) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """`inputs` for a folder on disk (every install but a zipped one), with plain
    file calls (pathlib's objects and calls cost as much again), and each file's
    (size, mtime_ns) as it was read."""
    found: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    for name in _input_names(base):
        try:
            with open(os.path.join(base, name), "rb", buffering=0) as file:
                st = os.fstat(file.fileno())
                raw = file.readall()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            continue  # as is_file() above: not a file, so not an input
        found[name] = fingerprint(raw)
        stats[name] = (st.st_size, st.st_mtime_ns)
    return found, stats


def _unchanged(root: Traversable, stored: Validated, written_ns: int) -> bool:
    """Whether the files under `root` are those `stored` was built from: by size and
    time where those can be trusted, by reading and checksumming otherwise."""
    if not isinstance(root, Path):
        return stored.inputs == inputs(root)
    base = os.fspath(root)
    present: list[tuple[str, os.stat_result]] = []
    for name in ("sources.toml", "services.toml"):
        try:
            present.append((name, os.stat(os.path.join(base, name))))
        except (FileNotFoundError, NotADirectoryError):
            continue
    try:
        with os.scandir(os.path.join(base, "platforms")) as entries:
            present += [
                ("platforms/" + e.name, e.stat()) for e in entries if e.name.endswith(".toml")
            ]
    except (FileNotFoundError, NotADirectoryError):
        pass
    # As _inputs_on_disk: only files are inputs.
    present = [(name, st) for name, st in present if stat.S_ISREG(st.st_mode)]
    if len(present) != len(stored.inputs):
        return False
    trusted_before = written_ns - RACY_NS
    for name, st in present:
        recorded = stored.inputs.get(name)
        if recorded is None:
            return False
        seen = stored.stats.get(name)
        if seen == (st.st_size, st.st_mtime_ns) and st.st_mtime_ns < trusted_before:
            continue
        try:
            with open(os.path.join(base, name), "rb", buffering=0) as file:
                if fingerprint(file.readall()) != recorded:
                    return False
        except OSError:
            return False
    return True


def stored_catalog(root: Traversable, *, check_inputs: bool = True) -> Catalog | None:
    """The compiled catalog under `root`, if it was built from its current files.

    Without `check_inputs` (an installed package, whose data only a reinstall changes,
    and a reinstall compiles it again) the files are not read; the file is still
    refused if it is damaged or of another format."""
    try:
        compiled = root / VALIDATED
        # The time it was written, before its bytes: a copy rewritten meanwhile then
        # only looks older than it is, which trusts fewer files' times, never more.
        written_ns = compiled.stat().st_mtime_ns if isinstance(compiled, Path) else 0
        stored = _VALIDATED.decode(compiled.read_bytes())
        if stored.format != VALIDATED_FORMAT or zlib.crc32(stored.body) != stored.checksum:
            return None
        body = _BODY.decode(stored.body)
    except (OSError, msgspec.DecodeError):  # missing, damaged, or of another shape
        return None
    if check_inputs and not _unchanged(root, stored, written_ns):
        return None
    return Catalog(
        platforms=PlatformTable(body.platforms),
        discover_steps=body.discover_steps,
        aftercare_steps=body.aftercare_steps,
    )


def encode(catalog: Catalog, root: Traversable) -> bytes:
    """catalog.msgpack's bytes for `catalog`, validated from the files under `root`."""
    # deterministic: sets sorted, so the same catalog always gives the same bytes
    enc = msgspec.msgpack.Encoder(order="deterministic")
    body = enc.encode(
        Body(
            {pid: memoryview(enc.encode(p)) for pid, p in catalog.platforms.items()},
            catalog.discover_steps,
            catalog.aftercare_steps,
        )
    )
    if isinstance(root, Path):
        found, stats = _inputs_on_disk(os.fspath(root))
    else:
        found, stats = inputs(root), {}
    return enc.encode(Validated(VALIDATED_FORMAT, found, stats, zlib.crc32(body), memoryview(body)))
