"""Where the shipped data (catalog, demo data, UI strings) is read from.

In a built wheel `data/` is packaged as `acctexit/data` and found through
importlib.resources; in a source checkout (editable install) it is the
top-level `data/` folder.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def data_root() -> Traversable:
    packaged = resources.files("acctexit") / "data"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("acctexit data files are missing; reinstall acctexit-tui")


def data_file(*parts: str) -> Traversable:
    node = data_root()
    for part in parts:
        node = node / part
    return node
