"""The outlet a page names itself by, and the year evidence it carries (copyright years).

Only general shapes are used (copyright lines, subscribe calls, author bios, agency datelines):
tracker knows no outlet by name.
"""

from __future__ import annotations

import re

from tracker.ingest.rules import rules, setting

OUTLETS = "ingest_outlet.yaml"
_DOMAIN = re.compile(r"^(?:www\.)?([\w-]+(?:\.[\w-]+)*)\.([A-Za-z]{2,})$")
_TRAILING_NOISE = re.compile(
    r"(?:\s+(?:All|ALL)(?:\s+(?:[Rr]ights|RIGHTS).*)?|\s+(?:Inc|LLC|Ltd|Limited|GmbH|Corp|Corporation))\.?$"
)
_YEARS = re.compile(r"\d{4}")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def find_outlet(text: str, body: str = "") -> str | None:
    """The outlet named by the first outlet rule that matches a line of the page, made readable.

    Lines kept in the article body are skipped: a page names itself in its furniture, while a
    journalist quoted in the article ("X is a reporter for Y") names someone else's outlet.
    """
    lines = _furniture_lines(text, body)
    every = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    for rule in rules(OUTLETS, "outlet"):
        for line in every if rule.kind == "anywhere" else lines:
            match = rule.regex.search(line)
            if match is None:
                continue
            name = readable_outlet(match.group("name"))
            if name:
                return name
    return None


_EMAIL = re.compile(r"\b[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})\b")


def contact_host(text: str, body: str = "") -> str | None:
    """The site a page's staff write from: the domain of an address in its furniture
    ("jane@harbour-gazette.example"), never a public mail service."""
    public = {str(h).lower() for h in setting(OUTLETS, "mail_services")}
    for line in _furniture_lines(text, body):
        for match in _EMAIL.finditer(line):
            domain = match.group(1).lower()
            if not any(domain == p or domain.endswith("." + p) for p in public):
                return domain
    return None


def outlet_in_body(body: str) -> str | None:
    """The outlet the article's sources speak to twice ("told Example News", "confirmed to HNN"):
    once may be an interview given to another outlet, twice is the outlet that wrote the article."""
    from collections import Counter

    seen: Counter[str] = Counter()
    for rule in rules(OUTLETS, "recipient"):
        for match in rule.regex.finditer(body):
            name = readable_outlet(match.group("name"))
            if name:
                seen[name] += 1
    for name, count in seen.most_common():
        if count >= 2:
            return name
    return None


def readable_outlet(raw: str) -> str | None:
    """A name as a reader writes it.

    "Harbournews.com" -> "Harbournews", "EXAMPLE.De" -> "Example.De", "the Example Times" -> "Example Times";
    "The Times" stays.
    """
    name = raw.strip().strip("«»\"“”'’.,;:|-– ")
    name = _TRAILING_NOISE.sub("", name).strip()
    name = re.sub(r"^the\s+", "", name)  # "at the X" is grammar; "The X" is a name
    if not name:
        return None
    domain = _DOMAIN.match(name)
    if domain and " " not in name:
        return _readable_domain(domain.group(1), domain.group(2))
    return without_company_words(name)


def without_company_words(name: str) -> str:
    """"Example Post Media Group" -> "Example Post": the outlet, not the company that owns it."""
    suffixes = sorted((str(s) for s in setting(OUTLETS, "corporate_suffixes")), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            words = name.split()
            tail = suffix.split()
            if len(words) > len(tail) and [w.casefold().strip(".,") for w in words[-len(tail):]] == tail:
                name = " ".join(words[: -len(tail)]).rstrip(" ,&")
                changed = True
                break
    return name


def _readable_domain(stem: str, tld: str) -> str:
    generic = {str(t).lower() for t in setting(OUTLETS, "generic_tlds")}
    label = stem.split(".")[-1]
    label = label[:1].upper() + label[1:].lower() if label.isupper() or label.islower() else label
    if tld.lower() in generic:
        return label
    return f"{label}.{tld[:1].upper()}{tld[1:].lower()}"


def _furniture_lines(text: str, body: str) -> list[str]:
    kept = {" ".join(p.split()) for p in body.split("\n\n")} if body else set()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line and line not in kept]


def year_hints(text: str, url: str | None = None, body: str = "") -> tuple[int, ...]:
    """Years the page gives as evidence of when it was put out (the latest of each copyright range)."""
    found: set[int] = set()
    sources = _furniture_lines(text, body) + ([url] if url else [])
    for rule in rules(OUTLETS, "year"):
        for line in sources:
            for match in rule.regex.finditer(line):
                years = [int(y) for y in _YEARS.findall(match.group("years"))]
                latest = max(years)
                if EARLIEST_YEAR <= latest <= LATEST_YEAR:
                    found.add(latest)
    return tuple(sorted(found))
