"""Rebuild data/demo.sqlite3 and data/demo.en.sqlite3 from data/demo.json (and
data/demo_en.json): `python scripts/build_demo_db.py`.

Run it after changing demo.json or adding a store migration; tests/unit/test_demo_db.py
fails until you do.
"""

from __future__ import annotations

from pathlib import Path

from acctexit.store.demo import READY_DBS, build_ready

DATA = Path(__file__).resolve().parents[1] / "data"

if __name__ == "__main__":
    for lang, name in READY_DBS.items():
        target = DATA / name
        build_ready(target, lang)
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")
