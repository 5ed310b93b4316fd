"""`acctexit-tui catalog`: table, --json and --check, and no traceback on a broken catalog."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from pathlib import Path

import pytest

from acctexit.catalog import load_catalog
from acctexit.commands import catalog as command
from acctexit.commands.context import Context
from acctexit.domain.models import Catalog, Lang


class RootContext(Context):
    """A Context whose catalog comes from a chosen folder (None: the shipped one)."""

    root: Path | None = None

    def load_catalog(self, use_stored: bool = True) -> Catalog:
        return load_catalog(self.root, use_stored=use_stored)


def make_ctx(lang: Lang = "en", root: Path | None = None) -> RootContext:
    return RootContext(
        db_path=Path("unused.db"),
        lang=lang,
        today=date(2026, 1, 1),
        out=io.StringIO(),
        err=io.StringIO(),
        root=root,
    )


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["catalog", *argv])
    assert args.run is command.run
    return args


def out(ctx: Context) -> str:
    assert isinstance(ctx.out, io.StringIO)
    return ctx.out.getvalue()


def err(ctx: Context) -> str:
    assert isinstance(ctx.err, io.StringIO)
    return ctx.err.getvalue()


@pytest.fixture
def broken_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "platforms" / "jd.toml").write_text(
        'id = "jd"\nname.zh = "京东"\nname.en = "JD"\ncategory = "commerce"\n'
        'deletion_method = "self_service"\n\n[[steps]]\nid = "x"\nkind = "foo"\ntext.zh = "x"\n',
        encoding="utf-8",
    )
    (root / "platforms" / "bad.toml").write_text("id = \n", encoding="utf-8")
    return root


def test_check_passes_on_the_shipped_catalog() -> None:
    ctx = make_ctx()
    code = command.run(parse("--check"), ctx)
    catalog = load_catalog()
    assert code == 0, err(ctx)
    count = len(catalog.platforms)
    assert out(ctx).strip() == f"ok: {count} platforms"
    assert err(ctx) == ""


def test_check_fails_naming_every_problem(broken_root: Path) -> None:
    ctx = make_ctx(root=broken_root)
    assert command.run(parse("--check"), ctx) == 1
    text = err(ctx)
    assert "data/platforms/jd.toml: steps[0].kind: unknown step kind 'foo'" in text
    assert "data/platforms/bad.toml: line 1, column" in text
    assert "Traceback" not in text
    assert out(ctx) == ""


def test_check_says_its_problems_in_chinese(broken_root: Path) -> None:
    ctx = make_ctx("zh", root=broken_root)
    assert command.run(parse("--check"), ctx) == 1
    assert "data/platforms/bad.toml：第 1 行第 6 列：文件格式有误" in err(ctx)


@pytest.mark.parametrize("flags", [(), ("--json",)])
def test_listing_a_broken_catalog_reports_problems_without_traceback(
    broken_root: Path, flags: tuple[str, ...]
) -> None:
    ctx = make_ctx(root=broken_root)
    assert command.run(parse(*flags), ctx) == 2
    assert "unknown step kind 'foo'" in err(ctx)
    assert out(ctx) == ""


LISTED = {
    "mail": """
id = "mail"
name.zh = "样例邮箱"
name.en = "Example Mail"
category = "social"
deletion_method = "inactivity"
inactivity_days = 180
""",
    "tax": """
id = "tax"
name.zh = "样例税务"
name.en = "Example Tax"
category = "government"
deletion_method = "support"
grade = "hard"
grade_reason.zh = "只能致电客服注销。"
grade_reason.en = "Only a call to support closes it."
verified = true
sources = ["seed:001"]
""",
    "shop": """
id = "shop"
name.zh = "样例商城"
name.en = "Example Shop"
category = "commerce"
deletion_method = "self_service"
grade = "easy"
grade_reason.zh = "应用内即可注销。"
grade_reason.en = "Deleted in the app at once."
""",
}


@pytest.fixture
def listed_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "platforms").mkdir(parents=True)
    (root / "sources.toml").write_text(
        '[[source]]\nid = "seed:001"\ntitle = "An article"\n', encoding="utf-8"
    )
    for pid, text in LISTED.items():
        (root / "platforms" / f"{pid}.toml").write_text(text, encoding="utf-8")
    return root


def _rows(text: str) -> dict[str, list[str]]:
    """Each platform's row, split on the two-space column gaps."""
    import re

    return {
        line.split()[0]: re.split(r"\s{2,}", line)
        for line in text.splitlines()[1:]
        if line and line.split()[0] in LISTED
    }


def test_plain_listing_in_english(listed_root: Path) -> None:
    ctx = make_ctx("en", listed_root)
    assert command.run(parse(), ctx) == 0
    lines = out(ctx).splitlines()
    assert lines[0].split() == ["id", "name", "category", "grade", "deletion", "verified"]
    assert _rows(out(ctx)) == {
        "mail": ["mail", "Example Mail", "Social", "-", "inactivity (180d)", "unverified"],
        "shop": ["shop", "Example Shop", "Shopping", "Easy", "self-service", "unverified"],
        "tax": ["tax", "Example Tax", "Government", "Hard", "via support", "✓"],
    }
    assert lines[-1] == "3 platforms, 1 verified against a source."


def test_plain_listing_in_chinese(listed_root: Path) -> None:
    ctx = make_ctx("zh", listed_root)
    assert command.run(parse(), ctx) == 0
    # the app's words (购物, not a second word for commerce), full-width brackets
    assert _rows(out(ctx)) == {
        "mail": ["mail", "样例邮箱", "社交", "-", "不活跃后删除（180 天）", "未核实"],
        "shop": ["shop", "样例商城", "购物", "容易", "自助注销", "未核实"],
        "tax": ["tax", "样例税务", "政务", "困难", "联系客服", "✓ 已核实"],
    }
    assert out(ctx).splitlines()[-1] == "共 3 个平台，其中 1 个已按来源核实。"


def test_the_shipped_catalog_is_listed_whole() -> None:
    ctx = make_ctx("en")
    assert command.run(parse(), ctx) == 0
    listed = [line.split()[0] for line in out(ctx).splitlines()[1:] if line.strip()][:-1]
    assert listed == list(load_catalog().platforms)


def test_json_is_the_whole_validated_catalog() -> None:
    # WeChat's facts are pinned by test_catalog_facts; here: they reach the JSON.
    ctx = make_ctx()
    assert command.run(parse("--json"), ctx) == 0
    text = out(ctx)
    assert "微信" in text  # ensure_ascii=False
    data = json.loads(text)
    catalog = load_catalog()
    assert [p["id"] for p in data["platforms"]] == list(catalog.platforms)
    wechat = next(p for p in data["platforms"] if p["id"] == "wechat")
    dereg = next(s for s in wechat["steps"] if s["id"] == "deregister")
    quiet = next(c for c in dereg["conditions"] if c["kind"] == "quiet_after_change")
    assert quiet["days"] == 14
    assert wechat["deletion_path"]["zh"] == "我 › 设置 › 账号与安全 › 微信安全中心 › 注销账号"
    assert data["discover_steps"][0]["id"] == "yzt-check"
    assert data["aftercare_steps"][0]["phase"] == "aftercare"


def test_json_and_check_are_exclusive() -> None:
    with pytest.raises(SystemExit):
        parse("--json", "--check")


def test_command_module_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, acctexit.commands.catalog as c; "
        "bad = [m for m in ('acctexit.catalog', 'tomllib', 'textual', 'sqlite_utils', 'json') "
        "if m in sys.modules]; print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from acctexit.cli import main
    from acctexit.commands.parser import COMMAND_MODULES

    assert "catalog" in COMMAND_MODULES
    db = str(tmp_path / "x.sqlite3")
    assert main(["--db", db, "--today", "2026-01-01", "catalog", "--stale", "0"]) == 0
    assert "not checked in the 0 days before 2026-01-01." in capsys.readouterr().out
    assert main(["--db", db, "--lang", "en", "catalog"]) == 0
    assert "WeChat" in capsys.readouterr().out
