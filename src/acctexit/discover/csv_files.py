"""Read CSV exports, told apart by their header row: SMS lists and password managers.

Password exports recognised, each by the exact header its program writes:

| program | header (first columns) |
|---|---|
| Chrome, Edge, Brave | `name,url,username,password` (`,note` in newer Chrome) |
| Firefox | `url,username,password,httpRealm,formActionOrigin,guid,timeCreated,…` |
| Bitwarden | `folder,favorite,type,name,notes,fields,[reprompt,]login_uri,login_username,…` |
| 1Password 8 | `Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes` |
| KeePassXC | `Group,Title,Username,Password,URL,Notes` (`,TOTP,Icon,Last Modified,Created`) |

From each row only the address, the login and any dates are looked at; the password
cell is never copied out of the row the csv module hands over, and the row is dropped
before the next is read.

An SMS CSV is any header (case and spaces ignored) that has a sender column (address,
number, sender, from, phone, 号码, 发件人, 手机号) and a body column (body, message, text,
content, sms, 内容, 短信内容); a date column (date, time, timestamp, datetime, 日期,
时间) and a type column (type, direction, 类型) are used when present: then only rows
whose type says received (1, inbox, received, incoming, 接收, 收到) count.

Files are read as UTF-8 (a BOM is fine), one row at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from acctexit.discover.errors import DiscoverFileError
from acctexit.domain.discovery import DiscoveryIndex, Evidence, parse_day

SENDER_COLUMNS = ("address", "number", "sender", "from", "phone", "号码", "发件人", "手机号")
BODY_COLUMNS = ("body", "message", "text", "content", "sms", "内容", "短信内容")
DATE_COLUMNS = ("date", "time", "timestamp", "datetime", "日期", "时间")
TYPE_COLUMNS = ("type", "direction", "类型")
RECEIVED_TYPES = frozenset({"1", "inbox", "received", "incoming", "接收", "收到"})

# program: (header prefix that identifies it, url column, login column,
#           saved-on column, last-used column)
_PASSWORD_FORMATS: dict[str, tuple[tuple[str, ...], str, str, str | None, str | None]] = {
    "chrome": (("name", "url", "username", "password"), "url", "username", None, None),
    "firefox": (
        ("url", "username", "password", "httpRealm", "formActionOrigin"),
        "url",
        "username",
        "timeCreated",
        "timeLastUsed",
    ),
    "onepassword": (("Title", "Url", "Username", "Password"), "Url", "Username", None, None),
    "keepassxc": (
        ("Group", "Title", "Username", "Password", "URL"),
        "URL",
        "Username",
        "Created",
        "Last Modified",
    ),
}
_BITWARDEN_NEEDS = frozenset({"folder", "type", "name", "login_uri", "login_username"})


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "").replace("_", "")


def read_csv(
    path: Path,
    stream: TextIO,
    index: DiscoveryIndex,
    own_numbers: frozenset[str],
) -> Iterator[Evidence]:
    """Evidence for each row of a recognised CSV export; DiscoverFileError otherwise."""
    rows = csv.reader(stream)
    try:
        header = next(rows, None)
        if header is None:
            raise DiscoverFileError(path, "discover_err_empty")
        reader = _reader_for(path, header, index, own_numbers)
        for row in rows:
            evidence = reader(row)
            if evidence is not None:
                yield evidence
    except csv.Error as e:
        raise DiscoverFileError(
            path, "discover_err_csv", line=rows.line_num, reason=str(e)[:80]
        ) from None
    except UnicodeDecodeError:
        raise DiscoverFileError(path, "discover_err_utf8", line=rows.line_num + 1) from None


Reader = Callable[[list[str]], Evidence | None]


def _reader_for(
    path: Path, header: list[str], index: DiscoveryIndex, own: frozenset[str]
) -> Reader:
    names = [h.strip() for h in header]
    for prefix, url, login, saved, used in _PASSWORD_FORMATS.values():
        if tuple(names[: len(prefix)]) == prefix:
            return _login_reader(names, url, login, saved, used, index, own)
    if set(names) >= _BITWARDEN_NEEDS:
        return _bitwarden_reader(names, index, own)
    keys = [_key(h) for h in names]
    sender = _find(keys, SENDER_COLUMNS)
    body = _find(keys, BODY_COLUMNS)
    if sender is not None and body is not None:
        return _sms_reader(
            sender, body, _find(keys, DATE_COLUMNS), _find(keys, TYPE_COLUMNS), index
        )
    raise DiscoverFileError(path, "discover_err_unknown_csv")


def _find(keys: list[str], wanted: tuple[str, ...]) -> int | None:
    for name in wanted:
        if name in keys:
            return keys.index(name)
    return None


def _cell(row: list[str], i: int | None) -> str:
    return row[i] if i is not None and i < len(row) else ""


def _login_reader(
    names: list[str],
    url: str,
    login: str,
    saved: str | None,
    used: str | None,
    index: DiscoveryIndex,
    own: frozenset[str],
) -> Reader:
    u, lg = names.index(url), names.index(login)
    s = names.index(saved) if saved in names else None
    d = names.index(used) if used in names else None

    def read(row: list[str]) -> Evidence | None:
        # Only these cells are read; the rest of the row (the password) is left in it.
        day = parse_day(_cell(row, s)) if s is not None else None
        last = parse_day(_cell(row, d)) if d is not None else None
        return index.scan_login(_cell(row, u), _cell(row, lg), day, last, own)

    return read


def _bitwarden_reader(names: list[str], index: DiscoveryIndex, own: frozenset[str]) -> Reader:
    t, u, lg = names.index("type"), names.index("login_uri"), names.index("login_username")

    def read(row: list[str]) -> Evidence | None:
        if _cell(row, t).strip() != "login":
            return None  # notes, cards, identities
        # Several addresses are written into one cell, separated by commas: the first
        # is the site the login was saved for.
        first = _cell(row, u).split(",", 1)[0]
        return index.scan_login(first, _cell(row, lg), None, None, own)

    return read


def _sms_reader(
    sender: int, body: int, day: int | None, kind: int | None, index: DiscoveryIndex
) -> Reader:
    def read(row: list[str]) -> Evidence | None:
        if kind is not None and _cell(row, kind).strip().lower() not in RECEIVED_TYPES:
            return None
        when = parse_day(_cell(row, day)) if day is not None else None
        return index.scan_sms(_cell(row, sender), _cell(row, body), when)

    return read
