"""The README's key table and setup commands stay true to the code and CI."""

from __future__ import annotations

from pathlib import Path

from acctexit.tui.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _key_column() -> str:
    rows = [
        line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `")
    ]
    return " ".join(row.split("|")[1] for row in rows)


def test_every_command_key_is_in_the_readme_key_table() -> None:
    keys = _key_column()
    for command in COMMANDS:
        shown = command.key_display or command.key
        assert f"`{shown}`" in keys, f"README key table lacks {command.id} ({shown})"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = README.read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(
        line.strip() for line in readme.splitlines() if "pip install '.[test]'" in line
    )
    assert test_command in ci
