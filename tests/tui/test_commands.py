"""One command table for the dashboard and the dialogs: every key is declared there."""

from __future__ import annotations

from datetime import date

import pytest

from acctexit.domain.models import Catalog, Lang
from acctexit.i18n import translate
from acctexit.tui.commands import DIALOG_COMMANDS, Scope, command_by_id
from acctexit.tui.screens.confirm import ConfirmScreen, LocalizedModal
from acctexit.tui.screens.import_preview import ImportPreview, ImportPreviewScreen
from acctexit.tui.screens.number_form import NumberForm
from acctexit.tui.screens.picker import PlatformPicker
from acctexit.tui.screens.welcome import WelcomeScreen


def dialogs(lang: Lang, catalog: Catalog) -> list[LocalizedModal[object]]:
    return [
        ConfirmScreen(lang, "t", "b", "ok"),
        WelcomeScreen(lang),
        ImportPreviewScreen(lang, ImportPreview()),
        PlatformPicker(lang, catalog),
        NumberForm(lang, date(2026, 11, 24)),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_dialog_key_comes_from_the_table_in_the_dialog_language(
    lang: Lang, catalog: Catalog
) -> None:
    for dialog in dialogs(lang, catalog):
        bindings = [b for b in type(dialog).BINDINGS if not isinstance(b, tuple)]
        assert bindings, type(dialog).__name__
        for binding in bindings:
            assert binding.id is not None
            command = command_by_id(binding.id)
            assert command is not None, binding.id
            assert (binding.key, binding.action) == (command.key, command.action)
            assert binding.description == command.label(lang)


def test_dialog_keys_stay_out_of_the_palette_and_have_labels_in_both_languages() -> None:
    for command in DIALOG_COMMANDS:
        assert not command.palette
        assert command.scope not in (Scope.APP, Scope.DASHBOARD, Scope.ACCOUNTS, Scope.STEPS)
        assert translate(command.label_key or "", "zh") != translate(command.label_key or "", "en")
