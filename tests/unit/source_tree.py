"""The modules of src/acctexit, for the tests that read the code itself (import cycles,
private names): dotted name -> (file, whether it is a package's __init__)."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def source_modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted((SRC / "acctexit").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found
