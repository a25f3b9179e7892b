"""Reading and writing TimeML: offsets into the plain TEXT content, and annotate round trips."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from tracker.temporal.timeml import (
    TimeMLError,
    annotate_timeml,
    read_timeml,
    read_timeml_file,
    strip_to_input,
)
from tracker.types import Timex

TE3 = Path(__file__).resolve().parents[2] / "shared" / "data" / "te3-train"
needs_te3 = pytest.mark.skipif(not TE3.is_dir(), reason=f"TE3 data not found at {TE3}")

SMALL = """<?xml version="1.0" ?>
<TimeML>
<DOCID>small.1</DOCID>
<DCT><TIMEX3 tid="t1" type="DATE" value="2013-03-08T10:15" functionInDocument="CREATION_TIME">March 8</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> <TIMEX3 tid="t2" type="DATE" value="2013-03-07">Thursday</TIMEX3> it <EVENT eid="e2" class="OCCURRENCE">expects</EVENT> growth in <TIMEX3 tid="t3" type="DATE" value="2013-06" mod="START">early June</TIMEX3>, x &lt; y.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t3"/>
</TimeML>
"""


def as_timexes(doc) -> list[Timex]:
    return [Timex(g.start, g.end, g.text, g.type, g.value, g.mod) for g in doc.gold]


def test_small_document_offsets_dct_and_entities():
    doc = read_timeml(SMALL)
    assert doc.doc_id == "small.1"
    assert doc.dct == date(2013, 3, 8)  # the time of day is dropped
    assert doc.text == "\nAT&T said Thursday it expects growth in early June, x < y.\n"
    assert [(g.text, g.type, g.value, g.mod) for g in doc.gold] == [
        ("Thursday", "DATE", "2013-03-07", None),
        ("early June", "DATE", "2013-06", "START"),
    ]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)
    assert doc.gold[0].start == doc.text.index("Thursday")


@needs_te3
def test_real_te3_file():
    doc = read_timeml_file(TE3 / "AQUAINT" / "APW19980807.0261.tml")
    assert doc.doc_id == "APW19980807.0261"
    assert doc.dct == date(1998, 8, 7)
    assert [(g.text, g.type, g.value) for g in doc.gold] == [("Friday", "DATE", "1998-08-07")]
    friday = doc.gold[0]
    assert doc.text[friday.start - 9 : friday.end + 9] == "capitals Friday, killing"
    assert "<" not in doc.text and "exploded outside" in doc.text


@needs_te3
def test_real_te3_file_with_time_of_day_dct_and_entities():
    doc = read_timeml_file(TE3 / "AQUAINT" / "APW19990206.0090.tml")
    assert doc.dct == date(1999, 2, 6)
    assert ("Friday", "1999-02-05") in [(g.text, g.value) for g in doc.gold]
    entity_doc = read_timeml_file(TE3 / "AQUAINT" / "NYT20000106.0007.tml")
    assert "&QL;" in entity_doc.text and "&amp;" not in entity_doc.text
    assert all(entity_doc.text[g.start : g.end] == g.text for g in entity_doc.gold)


@needs_te3
def test_every_te3_file_round_trips_through_annotate():
    files = sorted(TE3.rglob("*.tml"))
    assert len(files) > 200
    total = 0
    for path in files:
        raw = path.read_text(encoding="utf-8")
        doc = read_timeml(raw)
        assert all(doc.text[g.start : g.end] == g.text for g in doc.gold), path
        back = read_timeml(annotate_timeml(raw, as_timexes(doc)))
        assert (back.doc_id, back.dct, back.text) == (doc.doc_id, doc.dct, doc.text), path
        assert back.gold == doc.gold, path
        total += len(doc.gold)
    assert total > 1500


def test_annotate_writes_valid_xml_with_fresh_tids_and_escapes():
    doc = read_timeml(SMALL)
    timexes = [
        Timex(doc.gold[0].start, doc.gold[0].end, "Thursday", "DATE", '2013-03-07"&<'),
        Timex(doc.gold[1].start, doc.gold[1].end, "early June", "DATE", "2013-06", mod="START"),
    ]
    out = annotate_timeml(SMALL, timexes)
    root = ET.fromstring(out)  # well-formed
    tags = root.find("TEXT").findall("TIMEX3")
    # t1 is the DCT's tid here, so ours start at t2.
    assert [t.get("tid") for t in tags] == ["t2", "t3"]
    assert tags[0].get("value") == '2013-03-07"&<' and tags[0].get("mod") is None
    assert tags[1].get("mod") == "START" and tags[1].text == "early June"
    assert root.find("TEXT").find("EVENT") is None  # input events are not carried over
    assert "TLINK" not in out and "MAKEINSTANCE" not in out
    assert '<DCT><TIMEX3 tid="t1" type="DATE" value="2013-03-08T10:15"' in out  # DCT untouched
    assert "AT&amp;T" in out and "x &lt; y" in out
    assert read_timeml(out).text == doc.text


def test_strip_to_input_keeps_dct_and_plain_text_only():
    out = strip_to_input(SMALL)
    stripped = read_timeml(out)
    assert stripped.gold == ()
    assert stripped.text == read_timeml(SMALL).text
    assert stripped.dct == date(2013, 3, 8)
    text_content = out[out.index("<TEXT>") + 6 : out.index("</TEXT>")]
    assert "<" not in text_content
    assert "TLINK" not in out and "<DOCID>small.1</DOCID>" in out


def test_annotate_rejects_bad_offsets():
    doc = read_timeml(SMALL)
    g = doc.gold[0]
    with pytest.raises(TimeMLError, match="does not match"):
        annotate_timeml(SMALL, [Timex(g.start, g.end, "Friday!!", "DATE", "x")])
    with pytest.raises(TimeMLError, match="overlaps"):
        annotate_timeml(SMALL, [Timex(g.start, g.end, g.text, "DATE", "x"), Timex(g.start + 1, g.end, g.text[1:], "DATE", "x")])
    with pytest.raises(TimeMLError, match="outside"):
        annotate_timeml(SMALL, [Timex(len(doc.text), len(doc.text) + 3, "abc", "DATE", "x")])


def test_unreadable_documents_raise_timeml_error():
    with pytest.raises(TimeMLError, match="well-formed"):
        read_timeml("<TimeML><TEXT>unclosed</TimeML>")
    with pytest.raises(TimeMLError, match="DCT"):
        read_timeml("<TimeML><DOCID>d</DOCID><TEXT>no date here</TEXT></TimeML>")
    with pytest.raises(TimeMLError, match="TEXT"):
        read_timeml('<TimeML><DCT><TIMEX3 tid="t0" value="2000-01-01">x</TIMEX3></DCT></TimeML>')
