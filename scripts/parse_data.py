"""Rewrite data/parsed.json, the pre-parsed copy of every TOML file in data/, and
data/catalog.msgpack, the validated catalog: `python scripts/parse_data.py`.

Run it after editing any data/*.toml or data/platforms/*.toml; until then the edited
file is parsed and the catalog validated at every start (correct, a few ms slower) and
tests/unit/test_parsed_data.py fails. See acctexit/resources.py and acctexit/catalog.py
for why the copies exist.
"""

from __future__ import annotations

from pathlib import Path

from acctexit.catalog import VALIDATED, validated_data
from acctexit.resources import PARSED, parsed_data

DATA = Path(__file__).resolve().parents[1] / "data"

if __name__ == "__main__":
    target = DATA / PARSED
    target.write_text(parsed_data(DATA) + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    # After parsed.json: validating reads the TOML through it.
    target = DATA / VALIDATED
    target.write_bytes(validated_data(DATA))
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")
