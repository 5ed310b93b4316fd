"""Discovery: which catalog platforms the user's own files point at. Pure, no I/O.

The readers in `acctexit.discover` turn each SMS or saved login into a small evidence
record with the help of a `DiscoveryIndex` (built once from the catalog):

- `SmsEvidence`: the sender address, the 【signature】 if there is one, the catalog
  `words` found in the body for that signature, whether the body looks like a
  verification code, and the day. The body itself never leaves the reader.
- `LoginEvidence`: the host of the saved URL, whether the login is a phone number (and
  whether it is one of the user's own), and the day if the export has one. The password
  is never read.

`Tally` folds any number of records into counts (bounded memory: one entry per platform
or unknown sender, never one per message) and `Tally.findings()` gives the `Findings`
model the command line and the screens show.

Matching, in this order, and never a guess the user is not shown:
1. the exact signature (【…】 or […], at the start or the end of the body). When several
   catalog entries claim one signature (腾讯科技: WeChat and QQ), the entries whose
   `words` occur in the body decide; if none or several do, the message is reported as
   ambiguous with every candidate, and nothing is added for it automatically;
2. the sender number, for the stable ones a platform lists (95588, 12306…);
3. for saved logins, the host of the URL against the catalog's `domains`, subdomains
   included, the most specific domain winning (weixin.qq.com is WeChat, mail.qq.com QQ).
Messages that look like verification codes but match nothing are grouped by signature
(or by sender when there is none) as candidates for the user's own services.

The package's modules: `signals` (what one record says), `matching` (the evidence and
the catalog index), `findings` (the model and the tally); every public name is
importable from `acctexit.domain.discovery`.
"""

from acctexit.domain.discovery.findings import (
    AmbiguousFinding,
    Findings,
    PlatformFinding,
    Tally,
    UnknownSender,
    UnknownSite,
)
from acctexit.domain.discovery.matching import (
    DiscoveryIndex,
    Evidence,
    LoginEvidence,
    SignatureRule,
    SmsEvidence,
)
from acctexit.domain.discovery.signals import (
    CHINA_TIME,
    CODE_WORDS,
    day_from_epoch,
    extract_signature,
    is_code_like,
    mobile_number,
    parse_day,
    registrable_domain,
    sender_key,
    url_host,
)

__all__ = [
    "CHINA_TIME",
    "CODE_WORDS",
    "AmbiguousFinding",
    "DiscoveryIndex",
    "Evidence",
    "Findings",
    "LoginEvidence",
    "PlatformFinding",
    "SignatureRule",
    "SmsEvidence",
    "Tally",
    "UnknownSender",
    "UnknownSite",
    "day_from_epoch",
    "extract_signature",
    "is_code_like",
    "mobile_number",
    "parse_day",
    "registrable_domain",
    "sender_key",
    "url_host",
]
