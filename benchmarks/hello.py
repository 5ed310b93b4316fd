"""The reference: a bare Textual app that paints one line (and quits on q)."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("Hello, world!")


if __name__ == "__main__":
    Hello().run()
