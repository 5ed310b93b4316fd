"""A reference: the dashboard's layout drawn by Textual alone (no acctexit code, no data).

The same header line, four bordered panes in two columns with their heights and a key
line, filled with plain text. What it costs over the bare hello app is what Textual
spends to style, lay out and draw this screen; what the real dashboard costs over it
is ours (imports, store, catalog, plan, rows, our widgets). See instructions.py.
"""

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

CSS = """
Screen { layout: vertical; }
#bar { height: 1; padding: 0 1; background: $panel; }
#body { height: 1fr; }
#left { width: 44; }
#right { width: 1fr; }
.pane { border: round $panel-lighten-2; border-title-color: $text-muted; }
#accounts { height: 1fr; }
#log { height: 11; }
#risk { height: 13; padding: 0 1; }
#steps { height: 1fr; }
#keys { height: 1; }
"""

LINE = "支付宝  Alipay   高 HIGH   2/7  余额 ¥1,234 · 银行卡 2 张"


def pane(id: str, title: str, lines: int) -> Static:
    s = Static("\n".join(f"{i:2} {LINE}" for i in range(lines)), id=id, classes="pane")
    s.border_title = title
    return s


class Skeleton(App[None]):
    CSS = CSS

    def compose(self) -> ComposeResult:
        yield Static("acctexit  138****1234  冻结后 90 天可能再放号  DEMO", id="bar")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield pane("accounts", "Accounts", 21)
                yield pane("log", "Log", 9)
            with Vertical(id="right"):
                yield pane("steps", "Steps", 19)
                yield pane("risk", "Risk", 11)
        yield Static(" ↑↓ move  Enter steps  Space tick  / filter  ? help  q quit", id="keys")


if __name__ == "__main__":
    Skeleton().run()
