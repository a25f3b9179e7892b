"""An outlet's name from a web address: a table of well-known hosts, the page's own words, or
the host split into words.

"www.harbourgazette.com" on a page that writes "Harbour Gazette" is "Harbour Gazette"; with no such
phrase, the host is split by word frequencies (wordsegment) into "Harbour Gazette"; a short rare
piece is an acronym ("hnnworld" -> "HNN World").
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.ingest.rules import load_file, setting

HOSTS = "ingest_hosts.yaml"
_PHRASE = re.compile(r"(?<![\w&.-])(?:[A-Z0-9][\w&'’.-]*)(?:[ -](?:of |the |& |and )?[A-Z0-9][\w&'’.-]*){0,5}")
_VOWELS = set("aeiou")


def outlet_from_host(host: str | None, page_text: str = "") -> str | None:
    """The outlet an address belongs to, or None when the host gives no name."""
    if not host:
        return None
    host = unfolded(host)
    known = _table_name(host)
    own = _own_site(host)
    if known and not own:
        return known
    label = own or site_label(host)
    if not label:
        return None
    return _named_on_page(label, page_text) or split_label(label)


def unfolded(host: str) -> str:
    """The site a cache or staging host carries in one label, its dots made dashes:
    "www-harbourtimes-co-uk.cdn.example.org" -> "www.harbourtimes.co.uk",
    "harbourtimes-com-develop.hosting.example" -> "harbourtimes.com". A label is read so only when
    a piece after the first is a top-level name of `folded_tlds` and the label is not the site's own."""
    labels = host.lower().split(".")
    site = site_label(host)
    if site is None:
        return host
    tlds, second = _names("folded_tlds"), _names("second_level")
    for label in labels[: labels.index(site)]:  # the site's own label and what follows are never folded
        parts = label.split("-")
        for k in range(1, len(parts)):
            if parts[k] not in tlds:
                continue
            country = k + 1 < len(parts) and parts[k] in second and len(parts[k + 1]) == 2
            kept = parts[: k + 2] if country else parts[: k + 1]
            if len(kept) >= 2 and all(kept):
                return ".".join(kept)
    return host


def _own_site(host: str) -> str | None:
    """A site of its own under a big host: a subdomain of several words ("harbourfanswire.example.com")."""
    labels = host.lower().split(".")
    site = site_label(host)
    if site is None or labels.index(site) == 0:
        return None
    sub = labels[labels.index(site) - 1]
    generic = _names("generic_subdomains")
    if sub in generic or _acronym(sub) or len([p for p in _segment(sub) if not p.isdigit()]) < 3:
        return None
    return sub


def _table_name(host: str) -> str | None:
    table = {str(k).lower(): str(v) for k, v in (load_file(HOSTS).get("hosts") or {}).items()}
    labels = host.lower().split(".")
    for i in range(len(labels) - 1):
        suffix = ".".join(labels[i:])
        if suffix in table:
            return table[suffix]
    return None


@lru_cache(maxsize=None)
def _names(key: str) -> frozenset[str]:
    """A list of names of ingest_hosts.yaml ("second_level", "capital_words", ...), read once."""
    return frozenset(str(name) for name in setting(HOSTS, key))


def site_label(host: str) -> str | None:
    """The site's own label of a host: "www.harbour-news.co.uk" -> "harbour-news"."""
    labels = [part for part in host.lower().split(".") if part]
    if len(labels) < 2:
        return None
    second = _names("second_level")
    cut = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in second else 2
    label = labels[-cut]
    return None if label.isdigit() else label


def _named_on_page(label: str, text: str) -> str | None:
    """A capitalised phrase of the page that spells the label ("Harbour Gazette" for harbourgazette)."""
    wanted = {_squash(label)} | {_squash(label[: -len(s)]) for s in _suffixes() if label.endswith(s)}
    wanted.discard("")
    for match in _PHRASE.finditer(text or ""):
        phrase = match.group(0).strip(" .-")
        words = phrase.split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                candidate = " ".join(words[start:end])
                if _squash(candidate) in wanted or _squash(re.sub(r"^the ", "", candidate, flags=re.I)) in wanted:
                    return candidate
    return None


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _suffixes() -> list[str]:
    return [str(s) for s in setting(HOSTS, "address_suffixes")]


def split_label(label: str) -> str:
    """"harbourgazette" -> "Harbour Gazette"; "hnnworld" -> "HNN World"; "kxyz7" -> "KXYZ 7"."""
    label = _without_suffix(label)
    if len(label.replace("-", "")) <= 4 and label.replace("-", "").isalpha():
        return label.replace("-", " ").upper()  # "ijr", "krdo": letters, not words
    pieces: list[str] = []
    for part in label.split("-"):
        pieces += _segment(part)
    good = len(pieces)
    while good > 0 and not _junk(pieces[good - 1]):
        good -= 1
    if good == len(pieces):
        return label[:1].upper() + label[1:]  # the split makes no sense: keep the label whole
    if good > 0:  # "lokmattimes" -> "lo km at" + "times": the rare head stays one word
        pieces = ["".join(pieces[:good])] + pieces[good:]
    return _join_digits([_written(p) for p in pieces])


def _join_digits(words: list[str]) -> str:
    """Call letters and their channel are spaced ("KXYZ 7"); a word keeps its number ("Daily8")."""
    out: list[str] = []
    for word in words:
        if out and word.isdigit() and not out[-1].isupper():
            out[-1] += word
        elif out and out[-1].isdigit() and not word.isupper() and len(out) == 1:
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


def _without_suffix(label: str) -> str:
    for suffix in _suffixes():
        if label.endswith(suffix) and len(label) - len(suffix) >= 4:
            return label[: -len(suffix)].rstrip("-")
    return label


def _junk(piece: str) -> bool:
    """A piece no reader would write alone: one or two letters that are no word of a name."""
    keep = {"of", "the", "and"} | _names("capital_words")
    return len(piece) <= 2 and piece.isalpha() and piece not in keep


def _segment(part: str) -> list[str]:
    letters = re.findall(r"[a-z]+|\d+", part)
    out: list[str] = []
    for chunk in letters:
        if chunk.isdigit() or _acronym(chunk):
            out.append(chunk)
            continue
        words = _words(chunk)
        # A split that leaves a rare piece after a word made that piece up: "madhyamam" is no
        # "Madhya MAM", "almayadeen" no "Almaya DEEN"; the name stays one word. Call letters lead
        # a name ("hnnworld" -> "HNN World"), they do not trail it.
        made_up = any(_VOWELS & set(w) and _acronym(w) for w in words[1:])
        out += [chunk] if made_up else words
    return out


@lru_cache(maxsize=4096)
def _words(chunk: str) -> tuple[str, ...]:
    segmenter = _segmenter()
    return tuple(segmenter.segment(chunk)) or (chunk,)


@lru_cache(maxsize=1)
def _segmenter():
    import wordsegment

    wordsegment.load()
    return wordsegment


def _acronym(piece: str) -> bool:
    """Four letters or fewer, with no vowel or rarer than a word: call letters ("kxyz", "trt");
    longer, with no vowel and no word ("wxyzfm")."""
    if not piece.isalpha():
        return False
    rare = _segmenter().UNIGRAMS.get(piece, 0) < float(setting(HOSTS, "acronym_max_count"))
    if len(piece) > 4:  # a longer run of consonants is letters too ("pymnts"), unless it is a word
        return rare and not _VOWELS & set(piece)
    return not _VOWELS & set(piece) or rare


def _written(piece: str) -> str:
    if piece.isdigit():
        return piece
    capitals = _names("capital_words")
    if piece in capitals:
        return piece.upper()
    if _acronym(piece):
        return piece.upper()
    return piece[:1].upper() + piece[1:]
