"""Rewrite data/parsed.json, the pre-parsed copy of every TOML file in data/:
`python scripts/parse_data.py`.

Run it after editing any data/*.toml or data/platforms/*.toml; until then that file is
parsed at every start (correct, ≈ 1 ms slower a file) and tests/unit/test_parsed_data.py
fails. See acctexit/resources.py for why the copy exists.
"""

from __future__ import annotations

from pathlib import Path

from acctexit.resources import PARSED, parsed_data

DATA = Path(__file__).resolve().parents[1] / "data"

if __name__ == "__main__":
    target = DATA / PARSED
    target.write_text(parsed_data(DATA) + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")
