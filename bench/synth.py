"""Synthetic news coverage for the benchmark: made-up happenings told by many made-up outlets.

Deterministic from a seed number: article i depends only on (seed, i), so the first 10,000
articles of a 50,000-article corpus are the 10,000-article corpus. Every name (people, places,
organisations, outlets) is built from syllables; every sentence comes from the templates below,
written for this file. Nothing is taken from any real story or page.

The shape follows real coverage: storylines of ~400 articles over ~150 days, a new one every
40 days (so three or four run at once); each happening is reported by several outlets on the
day and the day after, in relative words ("on Tuesday", "yesterday", "last week") and recalled
later with full dates; outlets differ in how they date a page (front matter, a byline stamp, an
agency dateline without a year, or nothing at all) and wrap it in page furniture.

Run: python bench/synth.py OUT_DIR --articles 10000 [--seed 1]
"""

from __future__ import annotations

import argparse
import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

BASE_DAY = date(2031, 1, 6)
ARTICLES_PER_STORYLINE = 400
STORYLINE_DAYS = 150
STAGGER_DAYS = 40
MEAN_WORDS = 1100  # Timeline17's articles average about 1,140 words
OUTLET_STYLES = ("front", "front", "stamp", "byline", "wire", "wire", "bare")

ONSETS = ("b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr", "h", "g")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou")
CODAS = ("", "", "", "", "n", "r", "l", "s", "k", "th", "m", "nd", "rt")

# (past, present, noun, object templates): happenings news is made of, in our own words.
ACTIONS = (
    ("met", "meets", "meeting", ("{org} leaders", "a delegation from {town}", "{person}")),
    ("visited", "visits", "visit", ("{town}", "the damaged port in {town}", "a shelter in {town}")),
    ("signed", "signs", "agreement", ("a deal on {topic}", "an accord with {org}", "a {topic} pact")),
    ("resigned", "resigns", "resignation", ("as {role}", "from the cabinet", "after a vote")),
    ("arrested", "arrests", "arrest", ("{count} protesters", "a former aide", "two officials of {org}")),
    ("charged", "charges", "charges", ("a former minister", "three executives of {org}", "{person}")),
    ("evacuated", "evacuates", "evacuation", ("{count} residents", "the centre of {town}", "two villages")),
    ("approved", "approves", "approval", ("the {topic} bill", "an emergency budget", "new rules on {topic}")),
    ("rejected", "rejects", "rejection", ("the {topic} plan", "an offer from {org}", "calls to resign")),
    ("closed", "closes", "closure", ("the border crossing at {town}", "three schools", "the main bridge")),
    ("launched", "launches", "inquiry", ("an inquiry into {topic}", "a review of {topic}", "a rescue mission")),
    ("fined", "fines", "fine", ("{org}", "two banks", "the operator")),
    ("voted", "votes", "vote", ("to suspend {topic} talks", "against the plan", "to strike")),
    ("sued", "sues", "lawsuit", ("{org}", "the regional government", "the operator of the plant")),
    ("released", "releases", "release", ("{count} detainees", "the report on {topic}", "the findings")),
)
TOPICS = ("water supply", "fishing rights", "grain exports", "port security", "rail fares", "pensions",
          "housing", "the power grid", "border checks", "fuel prices", "hospital funding", "mining permits")
ROLES = ("prime minister", "interior minister", "mayor of {capital}", "police chief", "chief executive of {org}",
         "spokeswoman for {org}", "union leader", "opposition leader", "governor of {region}", "chief judge")
ORG_FORMS = ("{Name} Party", "Ministry of {Topic}", "{Name} Holdings", "{Name} Workers' Union",
             "{capital} Police", "{Name} Rail", "{region} Council", "{Name} Bank")
SUBJECTS = ("Residents of {town}", "Opposition lawmakers", "Aid groups", "Business owners in {capital}",
            "The {org}", "Several diplomats", "Teachers in {town}", "Farmers across {region}", "Local officials",
            "Economists", "Hospital staff in {town}", "Church leaders", "Transport unions", "Young voters")
PREDICATES = ("have raised concerns about {topic}", "say the {noun} will change little for them",
              "were still waiting for news about {topic}", "warned that {topic} could take months to restore",
              "called for an independent review of {topic}", "have long complained about {topic}",
              "gathered outside the offices of the {org}", "expect the {noun} to dominate the coming session",
              "questioned the figures given by the {role}", "described long queues and shuttered shops",
              "set up a committee to follow {topic}", "doubt that the {noun} will hold")
TAILS = ("", "", "", ", a spokesman said", ", according to a survey", " without much success", ", witnesses said")
FACTS = (
    "{town} has about {count} inhabitants and relies on {topic} for much of its income.",
    "Prices linked to {topic} rose by {pct} percent in {region}, the statistics office said.",
    "The {org} employs {count} people across {region}.",
    "It was not immediately clear how many people were affected.",
    "Officials declined to give a figure for the cost of the {noun}.",
    "The {org} did not respond to a request for comment.",
    "Local radio in {town} carried reports of crowds near the main square.",
)
UNDATED = (
    "The {noun} in {town} drew criticism from the {org}.",
    "{person} defended the {noun} at a news conference in {capital}.",
    "Hundreds of people protested outside the parliament in {capital}.",
    "Police said {count} people had been detained in {town}.",
)
HISTORY = (
    "The dispute over {topic} goes back to {year}, when the {org} was founded.",
    "In {year}, a similar row over {topic} brought thousands onto the streets of {capital}.",
    "{town} last saw a {noun} of this kind in {year}.",
)
REACTIONS = (
    "The {org} said {when} it would appeal the {noun}.",
    "In a statement released {when}, the {role} called the {noun} a mistake.",
    "{person} said {when} that talks on {topic} would continue.",
    "The {org} announced {when} that it would review its position on {topic}.",
)
QUOTES = (
    "“We will not accept a decision on {topic} that was taken behind closed doors,” said {person}, the {role}.",
    "“This is a difficult day for the people of {town},” {person} told reporters.",
    "“Everything is being done to keep people safe,” the {role} said in a statement.",
    "{person}, the {role}, said the {noun} had been “long overdue”.",
    "“The numbers speak for themselves,” said {person}, who has followed the {topic} talks closely.",
)
TOP_FURNITURE = ("Skip to main content", "Home | News | World | Business | Sport | Opinion",
                 "Share Facebook Twitter Email", "Advertisement")
MID_FURNITURE = ("Advertisement", "Story continues below advertisement")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
COUNT_WORDS = ("two", "three", "four", "five", "six", "ten", "12", "40", "several hundred", "about 2,000")


def coin(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)).title()


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    slug: str
    style: str


@dataclass(frozen=True, slots=True)
class Happening:
    day: date
    action: tuple
    doer: str
    obj: str
    town: str


@dataclass(frozen=True, slots=True)
class Storyline:
    start: date
    words: dict  # template slots: capital, region, towns, people, orgs
    happenings: tuple[Happening, ...]


@functools.cache
def outlets(seed: int, count: int = 12) -> tuple[Outlet, ...]:
    rng = random.Random(f"{seed}:outlets")
    forms = ("The {n} Herald", "{n} Daily", "The {n} Courier", "{n} Wire", "{n} Press Agency", "The {n} Post")
    found = []
    for k in range(count):
        name = rng.choice(forms).format(n=coin(rng, 2))
        found.append(Outlet(name, f"{k:02d}-" + name.lower().replace(" ", "-"), OUTLET_STYLES[k % len(OUTLET_STYLES)]))
    return tuple(found)


@functools.lru_cache(maxsize=64)
def storyline(seed: int, k: int) -> Storyline:
    rng = random.Random(f"{seed}:story:{k}")
    capital, region = coin(rng, 2), coin(rng, 2) + rng.choice(("ia", "a", "en", "or"))
    words = {"capital": capital, "region": region, "towns": [coin(rng, 2) for _ in range(4)]}
    words["orgs"] = [rng.choice(ORG_FORMS).format(Name=coin(rng, 2), Topic=rng.choice(TOPICS).title(),
                                                  capital=capital, region=region) for _ in range(4)]
    words["people"] = [f"{coin(rng, 2)} {coin(rng, rng.choice((2, 3)))}" for _ in range(8)]
    start = BASE_DAY + timedelta(days=k * STAGGER_DAYS)
    happenings, day = [], start
    while day < start + timedelta(days=STORYLINE_DAYS):
        action = rng.choice(ACTIONS)
        doer = rng.choice(words["people"] + words["orgs"][:2])
        slots = _slots(rng, words)
        happenings.append(Happening(day, action, doer, rng.choice(action[3]).format(**slots), rng.choice(words["towns"])))
        day += timedelta(days=rng.choice((1, 1, 2, 2, 3, 4)))
    return Storyline(start, words, tuple(happenings))


def _slots(rng: random.Random, words: dict) -> dict[str, str]:
    org = rng.choice(words["orgs"])
    return {
        "org": org, "town": rng.choice(words["towns"]), "person": rng.choice(words["people"]),
        "topic": rng.choice(TOPICS), "count": rng.choice(COUNT_WORDS), "pct": str(rng.randint(2, 40)),
        "capital": words["capital"], "region": words["region"],
        "role": rng.choice(ROLES).format(capital=words["capital"], org=org, region=words["region"]),
        "noun": rng.choice(ACTIONS)[2],
    }


def when(day: date, published: date, rng: random.Random) -> str:
    """How an article published on `published` names `day`: relative when near, full when far."""
    gap = (published - day).days
    if gap == 0:
        return rng.choice((f"on {WEEKDAYS[day.weekday()]}", "today", "earlier today", "this morning"))
    if gap == 1:
        return rng.choice(("yesterday", f"on {WEEKDAYS[day.weekday()]}", f"late on {WEEKDAYS[day.weekday()]}"))
    if gap < 7:
        return f"on {WEEKDAYS[day.weekday()]}"
    if gap < 14 and rng.random() < 0.5:
        return "last week"
    return f"on {day:%B} {day.day}" + (f", {day.year}" if day.year != published.year else "")


def happening_sentence(h: Happening, published: date, rng: random.Random, attributed: bool = True) -> str:
    past = h.action[0]
    time = when(h.day, published, rng)
    tail = rng.choice((", officials said", ", according to local media", "", "")) if attributed else ""
    if rng.random() < 0.5:
        return f"{h.doer} {past} {h.obj} in {h.town} {time}{tail}."
    return f"{time[0].upper()}{time[1:]}, {h.doer} {past} {h.obj} in {h.town}{tail}."


def body_paragraphs(story: Storyline, lead: Happening, published: date, rng: random.Random, words: int) -> list[str]:
    """The article proper: the lead happening, then recaps of earlier happenings, reactions,
    quotes, what comes next and background, until the article reaches its length."""
    earlier = [h for h in story.happenings if h.day < lead.day][-12:]
    paragraphs = [happening_sentence(lead, published, rng)]
    count = len(paragraphs[0].split())
    while count < words:
        paragraph = " ".join(sentence(story, lead, earlier, published, rng) for _ in range(rng.choice((1, 1, 2, 3))))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def sentence(story: Storyline, lead: Happening, earlier: list[Happening], published: date, rng: random.Random) -> str:
    """One sentence of the article after the lead. The mix is tuned to the mention density of
    real coverage: 15 mentions per 1,000 words, 48% undated (Timeline17 IraqWar: 13, 44%)."""
    roll, slots = rng.random(), _slots(rng, story.words)
    if roll < 0.03 and earlier:
        past = rng.choice(earlier)
        if rng.random() < 0.3:
            told = f"{past.doer} {past.action[0]} {past.obj} in {past.town} {when(past.day, published, rng)}"
            return f"The {lead.action[2]} came after {told}."
        return happening_sentence(past, published, rng, attributed=False)
    if roll < 0.05:
        day = rng.choice((published, published - timedelta(days=1), lead.day))
        return rng.choice(REACTIONS).format(when=when(min(day, published), published, rng), **slots)
    if roll < 0.065:
        ahead = rng.randint(1, 9)
        nxt = published + timedelta(days=ahead)
        return f"{slots['person']} is expected to visit {slots['town']} " + (
            "next week." if ahead > 6 else f"on {WEEKDAYS[nxt.weekday()]}.")
    if roll < 0.095:
        return rng.choice(HISTORY).format(year=published.year - rng.randint(3, 30), **slots)
    if roll < 0.17:
        return rng.choice(QUOTES).format(**slots)
    if roll < 0.43:
        return rng.choice(FACTS).format(**slots)
    if roll < 0.47:
        return rng.choice(UNDATED).format(**slots)
    said = rng.choice(SUBJECTS) + " " + rng.choice(PREDICATES) + rng.choice(TAILS) + "."
    return said.format(**slots)


def article(seed: int, index: int, mean_words: int = MEAN_WORDS) -> tuple[str, str]:
    """Article number `index` of the corpus of this seed: (relative path, file text)."""
    rng = random.Random(f"{seed}:article:{index}")
    story = storyline(seed, index // ARTICLES_PER_STORYLINE)
    outlet = rng.choice(outlets(seed))
    offset = min(int(rng.betavariate(1.2, 2.5) * STORYLINE_DAYS), STORYLINE_DAYS - 1)
    published = story.start + timedelta(days=offset)
    so_far = [h for h in story.happenings if h.day <= published]
    lead = so_far[-2] if len(so_far) > 1 and rng.random() < 0.2 else so_far[-1]
    headline = f"{lead.doer} {lead.action[1]} {lead.obj} in {lead.town}"
    words = max(60, int(rng.lognormvariate(0, 0.6) * mean_words * 0.84))
    body = body_paragraphs(story, lead, published, rng, words)
    text = page(outlet, headline, body, published, story, rng)
    return f"{outlet.slug}/{published.isoformat()}_{index:06d}.txt", text


def page(outlet: Outlet, headline: str, body: list[str], published: date, story: Storyline, rng: random.Random) -> str:
    """The article as a scraper leaves it: furniture, the outlet's way of dating, the text."""
    lines: list[str] = []
    if outlet.style == "front":
        lines += ["---", f"source: {outlet.name}", f"published: {published.isoformat()}", "---"]
    lines += rng.sample(TOP_FURNITURE, 2) + [headline]
    if outlet.style == "stamp":
        lines.append(f"{published:%B} {published.day}, {published.year} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}")
    elif outlet.style == "byline":
        lines.append(f"By {coin(rng, 2)} {coin(rng, 2)} | {published:%B} {published.day}, {published.year}")
    if outlet.style == "wire":
        body = [f"{story.words['capital'].upper()}, {published:%b} {published.day} ({outlet.name}) - {body[0]}", *body[1:]]
    for n, paragraph in enumerate(body):
        lines.append(paragraph)
        if n in (3, 12) and rng.random() < 0.6:
            lines.append(rng.choice(MID_FURNITURE))
    lines += ["Related stories"] + [f"{coin(rng, 2)} {rng.choice(ACTIONS)[1]} {rng.choice(TOPICS)} plan" for _ in range(3)]
    lines += [f"© {published.year} {outlet.name}. All rights reserved.", "Sign up for our morning newsletter"]
    return "\n".join(lines) + "\n"


def corpus(seed: int, count: int, mean_words: int = MEAN_WORDS) -> Iterator[tuple[str, str]]:
    for index in range(count):
        yield article(seed, index, mean_words)


def write_corpus(folder: Path, count: int, seed: int = 1, mean_words: int = MEAN_WORDS) -> list[Path]:
    """Write `count` articles under folder/<outlet>/<date>_<index>.txt; returns their paths."""
    written = []
    for relative, text in corpus(seed, count, mean_words):
        target = Path(folder) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mean-words", type=int, default=MEAN_WORDS)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.articles, args.seed, args.mean_words)
    print(f"{len(paths)} articles under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
