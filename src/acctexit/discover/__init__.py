"""Discover: read the user's own files (SMS backups, password exports) for accounts.

`discover(paths, catalog, ...)` is the use case the command line and the screens call:
it opens each file, tells its format apart (XML: SMS Backup & Restore; CSV: by the
header, see `csv_files`), streams it through the readers, and returns the `Findings`
of `acctexit.domain.discovery`. It never touches the database. Any file that cannot be
read raises `DiscoverFileError` naming it, before anything is shown or added.

What the readers keep: per message the signature, the catalog words found, whether it
looks like a code, the sender and the day; per login the host, whether the login is a
phone number, and dates. Bodies and passwords are not kept, logged or returned.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from acctexit.discover.errors import DiscoverFileError, escape_name
from acctexit.domain.discovery import DiscoveryIndex, Evidence, Findings, Tally
from acctexit.domain.models import Catalog
from acctexit.i18n import os_reason

__all__ = ["DiscoverFileError", "discover", "escape_name", "read_file"]

_SNIFF = 4096
_BOM = b"\xef\xbb\xbf"


def discover(
    paths: Iterable[Path],
    catalog: Catalog | DiscoveryIndex,
    *,
    own_numbers: Iterable[str] = (),
    listed: Iterable[str] = (),
) -> Findings:
    """What `paths` show: catalog platforms (with `listed` ones marked), ambiguous
    signatures, unknown code senders and unknown sites with phone-number logins.
    `own_numbers` (E.164) are the numbers whose logins are flagged."""
    index = catalog if isinstance(catalog, DiscoveryIndex) else DiscoveryIndex.from_catalog(catalog)
    numbers = frozenset(own_numbers)
    tally = Tally(index)
    for path in paths:
        tally.add_all(read_file(Path(path), index, numbers))
    return tally.findings(listed)


def read_file(
    path: Path, index: DiscoveryIndex, own_numbers: frozenset[str] = frozenset()
) -> Iterator[Evidence]:
    """Evidence from one file, streamed; DiscoverFileError if it cannot be read."""
    from acctexit.discover.csv_files import read_csv
    from acctexit.discover.sms_xml import read_sms_xml

    try:
        if path.is_dir():
            raise DiscoverFileError(path, "discover_err_directory")
        if path.exists() and not path.is_file():
            # a pipe or a device: reading could block or never end
            raise DiscoverFileError(path, "discover_err_special")
        raw = open(path, "rb")  # noqa: SIM115 - closed below, after the generator ends
    except FileNotFoundError:
        raise DiscoverFileError(path, "discover_err_missing") from None
    except OSError as e:
        raise DiscoverFileError(path, "discover_err_os", reason=os_reason(e)) from None
    with raw:
        try:
            head = raw.peek(_SNIFF)[:_SNIFF] if isinstance(raw, io.BufferedReader) else b""
        except OSError as e:
            raise DiscoverFileError(path, "discover_err_os", reason=os_reason(e)) from None
        start = head.removeprefix(_BOM).lstrip()
        if not start:
            raise DiscoverFileError(path, "discover_err_empty")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise DiscoverFileError(path, "discover_err_utf16")
        if b"\x00" in head:
            raise DiscoverFileError(path, "discover_err_binary")
        if start.startswith(b"<"):
            yield from read_sms_xml(path, raw, index)
            return
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        yield from read_csv(path, text, index, own_numbers)
