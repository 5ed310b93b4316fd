"""Build the compiled form of `data/`: `catalog.msgpack` (the validated catalog) and
`parsed.json` (the other TOML files, parsed).

Both are build products, not sources: the wheel's build hook (hatch_build.py) writes
them before the wheel is packed, and `python scripts/parse_data.py` does the same in a
checkout. Neither is in git. The loader and `read_toml` use them only while the bytes
of every file they were made from are unchanged, so a stale or missing copy costs
start-up time, never correctness.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from acctexit.catalog.compiled import VALIDATED, encode
from acctexit.catalog.loader import load_catalog
from acctexit.resources import PARSED, parsed_data

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

BUILT = (PARSED, VALIDATED)  # the file names, relative to the data folder


def validated_data(root: Traversable) -> bytes:
    """What catalog.msgpack should hold for the files under `root` (validated anew).

    Raises `CatalogError` if the files are broken: no wheel is built from them."""
    return encode(load_catalog(root, use_stored=False), root)


def build_data(root: Path, out: Path | None = None) -> list[Path]:
    """Write parsed.json and catalog.msgpack for the data folder `root` into `out`
    (default: `root` itself); returns the files written. Raises `CatalogError` for a
    broken catalog and ValueError (`tomllib.TOMLDecodeError`) for another broken file."""
    out = root if out is None else out
    # Both made before either is written: a broken file leaves no half-built pair.
    catalog = validated_data(root)
    parsed = parsed_data(root) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / PARSED).write_text(parsed, encoding="utf-8")
    (out / VALIDATED).write_bytes(catalog)
    return [out / PARSED, out / VALIDATED]
