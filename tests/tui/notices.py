"""What the notices say, read where the user reads them: Textual's toasts on the
screen. The app must run with `run_test(notifications=True)` (a test run shows no
toasts otherwise)."""

from __future__ import annotations

from textual.app import App


def notices(app: App[object]) -> list[str]:
    """The words of every toast on the current screen (its title, then its message)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
