"""Options and helpers for the reliability tests (crash, concurrency, bad files, fuzzing).

`pytest --heavy` runs the long versions (more kills, more writers, more examples);
the default sizes keep the whole folder under a minute in CI.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--heavy",
        action="store_true",
        default=False,
        help="run the reliability tests at full size (slow)",
    )


@pytest.fixture
def heavy(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--heavy"))
