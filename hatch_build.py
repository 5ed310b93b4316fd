"""Build hook: compile `data/` into the wheel (hatchling runs it; see pyproject.toml).

The compiled form of the data, `catalog.msgpack` (the catalog already validated) and
`parsed.json` (the other TOML files, parsed), is a build product and not in git
(acctexit/catalog/build.py says why it exists). For a wheel it is written to a
temporary folder and packed as `acctexit/data/...`, taking precedence over any copy
lying in `data/`; a broken file fails the build with every problem listed. For an
editable install, which reads `data/` in place, it is written into `data/` (ignored
by git); a broken file there only leaves it out, since the app then reads the TOML
and reports the problems itself.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileDataHook(BuildHookInterface):  # type: ignore[type-arg]  # generic in hatchling
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))  # the code being built, not an installed copy
        try:
            from acctexit.catalog import CatalogError
            from acctexit.catalog.build import BUILT
            from acctexit.catalog.build import build_data as compile_data
        finally:
            sys.path.remove(str(root / "src"))
        data = root / "data"
        if version == "editable":
            try:
                compile_data(data)
            except (CatalogError, ValueError) as exc:  # ValueError: a broken strings file
                for name in BUILT:
                    (data / name).unlink(missing_ok=True)
                self.app.display_warning(f"data/ not compiled, a file is broken:\n{exc}")
            return
        self._out = Path(tempfile.mkdtemp(prefix="acctexit-data-"))
        try:
            written = compile_data(data, self._out)
        except (CatalogError, ValueError) as exc:
            raise RuntimeError(f"data/ is broken:\n{exc}") from None
        for path in written:
            build_data["force_include"][str(path)] = f"acctexit/data/{path.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
