"""Where the shipped data (catalog, demo data, UI strings) is read from, and how its TOML
files are parsed.

In a built wheel `data/` is packaged as `acctexit/data`; in a source checkout
(editable install) it is the top-level `data/` folder.

Parsing the 36 TOML files with the pure-Python `tomllib` took ≈ 23 ms of every start
(about a tenth of the first paint). So the wheel ships `parsed.json`, made at build
time (acctexit/catalog/build.py; not in git), with every file JSON can represent
already parsed, each under the size and CRC-32 of the exact bytes it was parsed from:
`read_toml` uses the stored copy only when the file's bytes still match, and parses
the TOML otherwise, so an edited file is not read stale; it is only slower until
`pip install -e .` or `python scripts/parse_data.py` compiles the checkout again.
The check guards against a forgotten re-run, not an adversary, so a CRC does: the
zlib module is already loaded, where hashlib would cost ≈ 2.5 ms of start-up; and
msgspec, already loaded for the records, decodes the JSON (the json module, ≈ 1.5 ms
to import, is only needed to write it).
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PARSED = "parsed.json"
PARSED_FORMAT = 2

# The one message that cannot come from data/strings*.toml: it says they are missing.
# So it says it in both languages at once, Chinese line first, whatever the user chose.
DATA_MISSING = (
    "找不到 acctexit-tui 的数据文件，请重新安装 acctexit-tui。\n"
    "acctexit-tui's data files are missing: reinstall acctexit-tui."
)


class DataMissing(FileNotFoundError):
    """The package's data folder is not there (a broken install): `DATA_MISSING`."""


def data_root() -> Traversable:
    # A plain path when the package is unpacked on disk, as pip always installs it:
    # `importlib.resources.files` costs ≈ 3 ms at start-up (it imports zipfile), so it
    # is only the fallback for a zipped install.
    here = Path(__file__).resolve().parent
    for folder in (here / "data", here.parents[1] / "data"):
        if folder.is_dir():
            return folder
    from importlib import resources

    packaged = resources.files("acctexit") / "data"
    if packaged.is_dir():
        return packaged
    raise DataMissing(DATA_MISSING)


def installed_data(root: Traversable) -> bool:
    """Whether `root` is the data folder inside the installed package (a wheel, zipped
    or not), which only a reinstall changes, and a reinstall compiles again; not the
    top-level `data/` of a checkout or an editable install, which may be edited."""
    if not isinstance(root, Path):
        return True  # inside a zip: only a packaged install looks like that
    return root == Path(__file__).resolve().parent / "data"


def data_file(*parts: str) -> Traversable:
    node = data_root()
    for part in parts:
        node = node / part
    return node


def read_toml(root: Traversable, relative: str, raw: bytes) -> dict[str, Any]:
    """The TOML document `raw` (the bytes of `root/relative`), parsed.

    Raises `UnicodeDecodeError` or `tomllib.TOMLDecodeError` for a bad file. The
    result is shared between callers when it comes from parsed.json: read it, never
    change it.
    """
    stored = _parsed(root).get(relative)
    if stored is not None and stored[0] == fingerprint(raw):
        return stored[1]
    import tomllib

    return tomllib.loads(raw.decode("utf-8"))


def fingerprint(raw: bytes) -> str:
    """What a derived copy records of the file it was made from (see the docstring)."""
    return f"{len(raw)}:{zlib.crc32(raw):08x}"


_Parsed = dict[str, tuple[str, dict[str, Any]]]
# Read once per process and shared by the catalog and the strings; re-read when
# parsed.json itself changes (a build writes it in the same process that reads it).
_parsed_by_root: dict[str, tuple[object, _Parsed]] = {}


def _parsed(root: Traversable) -> _Parsed:
    """{relative path: (fingerprint of the TOML bytes, parsed document)} from parsed.json;
    empty when the file is missing or unusable (everything is parsed from TOML then)."""
    key = str(root)
    version = _version(root)
    cached = _parsed_by_root.get(key)
    if cached is None or cached[0] != version:
        cached = _parsed_by_root[key] = (version, _read_parsed(root))
    return cached[1]


def _version(root: Traversable) -> object:
    """What changes when parsed.json is rewritten (a stat: ≈ 1 µs); None in a zip."""
    if not isinstance(root, Path):
        return None
    try:
        st = (root / PARSED).stat()
    except OSError:
        return 0
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _read_parsed(root: Traversable) -> _Parsed:
    import msgspec

    try:
        data = msgspec.json.decode((root / PARSED).read_bytes())
        if data.get("format") != PARSED_FORMAT:
            return {}
        return {name: (entry["bytes"], entry["doc"]) for name, entry in data["files"].items()}
    except (OSError, msgspec.DecodeError, KeyError, TypeError, AttributeError):
        return {}


def toml_files(root: Traversable) -> list[str]:
    """Every TOML file under `root` that read_toml may be asked for, as relative paths."""

    def tomls(folder: Traversable) -> list[str]:
        return [n.name for n in folder.iterdir() if n.name.endswith(".toml") and n.name[0] != "."]

    names = tomls(root)
    platforms = root / "platforms"
    if platforms.is_dir():
        names += [f"platforms/{name}" for name in tomls(platforms)]
    return sorted(names)


def parsed_data(root: Traversable) -> str:
    """The content parsed.json should have for the TOML files under `root`: every one
    whose values JSON can represent exactly."""
    import json
    import tomllib

    files: dict[str, Any] = {}
    for name in toml_files(root):
        node = root
        for part in name.split("/"):
            node = node / part
        raw = node.read_bytes()
        doc = tomllib.loads(raw.decode("utf-8"))
        try:
            exact = json.loads(json.dumps(doc)) == doc
        except TypeError:  # e.g. a TOML date (`checked` in a platform file)
            exact = False
        # Left out, such a file is parsed from its TOML when read; the catalog's files
        # rarely are, since catalog.msgpack holds them already validated.
        if exact:
            files[name] = {"bytes": fingerprint(raw), "doc": doc}
    return json.dumps(
        {"format": PARSED_FORMAT, "files": files}, ensure_ascii=False, sort_keys=True, indent=None
    )
