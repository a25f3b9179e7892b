"""Corrections a user makes to an article after the fact: its publication date, outlet or URL.

A correction is kept in the store by the article's content hash, not its id: a rebuild, or the
same content added again under another name, gets it back. The corrected date is read evidence
("corrected by user"), as sure as a --published flag.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tracker.errors import DateError, NotFoundError
from tracker.store import Store
from tracker.types import Article, Correction, TimeValue


def correction_from_flags(
    published: str | None,
    source: str | None,
    url: str | None,
    *,
    today: date | None = None,
    allow_future: bool = False,
) -> tuple[Correction, str | None]:
    """A correction from the user's flags (its content hash filled in later), and the echo of a
    relative date ("--published yesterday = 2026-12-05")."""
    from tracker.ingest.userdate import decode_user_date

    if published is None and source is None and url is None:
        raise DateError("nothing to correct: give --published, --source or --url")
    canonical, echo = None, None
    if published is not None:
        try:
            decoded = decode_user_date(published, today=today, allow_future=allow_future)
        except DateError as err:
            raise DateError(f"--published {err}") from err
        canonical = decoded.canonical
        echo = decoded.echo("--published") if decoded.relative else None
    return Correction("", canonical, _blank_to_none(source), _blank_to_none(url)), echo


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def find_article(store: Store, article_id: str) -> Article:
    """The stored article with this id, or the one whose id starts with it."""
    exact = store.article(article_id)
    if exact is not None:
        return exact
    found = store.articles_with_prefix(article_id) if article_id else []
    if len(found) != 1:
        problem = "no article has" if not found else "more than one article has"
        raise NotFoundError(f"{problem} the id {article_id!r} (see `tracker articles`)")
    return found[0]


def merged(old: Correction | None, new: Correction, article: Article) -> Correction:
    """A new correction on top of an earlier one of the same article: what it does not set stays."""
    was = old.was if old is not None else _state(article)
    return Correction(
        content_hash=article.content_hash,
        published=new.published or (old.published if old else None),
        source=new.source or (old.source if old else None),
        url=new.url or (old.url if old else None),
        was=was,
    )


def _state(article: Article) -> str:
    """The article's date as it was read, for the evidence of a corrected date."""
    if article.published is None:
        return "unknown"
    value = article.published
    text = value.start.isoformat() if value.start == value.end else f"{value.start}..{value.end}"
    return f"{text}, {'inferred' if article.published_inferred else 'read'}"


def apply_correction(article: Article, correction: Correction) -> Article:
    """The article as the user corrected it."""
    changes: dict = {}
    if correction.published is not None:
        changes.update(
            published=_value(correction.published),
            published_inferred=False,
            published_lower_bound=False,
            published_evidence=f"corrected by user: published {correction.published} (was {correction.was})",
        )
    if correction.source is not None:
        changes["outlet"] = correction.source
    if correction.url is not None:
        changes["url"] = correction.url
    return replace(article, **changes)


def _value(canonical: str) -> TimeValue:
    from tracker.ingest.userdate import decode_user_date

    return decode_user_date(canonical).value
