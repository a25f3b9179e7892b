"""A made-up story for the page and export tests, built by hand so they need no other stage.

A town closes a bridge: day, week, month, range, year, inferred, conflicting and undated events,
five outlets, two events on one day in one lane, and one hostile article whose text, outlet,
actor, place and URL try to run script.
"""

from __future__ import annotations

import hashlib
from datetime import date

from tracker.types import Actor, Article, Conflict, Event, Mention, Precision, TimeValue

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(2)</script>"
HOSTILE_URL = "javascript:alert(3)"
HOSTILE_OUTLET = "<b>Evil</b> News & Co"
HOSTILE_ACTOR = "Bob <i>Hostile</i>"
HOSTILE_PLACE = "<script>alert(4)</script>"

ARTICLES = (
    ("gazette-0308", "Ellis Gazette", "https://gazette.example/bridge-closure", date(2024, 3, 8), False),
    ("metro-0307", "Metro Daily", "https://metro.example/news/1?a=1&b=2", date(2024, 3, 7), False),
    ("radio-0308", "Coast Radio", None, date(2024, 3, 8), True),
    ("ledger-0306", "The Ledger", "http://ledger.example/bridge", date(2024, 3, 6), False),
    ("hostile-0307", HOSTILE_OUTLET, HOSTILE_URL, date(2024, 3, 7), False),
)
TITLES = {
    "gazette-0308": "Harbor Bridge closed after council vote",
    "metro-0307": "Ferries fill the gap as bridge shuts",
    "radio-0308": "Protest at city hall over bridge",
    "ledger-0306": "The long decline of the Harbor Bridge",
    "hostile-0307": HOSTILE_SCRIPT + " headline",
}


def _sha(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def make_articles() -> list[Article]:
    return [
        Article(
            id=aid, path=f"{aid}.txt", content_hash=_sha("content", aid), title=TITLES[aid],
            body="", outlet=outlet, url=url, published=TimeValue.day(day), published_inferred=inferred,
        )  # fmt: skip
        for aid, outlet, url, day, inferred in ARTICLES
    ]


def mention(article_id: str, sentence: str, time_text: str | None, time: TimeValue | None,
            actors: tuple[str, ...] = (), places: tuple[str, ...] = ()) -> Mention:  # fmt: skip
    _, outlet, _, published, _ = next(a for a in ARTICLES if a[0] == article_id)
    return Mention(
        id=_sha(article_id, sentence), article_id=article_id, outlet=outlet, published=TimeValue.day(published),
        sentence=sentence, sentence_start=0, time_text=time_text, time_value=time.start.isoformat() if time else None,
        time=time, time_start=sentence.index(time_text) if time_text else None,
        actors=tuple(Actor(name=a, key=a.lower(), kind="PERSON") for a in actors), places=places,
    )  # fmt: skip


def event(title: str, time: TimeValue | None, actors: tuple[str, ...], places: tuple[str, ...],
          mentions: list[Mention], **extra) -> Event:  # fmt: skip
    return Event(id=_sha("event", title), time=time, title=title, actors=actors, places=places,
                 mentions=tuple(mentions), **extra)  # fmt: skip


def day(month: int, d: int, year: int = 2024) -> TimeValue:
    return TimeValue.day(date(year, month, d))


def make_events() -> list[Event]:
    mayor, council, agency = "Mayor Ana Ortiz", "City Council", "State Highway Agency"
    vote = day(3, 4)
    week = TimeValue(date(2024, 3, 4), date(2024, 3, 7), Precision.WEEK, mod="START")
    february = TimeValue(date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH)
    diversion = TimeValue(date(2024, 2, 26), date(2024, 3, 1), Precision.DAY)
    early_2022 = TimeValue(date(2022, 1, 1), date(2022, 4, 30), Precision.YEAR, mod="START")
    return [
        event("Council votes to close the Harbor Bridge", vote, (mayor, council), ("Port Ellis",), [
            mention("gazette-0308", "The city council voted on Monday to close the Harbor Bridge to all traffic.", "on Monday", vote),
            mention("metro-0307", "Councillors backed the closure on March 4 after a heated debate.", "March 4", vote),
            mention("ledger-0306", "In a 7-2 vote on March 4, the council shut the bridge.", "March 4", vote),
        ]),
        event("Mayor Ortiz holds a press briefing on the closure", vote, (mayor,), ("City Hall",), [
            mention("radio-0308", "Ortiz told reporters on Monday that the closure would last months.", "on Monday", vote),
        ]),
        event("Engineers inspect cracks in the bridge deck", week, (agency,), ("Harbor Bridge",), [
            mention("gazette-0308", "Engineers inspected widening cracks earlier this week, officials said.", "earlier this week", week),
        ]),
        event("Inspection report filed with the council", february, (agency, council), ("Harbor Bridge",), [
            mention("ledger-0306", "An inspection report filed last month warned of corrosion.", "last month", february),
        ]),
        event("Traffic diverted to the ring road", diversion, ("Port Ellis Police",), ("Ring Road",), [
            mention("gazette-0308", "Police diverted traffic from Feb. 26 to March 1 while divers checked the piers.", "from Feb. 26 to March 1", diversion),
            mention("radio-0308", "From Feb. 26 to March 1, drivers were sent along the ring road.", "From Feb. 26 to March 1", diversion),
        ]),
        event("Protest outside city hall over the closure", day(3, 6), ("Bridge Users Association",), ("City Hall",), [
            mention("radio-0308", "Hundreds protested outside city hall on Wednesday.", "on Wednesday", day(3, 6)),
        ], time_inferred=True),
        event("Ferry service resumes across the harbor", day(3, 5), ("Harbor Ferries",), ("Port Ellis",), [
            mention("gazette-0308", "Harbor Ferries restarted its crossing on Tuesday.", "on Tuesday", day(3, 5)),
            mention("metro-0307", "The first ferry in years sailed on Wednesday morning.", "on Wednesday", day(3, 6)),
        ], conflicts=(Conflict("Ellis Gazette gives 2024-03-05; Metro Daily gives 2024-03-06",
                               (("2024-03-05", ("gazette-0308",)), ("2024-03-06", ("metro-0307",)))),)),
        event("Bridge last repaired", early_2022, (agency,), ("Harbor Bridge",), [
            mention("ledger-0306", "The bridge was last repaired in early 2022.", "early 2022", early_2022),
        ]),
        event("Residents petition for a new crossing", None, ("Residents of Port Ellis",), ("Port Ellis",), [
            mention("gazette-0308", "Residents have started a petition for a new crossing.", None, None),
            mention("metro-0307", "A petition calling for a tunnel has gathered signatures.", None, None),
        ]),
        event(f"Post {HOSTILE_IMG} spreads {HOSTILE_SCRIPT}", day(3, 7), (HOSTILE_ACTOR,), (HOSTILE_PLACE,), [
            mention("hostile-0307", f"On March 7 a post read {HOSTILE_IMG} and {HOSTILE_SCRIPT} before it was deleted.",
                    "On March 7", day(3, 7)),
        ]),
    ]  # fmt: skip
