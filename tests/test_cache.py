"""One cache folder for every derived file (tracker/cache.py)."""

from __future__ import annotations

from pathlib import Path

from tracker import cache


def test_the_cache_folder_is_tracker_cache_then_the_older_name_then_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_CACHE", str(tmp_path / "a"))
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "b"))
    assert cache.folder() == tmp_path / "a"
    monkeypatch.delenv("TRACKER_CACHE")
    assert cache.folder() == tmp_path / "b"
    monkeypatch.delenv("TRACKER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "tracker"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.folder() == Path.home() / ".cache" / "tracker"
    assert cache.folders()[0] == cache.folder() and cache.folders()[1].name == "tracker"


def test_the_encoder_and_the_gazetteer_derive_into_the_same_folder(monkeypatch, tmp_path):
    from tracker import meaning, places

    monkeypatch.delenv("TRACKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("TRACKER_CACHE", str(tmp_path))
    assert places.derived_path().parent == tmp_path
    assert meaning.integer_graph(meaning._model_path()).parent == tmp_path
