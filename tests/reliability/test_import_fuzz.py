"""Hypothesis fuzzing of both import formats.

Whatever the bytes, import_file raises only ImportFileError (never anything else), and a
rejected import changes nothing in the database.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acctexit.domain.models import StepStatus
from acctexit.store import ImportFileError, Store
from acctexit.store.exchange import CSV_COLUMNS, export_json, import_file

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo.json"

_cells = st.one_of(
    st.sampled_from(
        [
            "",
            "13800001234",
            "+86 138-0000-1234",
            "'+8613900005678",
            "008613800001234",
            "alipay",
            "wechat",
            "number",
            "account",
            "step",
            "note",
            "log",
            "done",
            "skipped",
            "open",
            "2026-11-02",
            "2026-11-02T01:30:00+00:00",
            "yes",
            "-1",
            "1e999",
            "NaN",
            "=1+1",
            "1",
            "will_cancel",
        ]
    ),
    st.text(max_size=12),
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    columns = draw(
        st.one_of(
            st.lists(st.sampled_from(CSV_COLUMNS), min_size=1, max_size=10, unique=True),
            st.lists(st.text(max_size=8), max_size=4),
        )
    )
    rows = draw(st.lists(st.lists(_cells, max_size=len(columns) + 1), max_size=8))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=5)) + text[cut:]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])), "surrogatepass")


_json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10), _cells
)
_json_values = st.recursive(
    _json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from(
                    [
                        "e164",
                        "number",
                        "platform",
                        "steps",
                        "notes",
                        "step",
                        "status",
                        "at",
                        "text",
                        "balance",
                        "state",
                        "label",
                        "format",
                        "version",
                    ]
                ),
                st.text(max_size=6),
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@st.composite
def json_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 2))
    if kind == 0:  # the demo file with one value replaced somewhere
        doc = json.loads(DEMO.read_text(encoding="utf-8"))
        section = draw(st.sampled_from(["numbers", "accounts"]))
        item = draw(st.sampled_from(doc[section]))
        key = draw(st.sampled_from(sorted(item)))
        item[key] = draw(_json_values)
        text = json.dumps(doc, ensure_ascii=False)
    elif kind == 1:
        text = json.dumps(
            {"numbers": draw(_json_values), "accounts": draw(_json_values)}, ensure_ascii=False
        )
    else:
        text = json.dumps(draw(_json_values), ensure_ascii=False)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=3)) + text[cut:]
    return text.encode("utf-8", "surrogatepass")


def _snapshot(store: Store) -> str:
    data = export_json(store)
    data.pop("exported_at")
    return json.dumps(data, sort_keys=True, default=str)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    with Store.open(path) as store:
        n = store.add_number("13800001234")
        a = store.add_account("alipay", n.id, balance=5)
        store.set_step((a.id, None, "unbind-cards"), StepStatus.DONE)
        yield store


def _check(store: Store, tmp_path: Path, data: bytes, suffix: str) -> None:
    file = tmp_path / f"fuzz{suffix}"
    file.write_bytes(data)
    before = _snapshot(store)
    head = store.log_count()
    try:
        import_file(store, file)
    except ImportFileError as e:
        assert e.problems and all(p.reason for p in e.problems)
        assert store.log_count() == head and _snapshot(store) == before
    assert store.verify().ok


_fuzz = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_fuzz
@given(data=csv_files(), suffix=st.sampled_from([".csv", ".txt", ".json"]))
def test_csv_import_fuzz(fuzz_store: Store, tmp_path: Path, data: bytes, suffix: str) -> None:
    _check(fuzz_store, tmp_path, data, suffix)


@_fuzz
@given(data=json_files(), suffix=st.sampled_from([".json", ".csv", ""]))
def test_json_import_fuzz(fuzz_store: Store, tmp_path: Path, data: bytes, suffix: str) -> None:
    _check(fuzz_store, tmp_path, data, suffix)


@_fuzz
@given(data=st.binary(max_size=300))
def test_random_bytes_import_fuzz(fuzz_store: Store, tmp_path: Path, data: bytes) -> None:
    _check(fuzz_store, tmp_path, data, ".csv")
