"""The compiled catalog: `data/catalog.msgpack`, the catalog already validated, with the
size and CRC-32 of each file it was built from.

It is made at build time (hatch_build.py, or `python scripts/parse_data.py` in a
checkout) and never committed. `load_catalog` returns it while every one of those files
is unchanged and validates the TOML otherwise (an edited checkout, an editable install
before a rebuild), so it is never read stale. Validation was ≈ 2 % of the instructions
to the dashboard's first frame; decoding the compiled form is a C call.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from msgspec import Struct

from acctexit.domain.models import Catalog
from acctexit.resources import fingerprint

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

VALIDATED = "catalog.msgpack"
VALIDATED_FORMAT = 2  # 2: grades, checked dates, SMS signatures


class Validated(Struct, frozen=True):
    """What catalog.msgpack holds."""

    format: int
    inputs: dict[str, str]  # relative path -> fingerprint of the file it was built from
    catalog: Catalog


def inputs(root: Traversable) -> dict[str, str]:
    """The fingerprint of every file the catalog is built from."""
    if isinstance(root, Path):
        return _inputs_on_disk(os.fspath(root))
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


def _inputs_on_disk(base: str) -> dict[str, str]:
    """`inputs` for a folder on disk (every install but a zipped one), with plain
    file calls: every start reads all ≈ 150 files, and pathlib's objects and calls
    cost half of that (≈ 7 M instructions, 0.5 % of the dashboard's start)."""
    names = ["sources.toml", "services.toml"]
    try:
        with os.scandir(os.path.join(base, "platforms")) as entries:
            names += sorted("platforms/" + e.name for e in entries if e.name.endswith(".toml"))
    except (FileNotFoundError, NotADirectoryError):
        pass
    found: dict[str, str] = {}
    for name in names:
        try:
            with open(os.path.join(base, name), "rb", buffering=0) as file:
                raw = file.readall()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            continue  # as is_file() above: not a file, so not an input
        found[name] = fingerprint(raw)
    return found


def stored_catalog(root: Traversable) -> Catalog | None:
    """The compiled catalog under `root`, if it was built from its current files."""
    try:
        stored = msgspec.msgpack.decode((root / VALIDATED).read_bytes(), type=Validated)
    except (OSError, msgspec.DecodeError):  # missing, damaged, or of another shape
        return None
    if stored.format != VALIDATED_FORMAT or stored.inputs != inputs(root):
        return None
    return stored.catalog


def encode(catalog: Catalog, root: Traversable) -> bytes:
    """catalog.msgpack's bytes for `catalog`, validated from the files under `root`."""
    # deterministic: sets sorted, so the same catalog always gives the same bytes
    return msgspec.msgpack.encode(
        Validated(VALIDATED_FORMAT, inputs(root), catalog), order="deterministic"
    )
