"""The learned second opinion on snippets the rules leave empty (extract/second_opinion.py).

Sentences written for these tests. The shipped model needs the optional
``second-opinion`` extra (MiniLM); without it those tests skip and the
switch's and threshold's tests still run.
"""
from __future__ import annotations

import pytest

from eventledger.extract import Extractor, default_extractor
from eventledger.extract import second_opinion as so
from eventledger.records import Document

MISSED = "Villagers in Oruzan said a hospital had received 40 sacks of flour from a charity."
# a word of the lexicon ("arrested") that the rules judge no event of theirs: their judgement stands
JUDGED = "Security forces have arrested more than 300 suspected militants since the start of the year."
NOT_NEWS = "Analysts expect the currency to weaken further next year."


def extractor(on: bool) -> Extractor:
    d = default_extractor()
    return Extractor(nlp=d.nlp, actors=d.actors, places=d.places, lexicon=d.lexicon, second_opinion=on)


def doc(text: str) -> Document:
    return Document(id="t", text=text, published="2021-05-02")


needs_model = pytest.mark.skipif(so.default_model() is None, reason="the second-opinion extra (MiniLM) is not installed")


@needs_model
def test_a_snippet_the_rules_miss_gets_the_second_opinions_event():
    assert extractor(False).extract(doc(MISSED)) == [], "the rules now code this sentence: pick another"
    (m,) = extractor(True).extract(doc(MISSED))
    assert (m.event_type, m.sub_event_type, m.plover_type, m.status) == (None, None, "AID", "occurred")
    assert m.raw["coded_by"] == "second opinion" and float(m.raw["second_opinion"]) >= so.default_model().threshold
    assert m.evidence["trigger"].text == MISSED and m.event_date == "2021-05-02"


@needs_model
def test_a_snippet_that_tells_no_event_stays_empty():
    assert extractor(True).extract(doc(NOT_NEWS)) == []


@needs_model
def test_a_snippet_the_rules_judged_no_event_stays_empty():
    assert so.default_model().classify([JUDGED])[0][0] != so.NONE  # the model alone would code it
    assert extractor(True).extract(doc(JUDGED)) == []


@needs_model
def test_a_long_report_is_left_to_the_rules():
    filler = " ".join(["The market in Tuzmak sells grain, cloth and tools to farmers from the hills around it."] * 8)
    long_text = f"{filler}\n\n{MISSED}"
    assert extractor(True).extract(doc(long_text)) == extractor(False).extract(doc(long_text)) == []


def test_it_is_off_unless_turned_on(monkeypatch):
    monkeypatch.delenv("EVENTLEDGER_SECOND_OPINION", raising=False)
    assert not so.enabled()
    monkeypatch.setenv("EVENTLEDGER_SECOND_OPINION", "0")
    assert not so.enabled()
    d = default_extractor()
    ex = Extractor(nlp=d.nlp, actors=d.actors, places=d.places, lexicon=d.lexicon)
    assert ex.second_opinion is False and ex.extract(doc(MISSED)) == []
    monkeypatch.setenv("EVENTLEDGER_SECOND_OPINION", "1")
    assert so.enabled()


def test_the_threshold_is_where_held_back_predictions_reach_the_precision_aimed_at():
    right, wrong = ("Attack", "Attack"), ("Attack", "Arrests")
    scored = [(0.9, *right), (0.8, *right), (0.7, *right), (0.6, *wrong), (0.5, *wrong), (0.4, *wrong), (0.3, "none", "Attack")]
    threshold, stats = so._threshold(scored)
    assert threshold == 0.6 and stats["threshold_precision"] == 0.75  # 3 right of the 4 at 0.6 or above


def test_the_examples_are_labelled_with_the_codebooks_types():
    examples = so.load_examples()
    assert len(examples) >= 300
    for e in examples:
        coding = so.coding_of(so.label_of(e))
        if coding is None:
            assert e["plover_type"] is None and e["event_type"] is None
        else:
            assert (coding.event_type, coding.plover_type) == (e["event_type"], e["plover_type"]), e["text"]
