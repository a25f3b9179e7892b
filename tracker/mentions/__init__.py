"""Mentions: sentences that report a happening, with its time, actors, places and event word."""

from tracker.mentions.actors import org_key, person_key
from tracker.mentions.extract import extract_mentions

__all__ = ["extract_mentions", "org_key", "person_key"]
