"""Publication dates, outlets and bodies of scraped pages: every piece of evidence a page carries.

All pages here are written by us, in the shapes real news pages take.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.ingest import read_article
from tracker.ingest.address import canonical_url, url_date
from tracker.ingest.captions import split_glued_captions
from tracker.ingest.hosts import outlet_from_host, split_label, unfolded
from tracker.types import Precision, TimeValue

STORY = (
    "The harbour board said on Tuesday that ferry crews would return to work after nine days on strike. "
    "Union leaders accepted the offer after a vote of 212 to 40, a spokesman said.\n\n"
    "The ferries will run a reduced timetable until the end of the month, the board said in a statement."
)


def page(tmp_path: Path, text: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the address ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url, day", [
    ("https://harbour-news.example/world/2024/03/14/ferry-strike-ends", date(2024, 3, 14)),
    ("https://example.in/news/story/ferry-strike-ends-437805-2024-03-14", date(2024, 3, 14)),
    ("https://example.com/gadgets/2024/Mar/14/ferry-strike-ends", date(2024, 3, 14)),
    ("https://example.com/a/20240314/ferry-strike-ends", date(2024, 3, 14)),
])  # fmt: skip
def test_a_day_in_the_address(url, day):
    assert url_date(url).value == TimeValue.day(day)


def test_a_month_in_the_address_is_a_month_and_no_number_is_a_date():
    found = url_date("https://example.com/2024/03/ferry-strike-ends/")
    assert (found.value.start, found.value.end, found.value.precision) == (date(2024, 3, 1), date(2024, 3, 31), Precision.MONTH)
    assert url_date("https://example.com/story/123456789") is None
    assert url_date("https://example.com/2024/13/40/x") is None


def test_the_address_is_read_before_the_text_and_a_month_bounds_inference(tmp_path):
    path = page(tmp_path, STORY)
    day = read_article(path, url="https://harbour-news.example/2024/03/14/ferry-strike")
    assert day.published == TimeValue.day(date(2024, 3, 14)) and day.published_how == "read"
    assert day.published_evidence == "address: 2024/03/14"
    month = read_article(path, url="https://harbour-news.example/2024/03/ferry-strike")
    assert month.published is None
    assert (month.published_not_before, month.published_not_after) == (date(2024, 3, 1), date(2024, 3, 31))


def test_the_canonical_link_of_an_html_page_gives_its_address():
    html = '<html><head><link rel="canonical" href="https://gull-gazette.example/2024/03/14/ferries"></head></html>'
    assert canonical_url(html) == "https://gull-gazette.example/2024/03/14/ferries"
    og = '<meta property="og:url" content="https://gull-gazette.example/news/ferries">'
    assert canonical_url(og) == "https://gull-gazette.example/news/ferries"


# --- datelines and stamps in the text -------------------------------------------------------------


@pytest.mark.parametrize("top, day, how", [
    ("Published 14 March 2024", date(2024, 3, 14), "read"),
    ("Jane Roe, Harbour News Published 14.03.24, 08:42 AM", date(2024, 3, 14), "read"),
    ("3:59 p.m. ET, March 14, 2024", date(2024, 3, 14), "read"),
])  # fmt: skip
def test_stamps_in_any_common_form(tmp_path, top, day, how):
    article = read_article(page(tmp_path, f"{top}\n\n{STORY}"))
    assert (article.published, article.published_how) == (TimeValue.day(day), how)


@pytest.mark.parametrize("opening, agency", [
    ("Harbourtown, Mar 14 (Newswire).- ", "Newswire"),
    ("Mar 14 (HNN) -- ", "HNN"),
    ("Harbourtown, Mar 14 (HNN) ", "HNN"),
])  # fmt: skip
def test_agency_datelines_in_their_many_shapes(tmp_path, opening, agency):
    article = read_article(page(tmp_path, f"{opening}{STORY}"))
    assert article.outlet == agency
    assert article.body.startswith("The harbour board said on Tuesday")
    assert article.published_evidence.startswith(opening.strip()[:10])


def test_a_city_dateline_with_a_colon_is_cut_and_dated(tmp_path):
    article = read_article(page(tmp_path, f"NEW HARBOUR, March 14: {STORY}\n\n© 2024 Example Media"))
    assert article.body.startswith("The harbour board")
    assert article.published_evidence == "NEW HARBOUR, March 14:"


def test_an_update_stamp_bounds_publication_but_is_not_read_as_it(tmp_path):
    article = read_article(page(tmp_path, f"Updated: Mar. 15, 2024, 10:41 p.m. ET\n\n{STORY}"))
    assert article.published is None and article.published_not_after == date(2024, 3, 15)
    assert "update stamp" in article.bound_evidence


def test_hours_ago_is_a_day_only_with_a_retrieval_time(tmp_path):
    text = f"3 hours ago\n\n{STORY}"
    assert read_article(page(tmp_path, text, "a.txt")).published is None
    timed = read_article(page(tmp_path, f"---\nretrieved: 2024-03-14T10:00:00Z\n---\n{text}", "b.txt"))
    assert timed.published == TimeValue.day(date(2024, 3, 14)) and "3 hours ago" in timed.published_evidence
    early = read_article(page(tmp_path, f"---\nretrieved: 2024-03-14T01:00:00Z\n---\n{text}", "c.txt"))
    assert early.published == TimeValue.day(date(2024, 3, 13))
    day_only = read_article(page(tmp_path, f"---\nretrieved: 2024-03-14\n---\n{text}", "d.txt"))
    assert day_only.published is None  # 3 hours before some time that day: that day or the day before
    assert (day_only.published_not_before, day_only.published_not_after) == (date(2024, 3, 13), date(2024, 3, 14))


# --- captions ------------------------------------------------------------------------------------


def test_a_caption_date_bounds_publication_from_below_and_leaves_the_body(tmp_path):
    caption = "Dockers wait at the gate in Harbourtown, March 13, 2024. NEWSWIRE/Jane Roe"
    article = read_article(page(tmp_path, f"{caption}\n\n{STORY}"))
    assert article.published is None and article.published_not_before == date(2024, 3, 13)
    assert "NEWSWIRE" not in article.body and "photo caption" in article.bound_evidence


def test_a_caption_with_a_bracketed_photo_credit_bounds_publication_and_leaves_the_body(tmp_path):
    caption = "Two crews inspect the damaged quay in Harbourtown, Feb. 13, 2026. (Harbour Press Photo)"
    article = read_article(page(tmp_path, f"{caption}\n\n{STORY}"))
    assert article.published_not_before == date(2026, 2, 13) and "Harbour Press Photo" not in article.body


def test_a_day_inferred_from_what_a_page_reports_is_never_before_the_day_of_its_picture(tmp_path):
    from tracker.ingest import infer_published
    from tracker.temporal import tag

    caption = "Two crews inspect the damaged quay in Harbourtown, Feb. 13, 2026. (Harbour Press Photo)"
    body = "Ferry crews walked out on Feb. 6, 2026, and the harbour board has since closed two berths."
    article = read_article(page(tmp_path, f"{caption}\n\n{body}"))
    inferred = infer_published(article, tag(article.body, None))
    # the body's latest day is Feb. 6; the picture it shows was taken on Feb. 13
    assert inferred.published == TimeValue.day(date(2026, 2, 13)) and inferred.published_inferred
    assert "picture" in inferred.published_evidence


def test_a_caption_glued_to_the_lead_paragraph_goes_alone():
    lead = ("The harbour board's report gives the first official account of the ferry strike that "
            "stopped crossings for nine days. Here is what it found and what it means for the crews. "
            "Ferries moored at the quay in Harbourtown. (NEWSWIRE PHOTO/Jo Roe)")
    kept, caption = split_glued_captions([lead])
    assert kept.endswith("what it means for the crews.") and caption.startswith("Ferries moored")


# --- outlets ------------------------------------------------------------------------------------


def test_outlet_from_a_well_known_host_the_page_own_spelling_or_the_host_split_into_words():
    assert outlet_from_host("www.bbc.co.uk") == "BBC News"
    assert outlet_from_host("feeds.reuters.com") == "Reuters"
    assert outlet_from_host("www.gullgazette.example", "Read more at GullGazette today") == "GullGazette"
    assert outlet_from_host("www.harbourtimes.co.uk") == "Harbour Times"
    assert split_label("hnnworld") == "HNN World"
    assert split_label("kxyz7") == "KXYZ 7"
    assert split_label("ijr") == "IJR"
    assert split_label("harbournewsonline") == "Harbour News"
    # a rare piece trailing a word is a split the segmenter made up, not call letters
    assert split_label("harbourmam") == "Harbourmam" and split_label("tidewaydeen") == "Tidewaydeen"


def test_a_host_folded_into_one_label_by_a_cache_or_a_staging_server_names_the_site_it_carries():
    # a cache's copy and a staging server's: the site's host sits in one label, dots made dashes
    assert outlet_from_host("www-harbourtimes-co-uk.cdn.ampcache.example") == "Harbour Times"
    assert outlet_from_host("harbourgazette-com-develop.hosting-vip.net") == "Harbour Gazette"
    # a site whose own label holds a dash and a word like a top-level name is not folded
    assert outlet_from_host("www.harbour-news.co.uk") == "Harbour News"
    assert unfolded("www.harbour-co-op.org") == "www.harbour-co-op.org"


def test_a_long_label_with_no_vowel_is_letters_not_words():
    assert split_label("kxbrtv") == "KXBRTV"
    assert split_label("rhythm") == "Rhythm"  # a word of the list, though it has no vowel


def test_the_host_names_the_outlet_before_a_wire_dateline(tmp_path):
    text = f"HARBOURTOWN, Mar 14 (Newswire) - {STORY}"
    article = read_article(page(tmp_path, text), url="https://www.harbourtimes.co.uk/news/ferries")
    assert article.outlet == "Harbour Times"
    assert read_article(page(tmp_path, text, "b.txt")).outlet == "Newswire"


def test_a_wrapped_address_gives_the_outlet_and_day_of_the_page_it_carries(tmp_path):
    """A reading proxy or a redirect carries the page's own address in its query: the outlet and
    the day are that page's, not the proxy's."""
    wrapped = ("https://reader.proxy.example/scribble/index.php?url=http%3A%2F%2Fwww.harbourtimes.co.uk"
               "%2F2024%2F03%2F14%2Fnews%2Fferries%23main")
    article = read_article(page(tmp_path, STORY), url=wrapped)
    assert article.outlet == "Harbour Times"
    assert article.published == TimeValue.day(date(2024, 3, 14)) and not article.published_inferred
    came_from = "https://www.harbourtimes.co.uk/news/ferries?ref=https%3A%2F%2Fsocial.example%2Fpost"
    assert read_article(page(tmp_path, STORY, "plain.txt"), url=came_from).outlet == "Harbour Times"


def test_the_outlet_the_sources_speak_to_twice(tmp_path):
    body = ("The harbour master told Gull Gazette on Tuesday that the ferries would run again. "
            "The union confirmed the vote to HNN, and its leader told Gull Gazette he was relieved.")
    assert read_article(page(tmp_path, body)).outlet == "Gull Gazette"
    once = "The harbour master told Gull Gazette on Tuesday that the ferries would run again soon."
    assert read_article(page(tmp_path, once, "once.txt")).outlet is None


# --- bodies -------------------------------------------------------------------------------------


def test_a_page_whose_only_text_is_a_cut_off_teaser_is_kept(tmp_path):
    teaser = ("Ferry strike ends in Harbourtown\n\nFerry strike ends in Harbourtown. Crews voted on Tuesday "
              "evening, March 12, to accept the board's offer after nine days. Thousands of travellers in "
              "Harbourtown, Gullport and Saltmarsh (…) [Read the article in Example Business News]")
    article = read_article(page(tmp_path, teaser))
    assert article.body.endswith("after nine days.")


def test_a_site_greeting_names_the_outlet_and_leaves_the_body(tmp_path):
    text = ("Gull Gazette would like to send you notifications for breaking news alerts.\n\nActivate notifications?\n\n"
            f"Gull Gazette Logo\n\nWelcome to Gull Gazette\n\n{STORY}")
    article = read_article(page(tmp_path, text))
    assert article.outlet == "Gull Gazette"
    assert "notifications" not in article.body and "Welcome" not in article.body


def test_a_staff_address_names_the_outlet_but_a_public_mail_service_does_not(tmp_path):
    staff = read_article(page(tmp_path, f"{STORY}\n\njane@harbour-gazette.example", "a.txt"))
    assert staff.outlet == "Harbour Gazette"
    public = read_article(page(tmp_path, f"{STORY}\n\njane.roe@gmail.com", "b.txt"))
    assert public.outlet is None


# --- inference from the batch --------------------------------------------------------------------

WEEK_ONE = ("HARBOURTOWN, March 12, 2024 - Ferry crews in Harbourtown walked out on Tuesday over pay, "
            "stranding thousands of travellers at the quay, the harbour board said.")
COPY = ("Ferry crews in Harbourtown walked out on Tuesday over pay, stranding thousands of travellers "
        "at the quay. The harbour board said talks with the union would resume next week.")
LATER = ("Ferry crews in Harbourtown voted on Tuesday to end their strike over pay after nine days, "
         "the harbour board said. Ferries will run a reduced timetable until the end of the month.")


def test_a_weekday_takes_its_week_from_the_articles_like_it(tmp_path):
    from tracker.pipeline import read_and_date

    files = [page(tmp_path, text, f"{name}.txt") for name, text in (("one", WEEK_ONE), ("copy", COPY))]
    dated = {a.id: a for a in read_and_date(files)[0]}
    copy = dated["copy"]
    assert copy.published == TimeValue.day(date(2024, 3, 12)) and copy.published_how == "inferred"
    assert "'Tuesday'" in copy.published_evidence and "walked out on Tuesday" in copy.published_evidence


def test_a_weekday_with_nothing_to_place_its_week_stays_unknown(tmp_path):
    from tracker.pipeline import read_and_date

    (alone,), _ = read_and_date([page(tmp_path, LATER, "later.txt")])
    assert alone.published is None and alone.published_how == "unknown"


def test_an_ambiguous_numeric_stamp_is_read_the_way_the_article_allows(tmp_path):
    from tracker.pipeline import read_and_date

    text = ("Newswire Harbourtown Published 07.09.23, 08:42 AM\n\n"
            "The harbour board sacked its chairman on Tuesday and named his deputy in his place on "
            "Wednesday, ending a month of rows over the ferry strike, a spokesman said.")
    (article,), _ = read_and_date([page(tmp_path, text)])
    # 9 July 2023 (a Sunday) or 7 September 2023 (a Thursday): on 9 July the nearest Tuesday and
    # Wednesday are still to come, on 7 September they are the two days before
    assert article.published == TimeValue.day(date(2023, 9, 7)) and article.published_how == "inferred"


def test_the_host_table_example_holds():
    from tracker.ingest.rules import load_file

    example = load_file("ingest_hosts.yaml")["example"]
    assert outlet_from_host(example["host"]) == example["outlet"]


def test_a_written_date_beside_a_weekday_beats_the_neighbours_week(tmp_path):
    # the example of `estimate` in ingest_infer.yaml
    from tracker.pipeline import read_and_date

    later = ("Published September 8, 2023\n\nThe harbour prosecutor said on Friday she had filed a complaint "
             "against the ferry company, weeks after her office opened an inquiry into the strike.")
    inquiry = ("The harbour prosecutor opened an inquiry on Monday (Aug 28) into the ferry company, "
               "weeks after the strike began, her office said in a statement.")
    files = [page(tmp_path, later, "later.txt"), page(tmp_path, inquiry, "inquiry.txt")]
    dated = {a.id: a for a in read_and_date(files)[0]}
    assert dated["later"].published_how == "read"
    assert dated["inquiry"].published == TimeValue.day(date(2023, 8, 28))


def test_a_fetcher_passes_the_retrieval_time_and_a_bad_one_names_the_file(tmp_path):
    from tracker.errors import ArticleError

    path = page(tmp_path, f"2 hours ago\n\n{STORY}")
    assert read_article(path, retrieved="2024-03-14T09:00:00Z").published == TimeValue.day(date(2024, 3, 14))
    with pytest.raises(ArticleError, match="page.txt: retrieved 'soon' is not a date"):
        read_article(path, retrieved="soon")
