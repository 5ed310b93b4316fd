"""A reference: the dashboard's layout drawn by Textual alone (no acctexit code, no data).

It stands for the dashboard as tui/screens/dashboard/screen.py composes it and
tui/app.tcss (wide layout) arranges it: a header line split off the top, a key line
split off the bottom, a left column (accounts over log) split off the left side, and
the risk and steps panes laid out on the screen itself, each pane one bordered widget
with its title, no container around it. Here each is a `Static` of plain text. What
it costs over the bare hello app is what Textual spends to style, lay out and draw
this screen; what the real dashboard costs over it is ours (imports, store, catalog,
plan, rows, our widgets). See instructions.py.

Keep it in step with the dashboard's compose: a container added or removed there is
one here too, or the comparison means nothing.
"""

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

CSS = """
Screen { layout: vertical; }
#bar { split: top; height: 1; padding: 0 1; background: $panel; }
#keys { split: bottom; height: 1; background: $footer-background; }
#left { split: left; width: 44; }
.pane { border: round $panel-lighten-2; border-title-color: $text-muted; }
#accounts { height: 1fr; }
#log { height: 11; }
#risk { height: 13; padding: 0 1; }
#steps { height: 1fr; }
"""

LINE = "支付宝  Alipay   高 HIGH   2/7  余额 ¥1,234 · 银行卡 2 张"


def pane(id: str, title: str, lines: int) -> Static:
    s = Static("\n".join(f"{i:2} {LINE}" for i in range(lines)), id=id, classes="pane")
    s.border_title = title
    return s


class Skeleton(App[None]):
    CSS = CSS

    def compose(self) -> ComposeResult:
        # In the dashboard's order: header, key line, the left column, then the right
        # column's two panes straight on the screen.
        yield Static("acctexit  138****1234  冻结后 90 天可能再放号  DEMO", id="bar")
        yield Static(" ↑↓ move  Enter steps  Space tick  / filter  ? help  q quit", id="keys")
        with Vertical(id="left"):
            yield pane("accounts", "Accounts", 21)
            yield pane("log", "Log", 9)
        yield pane("risk", "Risk", 11)
        yield pane("steps", "Steps", 19)


if __name__ == "__main__":
    Skeleton().run()
