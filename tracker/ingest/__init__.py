"""Ingest: article files in, Articles out (metadata, publication date, body without page furniture).

    read_article(path, *, published=None, source=None, url=None) -> Article
    complete_dateline(article, collection=()) -> Article | None
    estimate_days(articles, plain_timexes, resolver, known, collection=(), prefetch=None) -> list[Article]
    infer_published(article, timexes, collection=()) -> Article
    needs_day(article) -> bool   (no publication day yet: dating has work to do)
"""

from tracker.ingest.calendar import needs_day
from tracker.ingest.estimate import Known, estimate_days
from tracker.ingest.infer import complete_dateline, infer_published
from tracker.ingest.reader import read_article

__all__ = ["Known", "complete_dateline", "estimate_days", "infer_published", "needs_day", "read_article"]
