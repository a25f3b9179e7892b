"""Ingest of made-up pages in the layouts of many kinds of outlets (tests/data/articles/wild/):
wire services, broadcasters, newspapers, blogs, local sites, HTML with metadata. Each page is
checked for its title, outlet, publication date with its evidence, and its exact paragraphs: every
furniture line gone, every article paragraph kept, in order. Outlets, people and places are invented."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.ingest import infer_published, read_article
from tracker.ingest.dateline import find_dateline, numeric_readings, parse_published
from tracker.ingest.furniture import is_furniture
from tracker.ingest.outlet import readable_outlet
from tracker.types import Article, TimeValue

WILD = Path(__file__).resolve().parent / "data" / "articles" / "wild"


def day(text: str) -> TimeValue:
    return TimeValue.day(date.fromisoformat(text))


# file: (title, outlet, published as read (None: not stated), evidence as read)
READ = {
    "wire_rail_strike.txt": (
        "Rail unions in Norland call national strike over pension reform", "Newswire", "2025-03-14",
        "March 14, 2025 2:14 PM GMT+1Updated 2 hours ago",
    ),
    "wire_summit_london.txt": (
        "Ministers agree to share flood warning data across the North Sea", "Newswire", None, None,
    ),
    "broadcaster_floods.txt": (
        "Floods force thousands from homes in the Tenaz river valley", "Northcast", "2024-11-12",
        "Published On 12 Nov 2024",
    ),
    "broadcaster_storm.txt": ("Harbour town counts the cost of storm surge", "Northcast", "2025-09-05", "5 September 2025"),
    "newspaper_budget.txt": (
        "Calder City council passes emergency budget after months of deadlock", "Calder Post", "2025-09-05",
        "September 5, 2025 at 12:40 p.m. EDT",
    ),
    "newspaper_windfarm.txt": (
        "Court orders halt to Brennmoor wind farm over bird surveys", "The Lakeshore Ledger", "2025-09-05", "Sept. 5, 2025",
    ),
    "newspaper_midbox.txt": (
        "Highland water board approves reservoir expansion", "Highland Courier", "2025-03-03",
        "Posted Mar 3, 2025 at 6:05 AM",
    ),
    "chronicle_cod.txt": (
        "Cod quotas cut by a third as North Atlantic stocks slump", "Harbourside Chronicle", "2025-09-05",
        "Friday 5 September 2025 10.02 BST",
    ),
    "blog_front.md": (
        "Why our village finally got fibre broadband", "Tidewater Notes", "2024-05-18", "front matter published: 2024-05-18",
    ),
    "blog_plain.md": (
        "Repair café fixes its 1,000th toaster", None, "2025-09-05", "Posted 2025-09-05T14:11:00Z by Fenna Schuyt · 3 min read",
    ),
    "local_numeric_dayfirst.txt": (
        "Primary school wins national chess title", "Valley Gazette", "2025-03-14", "Posted: 14/03/2025 - 08:30",
    ),
    "local_numeric_ambiguous.txt": (
        "Bridge on the B742 to reopen after flood repairs", "Valley Gazette", None, "Posted: 05/09/2025 - 08:30",
    ),
    "column_undated.txt": ("The slow art of mending a dry stone wall", None, None, None),
    "html_jsonld_port.html": (
        "Port of Greyhaven opens new container berth", "Coastline Herald", "2025-04-17", "HTML metadata date 2025-04-17",
    ),
    "html_meta_tram.html": (
        "Tram line extension approved after 20-year wait", "Ridgeford Echo", "2024-10-02", "HTML metadata date 2024-10-02",
    ),
    "html_time_only.html": (
        "Library lends its millionth book", "Westbury Community News", "2023-11-20", "HTML metadata date 2023-11-20",
    ),
}

# The start of every paragraph of the body, in order: nothing more, nothing less.
PARAGRAPHS = {
    "wire_rail_strike.txt": [
        "Norland's three largest rail unions on Friday called",  # the agency dateline is cut off
        "The unions, which together represent about 41,000",
        '"We have been patient for two years. That patience',
        "Transport Minister Aksel Varn told parliament on",
        "Freight operators warned that a long stoppage would",
        "Share prices of Nordfrakt, the largest private",
        "The last national rail strike, in October 2019,",
    ],
    "wire_summit_london.txt": [
        "Environment ministers from five North Sea countries",
        "The agreement, signed at a two-day meeting in London",
        '"Water does not stop at a border, and neither',
        "Officials said the readings would be pooled",
        "The plan follows the floods of October 2023",
        "Critics said the deal did not address the cost",
    ],
    "broadcaster_floods.txt": [
        "Officials say the river burst its banks",  # the standfirst, a sentence, stays (as on the seeds)
        "More than 14,000 people have been forced",
        "Rescue teams using boats and two helicopters",
        '"We lost everything on the ground floor',
        "The national weather service said 280mm",
        "Share of the blame has fallen on the regional government",
        "Governor Tomas Reale said on Tuesday",
    ],
    "broadcaster_storm.txt": [
        "Shopkeepers in Kelmouth spent Friday",
        "The coastguard said waves of up to 7m",
        "Nobody was hurt, but the county council",
        'Harbour master Gwen Tallis said: "We knew',
        "The Environment Agency had issued a severe flood warning",
        "Cookies left out on a cafe counter",
    ],
    "newspaper_budget.txt": [
        "The Calder City Council approved a $2.1 billion",
        "The measure passed 7-4 after a nine-hour session",
        "Under the plan, branch libraries will close",
        '"Nobody on this council wanted to make these cuts,"',
        "Share prices of the city's main bond insurer",
        "Advertisement revenue from bus shelters",
        "A bakery owner on Dock Street said she had been handing out cookies",
        "Mayor Celia Brandt, who had threatened to veto",
    ],
    "newspaper_windfarm.txt": [
        "Judges found that the developer ignored",
        "A regional court on Friday ordered work to stop",
        "The ruling is a setback for the state government",
        "The court said the developer, Nordwind Energie",
        '"A permit is not a suggestion," the presiding judge',
        "Nordwind said it would appeal",
        "Conservation groups, which brought the case in March 2024",
    ],
    "newspaper_midbox.txt": [
        "The Highland water board voted on Monday",
        "The vote was 5-2.",
        "Opponents, including the owners of six farms",  # the article goes on after a "Recommended" box
        '"We lose a third of our water',
        "Construction is expected to begin in 2026",
    ],
    "chronicle_cod.txt": [
        "Scientists say the decline is the steepest",
        "Fishing ministers agreed on Thursday night",
        "The cut, agreed after two days of talks",
        "Skippers' associations said the decision",
        "Marine scientists said the fall was driven",
        "The last cut of this size came in 2006",
    ],
    "blog_front.md": [
        "After six years of petitions, the fibre cable reached Lowmere on Tuesday",
        "The parish council had first asked the network operator",
        '"We stopped asking and started digging," said Ruth Aldane',
        "The volunteers finished the trench in March",
    ],
    "blog_plain.md": [
        "The Brackwater repair café fixed its thousandth toaster on Thursday",
        "Volunteer Pieter Vos, a retired electrician",
        "The café has also repaired 640 lamps",
    ],
    "local_numeric_dayfirst.txt": [
        "Pupils from Hawley primary school won",
        "The team of six, aged between eight and eleven",
        "Head teacher Marion Quill said",
    ],
    "local_numeric_ambiguous.txt": [
        "The Millbeck bridge on the B742 will reopen",
        "The bridge was closed on 2 August",
        "Contractors finished pouring the new footing on 3 September",
        "Drivers have faced a 14-mile diversion",
    ],
    "column_undated.txt": [
        "There is a wall at the top of our lane",
        "Dry stone walls are held up by nothing",
        "Last week a neighbour stopped to watch",
        "The work is slow. On a good day I lay about a metre.",
    ],
    "html_jsonld_port.html": [
        "The Port of Greyhaven opened its new deep-water container berth on Wednesday",
        "The 420-metre berth cost 310 million pounds",
        '"This is the biggest change to the harbour',
        "The first ship to use the berth",
        "Local councillors welcomed the jobs",
        "Work on the berth began in March 2022",
    ],
    "html_meta_tram.html": [
        "Ridgeford's tram line will be extended",
        "The 4.5km extension will add six stops",
        "Board chair Naomi Kell said",
        "Residents of the Eastfield estate",
        "Share of the cost will come from a levy",
    ],
    "html_time_only.html": [
        "Westbury central library lent its millionth book on Monday",
        "The library, which reopened in 2019",
        "Advertisement boards in the entrance hall",
        '"We thought it might be a children\'s book',
    ],
}

# Furniture of each page, as written there: none of it may be left anywhere in the body.
FURNITURE = {
    "wire_rail_strike.txt": [
        "Skip to main content", "World > Europe", "By Jane Doe", "Item 1 of 2", "Item 2 of 2",
        "Purchase Licensing Rights", "Summary", "HALVIK, March 14 (Newswire)", "Reporting by", "Editing by",
        "Our Standards", "Suggested Topics", "covers transport and labour", "Read Next", "central bank holds rates",
        "world's largest multimedia news provider", "Download the App", "quotes delayed", "©",
    ],
    "wire_summit_london.txt": [
        "By JANE DOE", "Updated 10:15", "Link copied", "Flipboard", "LONDON (Newswire)", "Advertisement",
        "contributed to this report", "covers climate", "mailto", "independent global news organization",
        "Cookie Settings", "Do Not Sell", "Copyright",
    ],
    "broadcaster_floods.txt": [
        "Skip", "navigation menu", "Listen", "News|Climate", "(Photo by", "By Amal", "Published On",
        "Click here to share", "share2", "Save", "Watch:", "Source:", "Advertisement", "delivered to your inbox",
        "By signing up", "reCAPTCHA", "More on this story", "Heavy rain warning", "Related Topics", "Follow Northcast",
        "Cookie Preferences", "©",
    ],
    "broadcaster_storm.txt": [
        "Skip to content", "5 September 2025", "Share\n", "Save", "Tom Ashby", "Northcast News, Kelmouth",
        "Image:", "Listen to this article", "Watch:", "Updated 14:11 GMT", "Related Topics", "More on this story",
        "2 days ago", "Storm warnings issued", "Copyright", "external linking",
    ],
    "newspaper_budget.txt": [
        "We use cookies", "Accept all", "Reject all", "Manage preferences", "Skip to main content", "Sign in",
        "By Rosa Delgado", "12:40 p.m.", "Gift this article", "Comment", "(Photo by Kim Osei", "Story continues",
        "Sign up", "The Morning Brief", "Enter email", "Most Read", "School board delays", "Facebook Twitter",
        "Follow us", "Download our app", "©", "Terms of Use",
    ],
    "newspaper_windfarm.txt": [
        "Skip to", "Subscribe for", "World > Europe", "Trending:", "Image", "The turbine site near Brennmoor in July",
        "Credit", "By Ines", "Reporting from Hamburg", "Updated Sept. 6", "Listen to article", "Share full article",
        "Gift this article", "SKIP ADVERTISEMENT", "covers energy", "appears in print", "Order Reprints",
        "Related Content", "Recommended", "Heat wave grips", "Download our app", "©",
    ],
    "newspaper_midbox.txt": [
        "Menu", "Subscribe", "Local News", "By Callum Reid", "Posted Mar 3", "Recommended",
        "Glenmor residents fear loss", "Water bills to rise", "Read more:", "Highland Briefing", "Most Read",
        "Man charged after crash", "Copyright",
    ],
    "chronicle_cod.txt": [
        "Skip to", "Print subscriptions", "Back to home", "Photograph:", "Trawlers moored", "Kit Ellery",
        "10.02 BST", "Explore more on these topics", "Reuse this content", "Most viewed", "Heatwave brings",
        "Sign up for our email", "Tip us off", "©",
    ],
    "blog_front.md": [
        "title:", "cable drum", "Photo:", "# Why", "Share this", "Facebook", "Like this", "Like Loading",
        "Related", "Parish council approves duct route", "Leave a comment", "Posted in",
    ],
    "blog_plain.md": [
        "Skip to content", "Menu", "Home", "Archive", "Posted 2025", "3 min read", "Tags", "Previous post",
        "Subscribe via RSS", "Powered by",
    ],
    "local_numeric_dayfirst.txt": ["Valley Gazette", "Home |", "Posted:", "Share this article", "Facebook"],
    "local_numeric_ambiguous.txt": ["Valley Gazette", "Home |", "Posted:", "Share this article", "published by"],
    "column_undated.txt": ["Opinion", "Columnists", "By Agnes", "Share", "writes about rural life", "Related", "hay meadow"],
    "html_jsonld_port.html": [
        "We use cookies", "Skip to main content", "Business reporter", "Facebook", "(Photo by", "Cranes unload",
        "Related", "dock workers vote", "Advertisement", "Most Read", "rescued from cliffs", "Follow us",
        "Download our app", "Terms of Use", "©",
    ],
    "html_meta_tram.html": ["Home", "Updated", "Image:", "Credit:", "Sign up", "Copyright"],
    "html_time_only.html": ["Home |", "By Sam Okafor", "run by volunteers", "Terms of Use"],
}


@pytest.fixture(scope="module")
def wild() -> dict[str, Article]:
    return {name: read_article(WILD / name) for name in READ}


def test_every_wild_page_is_checked():
    assert sorted(p.name for p in WILD.iterdir()) == sorted(READ) == sorted(PARAGRAPHS) == sorted(FURNITURE)


@pytest.mark.parametrize("name", sorted(READ))
def test_wild_page_metadata(wild, name):
    title, outlet, published, evidence = READ[name]
    article = wild[name]
    assert article.title == title
    assert article.outlet == outlet
    assert article.published == (day(published) if published else None)
    assert article.published_evidence == evidence
    assert article.published_inferred is False


@pytest.mark.parametrize("name", sorted(PARAGRAPHS))
def test_wild_page_paragraphs_are_exactly_the_article(wild, name):
    paragraphs = wild[name].body.split("\n\n")
    expected = PARAGRAPHS[name]
    assert len(paragraphs) == len(expected), paragraphs
    for got, start in zip(paragraphs, expected):
        assert got.startswith(start), (got, start)


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_wild_page_furniture_is_gone(wild, name):
    body = wild[name].body
    for junk in FURNITURE[name]:
        assert junk not in body, f"{name}: furniture left: {junk!r}"
    assert wild[name].title not in body


# --- dates the page does not state: inferred with the real tagger, or honestly unknown ------------


def inferred(article: Article) -> Article:
    tag = pytest.importorskip("tracker.temporal").tag
    return infer_published(article, tag(article.body, None), [])


def test_update_stamp_is_not_the_publication_date_but_gives_the_year(wild):
    article = wild["wire_summit_london.txt"]
    assert article.year_hints == (2024,)
    dated = inferred(article)
    assert dated.published == day("2024-06-05") and dated.published_inferred
    assert dated.published_evidence.startswith("inferred: on or after the latest reported date 'June 5'")


def test_published_stamp_wins_over_a_later_update_stamp(wild):
    assert wild["newspaper_windfarm.txt"].published == day("2025-09-05")  # not "Updated Sept. 6"


def test_ambiguous_numeric_date_is_decided_by_the_reported_past(wild):
    article = wild["local_numeric_ambiguous.txt"]
    assert article.published is None and article.year_hints == (2025,)
    dated = inferred(article)
    assert dated.published == day("2025-09-05") and dated.published_inferred
    assert dated.published_evidence == (
        "inferred: 'Posted: 05/09/2025 - 08:30' read as 2025-09-05; 2025-05-09 is before '3 September'"
    )


def test_ambiguous_numeric_date_without_reported_past_stays_unknown(tmp_path):
    path = tmp_path / "ambiguous.txt"
    path.write_text("Posted: 04/06/2025\nCouncil to review parking rules\n"
                    "The council will review parking rules in the town centre, officials said.\n", encoding="utf-8")
    article = read_article(path)
    assert article.published is None and article.year_hints == (2025,)
    assert infer_published(article, [], []).published is None


def test_undated_column_stays_unknown(wild):
    dated = inferred(wild["column_undated.txt"])
    assert dated.published is None and dated.published_inferred is False


# --- rules on single lines -----------------------------------------------------------------------

FURNITURE_LINES = [
    "Skip to main content", "Skip links", "SKIP ADVERTISEMENT", "Story continues below advertisement",
    'We use cookies to give you the best experience. By continuing you agree to our use of cookies.',
    "This website uses cookies", "Accept all", "Manage preferences", "Gift this article", "Share full article",
    "Listen to article · 4:12 min", "Listen to this article", "Click here to share on social media",
    "Facebook Twitter LinkedIn Email WhatsApp", "Share this:", "Like Loading...", "Download our app",
    "Follow us on Instagram", "Follow Example English:", "Reporting by Jane Doe; Editing by John Roe",
    "Jo Roe in Oskarby contributed to this report.", "Our Standards: The Trust Principles.",
    "Credit...Lukas Behr for The Example Ledger", "Credit: Hanne Sorge/Example",
    "Boats in the harbour at dawn. Photograph: Sam Roe/The Example Chronicle",
    "Item 2 of 2 Wagons stand idle. Newswire/Jo Roe Purchase Licensing Rights",
    "World > Europe", "News › Business › Markets", "Trending: Election results | Heat wave",
    "Order Reprints | Today's Paper | Subscribe", "Home | News | Sport | What's On | Contact",
    "Kit Ellery Environment correspondent", "Reporting from Hamburg", "Source: Example News and news agencies",
    "Get the top stories of the day delivered to your inbox.", "Previous post | Next post", "Posted in Village life",
    "Example Gazette is published by Example Local Media Ltd.", "Terms of Use | Privacy Policy",
    "Updated Sept. 6, 2025 8:03 am ET", "Sept. 5, 2025", "Friday 5 September 2025 10.02 BST",
    "Published On 5 Sep 2025", "5 Sep 2025", "September 5, 2025 at 12:40 p.m. EDT", "05/09/2025",
    "2025-09-05T14:11:00Z", "© 2025 Example Media Group", "Last modified on Fri 5 Sep 2025 11.02 BST",
    "Share via Email", "Copy link to clipboard", "Read full article", "Continue reading", "Already a subscriber? Sign in",
    "Create a free account", "This article is more than 1 year old", "Example Images", "Jane Roe/Example Images",
    "Image source, Example Images", "Media caption, Drone footage shows the flooding", "Newsletter",
    "September 5, 2025 / 12:40 PM / Updated 3 hours ago", "By Jane Doe | Published September 5, 2025",
]

ARTICLE_LINES = [
    "Share prices of the city's main bond insurer rose slightly on Friday after the vote, traders said.",
    "Share of the blame has fallen on the regional government.",
    "Cookies left out on a cafe counter were about the only thing that stayed dry.",
    "A bakery owner said she had been handing out cookies at the library for a decade.",
    "Advertisement revenue from bus shelters came in $4 million below forecast last year.",
    "Advertisement boards in the entrance hall had counted down the loans for the past month.",
    '"We use cookies as a reward," the school\'s head teacher said of the reading scheme.',
    '"Follow us on this path and the country will recover," the minister told the rally.',
    "Reporting by the local paper revealed that the contracts were never signed.",
    "Download speeds in the village rose tenfold after the fibre cable arrived, residents said.",
    "Watch the birds, the ornithologists said, not the turbines.",
    "Source of the leak was traced to a cracked main under the high street.",
    "Subscribers to the water scheme will pay 6% more from April, the board said.",
    "Trending topics on the council's website included bin collections and parking.",
    "Sign language interpreters will attend every meeting from next month.",
    "What the satellite images show",  # a subheading
    "Continue reading the report and you find the figures do not add up, the auditor said.",
    "Copy link cables were cut twice last winter, the operator said.",
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_line(line):
    assert is_furniture(line), line


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_line_is_not_furniture(line):
    assert not is_furniture(line), line


def test_update_stamp_alone_is_no_dateline():
    assert find_dateline(["Updated Sept. 6, 2025 8:03 am ET", "The court said so on Friday, officials said."]) is None


def test_undated_agency_dateline_names_the_agency():
    found = find_dateline(["LONDON (Newswire) — Ministers agreed on Thursday to share data."])
    assert found.value is None and found.month_day is None and found.agency == "Newswire"


def test_numeric_readings():
    assert numeric_readings("05/09/2025") == (date(2025, 5, 9), date(2025, 9, 5))
    assert numeric_readings("14/03/2025") == (date(2025, 3, 14),)
    assert numeric_readings("03/14/2025") == (date(2025, 3, 14),)
    assert numeric_readings("07/07/2025") == (date(2025, 7, 7),)
    assert numeric_readings("31/02/2025") == ()
    assert numeric_readings("Sept. 5, 2025") is None
    assert parse_published("05/09/2025") is None  # a user's ambiguous date is refused, not guessed
    assert parse_published("14/03/2025") == day("2025-03-14")


@pytest.mark.parametrize(
    "raw, readable",
    [("Calder Post Media Group", "Calder Post"), ("Harbourside Chronicle News & Media Limited", "Harbourside Chronicle"),
     ("The Lakeshore Ledger Company", "The Lakeshore Ledger"), ("Northcast Media Network", "Northcast"),
     ("Media", "Media"), ("Example News", "Example News")],
)
def test_company_words_are_not_the_outlet(raw, readable):
    assert readable_outlet(raw) == readable


def test_ambiguous_front_matter_date_is_refused_in_one_line(tmp_path):
    from tracker.errors import ArticleError

    path = tmp_path / "ambiguous_front.md"
    path.write_text("---\npublished: 05/09/2025\n---\n\nThe ferry left on time on Monday, the captain said.\n", encoding="utf-8")
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    assert str(caught.value).startswith(f"{path}: ") and "'05/09/2025' is not a date" in str(caught.value)
    assert "\n" not in str(caught.value)
