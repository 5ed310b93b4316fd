"""The unsafe-character rule's shortcut: text `str.isprintable()` passes is returned
without the regular expression (compiled only on first need), so the shortcut must
give exactly what the expression gives."""

from __future__ import annotations

import random
import sys

import pytest

from acctexit.domain.fields import (
    clean_free_text,
    has_unsafe,
    own_name,
    strip_unsafe,
    unsafe_pattern,
)
from acctexit.domain.fields.errors import FieldError
from acctexit.sanitize import strip_controls, terminal_safe


def test_every_unsafe_character_is_one_isprintable_refuses() -> None:
    pattern = unsafe_pattern()
    matched = [c for c in range(sys.maxunicode + 1) if pattern.fullmatch(chr(c))]
    assert len(matched) > 2048  # the lone surrogates alone are 2,048
    printable = [hex(c) for c in matched if chr(c).isprintable()]
    assert printable == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain label",
        "张小明的微信",
        "a\u202eb",  # bidi override
        "x\u200by",  # zero-width space
        "tag\U000e0041",
        "bell\x07",
        "c1\x85",
        "lone \ud800 surrogate",
        "tab\tand\nnewline",
        "nbsp\u00a0and\u3000ideographic space",  # not printable, but not unsafe either
        "private \ue000 use",
        "emoji 👩\u200d💻 with ZWJ",
    ],
)
def test_the_shortcut_gives_what_the_expression_gives(text: str) -> None:
    assert strip_unsafe(text) == unsafe_pattern().sub("", text)
    assert has_unsafe(text) == (unsafe_pattern().search(text) is not None)


def test_random_text_is_cleaned_the_same_with_and_without_the_shortcut() -> None:
    rng = random.Random(16)
    alphabet = (
        [chr(c) for c in range(0x20)]
        + ["\x7f", "\x9f", "\u061c", "\u200e", "\u2066", "\u180e", "\ufeff", "\U000e007f"]
        + ["\ud9ff", "\u00a0", "\u3000", "\u200d", "a", " ", "微", "🙂", "\ue000", "\U000e0080"]
    )
    pattern = unsafe_pattern()
    for _ in range(5000):
        text = "".join(rng.choices(alphabet, k=rng.randrange(0, 8)))
        assert strip_unsafe(text) == pattern.sub("", text)
        assert has_unsafe(text) == (pattern.search(text) is not None)
        assert not has_unsafe(terminal_safe(text))


def test_the_rules_that_use_it_still_clean_and_refuse() -> None:
    assert clean_free_text(" a\u202eb\tc\n ") == "ab c"
    assert clean_free_text("a\u200b\r\nb\t", multiline=True) == "a\nb\t"
    assert strip_controls("x\x1by") == "xy"
    assert terminal_safe("x\x1by\u202e") == "x\\x1by\\u202e"
    assert own_name("我的\u00a0服务") == "我的\u00a0服务"
    with pytest.raises(FieldError):
        own_name("bad\u200bname")


def test_the_compiled_class_is_still_importable_under_its_old_name() -> None:
    from acctexit.domain.fields import UNSAFE_MULTILINE

    assert UNSAFE_MULTILINE is unsafe_pattern()
