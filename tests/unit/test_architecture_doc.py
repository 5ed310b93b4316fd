"""docs/architecture.md names only what exists (issue 16: the page a newcomer reads
first must not send them to a module that moved).

Every `quoted` path (`app/actions.py`, `tui/screens/dashboard/`, `data/strings.toml`,
`tui/render.plain`) must exist, under the repository or under src/acctexit; every
dotted module name (`acctexit.app.actions`, `i18n.say`) must resolve; every code name
(`build_rows`, `Workspace.read`, `DIALOG_COMMANDS`) must be defined in src/acctexit,
or be a key of data/strings*.toml (`cli_usage`);
and in the table of use cases, each function must be defined in a module that its row
names, or else in the use-case layer (src/acctexit/app).
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "acctexit"
DOC = ROOT / "docs" / "architecture.md"

IDENTIFIER = re.compile(r"^\.?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?(\(.*\))?$")
PATH = re.compile(r"^[\w.<>-]+(/[\w.<>-]*)+$")
# Quoted words that are keys, commands or values, not code names.
NOT_CODE = {"zh", "en", "str", "verify", "report", "discover", "export", "plan"}


@cache
def _defined(path: Path) -> dict[str, set[str]]:
    """Names defined at any level of the module(s) at `path`: {"": names, Class: its names}."""
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    found: dict[str, set[str]] = {"": set()}
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                members = found.setdefault(node.name, set())
                for inner in ast.walk(node):
                    if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                        members.add(inner.name)
                    elif isinstance(inner, ast.Name | ast.Attribute) and isinstance(
                        inner.ctx, ast.Store
                    ):
                        members.add(inner.id if isinstance(inner, ast.Name) else inner.attr)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found[""].add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                found[""].add(node.id)
            elif isinstance(node, ast.alias):
                found[""].add(node.asname or node.name.rpartition(".")[2])
    return found


def _is_defined(name: str, where: Path = SRC) -> bool:
    name = name.split("(")[0].lstrip(".")
    names = _defined(where)
    owner, _, member = name.rpartition(".")
    if owner:
        return member in names.get(owner, set())
    return name in names[""] or any(name in members for members in names.values())


@cache
def _string_keys() -> set[str]:
    keys: set[str] = set()
    for path in sorted((ROOT / "data").glob("strings*.toml")):
        keys |= set(tomllib.loads(path.read_text(encoding="utf-8")))
    return keys


def _path_exists(token: str) -> bool:
    stem = token.split("<")[0]  # data/platforms/<id>.toml: its folder must exist
    if "<" in token:
        stem = stem.rpartition("/")[0]
    for base in (ROOT, SRC):
        if (base / stem).exists():
            return True
        module, _, attr = stem.rpartition(".")  # tui/render.plain
        if attr and (base / f"{module}.py").is_file():
            return _is_defined(attr, base / f"{module}.py")
    return False


def _module_exists(dotted: str) -> bool:
    parts = dotted.split("(")[0].split(".")
    if parts[0] != "acctexit":
        parts = ["acctexit", *parts]
    for cut in range(len(parts), 0, -1):
        path = ROOT / "src" / Path(*parts[:cut])
        for candidate in (path.with_suffix(".py"), path / "__init__.py"):
            if candidate.is_file():
                rest = parts[cut:]
                return not rest or _is_defined(rest[0], candidate)
    return False


def _tokens() -> list[str]:
    return sorted(set(re.findall(r"`([^`\n]+)`", DOC.read_text(encoding="utf-8"))))


def test_the_page_is_read() -> None:
    assert len(_tokens()) > 100


@pytest.mark.parametrize("token", [t for t in _tokens() if PATH.match(t)])
def test_every_path_exists(token: str) -> None:
    assert _path_exists(token), f"docs/architecture.md names `{token}`, which does not exist"


@pytest.mark.parametrize(
    "token", [t for t in _tokens() if t.endswith((".py", ".toml")) and "<" not in t]
)
def test_every_file_name_exists(token: str) -> None:
    name = token.rpartition("/")[2]
    assert any(ROOT.glob(f"**/{name}")), token


@pytest.mark.parametrize(
    "token",
    [
        t
        for t in _tokens()
        if re.match(r"^(acctexit|i18n)\.", t) and not t.endswith((".py", ".toml"))
    ],
)
def test_every_module_name_resolves(token: str) -> None:
    assert _module_exists(token), token


@pytest.mark.parametrize(
    "token",
    [
        t
        for t in _tokens()
        if IDENTIFIER.match(t)
        and not t.endswith((".py", ".toml"))
        and ("_" in t or not t.split("(")[0].lstrip(".").islower())
        and not re.match(r"^(acctexit|i18n|rich)\.", t)
        and t not in NOT_CODE
        and "<" not in t
    ],
)
def test_every_code_name_is_defined(token: str) -> None:
    # A name of the form cli_usage may be a string key (data/strings*.toml) instead.
    found = _is_defined(token) or token in _string_keys()
    assert found, f"docs/architecture.md names `{token}`: not defined in src/"


def _use_case_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Where each use case lives", 1)[1].split("\n\n", 2)[1]
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("|")]
    return rows[2:]  # after the header and the rule


def test_the_use_case_table_is_read() -> None:
    assert len(_use_case_rows()) >= 15


@pytest.mark.parametrize("row", _use_case_rows(), ids=lambda row: row[0].strip()[:40])
def test_each_use_case_lives_where_its_row_says(row: list[str]) -> None:
    cell = row[1]
    quoted = re.findall(r"`([^`]+)`", cell)
    places = [SRC / q.rstrip("/") for q in quoted if PATH.match(q)]
    for place in places:
        assert place.exists(), place
    names = [q for q in quoted if IDENTIFIER.match(q) and not PATH.match(q)]
    assert names, f"no function named in {cell!r}"
    for name in names:
        found = any(_is_defined(name, place) for place in places) or _is_defined(name, SRC / "app")
        assert found, f"`{name}` is neither in {[str(p) for p in places]} nor in app/"
