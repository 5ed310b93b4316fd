"""Rebuild data/demo.sqlite3 from data/demo.json: `python scripts/build_demo_db.py`.

Run it after changing demo.json or adding a store migration; tests/unit/test_demo_db.py
fails until you do.
"""

from __future__ import annotations

from pathlib import Path

from acctexit.store.demo import READY_DB, build_ready

TARGET = Path(__file__).resolve().parents[1] / "data" / READY_DB

if __name__ == "__main__":
    build_ready(TARGET)
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
