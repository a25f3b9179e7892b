"""Ingest: article files in, Articles out (metadata, publication date, body without page furniture).

    read_article(path, *, published=None, source=None, url=None) -> Article
    infer_published(article, timexes, collection=()) -> Article
"""

from tracker.ingest.infer import infer_published
from tracker.ingest.reader import read_article

__all__ = ["infer_published", "read_article"]
