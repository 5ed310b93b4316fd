"""The printable report (app/report): its content, and that user text stays text.

Built from the demo data (and from hostile labels) through the public surfaces: the
store, `collect_report` / `build_report`, and the two renderers.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from acctexit.app.report import ChainInfo, ReportData, build_report, collect_report
from acctexit.app.report.html import render_html
from acctexit.app.report.markdown import md, render_markdown
from acctexit.app.report.model import NumberSection, StepRow
from acctexit.catalog import load_catalog
from acctexit.domain.models import Catalog, NumberState, PhoneNumber, StepStatus
from acctexit.domain.plan import build_plan
from acctexit.resources import data_root
from acctexit.store import Store
from acctexit.store.demo import build as build_demo

TODAY = date(2026, 11, 24)
MADE = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "Tom & Jerry &amp; &lt;b&gt;",
    "it's \"quoted\" 'twice'",
    "abc\u202edcba",
    "| cell | *bold* _em_ # head `code` [x](http://evil.example/) ~~del~~ $x$",
    "x" * 75,  # long (the store takes labels up to 80 characters, "label" + this too)
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(build_demo(tmp_path / "demo.sqlite3"))
    yield store
    store.close()


def report(store: Store, catalog: Catalog, lang: str = "en", **kw: object) -> ReportData:
    return collect_report(
        store, catalog, lang=lang, today=kw.pop("today", TODAY), now=MADE, tz=CST, **kw
    )  # type: ignore[arg-type]


# --- content --------------------------------------------------------------------------


def test_sections_follow_the_plan_and_the_numbers(demo: Store, catalog: Catalog) -> None:
    data = report(demo, catalog)
    numbers = demo.numbers()
    assert [n.number for n in data.numbers] == ["138****1234", "139****5678"]
    plan = build_plan(catalog, numbers, demo.accounts(), demo.step_states(), TODAY)
    old = data.numbers[0]
    open_steps = [p for p in plan.for_number(numbers[0].id) if p.is_open]
    assert len(old.next_steps) == len(open_steps) > 0
    assert [r.index for r in old.next_steps] == list(range(1, len(open_steps) + 1))
    # the plan's order, each row titled from its own step's text
    for row, ps in zip(old.next_steps, open_steps, strict=True):
        assert ps.step.text.get("en").startswith(row.title.removesuffix("…"))
    # each account of the number once, counted once in the summary
    assert len(old.accounts) == sum(1 for a in demo.accounts() if a.number_id == numbers[0].id)
    assert old.summary_total.total == len(old.accounts)


def test_both_deadlines_with_days_left(demo: Store, catalog: Catalog) -> None:
    old = report(demo, catalog).numbers[0]
    cancel, reissue = old.deadlines
    assert (cancel.kind, cancel.date, cancel.days_left) == ("cancel", date(2026, 12, 20), 26)
    assert (reissue.kind, reissue.date, reissue.days_left) == ("reissue", date(2027, 3, 20), 116)
    assert "2026-12-20" in cancel.text and "26" in cancel.text
    after = report(demo, catalog, today=date(2026, 12, 25)).numbers[0]
    assert after.deadlines[0].days_left == -5 and "5 days ago" in after.deadlines[0].text
    kept = report(demo, catalog).numbers[1]
    assert [d.kind for d in kept.deadlines] == ["none"]


def test_a_number_without_cancel_date_asks_for_one(tmp_path: Path, catalog: Catalog) -> None:
    # The store now refuses "will cancel" without a date (acctexit.domain.fields);
    # a database written before that rule may still hold one.
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        store.add_number(
            "+8613800001111", state=NumberState.WILL_CANCEL, cancel_date=date(2026, 12, 1)
        )
    with sqlite3.connect(path) as older:
        older.execute("UPDATE numbers SET cancel_date = NULL")
    older.close()
    with Store.open(path) as store:
        (section,) = report(store, catalog, "zh").numbers
    assert section.deadlines[0].kind == "none"
    assert "注销日期" in section.deadlines[0].text


def test_done_steps_and_evidence_carry_local_times(demo: Store, catalog: Catalog) -> None:
    old = report(demo, catalog).numbers[0]
    alipay = next(a for a in old.accounts if a.name == "Alipay")
    # demo.json: withdraw-balance done at 2026-11-04T11:20Z, i.e. 19:20 in UTC+8
    assert any(d.when == "2026-11-04" and not d.skipped for d in alipay.done)
    assert any(e.when == "2026-11-04 19:20" and e.who == "Alipay" for e in old.evidence)
    cmb = next(a for a in old.accounts if a.name.startswith("China Merchants"))
    assert cmb.status == "in_progress" and any(d.skipped for d in cmb.done)
    notes = [e for e in old.evidence if e.note.startswith("一证通查说")]
    assert notes and notes[0].who == "this number"


def test_footer_has_the_chain_head_and_verify(demo: Store, catalog: Catalog) -> None:
    data = report(demo, catalog)
    newest = demo.recent_log(1)[0]
    assert (data.chain.head_id, data.chain.head_hash) == (newest.id, newest.hash)
    assert data.chain.verified and data.chain.rows_checked == demo.log_count()
    assert data.made == "2026-11-24 20:00 +08:00"
    html = render_html(data)
    assert newest.hash in html and "2026-11-24 20:00 +08:00" in html
    assert newest.hash in render_markdown(data)


def test_a_broken_chain_is_reported(demo: Store, catalog: Catalog) -> None:
    data = report(demo, catalog)
    broken = ChainInfo(head_id=3, head_hash="ab" * 32, verified=False, problems=2)
    bad = ReportData(data.lang, data.today, data.made, data.numbers, broken, False)
    assert "failed: 2 problems" in render_html(bad)
    assert "failed: 2 problems" in render_markdown(bad)


def test_numbers_masked_unless_revealed(demo: Store, catalog: Catalog) -> None:
    for render in (render_html, render_markdown):
        assert "13800001234" not in render(report(demo, catalog))
        assert "+8613800001234" in render(report(demo, catalog, reveal=True))


def test_do_by_and_earliest_dates_are_shown_when_present() -> None:
    row = StepRow(
        index=1,
        phase="Finance",
        who="WeChat",
        title="Settle the money",
        instruction="",
        path="Me › Pay",
        earliest=date(2026, 12, 1),
        do_by=date(2026, 12, 19),
    )
    section = NumberSection("138****1234", "", "x", (), (), "", (row,), (), ())
    chain = ChainInfo(None, "", True)
    expected = (("en", ("from 2026-12-01", "do by 2026-12-19")), ("zh", ("最晚 2026-12-19",)))
    for lang, words in expected:
        data = ReportData(lang, TODAY, "t", (section,), chain, False)  # type: ignore[arg-type]
        for text in (render_html(data), render_markdown(data)):
            assert all(w in text for w in words), (lang, words)
    plain = StepRow(index=1, phase="F", who="W", title="T", instruction="", path="")
    data = ReportData(
        "en", TODAY, "t", (NumberSection("1", "", "x", (), (), "", (plain,), (), ()),), chain, False
    )
    assert "do by" not in render_html(data) and "do by" not in render_markdown(data)


# --- user text stays text ----------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []  # what a reader sees: the style sheet is not text
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _store_with_labels(path: Path, labels: list[str]) -> Store:
    store = Store.open(path)
    number = store.add_number(
        "+8613800009999",
        label=labels[0],
        state=NumberState.WILL_CANCEL,
        cancel_date=date(2026, 12, 1),  # "will cancel" needs its date
    )
    platforms = ["alipay", "wechat", "qq", "taobao", "jd", "weibo", "douyin"]
    for label, platform in zip(labels, platforms, strict=False):
        account = store.add_account(platform, number.id, label=label)
        store.add_note(label, account_id=account.id)
        step = load_catalog().get(platform).steps[0].id  # type: ignore[union-attr]
        store.set_step((account.id, None, step), StepStatus.DONE, label)
    return store


def test_hostile_labels_stay_inert_in_html(tmp_path: Path, catalog: Catalog) -> None:
    with _store_with_labels(tmp_path / "h.sqlite3", HOSTILE) as store:
        hostile = render_html(report(store, catalog))
    with _store_with_labels(tmp_path / "b.sqlite3", [f"label{i}" for i in HOSTILE]) as store:
        benign = render_html(report(store, catalog))
    got, baseline = _parse(hostile), _parse(benign)
    # the same elements and attributes as with harmless labels: none came from a label
    assert got.tags == baseline.tags
    assert not any(tag in ("script", "img", "a", "iframe") for tag, _ in got.tags)
    text = "".join(got.text)
    for label in HOSTILE:
        assert label.replace("\u202e", "") in text  # shown as text, whole
    assert "\u202e" not in hostile
    assert "<script>" not in hostile and "<img" not in hostile


def test_hostile_labels_stay_inert_in_markdown(tmp_path: Path, catalog: Catalog) -> None:
    with _store_with_labels(tmp_path / "h.sqlite3", HOSTILE) as store:
        text = render_markdown(report(store, catalog))
    with _store_with_labels(tmp_path / "b.sqlite3", [f"label{i}" for i in HOSTILE]) as store:
        baseline = render_markdown(report(store, catalog))
    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    html, base_html = renderer.render(text), renderer.render(baseline)
    got, want = _parse(html), _parse(base_html)
    # no link, emphasis, code, heading or raw HTML came from a label; tables keep their cells
    assert [t for t, _ in got.tags] == [t for t, _ in want.tags]
    assert "\u202e" not in text
    rendered = "".join(got.text)
    for label in HOSTILE:
        assert " ".join(label.replace("\u202e", "").split()) in rendered


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[x](y)", "[x](y)"),
        ("# not a heading", "# not a heading"),
        ("1. not a list", "1. not a list"),
        ("- nor this", "- nor this"),
        ("a | b", "a | b"),
        ("<b>&amp;</b>", "<b>&amp;</b>"),
        ("`tick` *star* _under_", "`tick` *star* _under_"),
    ],
)
def test_md_escape_round_trips_as_text(raw: str, shown: str) -> None:
    renderer = MarkdownIt("commonmark").enable("table")
    cell = f"| h |\n|---|\n| {md(raw)} |\n"
    parsed = _parse(renderer.render(cell))
    assert [t for t, _ in parsed.tags] == ["table", "thead", "tr", "th", "tbody", "tr", "td"]
    assert shown in "".join(parsed.text)
    paragraph = _parse(renderer.render(md(raw)))
    assert [t for t, _ in paragraph.tags] == ["p"] and "".join(paragraph.text).strip() == shown


def test_model_strips_controls_even_without_the_store(catalog: Catalog) -> None:
    number = PhoneNumber(1, "+8613800001234", label="a\u202eb\x1b[31m", state=NumberState.KEPT)
    plan = build_plan(catalog, [number], [], {}, TODAY)
    data = build_report(
        catalog, [number], [], plan, [], ChainInfo(None, "", True),
        lang="en", today=TODAY, made_at=MADE,
    )  # fmt: skip
    assert data.numbers[0].label == "ab[31m"


# --- the page loads nothing ---------------------------------------------------------------


def test_html_loads_nothing_and_has_print_css(demo: Store, catalog: Catalog) -> None:
    html = render_html(report(demo, catalog))
    lowered = html.lower()
    assert "<script" not in lowered
    assert not re.search(r"""(src|href)\s*=\s*["']?[a-z][a-z0-9+.-]*:""", lowered)
    assert "@import" not in lowered and "url(" not in lowered
    assert "<link" not in lowered and "<img" not in lowered
    assert "http://" not in lowered and "https://" not in lowered
    assert "@page" in html and "size: A4" in html
    assert "thead { display: table-header-group; }" in html
    assert "break-before: page" in html and "break-inside: avoid" in html


# --- one language per report ----------------------------------------------------------------


def _tables() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for f in data_root().iterdir():
        if f.name.startswith("strings") and f.name.endswith(".toml"):
            table.update(tomllib.loads(f.read_text(encoding="utf-8")))
    return table


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _fragments(value: str) -> list[str]:
    """The fixed parts of a string (placeholders removed), trimmed of punctuation."""
    parts = re.split(r"\{[^}]*\}", value)
    return [p.strip(" :;,.()（）：；，。、·—-'\"?!？！") for p in parts]


def _user_text(store: Store) -> list[str]:
    texts = [n.label for n in store.numbers()] + [a.label for a in store.accounts()]
    texts += [e.detail for e in store.iter_log() if e.detail]
    return sorted({t for t in texts if t}, key=len, reverse=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_report_speaks_only_its_language(demo: Store, catalog: Catalog, lang: str) -> None:
    data = report(demo, catalog, lang)
    html_text = " ".join(_parse(render_html(data)).text)
    md_text = render_markdown(data).replace("\\", "")
    other = "en" if lang == "zh" else "zh"
    forbidden = set()
    for entry in _tables().values():
        value = entry.get(other) or ""
        if value == entry.get(lang):
            continue
        for fragment in _fragments(value):
            cjk = len(_CJK.findall(fragment))
            if (lang == "zh" and len(fragment) >= 4 and not cjk) or (lang == "en" and cjk >= 2):
                forbidden.add(fragment)
    assert len(forbidden) > 50  # the check has teeth
    for text in (html_text, md_text):
        for user in _user_text(demo):  # what the user typed may be in any language
            text = text.replace(" ".join(user.split()), " ")
        if lang == "en":  # the catalog quotes Chinese menu words to type or tap ("注销")
            text = re.sub(r'["“][^"”\s]{1,20}["”]', " ", text)
        leaks = sorted(
            f for f in forbidden if re.search(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])", text)
        )
        assert leaks == [], leaks
    if lang == "zh":  # the report's own words are all Chinese, with full-width punctuation
        table = _tables()
        for key, entry in table.items():
            if key.startswith("report_"):
                assert _CJK.search(entry["zh"]), key
                assert not re.search(r"[(),;:](?![^{]*\})", entry["zh"].replace("{", " {")), key


def _assert_demo_content(text: str, data: ReportData) -> None:
    for section in data.numbers:
        for account in section.accounts:
            assert account.name in text
        for step in section.next_steps:
            assert step.title in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_account_and_open_step_is_in_both_formats(
    demo: Store, catalog: Catalog, lang: str
) -> None:
    data = report(demo, catalog, lang)
    _assert_demo_content(" ".join(" ".join(_parse(render_html(data)).text).split()), data)
    rendered = MarkdownIt("commonmark").enable("table").render(render_markdown(data))
    plain = "".join(_parse(rendered).text)
    _assert_demo_content(plain, data)


def test_an_empty_database_and_an_unknown_platform(tmp_path: Path, catalog: Catalog) -> None:
    with Store.open(tmp_path / "db.sqlite3") as store:
        empty = report(store, catalog)
        assert empty.numbers == () and empty.chain.head_id is None
        assert "No numbers added yet." in render_html(empty)
        assert "No numbers added yet." in render_markdown(empty)
        number = store.add_number("+8613800002222")
        store.add_account("not-in-catalog", number.id, label="old game")
        (section,) = report(store, catalog).numbers
    (account,) = section.accounts
    assert account.name == "not-in-catalog (old game)" and account.status == "not_started"
    assert account.risk == "not in the catalog"
    assert section.summary_total.not_started == 1
