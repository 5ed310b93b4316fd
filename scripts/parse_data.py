"""Compile data/ in place, as `pip install -e .` and the wheel's build hook do:
`python scripts/parse_data.py` writes data/parsed.json and data/catalog.msgpack.

Neither is in git. Run it after editing data/ in a checkout to start as fast as an
installed wheel; without it the edited files are parsed and validated at each start
(correct, a few ms slower). See acctexit/catalog/build.py.
"""

from __future__ import annotations

from pathlib import Path

from acctexit.catalog.build import build_data

DATA = Path(__file__).resolve().parents[1] / "data"

if __name__ == "__main__":
    for target in build_data(DATA):
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")
