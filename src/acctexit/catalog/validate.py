"""Validate the catalog files under a data folder into a `Catalog`.

Layout of the catalog root (see docs/catalog.md for every field)::

    data/
      sources.toml          [[source]] id, title, url: the citations entries may use
      services.toml         [[discover]] and [[aftercare]] steps run once per phone number
      platforms/<id>.toml   one platform per file; the file name is the platform id

Every file is read through the `Traversable` API so the loader works from a source
checkout and from an installed wheel alike. Validation collects every problem it finds
(file, field, reason) and raises one `CatalogError` listing them all; no `tomllib`
exception or `KeyError` ever escapes. No Textual, no SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from acctexit.catalog.fields import FileFields, join
from acctexit.catalog.platforms import read_platform, read_steps
from acctexit.catalog.schema import (
    DISPLAY_ROOT,
    SERVICES_KEYS,
    SOURCE_ID_RE,
    SOURCE_KEYS,
    SOURCES_KEYS,
    CatalogError,
    CatalogProblem,
)
from acctexit.domain.models import Catalog, Phase, Platform, Source, Step
from acctexit.i18n import KeyedText, os_reason
from acctexit.resources import read_toml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_TOML_POS_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


def validate_catalog(node: Traversable) -> Catalog:
    """Validate every catalog file under `node`; raises `CatalogError` listing every
    problem found, never anything else for bad data."""
    problems: list[CatalogProblem] = []
    if not node.is_dir():
        raise CatalogError([CatalogProblem(DISPLAY_ROOT, "", KeyedText("cat_folder_missing"))])
    sources = _load_sources(node, problems)
    platforms = _load_platforms(node, sources, problems)
    discover, aftercare = _load_services(node, sources, problems)
    if problems:
        raise CatalogError(problems)
    return Catalog(platforms=platforms, discover_steps=discover, aftercare_steps=aftercare)


# ---------------------------------------------------------------------------------------
# Reading files


def _read_toml(
    root: Traversable, relative: str, problems: list[CatalogProblem]
) -> dict[str, Any] | None:
    name = f"{DISPLAY_ROOT}/{relative}"
    node = root
    for part in relative.split("/"):
        node = node / part
    try:
        raw = node.read_bytes()
    except OSError as exc:
        problems.append(
            CatalogProblem(name, "", KeyedText("cat_cannot_read", reason=os_reason(exc)))
        )
        return None
    try:
        return read_toml(root, relative, raw)
    except UnicodeDecodeError as exc:
        problems.append(CatalogProblem(name, "", KeyedText("cat_not_utf8", byte=exc.start)))
        return None
    except ValueError as exc:  # tomllib.TOMLDecodeError, imported only when a file is parsed
        message = str(exc)
        pos = _TOML_POS_RE.search(message)
        detail = _TOML_POS_RE.sub("", message).strip()
        where = KeyedText("cat_toml_where", line=pos.group(1), column=pos.group(2)) if pos else ""
        problems.append(CatalogProblem(name, where, KeyedText("cat_toml_invalid", detail=detail)))
        return None


# ---------------------------------------------------------------------------------------
# Sources


def _load_sources(root: Traversable, problems: list[CatalogProblem]) -> dict[str, Source]:
    name = f"{DISPLAY_ROOT}/sources.toml"
    node = root / "sources.toml"
    if not node.is_file():
        return {}
    doc = _read_toml(root, "sources.toml", problems)
    if doc is None:
        return {}
    f = FileFields(name, problems)
    f.keys(doc, SOURCES_KEYS, "")
    sources: dict[str, Source] = {}
    for where, t in f.tables(doc.get("source"), "source"):
        f.keys(t, SOURCE_KEYS, where)
        sid = f.string(t, "id", where, required=True)
        title = f.string(t, "title", where, required=True)
        url = f.string(t, "url", where, required=False)
        if sid is None or title is None:
            continue
        if not SOURCE_ID_RE.match(sid):
            f.bad(join(where, "id"), KeyedText("cat_source_id_form", id=sid))
            continue
        if sid in sources:
            f.bad(join(where, "id"), KeyedText("cat_source_twice", id=sid))
            continue
        sources[sid] = Source(sid, title, url)
    return sources


# ---------------------------------------------------------------------------------------
# Platforms and services


def _load_platforms(
    root: Traversable, sources: Mapping[str, Source], problems: list[CatalogProblem]
) -> dict[str, Platform]:
    folder = root / "platforms"
    if not folder.is_dir():
        reason = KeyedText("cat_platforms_missing")
        problems.append(CatalogProblem(f"{DISPLAY_ROOT}/platforms", "", reason))
        return {}
    # By platform id (the file name's stem): "qq" before "qq-music", as the stored
    # validated copy, which sorts its dict keys, keeps them too.
    nodes = sorted(
        (n for n in folder.iterdir() if n.name.endswith(".toml") and not n.name.startswith(".")),
        key=lambda n: n.name.removesuffix(".toml"),
    )
    platforms: dict[str, Platform] = {}
    origin: dict[str, str] = {}
    for node in nodes:
        name = f"{DISPLAY_ROOT}/platforms/{node.name}"
        doc = _read_toml(root, f"platforms/{node.name}", problems)
        if doc is None:
            continue
        f = FileFields(name, problems)
        platform = read_platform(f, doc, node.name.removesuffix(".toml"), sources)
        if platform is None:
            continue
        if platform.id in platforms:
            said = KeyedText("cat_platform_twice", id=platform.id, other=origin[platform.id])
            f.bad("id", said)
            continue
        platforms[platform.id] = platform
        origin[platform.id] = name
    return platforms


def _load_services(
    root: Traversable, sources: Mapping[str, Source], problems: list[CatalogProblem]
) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
    name = f"{DISPLAY_ROOT}/services.toml"
    node = root / "services.toml"
    if not node.is_file():
        return (), ()
    doc = _read_toml(root, "services.toml", problems)
    if doc is None:
        return (), ()
    f = FileFields(name, problems)
    f.keys(doc, SERVICES_KEYS, "")
    seen: dict[str, str] = {}  # ids are unique across both lists: step keys share a namespace
    out: dict[str, tuple[Step, ...]] = {}
    for key, phase in (("discover", Phase.DISCOVER), ("aftercare", Phase.AFTERCARE)):
        steps = read_steps(f, doc.get(key), key, sources, (phase,), seen)
        out[key] = tuple(_with_phase(s, phase) for s in steps)
    return out["discover"], out["aftercare"]


def _with_phase(step: Step, phase: Phase) -> Step:
    if step.phase is phase:
        return step
    return Step(
        id=step.id,
        kind=step.kind,
        text=step.text,
        path=step.path,
        phase=phase,
        conditions=step.conditions,
        verified=step.verified,
        source=step.source,
    )
