"""What a page's address says: the publication day many sites put in their paths, and the host.

"https://example.com/world/2024/03/14/harbour-strike" gives 14 March 2024; ".../2024/03/strike"
gives only March 2024 (a bound, not a day). The shapes are data (datelines.yaml, group `url`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from tracker.ingest.hosts import HOSTS
from tracker.ingest.rules import rules, setting
from tracker.types import Precision, TimeValue

DATELINES = "datelines.yaml"
_CANONICAL = (
    re.compile(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.IGNORECASE),
    re.compile(r"<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*>", re.IGNORECASE),
)
_HREF = re.compile(r"\b(?:href|content)=[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A date found in an address: a day, or a month when the path gives no day."""

    value: TimeValue
    text: str  # the part of the address it came from


def url_date(url: str | None) -> UrlDate | None:
    """The publication date in an address's path, the finest the path gives; None when it has none."""
    path = _path(url)
    if not path:
        return None
    found: list[UrlDate] = []
    for rule in rules(DATELINES, "url"):
        for match in rule.regex.finditer(path):
            value = _value(match)
            if value is not None:
                found.append(UrlDate(value, match.group(0).strip("/-_")))
    if not found:
        return None
    return max(found, key=lambda f: (f.value.precision, -path.find(f.text)))


def _path(url: str | None) -> str:
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return unquote(parts.path + ("?" + parts.query if parts.query else ""))


def _value(match: re.Match[str]) -> TimeValue | None:
    groups = match.groupdict()
    year = int(groups["y"])
    earliest, latest = (int(y) for y in setting(DATELINES, "url_years"))
    if not earliest <= year <= latest:
        return None
    month = _month(groups.get("m") or "")
    if month is None:
        return None
    try:
        if groups.get("d"):
            return TimeValue.day(dt.date(year, month, int(groups["d"])))
        first = dt.date(year, month, 1)
    except ValueError:
        return None
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    return TimeValue(first, after - dt.timedelta(days=1), Precision.MONTH)


def _month(text: str) -> int | None:
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    names = [str(m).lower() for m in setting(DATELINES, "url_months")]
    key = text.lower()[:3]
    return names.index(key) + 1 if key in names else None


WRAPPED_DEPTH = 3  # a redirect inside a redirect inside a redirect: no further


def unwrapped(url: str) -> str:
    """The address a redirect or reading proxy carries in its query (ingest_hosts.yaml
    `wrapper_params`) when it is on another host, or the address itself:
    "https://proxy.example/read.php?url=http%3A%2F%2Fwww.harbourtimes.com%2F2024%2F03%2F14%2Fstrike"
    is the Harbour Times page (a safe-links wrapper, a search engine's redirect, a web archive
    reader); the outlet is the inner page's."""
    names = {str(n) for n in setting(HOSTS, "wrapper_params")}
    for _ in range(WRAPPED_DEPTH):
        try:
            parts = urlsplit(url.strip())
            inner = next((v for k, v in parse_qsl(parts.query) if k.lower() in names and v.lower().startswith(("http://", "https://"))), None)
            if inner is None or urlsplit(inner).hostname == parts.hostname:
                return url
        except ValueError:
            return url
        url = inner
    return url


def host(url: str | None) -> str | None:
    """The host of an http(s) address, lower case, without a port; None for anything else. A
    wrapped address (a redirect carrying the page's own address) gives the page's host."""
    if not url:
        return None
    try:
        parts = urlsplit(unwrapped(url))
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower().rstrip(".")


def canonical_url(html: str) -> str | None:
    """The page's own address: its canonical link, else its og:url."""
    for pattern in _CANONICAL:
        for tag in pattern.finditer(html):
            href = _HREF.search(tag.group(0))
            if href and host(href.group(1)):
                return href.group(1).strip()
    return None
