"""Date expressions in sentences and their resolution against the publication date."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventledger.normalise.dates import DateExpr, find_date_expressions, resolve

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def only(text: str) -> DateExpr:
    found = find_date_expressions(text)
    assert len(found) == 1, found
    return found[0]


def resolved(text: str, published: str | None) -> tuple[str | None, int | None]:
    return resolve(only(text), published)


# --- finding expressions -----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected_text, kind",
    [
        ("The city fell on Tuesday, officials said.", "on Tuesday", "date"),
        ("A car bomb exploded on Tuesday night near the guest house.", "on Tuesday night", "date"),
        ("Officials said Wednesday (July 7) that forces had regained control.", "Wednesday (July 7)", "date"),
        ("Tuesday witnessed fierce fighting in the city.", "Tuesday", "date"),
        ("Security forces used tear gas Thursday to disperse the crowd.", "Thursday", "date"),
        ("US units counterattacked overnight.", "overnight", "date"),
        ("Rockets hit the base last night.", "last night", "date"),
        ("The governor resigned yesterday.", "yesterday", "date"),
        ("Kabul will release 100 prisoners today.", "today", "date"),
        ("A statement circulated this week.", "this week", "date"),
        ("Last Thursday, US troops left Bagram.", "Last Thursday", "date"),
        ("Last week, soldiers fled to Tajikistan.", "Last week", "date"),
        ("Last month, the Taliban took Shir Khan Bandar.", "Last month", "date"),
        ("Late last month, the minister acknowledged it.", "Late last month", "date"),
        ("Authorities last year released 5,000 prisoners.", "last year", "date"),
        ("The plan was announced in mid-April.", "in mid-April", "date"),
        ("The offensive began in early May.", "in early May", "date"),
        ("The deal was signed in late February.", "in late February", "date"),
        ("In February 2020, the US negotiated a deal.", "In February 2020", "date"),
        ("The deal was signed on 29 February, officials said.", "on 29 February", "date"),
        ("Troops began leaving on May 1.", "on May 1", "date"),
        ("The report of July 7, 2021 said so.", "July 7, 2021", "date"),
        ("The stamp read 2021-07-07.", "2021-07-07", "date"),
        ("Soldiers stood guard, Wednesday, 8 April 2020.", "Wednesday, 8 April 2020", "date"),
        ("He was arrested in 2020.", "in 2020", "date"),
        ("Talks began in Qatar last September.", "last September", "date"),
        ("The US will withdraw by August 31.", "by August 31", "deadline"),
        ("Forces were to leave by the Sept. 11 deadline.", "by the Sept. 11 deadline", "deadline"),
        ("The swap was supposed to happen by March 10.", "by March 10", "deadline"),
        ("It should be complete by the end of August.", "by the end of August", "deadline"),
        ("The ceasefire holds until Friday.", "until Friday", "deadline"),
        ("Since May 1, militants have advanced.", "Since May 1", "since"),
        ("Over 100,000 Afghans have been killed since 2009.", "since 2009", "since"),
        ("The leave was cut on Aug. 3, officials said.", "on Aug. 3", "date"),
    ],
)
def test_find_date_expressions(sentence, expected_text, kind):
    expr = only(sentence)
    assert expr.text == expected_text
    assert expr.kind == kind
    assert sentence[expr.start : expr.end] == expr.text


@pytest.mark.parametrize(
    "sentence",
    [
        "The Taliban seized 150 of Afghanistan's more than 400 districts.",
        "Some 1,600 troops fled and 50,000 people were displaced.",
        "It may be that they march on the capital.",
        "Jan Egeland of the Norwegian Refugee Council said aid was blocked.",
        "The civil war of the 1990s devastated the country.",
        "A list of girls above 15 and widows under 45.",
        "",
    ],
)
def test_no_false_date_expressions(sentence):
    assert find_date_expressions(sentence) == []


def test_several_expressions_in_order_without_overlap():
    sentence = (
        "Under the plan announced by President Joe Biden in mid-April, U.S.-led foreign forces were supposed "
        "to complete their withdrawal from Afghanistan by the Sept. 11 deadline."
    )
    found = find_date_expressions(sentence)
    assert [(e.text, e.kind) for e in found] == [("in mid-April", "date"), ("by the Sept. 11 deadline", "deadline")]
    assert [resolve(e, "2021-07-07") for e in found] == [("2021-04", 3), ("2021-09-11", 1)]


# --- resolving against the publication date ----------------------------------------------


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # weekdays: the most recent such day on or before publication
        ("The Taliban broke into the prison on Tuesday.", "2021-07-07", ("2021-07-06", 1)),
        ("The Taliban broke into the city on Wednesday.", "2021-07-07", ("2021-07-07", 1)),
        ("The prisoners would be set free on Thursday.", "2020-04-09", ("2020-04-09", 1)),
        ("A car bomb exploded on Tuesday night.", "2021-08-04", ("2021-08-03", 1)),
        ("Officials said Wednesday (July 7) that forces had regained control.", "2021-07-07", ("2021-07-07", 1)),
        # the weekday of the previous calendar week
        ("Last Thursday, US troops pulled out of Bagram.", "2021-07-07", ("2021-07-01", 1)),
        ("Last Thursday, US troops pulled out of Bagram.", "2021-07-09", ("2021-07-01", 1)),
        ("He will travel next Tuesday.", "2021-07-07", ("2021-07-13", 1)),
        # words relative to the day
        ("Airstrikes hit the town overnight.", "2021-08-04", ("2021-08-03", 1)),
        ("Rockets hit the base last night.", "2021-08-04", ("2021-08-03", 1)),
        ("The governor resigned yesterday.", "2021-08-04", ("2021-08-03", 1)),
        ("Kabul will release 100 prisoners today.", "2020-04-09", ("2020-04-09", 1)),
        ("375 Taliban were killed in the last 24 hours.", "2021-08-04", ("2021-08-03", 1)),
        ("The town fell two days ago.", "2021-07-07", ("2021-07-05", 1)),
        # weeks: the first day of the window
        ("A statement circulated this week.", "2021-07-16", ("2021-07-12", 2)),
        ("Last week, soldiers fled to Tajikistan.", "2021-07-07", ("2021-06-30", 2)),
        ("Fighting raged over the weekend.", "2021-07-07", ("2021-07-03", 2)),
        # months
        ("Last month, the Taliban took Shir Khan Bandar.", "2021-07-16", ("2021-06", 3)),
        ("Late last month, the minister acknowledged it.", "2021-07-07", ("2021-06", 3)),
        ("Districts had been seized by last month.", "2021-01-10", ("2020-12", 3)),
        ("The plan was announced in mid-April.", "2021-07-07", ("2021-04", 3)),
        ("The offensive began in early May.", "2021-07-16", ("2021-05", 3)),
        ("Fighting intensified in November.", "2021-07-16", ("2020-11", 3)),
        ("Talks began in Qatar last September.", "2021-07-07", ("2020-09", 3)),
        ("Talks began in Qatar last September.", "2021-11-07", ("2021-09", 3)),
        ("In February 2020, the US negotiated a deal.", "2021-07-07", ("2020-02", 3)),
        # years
        ("Authorities last year released 5,000 prisoners.", "2021-07-16", ("2020", 4)),
        ("He was arrested in 2020.", "2021-08-04", ("2020", 4)),
        # month and day without a year: the most recent not after publication
        ("Troops began leaving on May 1.", "2021-07-07", ("2021-05-01", 1)),
        ("The deal was signed on 29 February.", "2021-08-04", ("2020-02-29", 1)),
        ("Fighting broke out on December 30.", "2021-01-03", ("2020-12-30", 1)),
        # ... with a few days' tolerance for announced plans
        ("The border will open on July 10.", "2021-07-07", ("2021-07-10", 1)),
        # absolute dates
        ("The report of July 7, 2021 said so.", "2020-01-01", ("2021-07-07", 1)),
        ("Soldiers stood guard, Wednesday, 8 April 2020.", "2021-08-04", ("2020-04-08", 1)),
        ("The stamp read 04.08.2021.", "2021-08-04", ("2021-08-04", 1)),
        # deadlines resolve too, to the nearest occurrence
        ("The US will withdraw by August 31.", "2021-07-16", ("2021-08-31", 1)),
        ("The swap was supposed to happen by March 10.", "2020-04-09", ("2020-03-10", 1)),
        ("It should be complete by the end of August.", "2021-07-07", ("2021-08", 3)),
        ("Forces were to leave by the Sept. 11 deadline.", "2021-07-07", ("2021-09-11", 1)),
        ("Since May 1, militants have advanced.", "2021-07-07", ("2021-05-01", 1)),
    ],
)
def test_resolve(sentence, published, expected):
    assert resolved(sentence, published) == expected


@pytest.mark.parametrize(
    "sentence",
    ["on Tuesday", "last week", "last month", "last year", "yesterday", "in mid-April", "May 1", "Wednesday (July 7)"],
)
def test_relative_expressions_need_a_publication_date(sentence):
    assert resolved(sentence, None) == (None, None)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("8 April 2020", ("2020-04-08", 1)),
        ("July 7, 2021", ("2021-07-07", 1)),
        ("2021-07-07", ("2021-07-07", 1)),
        ("in February 2020", ("2020-02", 3)),
        ("in 2020", ("2020", 4)),
    ],
)
def test_absolute_expressions_resolve_without_publication_date(sentence, expected):
    assert resolved(sentence, None) == expected
    assert resolve(sentence, None) == expected  # a plain string works too


def test_resolve_accepts_a_hand_made_expression():
    assert resolve(DateExpr(0, 10, "on Tuesday"), "2021-07-07") == ("2021-07-06", 1)
    assert resolve(DateExpr(0, 12, "by August 31", kind="deadline"), "2021-07-16") == ("2021-08-31", 1)


def test_resolve_string_falls_back_to_dateparser_for_other_wording():
    assert resolve("the 7th of July, 2021", None) == ("2021-07-07", 1)
    assert resolve("no date in here", "2021-07-07") == (None, None)


def test_sentences_without_date_words_never_reach_dateparser(monkeypatch):
    import dateparser.date

    def refuse(*args, **kwargs):
        raise AssertionError("dateparser was called")

    monkeypatch.setattr(dateparser.date, "DateDataParser", refuse)
    assert resolve("The Taliban attacked the town, killing 12 people.", "2021-07-07") == (None, None)
    assert find_date_expressions("The Taliban attacked the town, killing 12 people.") == []
    assert resolved("The Taliban attacked on Tuesday.", "2021-07-07") == ("2021-07-06", 1)


def test_seed_sentences_resolve_against_their_publication_dates():
    """Every date expression in the seed reports resolves (deadlines included) given the publication date."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not available")
    import json

    published = {
        row["file"]: row["published"]
        for row in map(json.loads, (SEEDS / "meta.jsonl").read_text(encoding="utf-8").splitlines())
    }
    count = 0
    for name, day in published.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        for expr in find_date_expressions(text):
            value, precision = resolve(expr, day)
            assert value is not None and precision in (1, 2, 3, 4), expr
            count += 1
    assert count > 40


def test_expressions_that_count_from_the_event_told_before():
    from eventledger.normalise.dates import find_relative_to_event, shift

    def read(text):
        return [(r.text, r.days, r.precision) for r in find_relative_to_event(text)]

    assert read("A week before that, militants struck.") == [("A week before that", -7, 2)]
    assert read("Two days earlier, gunmen raided a village.") == [("Two days earlier", -2, 1)]
    assert read("The next day the army retook the town.") == [("The next day", 1, 1)]
    assert read("Later that day police arrested him.") == [("Later that day", 0, 1)]
    assert read("48 hours earlier, gunmen struck.") == [("48 hours earlier", -2, 1)]
    assert read("The ambush came barely 24 hours after bandits looted a market.")[0][1:] == (-1, 1)
    # another thing named after "before" is not the event told before
    assert read("Two days before the election, rebels attacked.") == []
    assert read("The day before the vote, rebels attacked.") == []
    assert shift("2022-08-09", 1, -7, 2) == ("2022-08-02", 2)
    assert shift("2022-08", 3, -30) == ("2022-07", 3)
    assert shift("2022", 4, -2) == ("2022", 4)
