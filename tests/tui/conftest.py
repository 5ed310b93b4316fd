"""Fixtures for driving the app: a database holding the built-in demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from acctexit.catalog import load_catalog
from acctexit.domain.models import Catalog, Lang
from acctexit.store import Store
from acctexit.store.demo import build as build_demo
from acctexit.tui.app import AcctExitApp, build_app


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def demo_db(tmp_path: Path, clock: Callable[[], datetime]) -> Path:
    return build_demo(tmp_path / "demo.sqlite3", clock=clock)


@pytest.fixture
def demo_in(tmp_path: Path, clock: Callable[[], datetime]) -> Callable[[Lang], Path]:
    """The demo database as `--demo` starts it in a language (its labels and notes too)."""

    def factory(lang: Lang) -> Path:
        path = tmp_path / f"demo-{lang}.sqlite3"
        return path if path.exists() else build_demo(path, clock=clock, lang=lang)

    return factory


@pytest.fixture
def open_app(catalog: Catalog, today: date, clock: Callable[[], datetime]):  # type: ignore[no-untyped-def]
    """Build the real app on a database; every store opened here is closed afterwards."""
    stores: list[Store] = []

    def factory(path: Path, lang: Lang = "en") -> AcctExitApp:
        store = Store.open(path, clock=clock)
        stores.append(store)
        return build_app(store=store, catalog=catalog, lang=lang, today=today)

    yield factory
    for store in stores:
        store.close()
