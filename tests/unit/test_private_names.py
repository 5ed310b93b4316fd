"""Nothing outside a package touches another package's private names (issue 16).

Read from the source with `ast`, so a reach that only runs on a rare path is found too:
- `from acctexit.x.y import _name` (or a relative import) from outside the package that
  holds `x.y` is refused;
- `module._name`, where `module` was imported from another acctexit package, is refused;
- outside `acctexit.store`, which shares its `Store` internals among its own modules,
  `obj._name` on anything but `self`, `cls` or `super()` is refused: the store's face is
  public (`Store`, its errors, `ImportBatch`), and no other layer has private state
  that a caller should reach. The few reaches into other libraries' internals are
  listed below with the reason; a new one fails until it is justified here.
"""

from __future__ import annotations

import ast

from source_tree import source_modules

# (module, attribute) -> why the reach is acceptable
ALLOWED_ATTRIBUTES: dict[tuple[str, str], str] = {
    (
        "acctexit.commands.parser",
        "_action_groups",
    ): "argparse has no public way to translate the titles "
    "of its own option groups ('options', 'positional arguments')",
    ("acctexit.commands.parser", "_actions"): "argparse has no public list of a parser's options, "
    "needed to put each one's help text through acctexit.i18n",
    (
        "acctexit.commands.parser",
        "_choices_actions",
    ): "argparse has no public list of the sub-commands' help lines, needed to translate them",
    ("acctexit.cli", "_Environ"): "the type of os.environ, used in an annotation only",
    ("acctexit.paths", "_Environ"): "the type of os.environ, used in an annotation only",
    ("acctexit.catalog.compiled", "_decode_all"): "PlatformTable.__eq__ calls the method "
    "on another PlatformTable: the same class, in its own module",
    ("acctexit.tui.screens.dashboard.part", "_decorated_handlers"): "Textual keeps a class's "
    "@on handlers in that table and fills it only for classes its metaclass makes; the "
    "dashboard's parts are plain classes (each Textual class costs the start ≈ 2.3 M "
    "instructions), so with_part_handlers fills the screen's (test_dashboard_parts.py)",
}
SHARED_INTERNALS = "acctexit.store"  # the only package whose modules share private state


MODULES = source_modules()


def _package(module: str) -> str:
    return module if MODULES[module][1] else module.rpartition(".")[0]


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = _package(module).split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_reaches(module: str, source: str) -> list[str]:
    """Every touch of another package's private name in `source` (the module `module`)."""
    here = _package(module)
    found: list[str] = []
    modules_by_alias: dict[str, str] = {}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            if not base.startswith("acctexit"):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in MODULES:
                    modules_by_alias[alias.asname or alias.name] = full
                elif _is_private(alias.name):
                    owner = _package(base) if base in MODULES else base
                    if not _inside(here, owner):
                        found.append(f"line {node.lineno}: from {base} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("acctexit."):
                    modules_by_alias[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _is_private(node.attr)):
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id in ("self", "cls"):
            continue
        if isinstance(value, ast.Call) and ast.unparse(value.func) == "super":
            continue
        target = modules_by_alias.get(ast.unparse(value))
        if target is not None:
            if not _inside(here, _package(target)):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
            continue
        if _inside(module, SHARED_INTERNALS) or (module, node.attr) in ALLOWED_ATTRIBUTES:
            continue
        found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_touches_another_package_s_private_names() -> None:
    reaches = {
        module: found
        for module, (path, _) in MODULES.items()
        if (found := private_reaches(module, path.read_text(encoding="utf-8")))
    }
    assert not reaches, reaches


def test_every_allowed_reach_is_still_there() -> None:
    # A justification for a reach that is gone would let a new one in unnoticed.
    for module, attribute in ALLOWED_ATTRIBUTES:
        source = MODULES[module][0].read_text(encoding="utf-8")
        assert f"._{attribute.lstrip('_')}" in source, (module, attribute)


def test_the_scan_finds_each_kind_of_reach() -> None:
    # The scan itself: each kind of reach the issue names is found in a module of the
    # use-case layer, and the same code inside the store is the store's own business.
    source = (
        "from acctexit.store.rows import _entry\n"
        "from acctexit.store import core\n"
        "from . import workspace\n"
        "def f(store, ws):\n"
        "    store._conn.execute('select 1')\n"
        "    core._helper()\n"
        "    ws.store._states = None\n"
        "    workspace._private()\n"
        "    self._fine = super()._fine_too()\n"
    )
    found = private_reaches("acctexit.app.actions", source)
    assert sorted(line.split(": ", 1)[1] for line in found) == [
        "core._helper",
        "from acctexit.store.rows import _entry",
        "store._conn",
        "ws.store._states",
    ]
    assert private_reaches("acctexit.store.exchange", source) == []
