"""When the shipped data folder is missing, the string tables are missing with it, so
the error that says so cannot be looked up in them: it says it in both languages at
once, a Chinese line (Chinese throughout, full-width punctuation) and an English one."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources as importlib_resources
from pathlib import Path

import pytest
from test_problem_lines_zh import _CJK, latin_words

from acctexit.resources import DATA_MISSING, data_root


def test_missing_data_files_are_said_in_chinese_and_in_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # No data folder beside the package, none in the checkout, none packaged.
    is_dir = Path.is_dir
    monkeypatch.setattr(Path, "is_dir", lambda p: p.name != "data" and is_dir(p))
    monkeypatch.setattr(importlib_resources, "files", lambda package: tmp_path)
    with pytest.raises(FileNotFoundError) as caught:
        data_root()
    zh, en = str(caught.value).splitlines()
    assert _CJK.search(zh) and not latin_words(zh), zh  # only the program's own name
    assert zh.endswith("。") and "，" in zh and not any(c in zh for c in ",;:."), zh
    assert not _CJK.search(en) and "missing" in en and "reinstall" in en, en


def test_the_data_folder_is_found_as_installed() -> None:
    # The same look-up, with nothing hidden: the guard above is not always tripped.
    assert data_root().is_dir()


# The real entry point in a fresh interpreter, every data folder hidden before it loads.
_BROKEN_INSTALL = """
import sys
from importlib import resources
from pathlib import Path
is_dir = Path.is_dir
Path.is_dir = lambda p: p.name != "data" and is_dir(p)
resources.files = lambda package: Path(sys.argv[1])
from acctexit.cli import main
sys.exit(main(["--lang", "en", "catalog", "--check"]))
"""


def test_the_command_says_it_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", _BROKEN_INSTALL, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == DATA_MISSING, result.stderr
    assert "Traceback" not in result.stderr and not result.stdout
