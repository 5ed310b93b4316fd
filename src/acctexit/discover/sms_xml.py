"""Read an SMS Backup & Restore XML file as a stream of `SmsEvidence`.

The format: `<smses count="…"><sms address="…" date="<ms since epoch>" type="1"
body="…" …/> … <mms …>…</mms></smses>`. Only received messages (type 1, or no type)
count. The file is untrusted: defusedxml refuses any document type declaration, so an
entity bomb or an external entity stops at once with an error instead of expanding,
and `iterparse` with the root cleared after each message keeps memory bounded
whatever the file's size. A body is only scanned (signature, words, code-like) and
dropped with its element.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import (  # type: ignore[import-untyped]
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
)
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

from acctexit.discover.errors import DiscoverFileError
from acctexit.domain.discovery import DiscoveryIndex, SmsEvidence, day_from_epoch

ROOT = "smses"
RECEIVED = "1"

# expat's error codes for a document that stops early, and for bytes that are not
# characters in the declared encoding (xml.parsers.expat.errors).
_ENDS_EARLY = {3, 5, 6}  # no element found, unclosed token, partial character
_BAD_BYTES = {4}  # not well-formed (invalid token): usually bytes that are not UTF-8


def read_sms_xml(path: Path, stream: BinaryIO, index: DiscoveryIndex) -> Iterator[SmsEvidence]:
    """Evidence for each received message in `stream` (an open SMS Backup & Restore file)."""
    try:
        events = iterparse(stream, events=("start", "end"), forbid_dtd=True)
        root = None
        for event, elem in events:
            if root is None:
                if elem.tag != ROOT:
                    raise DiscoverFileError(path, "discover_err_xml_root", tag=str(elem.tag)[:40])
                root = elem
                continue
            if event != "end":
                continue
            if elem.tag == "sms":
                evidence = _message(elem.attrib, index)
                if evidence is not None:
                    yield evidence
            if elem.tag in ("sms", "mms"):
                root.clear()  # drop this message (and any before it) from the tree
    except DTDForbidden:
        raise DiscoverFileError(path, "discover_err_xml_dtd") from None
    except EntitiesForbidden:
        raise DiscoverFileError(path, "discover_err_xml_entities") from None
    except DefusedXmlException:
        raise DiscoverFileError(path, "discover_err_xml_external") from None
    except ParseError as e:
        line, column = e.position
        code = getattr(e, "code", 0)
        if code in _ENDS_EARLY:
            raise DiscoverFileError(path, "discover_err_xml_truncated", line=line) from None
        if code in _BAD_BYTES:
            raise DiscoverFileError(
                path, "discover_err_xml_bytes", line=line, column=column + 1
            ) from None
        raise DiscoverFileError(
            path, "discover_err_xml_malformed", line=line, column=column + 1
        ) from None


def _message(attrib: dict[str, str], index: DiscoveryIndex) -> SmsEvidence | None:
    kind = attrib.get("type", RECEIVED).strip()
    if kind != RECEIVED:
        return None  # sent, draft, outbox…: the user's own words, not a service's
    raw_date = attrib.get("date", "").strip()
    plausible = raw_date.isascii() and raw_date.isdigit() and len(raw_date) <= 15
    day = day_from_epoch(int(raw_date), millis=True) if plausible else None
    return index.scan_sms(attrib.get("address", ""), attrib.get("body", ""), day)
