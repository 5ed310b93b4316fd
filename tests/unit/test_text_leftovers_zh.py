"""The last English-only messages (issue 16), now said through the string tables:
the catalog loader's problems with a platform file, a missing own service, the
picker's refusals, the calendar key's write error, a discover file the operating
system refuses, and the import summary's own services.

Each check runs under `--lang zh` and asks for no Latin word once the file's own
words, ids and paths are taken out (see test_problem_lines_zh.py); the English side
is checked too, so the keys carry both languages.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_problem_lines_zh import _CJK, check, chinese_lines, file_words, latin_words, run

from acctexit.app import actions
from acctexit.app.discover import error_line
from acctexit.app.workspace import Workspace
from acctexit.catalog import CatalogError, load_catalog
from acctexit.catalog.schema import PLATFORM_KEYS
from acctexit.discover import DiscoverFileError, discover
from acctexit.domain.models import Category, ConditionKind, NumberState, StepKind
from acctexit.i18n import error_text
from acctexit.resources import data_root
from acctexit.store import InvalidInputError, Store

# --- catalog --check: a platform file breaking the loader's rules ------------------

BROKEN = """
id = "other-id"
name.zh = "样例"
name.en = "Sample"
category = "commerce"
domains = ["Example.COM"]
phone_use = "sms_login"
deletion_method = "inactivity"
deletion_path.zh = ["设置"]
sources = ["nowhere", "seed:001", "seed:001"]
sms_senders = ["abc", "95188", "95188"]
verified = true

[[sms]]
signature = "【样例】"
confidence = "high"
source = "audit:sms"

[[sms]]
signature = " 样例 "
confidence = "high"
source = "audit:sms"

[[sms]]
signature = "样例"
confidence = "high"
source = "audit:sms"

[[sms]]
signature = "样例"
confidence = "high"
source = "audit:sms"

[[conditions]]
kind = "review_days"
text.zh = "审核"

[[conditions]]
kind = "zero_balance"
days = 3
text.zh = "余额"

[[conditions]]
kind = "daily_attempts"
days = 0
text.zh = "次数"

[[groups]]
id = "Bad Group"
title.zh = "组"
title.en = "Group"

[[groups]]
id = "unused"
title.zh = "组"
title.en = "Group"
source = "seed:001"

[[groups]]
id = "unused"
title.zh = "组"
title.en = "Group"
source = "seed:001"

[[steps]]
id = "Bad_Step"
kind = "withdraw_balance"
text.zh = "步骤"
temporary = true
cancels_number = true
group = "missing"
source = "nowhere"

[[steps]]
id = "close"
kind = "deregister"
text.zh = "注销"
verified = true
cancels_number = true

[[steps]]
id = "close"
kind = "deregister"
text.zh = "注销"

[[steps]]
id = "close-again"
kind = "deregister"
text.zh = "注销"
cancels_number = true
"""

# What each of the loader's rules says in Chinese (one fragment each): every one must
# show up, so a rule left in English (or dropped) fails here.
SAID = [
    "未知的来源编号",  # an unknown source
    "必须写天数",  # a condition kind needing days, and inactivity without days
    "不带天数",  # a flag condition with days
    "尝试次数至少为",  # zero attempts per day
    "以外的来源",  # verified without a source
    "步骤编号",  # a malformed step id, and a duplicate one
    "可以是临时的",  # temporary on the wrong kind
    "可以注销号码",  # cancels_number on the wrong kind
    "未知的分组",  # an undeclared group
    "与文件名不符",  # id and file name differ
    "不是有效的平台编号",  # a malformed file name
    "小写域名",  # a malformed domain
    "应为数组",  # phone_use not an array
    "不应写注销路径",  # a path with an inactivity deletion
    "列了两次",  # a source, a sender or a signature twice
    "没有步骤使用分组",  # an unused group
    "只能有一个步骤注销号码",  # two cancelling steps
    "不是发送号码",  # a malformed sender
    "不要带括号",  # a bracketed signature
    "前后不能有空格",  # a padded signature
    "分组编号",  # a malformed and a duplicate group id
    "把步骤这样分组的来源",  # a group without its source
]


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """The shipped data with one platform file that breaks every rule above, and one
    whose file name is no platform id."""
    root = tmp_path / "data"
    shutil.copytree(data_root() / "platforms", root / "platforms")
    for name in ("sources.toml", "services.toml"):
        shutil.copy(data_root() / name, root / name)
    (root / "platforms" / "sample.toml").write_text(BROKEN, encoding="utf-8")
    (root / "platforms" / "Bad_Name.toml").write_text(
        'id = "Bad_Name"\nname.zh = "样例"\nname.en = "Sample"\ncategory = "commerce"\n'
        'deletion_method = "support"\n',
        encoding="utf-8",
    )
    return root


def test_catalog_check_says_the_platform_rules_in_chinese(broken_copy: Path) -> None:
    code, zh = check(broken_copy, "zh")
    assert code == 1
    lines = chinese_lines(zh)
    for fragment in SAID:
        assert fragment in zh, fragment
    allowed = {w for f in broken_copy.rglob("*.toml") for w in file_words(f)}
    allowed |= set(PLATFORM_KEYS) | {c.value for c in Category}
    allowed |= {k.value for k in StepKind} | {k.value for k in ConditionKind}
    allowed |= {"data", "toml", "example", "com", "rebind-phone", "clear-bindings"}
    assert latin_words(zh, allowed=allowed) == set()
    code, en = check(broken_copy, "en")
    # Chinese in English only where a signature is quoted: the file's, or the example.
    assert code == 1 and not _CJK.search(re.sub("样例|腾讯科技", "", en))
    assert len(en.splitlines()) == len(lines)
    assert "required for condition kind 'review_days'" in en  # the English as before


# --- a missing own service ----------------------------------------------------------


def test_a_missing_own_service_is_said_in_chinese(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x.sqlite3")
    try:
        refusals = []
        for call in (
            lambda: store.own_service(99),
            lambda: store.update_own_service(99, name="新名字"),
        ):
            with pytest.raises(InvalidInputError) as refused:
                call()
            refusals.append(refused.value)
    finally:
        store.close()
    for refusal in refusals:
        assert error_text(refusal, "zh") == "没有编号为 99 的自有服务"
        assert str(refusal) == "there is no own service with id 99"  # as before


# --- the picker's refusals ----------------------------------------------------------


def test_the_pickers_refusals_are_said_in_the_users_language(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x.sqlite3")
    try:
        ws = Workspace(store, load_catalog(), date(2026, 12, 1))
        number = store.add_number("+8613800001234", label="", state=NumberState.KEPT)
        zh = actions.add_accounts(ws, number.id, ["alipay", "Not An Id!", "own:99"], "zh")
        en = actions.add_accounts(ws, number.id, ["Not An Id!"], "en")
    finally:
        store.close()
    assert [a.platform_id for a in zh.accounts] == ["alipay"]
    assert len(zh.errors) == 2
    for error in zh.errors:
        assert error.startswith("平台："), error
        assert latin_words(error) == set(), error
    assert en.errors and not _CJK.search(en.errors[0])


# --- discover: a file the operating system refuses ----------------------------------


def test_a_file_discover_cannot_open_is_said_in_chinese(tmp_path: Path) -> None:
    inside = tmp_path / "a-file"
    inside.write_text("x", encoding="utf-8")
    below_a_file = inside / "sms.xml"  # a path through a file: the OS says ENOTDIR
    with pytest.raises(DiscoverFileError) as refused:
        discover([below_a_file], load_catalog())
    zh = error_line(refused.value, "zh")
    assert "错误号" in zh  # the OS's number, not its English words
    assert latin_words(zh, paths=(str(below_a_file),)) == set(), zh
    en = error_line(refused.value, "en")
    assert "Not a directory" in en


def test_the_discover_command_says_the_os_refusal_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inside = tmp_path / "a-file"
    inside.write_text("x", encoding="utf-8")
    below_a_file = inside / "sms.xml"
    db = tmp_path / "x.sqlite3"
    code, _, err = run(capsys, "--lang", "zh", "--db", str(db), "discover", str(below_a_file))
    assert code != 0
    chinese_lines(err)
    allowed = {"discover"}  # the command's name
    assert latin_words(err, paths=(str(below_a_file), str(db)), allowed=allowed) == set(), err


# --- the import summary -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "自有服务新增 2 个"), ("en", "own services: 2 added")]
)
def test_the_import_summary_counts_own_services(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: Any, said: str
) -> None:
    csv = tmp_path / "own.csv"
    csv.write_text(
        "number,platform,name,category\n"
        "13800001234,,宁波银行,finance\n"
        "13800001234,,个人所得税,government\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--lang", lang, "--db", str(tmp_path / "x.db"), "import", str(csv))
    assert code == 0
    assert said in out


# --- a broken catalog met outside `catalog --check` (the report, the app's start) ---


def test_a_broken_catalog_is_said_in_chinese_wherever_it_is_met(broken_copy: Path) -> None:
    with pytest.raises(CatalogError) as broken:
        load_catalog(broken_copy, use_stored=False)
    zh = error_text(broken.value, "zh")
    en = error_text(broken.value, "en")
    assert len(zh.splitlines()) == len(en.splitlines()) == len(broken.value.problems)
    assert "不是有效的平台编号" in zh and "is not a valid platform id" in en
    allowed = {w for f in broken_copy.rglob("*.toml") for w in file_words(f)}
    allowed |= set(PLATFORM_KEYS) | {c.value for c in Category}
    allowed |= {k.value for k in StepKind} | {k.value for k in ConditionKind}
    allowed |= {"data", "toml", "example", "com", "rebind-phone", "clear-bindings"}
    assert latin_words(zh, allowed=allowed) == set()
