"""Ingest: the seeds (date, outlet, title, furniture gone), own .txt/.md/.html articles, bad input,
and publication-date inference on hand-made time expressions."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED_FILES, seed
from tracker.errors import ArticleError, DateError
from tracker.ingest import infer_published, read_article
from tracker.ingest.dateline import find_dateline, find_update
from tracker.ingest.furniture import is_furniture
from tracker.ingest.outlet import readable_outlet
from tracker.ingest.reflow import reflow
from tracker.ingest.rules import rules
from tracker.types import Article, Precision, Timex, TimeValue

DATA = Path(__file__).resolve().parent / "data" / "articles"
BAD = DATA / "bad"


def day(text: str) -> TimeValue:
    return TimeValue.day(date.fromisoformat(text))


def timex(body: str, text: str, value: str, nth: int = 0, interval: TimeValue | None = None) -> Timex:
    """A hand-made tagger result for the nth occurrence of text in body."""
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Timex(start, start + len(text), text, "DATE", value, interval=interval, explicit=interval is not None)


# --- rule files ------------------------------------------------------------------------------

RULE_GROUPS = [
    ("furniture.yaml", "line"),
    ("furniture.yaml", "end"),
    ("furniture.yaml", "tail"),
    ("datelines.yaml", "rules"),
    ("datelines.yaml", "url"),
    ("datelines.yaml", "ago"),
    ("ingest_outlet.yaml", "outlet"),
    ("ingest_outlet.yaml", "recipient"),
    ("ingest_outlet.yaml", "year"),
    ("ingest_infer.yaml", "cues"),
]


@pytest.mark.parametrize("file_name, group", RULE_GROUPS)
def test_every_rule_catches_its_example(file_name, group):
    found = rules(file_name, group)
    assert found, f"{file_name} has no {group} rules"
    for rule in found:
        assert rule.regex.search(rule.example), f"{file_name} {rule.name}: example not matched"


def test_furniture_line_examples_are_removed_and_article_lines_are_not():
    for rule in rules("furniture.yaml", "line"):
        assert is_furniture(rule.example), rule.name
    article_lines = [
        "Ferry crews returned to work on Thursday after nine days on strike, the harbour board said.",
        '"We have waited ten years for this," said councillor Ilse Varga.',
        "What the money buys",
        "The union accepted a pay offer on Wednesday evening (after a vote of 212 to 40).",
        "By the way, the mayor asked me to hold such a meeting.",
        "Home owners on the north quay said the storm was the worst in years.",
    ]
    for line in article_lines:
        assert not is_furniture(line), line


# --- the seeds ---------------------------------------------------------------------------------

SEED_FACTS = [
    # prefix, title, outlet, published, year hints
    ("000", "Putin Invites Zelensky to Come to Moscow for Talks", "Pravda.Ru", None, (2025,)),
    ("001", "Putin’s Moscow invitation to Zelensky for talks and not surrender – Kremlin", None, day("2025-09-05"), ()),
    (
        "002",
        "Russian government tells Zelensky to come to Moscow for peace talks with Putin saying they will guarantee his security",
        "Newsypeople",
        None,
        (2024,),
    ),
    ("003", "Putin insists he never rejected meeting Zelensky, despite years of dodging talks", "Kyiv Independent", None, ()),
    ("004", "Zelenskyy Rejects Putin’s Invitation for Meeting in Moscow: ‘He Can Come to Kyiv’", None, None, ()),
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {prefix: read_article(seed(prefix)) for prefix, *_ in SEED_FACTS}


@pytest.mark.parametrize("prefix, title, outlet, published, hints", SEED_FACTS)
def test_seed_metadata(seeds, prefix, title, outlet, published, hints):
    article = seeds[prefix]
    assert article.id == seed(prefix).stem
    assert article.title == title
    assert article.outlet == outlet
    assert article.published == published
    assert article.published_inferred is False
    assert article.year_hints == hints
    assert article.title not in article.body


def test_seed_001_dateline_is_the_evidence(seeds):
    assert seeds["001"].published_evidence == "5 Sep, 2025 14:11"
    assert "14:11" not in seeds["001"].body


FURNITURE_GONE = {
    "000": [
        "World Russia Society", "News All", "Photo:", "commons.wikimedia.org", "(2024) 2", "Subscribe to",
        "Author`s name", "Editor Dmitry", "Now reading", "Popular", "Last materials", "Honeysuckle",
        "Kim Novak", "Deutsch", "Sitemap", "Ctrl+Enter", "Copyright", "When reproducing", "Peacekeepers",
    ],
    "001": ["icon", "Dear readers", "commenting policy", "Podcasts", "0:00", "24:55", "15:36"],
    "002": [
        "HomeNews", "Don't miss out", "NEWSYPEOPLE COMMUNITY", "newsletter", "Invalid email", "Eyewitness",
        "Copyright", "RELATED ARTICLES", "Advertisment", "Most Popular", "MonsterInsights", "\u00a0",
    ],
    "003": [
        "News Feed", "2 min read", "Getty Images", "June 28, 2025", "Zelensky wants a meeting. Putin wants to win",
        "Ukraine has long pursued", "Article image", "Avatar", "Kateryna", "is a News Editor", "Olympics",
        "Read more", "Updated:", "Shahed", "Show More",
    ],
    "004": ["Home |", "Spacer"],
}

KEPT = {
    "000": [
        "Russian President Vladimir Putin declared that Ukraine has the right to choose its own security system",
        "“As for meetings with Zelensky, I have not ruled them out.",
        "Reports from August indicated that Putin had already extended such an invitation.",
        "Whether the Ukrainian leader will reconsider in light of Trump’s request remains uncertain.",
        "End of Ukraine Conflict",  # a subheading, with real content after it
    ],
    "001": [
        "President Putin has previously said that if the Ukrainian leader wants to negotiate",
        "Speaking to journalists on Friday, Peskov explained",
        "“He was invited to Moscow to talk, not to capitulate,” the Kremlin spokesman said.",
        "Russia has stated that lasting peace would require Kiev to recognize its new borders and abandon plans to join NATO.",
    ],
    "002": [
        "A senior aide to Russian President Vladimir Putin has said",
        "no date or concrete framework for a Putin–Zelenskyy meeting has been announced.",
    ],
    "003": [
        'Russian President Vladimir Putin said on Sept. 3 that he has "never ruled out" meeting',
        "Following the meeting with Putin in Alaska on Aug. 15",
        "Kyiv officially applied for NATO membership in September 2022",
    ],
    "004": [
        "The Russian president says peace summit can only happen in Moscow",
        "“He can come to Kyiv,” Zelenskyy told ABC News in a Sept. 5 interview.",
        "Meeting Polish President Karol Nawrocki at the White House on Sept. 3",
        "Trump has already imposed new tariffs on India for buying Russian oil and hinted at further sanctions against Moscow.",
    ],
}


@pytest.mark.parametrize("prefix", sorted(FURNITURE_GONE))
def test_seed_furniture_is_gone_and_article_stays(seeds, prefix):
    body = seeds[prefix].body
    for junk in FURNITURE_GONE[prefix]:
        assert junk not in body, f"{prefix}: furniture left: {junk!r}"
    for sentence in KEPT[prefix]:
        assert sentence in body, f"{prefix}: article text lost: {sentence!r}"


def test_seed_bodies_are_paragraphs_without_repeats(seeds):
    for prefix, article in seeds.items():
        paragraphs = article.body.split("\n\n")
        assert all(p.strip() == p and p for p in paragraphs), prefix
        assert len(paragraphs) == len(set(paragraphs)), prefix


def test_same_content_twice_has_the_same_hash(tmp_path):
    copy = tmp_path / "copy_of_seed.txt"
    shutil.copy(seed("000"), copy)
    first, second = read_article(seed("000")), read_article(copy)
    assert first.content_hash == second.content_hash
    assert first.id != second.id
    flagged = read_article(copy, source="Some Outlet")
    assert flagged.content_hash != first.content_hash
    assert read_article(copy, source="Some Outlet").content_hash == flagged.content_hash


def test_flags_come_first(seeds):
    article = read_article(seed("001"), published="2025-09-06", source="Desk", url="https://example.org/x")
    assert article.published == day("2025-09-06")
    assert article.published_evidence == "--published 2025-09-06"
    assert (article.outlet, article.url) == ("Desk", "https://example.org/x")
    assert read_article(seed("000"), published="2025-09").published.precision is Precision.MONTH


# --- inference on the seeds with hand-made tagger output ------------------------------------------


def seed_timexes(body: str, items: list[tuple[str, str, int]]) -> list[Timex]:
    return [timex(body, text, value, nth) for text, value, nth in items]


def test_infer_003_year_from_other_articles(seeds):
    body = seeds["003"].body
    found = seed_timexes(body, [("Sept. 3", "XXXX-09-03", 0), ("Aug. 15", "XXXX-08-15", 0), ("Sept. 3", "XXXX-09-03", 1)])
    found.append(timex(body, "September 2022", "2022-09", 0, TimeValue(date(2022, 9, 1), date(2022, 9, 30), Precision.MONTH)))
    dated = infer_published(seeds["003"], found, [day("2025-09-05")])
    assert dated.published == day("2025-09-03")
    assert dated.published_inferred is True
    assert dated.published_evidence == "inferred: on or after the latest reported date 'Sept. 3' (year from other articles)"
    # Alone, nothing gives "Sept. 3" its year, so the latest past date is unknown: no date at all,
    # rather than the background "September 2022".
    alone = infer_published(seeds["003"], found, [])
    assert alone.published is None and alone.published_inferred is False


def test_infer_004_latest_past_day(seeds):
    body = seeds["004"].body
    found = seed_timexes(
        body,
        [("Sept. 5", "XXXX-09-05", 0), ("Sept. 3", "XXXX-09-03", 0), ("August", "XXXX-08", 0),
         ("Sept. 4", "XXXX-09-04", 0), ("Sept. 5", "XXXX-09-05", 2), ("Sept. 3", "XXXX-09-03", 1)],
    )
    dated = infer_published(seeds["004"], found, [day("2025-09-05")])
    assert dated.published == day("2025-09-05")
    assert "'Sept. 5'" in dated.published_evidence and dated.published_inferred


def test_infer_000_month_from_copyright_year(seeds):
    found = seed_timexes(seeds["000"].body, [("August", "XXXX-08", 0)])
    dated = infer_published(seeds["000"], found, [])
    # On or after August, up to the end of the copyright year: never a day nobody gave.
    assert dated.published == TimeValue(date(2025, 8, 1), date(2025, 12, 31), Precision.MONTH, "ON_OR_AFTER")
    assert dated.published_inferred
    assert "'August'" in dated.published_evidence and "2025" in dated.published_evidence


def test_infer_002_has_no_evidence(seeds):
    """Only vague times ("recently") and a copyright year, which is never a date by itself."""
    body = seeds["002"].body
    vague = [Timex(body.index("recently"), body.index("recently") + 8, "recently", "DATE", "PAST_REF")]
    assert infer_published(seeds["002"], vague, [day("2025-09-05")]) == seeds["002"]


def test_infer_leaves_a_stated_date_alone(seeds):
    found = seed_timexes(seeds["001"].body, [("Friday", "XXXX-WXX-5", 0)])
    assert infer_published(seeds["001"], found, []) is seeds["001"]


def test_infer_with_the_real_tagger(seeds):
    tag = pytest.importorskip("tracker.temporal").tag
    collection = [seeds["001"].published]
    expected = {"003": day("2025-09-03"), "004": day("2025-09-05"), "002": None}
    for prefix, value in expected.items():
        article = seeds[prefix]
        assert infer_published(article, tag(article.body, None), collection).published == value, prefix


# --- inference rules on small made-up texts ----------------------------------------------------


def made_up(body: str, **fields) -> Article:
    return Article(id="x", path="x.txt", content_hash="0", title="t", body=body, **fields)


def test_future_dates_are_not_past():
    body = "The ministers met on March 10. The summit will take place on March 20, officials said."
    article = made_up(body)
    found = [timex(body, "March 10", "XXXX-03-10"), timex(body, "March 20", "XXXX-03-20")]
    assert infer_published(article, found, [day("2024-03-14")]).published == day("2024-03-10")


def test_nearest_cue_after_when_nothing_before():
    body = "On March 12, the council voted for the plan. Delegates gathered ahead of the March 30 summit."
    found = [timex(body, "March 12", "XXXX-03-12"), timex(body, "March 30", "XXXX-03-30")]
    assert infer_published(made_up(body), found, [day("2024-03-14")]).published == day("2024-03-12")


def test_year_from_a_full_date_nearby():
    body = "The port closed on March 3, 2023 after a storm. Repairs ended on March 9 and boats returned."
    found = [
        timex(body, "March 3, 2023", "2023-03-03", interval=day("2023-03-03")),
        timex(body, "March 9", "XXXX-03-09"),
    ]
    dated = infer_published(made_up(body), found, [])
    assert dated.published == day("2023-03-09")
    assert "'March 3, 2023' nearby" in dated.published_evidence


def test_month_only_evidence_gives_a_month_never_a_day():
    body = "Prices rose sharply in February, the bank said."
    found = [timex(body, "February", "XXXX-02")]
    dated = infer_published(made_up(body, year_hints=(2023, 2024)), found, [])
    assert dated.published == TimeValue(date(2024, 2, 1), date(2024, 12, 31), Precision.MONTH, "ON_OR_AFTER")
    assert dated.published.kind == "range"


def test_collection_picks_the_nearest_year_across_new_year():
    body = "The ferry sank on Dec. 30, the coastguard said."
    found = [timex(body, "Dec. 30", "XXXX-12-30")]
    assert infer_published(made_up(body), found, [day("2024-01-03")]).published == day("2023-12-30")


def test_the_nearest_year_is_found_by_bisection_as_a_scan_of_every_date_finds_it():
    """Dates sorts the other articles' dates once; its answer is the scan's on many batches: read
    days and months, spread over years, asked about every month and several days."""
    import random

    from tracker.ingest.infer import Dates, _middle, _nearest_year, whole_unit

    def scanned(years, month, dom, dates):
        best = None
        for year in sorted(years):
            try:
                value = TimeValue.day(date(year, month, dom)) if dom else whole_unit(TimeValue(date(year, month, 1), date(year, month, 1), Precision.MONTH))
            except ValueError:
                continue
            distance = min(abs(_middle(value) - _middle(c)) for c in dates)
            if best is None or distance < best[0]:
                best = (distance, year)
        return best[1] if best else None

    rng = random.Random(7)
    for _ in range(60):
        dates = [day(f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}") for _ in range(rng.randint(1, 40))]
        dates += [TimeValue(date(2022, m, 1), whole_unit(TimeValue(date(2022, m, 1), date(2022, m, 1), Precision.MONTH)).end, Precision.MONTH)
                  for m in rng.sample(range(1, 13), 2)]
        indexed = Dates.of([*dates, None])
        # a date's middle is the day the old scan took: start plus half its span, rounded down
        assert all(_middle(c) == (c.start + (c.end - c.start) / 2).toordinal() for c in dates)
        assert list(indexed) == dates and indexed.years == tuple(sorted({d.start.year + k for d in dates for k in (-1, 0, 1)}))
        for month in range(1, 13):
            for dom in (None, 1, 15, 29, 31):
                assert _nearest_year(indexed.years, month, dom, indexed) == scanned(indexed.years, month, dom, dates)


def test_a_coarse_given_date_is_refined_inside_itself():
    body = "The bridge was closed on March 3. It reopened on March 12, the city said."
    month = TimeValue(date(2024, 3, 1), date(2024, 3, 31), Precision.MONTH)
    found = [timex(body, "March 3", "XXXX-03-03"), timex(body, "March 12", "XXXX-03-12")]
    dated = infer_published(made_up(body, published=month), found, [])
    assert dated.published == day("2024-03-12") and dated.published_inferred


def test_year_less_agency_dateline_is_completed_by_the_copyright_year():
    article = read_article(DATA / "agency_dateline.txt")
    assert article.published is None
    assert article.published_evidence == "PORT ELWYN, January 12. /GULLWIRE/."
    assert article.body.startswith("Engineers restored the lights")
    assert article.outlet == "Gullwire"
    dated = infer_published(article, [], [])
    assert dated.published == day("2024-01-12") and dated.published_inferred
    assert "dateline" in dated.published_evidence


# --- datelines and outlets -------------------------------------------------------------------------

DATELINES = [
    ("5 Sep, 2025 14:11", day("2025-09-05")),
    ("September 5, 2025, Friday // 12:40", day("2025-09-05")),
    ("Sep 5, 2025", day("2025-09-05")),
    ("Published: 2025-09-05", day("2025-09-05")),
    ("2025-09-05T14:11:00+03:00", day("2025-09-05")),
    ("Friday, 5 September 2025", day("2025-09-05")),
    ("By Jane Roe | March 14, 2024", day("2024-03-14")),
    # the forms of other outlets' pages (tests/data/articles/wild/)
    ("Friday 5 September 2025 10.02 BST", day("2025-09-05")),
    ("Sept. 5, 2025", day("2025-09-05")),
    ("September 5, 2025 at 12:40 p.m. EDT", day("2025-09-05")),
    ("Published On 5 Sep 2025", day("2025-09-05")),
    ("March 14, 2025 2:14 PM GMT+1Updated 2 hours ago", day("2025-03-14")),
    ("Posted: 14/03/2025 - 08:30", day("2025-03-14")),
    ("03/14/2025", day("2025-03-14")),
    ("2025-09-05T14:11:00Z", day("2025-09-05")),
    ("September 5, 2025 / 12:40 PM / Updated 3 hours ago", day("2025-09-05")),
    ("By Jane Doe | Published September 5, 2025", day("2025-09-05")),
    ("Sat 6 Sep 2025 08.03 BST", day("2025-09-06")),
]


@pytest.mark.parametrize("line, expected", DATELINES)
def test_dateline_forms(line, expected):
    found = find_dateline(["Some headline of a story", line, "The first paragraph, the paper said."])
    assert found is not None and found.value == expected and found.text == line


def test_year_less_agency_dateline():
    found = find_dateline(["VLADIVOSTOK, September 5. /TASS/. Russian President said on Friday that..."])
    assert found.value is None and found.month_day == (9, 5) and found.agency == "TASS"
    assert find_dateline(["Sep 31, 2025"]) is None  # not a real day
    assert find_dateline(["The talks were held on September 5, 2025 in the capital."]) is None  # a sentence


@pytest.mark.parametrize(
    "line, stamp",
    [("Ferries return to the harbour Tuesday 4 March 2025 08.43 GMT The strike ended after nine days.",
      "Tuesday 4 March 2025 08.43 GMT"),
     ("HARBOURTOWN | Tue Mar 4, 2025 6:51 pm EST HARBOURTOWN (Agency) - The port reopened on Tuesday.",
      "Tue Mar 4, 2025 6:51 pm EST"),
     ("Tuesday, March 4, 2025; 4:30 PM Just a day after the strike ended, the port reopened.",
      "Tuesday, March 4, 2025; 4:30 PM"),
     ("Jane Roe | 09:26 UK time, Tuesday, 4 March 2025 Ferry crews are back at work.",
      "09:26 UK time, Tuesday, 4 March 2025")],
)
def test_a_stamp_glued_inside_the_first_line_is_the_pages_date(line, stamp):
    found = find_dateline([line, "The second paragraph of the story, the harbour board said."])
    assert found is not None and found.kind == "stamp" and found.text == stamp
    assert found.value == day("2025-03-04")


def test_a_date_and_clock_in_a_sentence_are_no_stamp():
    for sentence in ("The council met on Tuesday, March 4, 2025 at 9:30 am EST to vote on the harbour plan.",
                     "Talks resumed after March 4, 2025 10:00 GMT, when the union wrote to the board.",
                     "The vote closed at 9:30 GMT, March 4, 2025, and the count began at once.",
                     "Ferry crews returned to work on Thursday after nine days on strike, the board said."):
        assert find_dateline([sentence]) is None, sentence
    far = "The harbour board " + "said the port would reopen soon and " * 12 + "March 4, 2025 08.43 GMT"
    assert find_dateline([far]) is None  # deep inside a line: no stamp of the page


def test_a_glued_update_stamp_bounds_the_day_and_is_not_read_as_published():
    line = "Ferries return 4 March 2025 Last updated at 08:43 GMT Help The strike ended after nine days."
    assert find_dateline([line]) is None
    update = find_update([line])
    assert update is not None and update.value == day("2025-03-04")


@pytest.mark.parametrize(
    "raw, readable",
    [("Newsypeople.com", "Newsypeople"), ("PRAVDA.Ru", "Pravda.Ru"), ("the Kyiv Independent", "Kyiv Independent"),
     ("www.harbour-news.org", "Harbour-news"), ("The Example Times", "The Example Times")],
)
def test_readable_outlet(raw, readable):
    assert readable_outlet(raw) == readable


# --- own articles in each format ------------------------------------------------------------------


def test_front_matter_article():
    article = read_article(DATA / "frontmatter_ferry.txt")
    assert article.title == "Ferry crews return to work in Port Elwyn"
    assert article.outlet == "The Gull Gazette"
    assert article.url == "https://gull-gazette.example/2024/03/14/ferry-crews-return"
    assert article.published == day("2024-03-14") and not article.published_inferred
    assert article.published_evidence == "front matter published: 2024-03-14"
    assert article.body.startswith("Ferry crews in Port Elwyn returned to work on Thursday")
    for junk in ("Home |", "Photo:", "Subscribe", "Copyright", "title:"):
        assert junk not in article.body
    assert article.body.count("\n\n") == 2


def test_markdown_article():
    article = read_article(DATA / "harbour_budget.md")
    assert article.title == "Council approves new harbour budget"
    assert article.published == day("2024-02-20")
    body = article.body
    assert "approved a harbour budget of 4.2 million pounds on Monday, after a three-hour debate in the old" in body
    assert '"We have waited ten years for this," said councillor Ilse Varga.' in body
    assert "the cost had doubled since 2022." in body
    for syntax in ("**", "](", "#", "> ", "![", "_doubled_", "assembly hall during the vote", "Fish market", "Read more"):
        assert syntax not in body, syntax


def test_html_article():
    article = read_article(DATA / "gazette_storm.html")
    assert article.title == "Storm closes the north quay for two days"
    assert article.outlet == "The Gull Gazette"  # the site name
    assert article.published == day("2024-01-09")
    assert article.published_evidence == "HTML metadata date 2024-01-09"
    assert article.body.startswith("A winter storm closed the north quay of Port Elwyn on Monday and Tuesday")
    assert "Repairs to the quay lights began on Wednesday" in article.body
    for junk in ("Most Popular", "Fish market to reopen", "Copyright", "Home"):
        assert junk not in article.body


def test_article_without_dates_reads_with_unknown_date():
    article = read_article(DATA / "no_dates.txt")
    assert article.published is None and article.published_evidence is None
    assert article.title == "Fish market plans longer opening hours"


def test_markup_in_a_text_article_stays_text():
    article = read_article(DATA / "hostile_markup.txt")
    assert '<script>alert("boom")</script>' in article.body
    assert "${injection} %s %n" in article.body


def test_a_hard_wrapped_wire_story_reads_as_paragraphs():
    article = read_article(DATA / "wrapped_wire.txt")
    assert article.title == "Lock gates at Tarnmouth reopen after three-week closure"
    assert article.published_evidence == "TARNMOUTH, March 14 (Fenwire) -"
    assert infer_published(article, [], []).published == day("2024-03-14")  # the copyright gives the year
    assert article.body.split("\n\n") == [
        "The lock gates on the Tarnmouth canal reopened to barges on Thursday, "
        "three weeks after a cracked hinge forced the harbour board to close them, the board's chief engineer said.",
        '"We had hoped to reopen last Friday, but the replacement hinge arrived late from the foundry," said '
        "Ilse Varga, who led the repairs. The re-opening was delayed twice in February.",
        "Barge operators said the closure cost them about 40,000 euros a week. The board will meet on Monday to "
        "decide whether to compensate them.",
    ]


@pytest.mark.parametrize("width", [50, 72, 100])
@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_a_seed_wrapped_at_a_fixed_width_reads_as_the_seed(tmp_path, prefix, width):
    original = seed(prefix)
    lines = original.read_text(encoding="utf-8").split("\n")
    wrapped = "\n\n".join("\n".join(textwrap.wrap(line, width)) for line in lines if line.strip())
    path = tmp_path / original.name
    path.write_text(wrapped, encoding="utf-8")
    want, got = read_article(original), read_article(path)
    assert (got.title, got.body, got.published) == (want.title, want.body, want.published)


def test_reflow_leaves_unwrapped_pages_and_headline_lists_alone():
    pages = [*SEED_FILES, *sorted((DATA / "wild").glob("*.txt")), *sorted(DATA.glob("*.txt"))]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if path.name != "wrapped_wire.txt":
            assert reflow(text) == text, path.name
    headlines = "\n".join(
        f"Regional council {word} plans for the new harbour bridge and ferry terminal at Elwyn"
        for word in ("delays", "drops", "revives", "backs", "rejects", "reviews", "approves", "funds")
    )
    assert reflow(headlines) == headlines


def test_reflow_joins_words_broken_at_a_hyphen():
    text = (
        "The harbour board said on Thursday that the repairs were well-\n"
        "prepared and that the lock gates of the canal would probably\n"
        "reopen to barges within days, after a cracked hinge had forced\n"
        "the engineers to close them for three weeks in the winter.\n"
    )
    assert reflow(text) == " ".join(text.split()).replace("well- ", "well-") + "\n"


def test_line_ends_and_byte_order_mark(tmp_path):
    text = "Harbour news today\r\n\r\nThe ferry left on time on Monday, the captain said.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    article = read_article(path)
    assert article.title == "Harbour news today"
    assert article.body == "The ferry left on time on Monday, the captain said."


def test_very_long_lines_finish(tmp_path):
    path = tmp_path / "long.txt"
    hostile = ["(" + "a/" * 20000 + "b", "Ab" * 30000, "icon " * 5 + "x" * 50000, "Jane Doe is a " + "very " * 5000]
    path.write_text("\n".join(hostile + ["The ferry left on time on Monday, the captain said."]), encoding="utf-8")
    assert "The ferry left on time" in read_article(path).body


# --- bad input -------------------------------------------------------------------------------------

BAD_FILES = [
    ("empty.txt", "empty file"),
    ("whitespace_only.txt", "empty file"),
    ("binary_png.txt", "binary file"),
    ("latin1.txt", "not UTF-8 text: byte 0xe9 at offset 3"),
    ("unclosed_front.md", "no closing '---'"),
    ("bad_yaml_front.txt", "malformed front matter at line 3"),
    ("list_front.txt", "got a list"),
    ("bad_published_front.txt", "published 'last Tuesday-ish' is not a date"),
    ("empty_page.html", "no article text"),
    ("only_furniture.txt", "only page furniture"),
]


@pytest.mark.parametrize("name, problem", BAD_FILES)
def test_bad_files_give_one_line_naming_file_and_problem(name, problem):
    path = BAD / name
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message
    assert caught.value.path == str(path)


def test_missing_path_directory_and_unknown_type(tmp_path):
    cases = [
        (tmp_path / "nowhere.txt", "no such file"),
        (tmp_path, "is a folder"),
    ]
    odd = tmp_path / "story.pdf"
    odd.write_bytes(b"%PDF-1.4")
    cases.append((odd, "unsupported file type '.pdf'"))
    for path, problem in cases:
        with pytest.raises(ArticleError, match=problem):
            read_article(path)


@pytest.mark.parametrize("flag", ["yesterday-ish", "2025-13-01", "2025-02-30", "", "05/09"])
def test_malformed_published_flag(flag):
    with pytest.raises(DateError) as caught:
        read_article(seed("000"), published=flag)
    assert repr(flag) in str(caught.value)
    assert str(seed("000")) in str(caught.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_any_bytes_give_an_article_or_a_named_error(tmp_path, content):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(content)
    try:
        article = read_article(path)
    except ArticleError as err:
        assert str(err).startswith(f"{path}: ") and "\n" not in str(err)
    else:
        assert article.body.strip() and article.title


def test_a_journalist_quoted_in_the_article_is_not_the_outlet(tmp_path):
    path = tmp_path / "quoted.txt"
    path.write_text(
        "Harbour reporter wins award\n\n"
        "Maren Tollis is a reporter for the Harbour Herald and won the coast prize on Monday, the jury said.\n\n"
        "The prize has been given every year since 1961 for reporting on the coast.\n\n"
        "Copyright © 2019-2023 Gull Gazette\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert "Maren Tollis is a reporter for the Harbour Herald" in article.body
    assert article.outlet == "Gull Gazette"
    assert article.year_hints == (2023,)


def test_a_glued_stamp_further_down_the_page_is_a_comment_not_the_pages_date():
    lines = ["Ferry strike ends after nine days",
             "Ferry crews returned to work on Thursday after nine days on strike, the harbour board said.",
             "The union accepted a pay offer on Wednesday evening after a vote of its members.",
             "March 9, 2025 at 11:27 pm | Report abuse | The board should have paid them sooner."]
    assert find_dateline(lines) is None


def test_plain_written_dates_are_read_without_dateparser_and_give_its_day():
    import dateparser

    from tracker.ingest.dateline import _FIXED_BASE, _plain_date, parse_full_date

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RELATIVE_BASE": _FIXED_BASE, "STRICT_PARSING": True}
    for text in ("14 March 2025", "March 14, 2025", "Mar 14 2025", "14 Mar, 2025", "September 30,  2024"):
        plain = _plain_date(text)
        assert plain is not None and plain == dateparser.parse(text, languages=["en"], settings=settings), text
    # anything else goes to dateparser: a weekday, "Sept.", an ordinal, a date that does not exist
    assert _plain_date("Friday 14 March 2025") is None and parse_full_date("Friday 14 March 2025") == date(2025, 3, 14)
    assert _plain_date("Sept. 3, 2024") is None and parse_full_date("Sept. 3, 2024") == date(2024, 9, 3)
    assert _plain_date("31 June 2025") is None and parse_full_date("31 June 2025") is None
