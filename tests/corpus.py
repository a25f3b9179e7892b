"""Articles we write for the store's stress, concurrency and kill tests, generated from a seed.

Every sentence is ours: made-up towns, councils and people, in the style of local news (front
matter with outlet and day, a lead with a relative day, a follow-up sentence, page furniture).
Stories lie in months of their own, more than the re-merge window apart, so the events of a set
of articles do not depend on the order they are added in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TOWNS = ("Ashbury", "Brellin", "Corvale", "Dunmere", "Elstow", "Fenwick", "Garrow", "Holmbridge",
         "Islay Cross", "Jessop")  # fmt: skip
OUTLETS = ("Example Gazette", "Valley Courier", "Northern Wire", "Harbour Post", "County Herald")
MAYORS = ("Mara Quell", "Tobin Hale", "Ines Varga", "Osric Penn", "Lena Moravec", "Davor Kiss",
          "Agnes Rowe", "Piet Olander", "Sunniva Berg", "Cato Ferrand")  # fmt: skip
HAPPENINGS = (
    ("the town council approved a new budget for its schools", "councillors voted for the schools budget",
     "The vote passed by nine votes to four."),
    ("a fire destroyed the old grain warehouse near the station", "fire crews fought a blaze at the grain warehouse",
     "Firefighters worked through the night to stop it spreading."),
    ("the mayor opened the rebuilt footbridge over the river", "the rebuilt footbridge was opened by the mayor",
     "Hundreds of residents walked across it in the afternoon."),
    ("workers at the bus depot went on strike over pay", "bus drivers walked out in a dispute over wages",
     "No buses ran on the eastern routes for most of the day."),
    ("police arrested two men over the theft of copper cable", "two men were detained over stolen copper cable",
     "The cable had been taken from the old rail line."),
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RESIDENTS = ("Nell Obrey", "Ivo Strand", "Petra Lusk", "Amos Reil", "Wren Tolliver", "Jasper Orne",
             "Kit Abernathy", "Rosa Imber", "Ugo Falk", "Hedda Myre", "Bram Cotter", "Fay Lindqvist")  # fmt: skip
VIEWS = ("It was a long time coming", "Nobody here expected it this soon", "We will see what it means for us",
         "People were talking about nothing else at the market", "It has been a hard year for the town",
         "I hope the council listens this time")  # fmt: skip
EXTRAS = ("The {town} council meets again next month.", "Local shops stayed open as usual.",
          "The {town} library will host an exhibition about the town's history.", "Roadworks on the high street continue.",
          "A farmers' market is planned for the square.", "The weather is expected to stay dry.")  # fmt: skip
FURNITURE = ("Share this article", "Subscribe to our newsletter for the week's local news",
             "Most read: the week in pictures")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Written:
    name: str
    text: str


def story_day(story: int) -> date:
    """The first day of a story: each story in a month of its own, in 2024."""
    return date(2024, 1 + story % 12, 3)


def article(index: int, stories: int = 10, seed: int = 7) -> Written:
    """Article number `index`: story index % stories, told by one outlet a day or two later."""
    rng = random.Random(f"{seed}:{index}")
    story = index % stories
    town, mayor = TOWNS[story % len(TOWNS)], MAYORS[story % len(MAYORS)]
    first = story_day(story)
    published = first + timedelta(days=rng.choice((1, 2)))
    active, passive, detail = HAPPENINGS[story % len(HAPPENINGS)]
    outlet = OUTLETS[(index // stories) % len(OUTLETS)]
    weekday = WEEKDAYS[first.weekday()]
    resident, view = rng.choice(RESIDENTS), rng.choice(VIEWS)
    lead = rng.choice((
        f"In {town} on {weekday}, {active}, {mayor} told reporters.",
        f"{passive.capitalize()} in {town} on {weekday}, according to {mayor}.",
        f"On {weekday} {active} in {town}, the town's mayor {mayor} said.",
    ))
    years = rng.randint(3, 60)
    quote = rng.choice((f'"{view}," said {resident}, who has lived in {town} for {years} years.',
                        f'{resident}, a resident for {years} years, said: "{view}."'))
    account = rng.choice((f"{mayor} said on {weekday} that the town would publish a full account by {first:%B} {first.day + 20}.",
                          f"A full report is promised for {first:%B} {first.day + 20}, {mayor} added."))
    body = rng.sample([detail, quote], 2)
    crowd = rng.choice((f"About {rng.randint(40, 900)} people gathered outside the town hall afterwards.",
                        f"The {outlet} counted {rng.randint(3, 40)} police officers on the square that evening.",
                        f"Officials expect the cost to reach {rng.randint(2, 90)} thousand euros."))
    body = [lead, *body, crowd, account, rng.choice(EXTRAS).format(town=town)]
    head = ["---", f"title: \"{town}: {passive}\"", f"source: {outlet}", f"published: {published.isoformat()}", "---"]
    text = "\n".join(head) + "\n" + "\n\n".join(body + [rng.choice(FURNITURE)]) + "\n"
    return Written(f"s{story:02d}_a{index:03d}_{outlet.split()[0].lower()}", text)


def write_articles(folder: Path, count: int, stories: int = 10, seed: int = 7) -> list[Path]:
    """Write articles 0..count-1 as .md files into folder; returns their paths in index order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        written = article(i, stories, seed)
        path = folder / f"{written.name}.md"
        path.write_text(written.text, encoding="utf-8")
        paths.append(path)
    return paths
