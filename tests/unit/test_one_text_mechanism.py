"""User-visible words live in data/strings*.toml (or the catalog's data), not in code
(issue 16: one text mechanism for every string, in both languages).

Read from the source with `ast`: no string literal in src/acctexit holds Chinese
(CJK ideographs or full-width punctuation) outside a docstring, unless the module is
listed below with what its Chinese is for. Most entries are not user text at all:
words the program reads (CSV headers, carrier names, "是/否" typed in a form), the
punctuation classes of the line breaker, a marker the code compares. None is prose
for the user, but for the one message the tables cannot hold, that they are missing
(resources.py, in both languages at once): the domain says what it has to say as
messages (`domain/message.py`: a key of the tables and its arguments), which the layer
that shows them says in the user's language; a module with words of its own must not
join the list.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from acctexit.domain.message import msg
from acctexit.domain.models import Lang, Text, Words

SRC = Path(__file__).resolve().parents[2] / "src" / "acctexit"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

ALLOWED: dict[str, str] = {
    # input the program reads or compares, never shown as its own words
    "discover/csv_files.py": "the Chinese column headers of the SMS exports it reads",
    "domain/discovery/signals.py": "patterns for 【signatures】 and code words in SMS bodies",
    "domain/fields/dates.py": "the pattern for dates typed as 2026年3月1日",
    "domain/fields/number_state.py": "carrier names a user may type or import (中国移动…)",
    "domain/fields/numbers.py": "yes / no and 元 as typed into a form or an import",
    "domain/fields/own_services.py": "category names a user may type, and list separators",
    "domain/reconcile.py": "BANK_WORD: how a bank is recognised by its catalog name",
    "catalog/schema.py": "the bracket characters an SMS signature must not contain",
    "catalog/platforms.py": "an example signature in a catalog-check message's arguments",
    # typography: which characters a line may break after, or before
    "tui/wrap.py": "the punctuation classes of the line breaker",
    "tui/render.py": "punctuation a cut title may end at",
    "app/report/markdown.py": "punctuation the Markdown report may break a line after",
    "app/report/text.py": "clause and word boundaries for shortening a sentence",
    "app/report/model.py": "sentence-final punctuation stripped before joining",
    "i18n.py": "the sentence-final punctuation a sentence loses as a clause of another",
    "commands/parser.py": "argparse's ':' after a full-width '：' in a translated section title",
    # the one message the tables cannot hold: it says they are missing
    "resources.py": "DATA_MISSING, said in both languages at once (no table to read)",
}


def _chinese_literals(source: str) -> list[str]:
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        f"line {node.lineno}: {node.value[:40]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CJK.search(node.value)
    ]


def test_no_chinese_words_in_code_outside_the_listed_modules() -> None:
    found = {
        name: literals
        for path in sorted(SRC.rglob("*.py"))
        if (name := str(path.relative_to(SRC))) not in ALLOWED
        and (literals := _chinese_literals(path.read_text(encoding="utf-8")))
    }
    assert not found, found


def test_every_listed_module_still_needs_its_entry() -> None:
    stale = [
        name for name in ALLOWED if not _chinese_literals((SRC / name).read_text(encoding="utf-8"))
    ]
    assert not stale, f"no Chinese literal left: drop from ALLOWED {stale}"


def test_the_scan_sees_literals_and_skips_docstrings() -> None:
    source = (
        '"""模块说明。"""\n'
        "def f(lang):\n"
        '    """函数说明。"""\n'
        '    return "、" if lang == "zh" else ", "\n'
    )
    assert _chinese_literals(source) == ["line 4: '、'"]


# --- the domain's messages: every key it can say has words, said as one sentence -----

DOMAIN = SRC / "domain"
MAKERS = {"Msg", "msg"}


def _literal_message_keys() -> set[str]:
    """Keys the domain names as literals: Msg("key"), msg("key", …), Listed(sep="key")."""
    keys: set[str] = set()
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            first = node.args[0] if node.args else None
            if node.func.id in MAKERS and isinstance(first, ast.Constant):
                keys.add(str(first.value))
            if node.func.id == "Listed":
                keys |= {
                    str(k.value.value)
                    for k in node.keywords
                    if k.arg == "sep" and isinstance(k.value, ast.Constant)
                }
    return keys


def test_every_message_the_domain_can_make_has_words_in_both_languages() -> None:
    from acctexit.domain import reasons as R
    from acctexit.domain.models import Phase
    from acctexit.domain.own import GENERIC_STEP_IDS
    from acctexit.i18n import _table  # the whole table is what this test checks against

    literal = _literal_message_keys()
    assert {"reason_balance", "reason_first_do", "reason_steps_sep"} <= literal  # sees them
    made = {m.key for m in R.PHONE_USE.values()} | {R.phase_name(p).key for p in Phase}
    facts = {"balance", "bank_cards", "password_free", "linked_apps", *R.DATED_FACTS}
    made |= {dict(R.needs_fact(f, R.RULE_QUIET).args)["fact"].key for f in facts}
    made |= {f"own_step_{i.replace('-', '_')}" for i in GENERIC_STEP_IDS}
    made |= {"own_step_title_detail", "list_sep", "list_more", "clause_sep"}
    table = _table()
    missing = sorted(
        k for k in literal | made if not (table.get(k, {}).get("zh") and table[k].get("en"))
    )
    assert missing == []


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "4 个其他应用通过它登录（知乎、滴滴（工作）、微博…）"),
        ("en", "4 other apps sign in through it (Zhihu, Didi (work), Weibo…)"),
    ],
)
def test_a_reason_says_its_names_in_the_same_language_as_one_sentence(
    lang: Lang, said: str
) -> None:
    from acctexit.catalog import load_catalog
    from acctexit.domain.models import Account, PhoneNumber
    from acctexit.domain.risk import assess_account
    from acctexit.i18n import say

    catalog = load_catalog()
    didi = msg("report_account_with_label", name=Text("滴滴", "Didi"), label="工作")
    if lang == "en":
        didi = msg("report_account_with_label", name=Text("滴滴", "Didi"), label="work")
    names: list[Words] = [
        Text("知乎", "Zhihu"),
        didi,
        Text("微博", "Weibo"),
        Text("豆瓣", "Douban"),
    ]
    dependants = [Account(i, "zhihu", 1, sign_in_via="wechat") for i in range(2, 6)]
    wechat = catalog.platforms["wechat"]
    risk = assess_account(
        wechat, Account(1, "wechat", 1), PhoneNumber(1, "+8613800000000"), {}, date(2026, 1, 1),
        dependants=dependants, dependant_names=names,
    )  # fmt: skip
    assert said in [say(r, lang) for r in risk.reasons]


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "余额须为 0：请填写「余额」"), ("en", "Balance must be 0: fill in “balance”")],
)
def test_a_catalog_sentence_goes_on_as_a_clause(lang: Lang, said: str) -> None:
    from acctexit.domain import reasons as R
    from acctexit.i18n import say

    rule = Text("余额须为 0。", "Balance must be 0.")
    assert say(R.needs_fact("balance", rule), lang) == said
