"""argparse's own refusals are said in the language of the command line (issue 16: no
English in the Chinese CLI). Driven through `acctexit.cli.main`, as a user types them."""

from __future__ import annotations

import re

import pytest

from acctexit.cli import main
from acctexit.commands.refusals import say_refusal

# (command line, what the Chinese refusal says)
CASES = [
    (["plan", "--bad"], "无法识别的参数：--bad"),
    (["plan", "--format"], "参数 --format：需要一个值"),
    (["plan", "--format", "xx"], "参数 --format：无效的选择 'xx'（可选："),
    (["nope"], "无效的选择 'nope'"),
    (["import"], "缺少必需的参数：FILE"),
    # the global-options-only parser, and the date rule's own words
    (["--today", "2020-13-01"], "参数 --today：值“2020-13-01”："),
]
ENGLISH = re.compile(r"\b(error|usage|argument|unrecognized|required|expected|invalid|choose)\b")


@pytest.mark.parametrize(
    ("argv", "said"), CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_a_refusal_in_chinese_has_no_english(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "zh", *argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "错误：" in err and "用法：" in err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize(
    ("argv", "said"), CASES[:5], ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_a_refusal_in_english_keeps_argparse_words(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", *argv])
    err = capsys.readouterr().err
    assert "error: " in err and "usage: " in err
    assert not re.search(r"[\u4e00-\u9fff]", err), err


def test_an_unknown_english_form_is_not_shown_in_chinese() -> None:
    assert (
        say_refusal("some new wording from python", "zh")
        == "命令行有误，请对照上面的用法，或加 -h 查看帮助。"
    )
    assert say_refusal("some new wording from python", "en") == "some new wording from python"
