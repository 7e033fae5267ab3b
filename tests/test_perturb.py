"""The perturbation check: rewriting reports and measuring how the coding holds.

Every report here is written for these tests. The place swaps use the user's
cached place index, as the place tests do.
"""
from __future__ import annotations

import random

import pytest

from eventledger.evaluate.rewrite import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    Swap,
    apply_swaps,
    find_groups,
    find_numbers,
    group_swaps,
    load_groups,
    names_group,
    number_swaps,
    other_number,
    person_spans,
    person_swaps,
)
from eventledger.evaluate.stability import Tally, compare, match
from eventledger.records import Mention, Place, Span

REPORT = ("Insurgents attacked a police post in Jalalabad on Monday, officials in Nangarhar province said. "
          "The attack on Jalalabad killed 4 policemen.")


@pytest.fixture(scope="module")
def swapper():
    from eventledger.evaluate.swap_places import PlaceSwapper
    from eventledger.normalise.places import default_resolver

    return PlaceSwapper(default_resolver())


@pytest.fixture(scope="module")
def groups():
    return load_groups()


# ------------------------------------------------------------------ offsets

def test_offsets_map_both_ways_around_longer_and_shorter_replacements():
    text = "In Kunduz, 12 people died; in Herat, 3 more."
    kunduz, twelve = text.index("Kunduz"), text.index("12")
    herat = text.index("Herat")
    rewrite = apply_swaps(text, [
        Swap("place", kunduz, kunduz + 6, "Kunduz", "Mazar-e Sharif"),
        Swap("number", twelve, twelve + 2, "12", "7"),
        Swap("place", herat, herat + 5, "Herat", "Qala"),
    ])
    assert rewrite.text == "In Mazar-e Sharif, 7 people died; in Qala, 3 more."
    for swap in rewrite.swaps:
        start = rewrite.to_new(swap.start)
        assert rewrite.text[start:start + len(swap.new)] == swap.new
        assert rewrite.to_old(start) == swap.start
        assert rewrite.to_old(start + len(swap.new)) == swap.end
    inside = [p for s in rewrite.swaps for p in range(s.start + 1, s.end)]
    for pos in range(len(text) + 1):
        if pos in inside:
            continue
        new = rewrite.to_new(pos)
        assert rewrite.to_old(new) == pos
        if pos < len(text) and not any(s.start == pos for s in rewrite.swaps):
            assert rewrite.text[new] == text[pos]
    assert rewrite.rewrite_span(kunduz, twelve + 2) == "Mazar-e Sharif, 7"


def test_a_swap_that_does_not_match_the_text_is_refused_and_overlaps_keep_the_first():
    text = "Fighting in Spin Boldak."
    with pytest.raises(ValueError):
        apply_swaps(text, [Swap("place", 0, 4, "Spin", "Kabul")])
    start = text.index("Spin")
    rewrite = apply_swaps(text, [Swap("place", start, start + 11, "Spin Boldak", "Torkham"),
                                 Swap("place", start, start + 4, "Spin", "Herat")])
    assert rewrite.text == "Fighting in Torkham."


# ------------------------------------------------------------------- places

def test_a_place_swaps_for_one_of_its_kind_and_country_with_coherent_offsets(swapper):
    swaps = swapper.swaps(REPORT, [], random.Random(0))
    by_old = {s.old: s for s in swaps}
    assert set(by_old) == {"Jalalabad", "Nangarhar"}
    province, city = by_old["Nangarhar"], by_old["Jalalabad"]
    assert province.source.kind == province.target.kind == "admin1"
    assert province.target.cc == city.target.cc == "AF"
    assert province.target.admin1_code != province.source.admin1_code
    # Jalalabad is Nangarhar's capital: it becomes the capital of the new province
    assert city.target.admin1_code == province.target.admin1_code
    assert swapper.gazetteer.admin1_capital[("AF", province.target.admin1_code)] == city.target.place_id
    # every mention of a place the same way
    assert [s.new for s in swaps if s.old == "Jalalabad"] == [city.new, city.new]
    rewrite = apply_swaps(REPORT, swaps)
    for swap in swaps:
        at = rewrite.to_new(swap.start)
        assert rewrite.text[at:at + len(swap.new)] == swap.new
    assert rewrite.text.endswith(f"The attack on {city.new} killed 4 policemen.")
    assert f"{province.new} province said" in rewrite.text


def test_place_swaps_are_repeatable_and_follow_the_seed(swapper):
    first = [(s.start, s.new) for s in swapper.swaps(REPORT, [], random.Random("7:doc:place"))]
    again = [(s.start, s.new) for s in swapper.swaps(REPORT, [], random.Random("7:doc:place"))]
    assert first == again
    others = {tuple(s.new for s in swapper.swaps(REPORT, [], random.Random(seed))) for seed in range(6)}
    assert len(others) > 1


def test_a_city_written_as_the_province_of_a_town_is_swapped_as_the_province(swapper):
    text = "On 2 May, gunmen attacked a bus near Kot Addu, Punjab, and a market in Herat city."
    found = {text[s:e]: ref for s, e, ref in swapper.places_in(text, [])}
    assert found["Punjab"].kind == "admin1"
    # the city of a generic word stays a city; the province around it is not swapped for it
    assert found["Herat"].kind == "city"


def test_a_place_inside_a_longer_name_is_left_alone(swapper):
    text = "A shell hit the Kunduz Polytechnic campus; later, clashes spread to Kunduz itself."
    assert all(ref.name != "Kunduz" for _, _, ref in swapper.places_in(text, []))
    # in a headline in title case the next capital is the next word
    headline = "Taliban Seize Kunduz Airport Road In Overnight Assault\nClashes spread to Kunduz itself."
    assert any(ref.name == "Kunduz" for _, _, ref in swapper.places_in(headline, []))


# ------------------------------------------------------------------ numbers

def test_numbers_that_are_days_years_times_durations_distances_or_labels_are_not_swapped():
    text = ("On April 11 the ministry said 168 died in 2021 fighting at 10:30, 3 days after "
            "Resolution 2098, 5 km away, and the 616 Brigade lost two dozen men; dozens fled.")
    assert [n.text for n in find_numbers(text)] == ["168", "two"]


def test_a_number_keeps_its_wording():
    text = "At least 1,600 people fled, Two soldiers died, 600 were held, some 1.5 million moved and 07 returned."
    rng = random.Random(3)
    for number in find_numbers(text):
        for _ in range(20):
            new = other_number(number, rng)
            assert new != number.text
            if number.text == "1,600":
                assert new[-4] == "," and new.endswith("00")
            elif number.text == "Two":
                assert new[0].isupper() and new.isalpha()
            elif number.text == "600":
                assert new.isdigit() and new.endswith("00")
            elif number.text == "1.5":
                assert len(new.split(".")[1]) == 1
            elif number.text == "07":
                assert len(new) == 2 and new.isdigit()


def test_a_number_is_swapped_the_same_way_wherever_it_recurs():
    text = "Some 64 people died. The 64 dead were buried; dozens more are missing."
    swaps = number_swaps(text, random.Random(1))
    assert [s.old for s in swaps] == ["64", "64"]
    assert swaps[0].new == swaps[1].new and swaps[0].target == float(swaps[0].new)
    assert "dozens" in apply_swaps(text, swaps).text


# ------------------------------------------------------------------- groups

def test_named_groups_are_found_as_written_and_not_when_they_are_the_state(groups):
    text = "Al-Shabaab fighters and ISWAP attacked; the Taliban-held town fell."
    found = [(text[s:e], g.id) for s, e, g in find_groups(text, groups, "2020-05-01")]
    assert found == [("Al-Shabaab", "al_shabaab"), ("ISWAP", "iswap"), ("Taliban", "taliban")]
    later = [g.id for _, _, g in find_groups(text, groups, "2022-01-01")]
    assert "taliban" not in later  # the state from August 2021
    faction = "Raia Mutomboki-Kabala fighters looted a market."
    assert find_groups(faction, groups, "2020-05-01") == []


def test_a_group_swaps_for_one_of_its_kind_and_country_in_the_same_form(groups):
    text = "TTP militants attacked a checkpoint; the Tehreek-i-Taliban Pakistan later claimed it."
    swaps = group_swaps(text, groups, random.Random(0), "2020-05-01")
    assert {s.source.id for s in swaps} == {"ttp"}
    target = swaps[0].target
    assert all(s.target is target for s in swaps)
    assert target.kind == "rebel" and target.country == "Pakistan" and target.fixed_name
    short, long = swaps
    assert short.new in target.short and long.new == target.display
    assert names_group(target.names[0], target) and not names_group(target.names[0], short.source)


# ------------------------------------------------------------------ persons

def test_persons_swap_consistently_and_leaders_and_group_names_stay():
    text = ("Police chief Abdul Karim Sediqi said the attackers fled. Sediqi added that "
            "President Ashraf Ghani was briefed, and Bani Qasim tribesmen joined the fight.")
    ents = [(text.index(name), text.index(name) + len(name), name, "PERSON")
            for name in ("Abdul Karim Sediqi", "Ashraf Ghani", "Bani Qasim")]
    ents.append((text.index("Sediqi added"), text.index("Sediqi added") + 6, "Sediqi", "PERSON"))
    spans = person_spans(ents, text, [], {"ashraf", "ghani"})
    assert [text[s:e] for s, e in spans] == ["Abdul Karim Sediqi", "Sediqi"]
    swaps = person_swaps(text, spans, random.Random(0))
    full, bare = swaps
    assert len(full.new.split()) == 2 and bare.new == full.new.split()[-1]


def test_the_names_swapped_in_are_no_places():
    from eventledger.normalise.places import default_resolver

    resolver = default_resolver()
    for name in GIVEN_NAMES + FAMILY_NAMES:
        assert not resolver.find_place_names(f"It happened in {name} today."), name
        assert not [c for c in resolver.lookup(name) if c.match in ("name", "alias")], name


# ---------------------------------------------------------------- stability

def mention(text: str, sentence: str, trigger: str, **fields) -> Mention:
    start = text.index(sentence)
    at = text.index(trigger, start)
    m = Mention(document="d", sentence=Span(start, start + len(sentence), sentence),
                evidence={"trigger": Span(at, at + len(trigger), trigger)}, **fields)
    return m


def test_stability_on_a_tiny_case():
    original = "Taliban fighters attacked Kunduz, killing 12 soldiers. Police arrested 3 men in Herat."
    twelve = original.index("12")
    swaps = [Swap("number", twelve, twelve + 2, "12", "7", 12.0, 7.0)]
    rewrite = apply_swaps(original, swaps)
    assert rewrite.text == "Taliban fighters attacked Kunduz, killing 7 soldiers. Police arrested 3 men in Herat."
    place = Place(location="Kunduz", country="Afghanistan", admin1="Kunduz", geonameid=1, kind="city")
    herat = Place(location="Herat", country="Afghanistan", admin1="Herat", geonameid=2, kind="city")
    before = [
        mention(original, "Taliban fighters attacked Kunduz, killing 12 soldiers.", "attacked",
                event_type="Battles", sub_event_type="Armed clash", actor1="Taliban", place=place, fatalities=12),
        mention(original, "Police arrested 3 men in Herat.", "arrested",
                event_type="Strategic developments", sub_event_type="Arrests", actor1="Police", place=herat, fatalities=0),
    ]
    before[0].evidence["fatalities"] = Span(twelve, twelve + 2, "12")
    after = [
        mention(rewrite.text, "Police arrested 3 men in Herat.", "arrested",
                event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
                actor1="Police", place=herat, fatalities=0),
        mention(rewrite.text, "Taliban fighters attacked Kunduz, killing 7 soldiers.", "attacked",
                event_type="Battles", sub_event_type="Armed clash", actor1="Taliban", place=place, fatalities=7),
        mention(rewrite.text, "Taliban fighters attacked Kunduz, killing 7 soldiers.", "killing",
                event_type="Violence against civilians", sub_event_type="Attack", place=place),
    ]
    pairs, vanished, appeared = match(before, after, rewrite)
    assert [(o.sub_event_type, p.sub_event_type) for o, p in pairs] == [
        ("Armed clash", "Armed clash"), ("Arrests", "Abduction/forced disappearance")]
    assert vanished == [] and [m.sub_event_type for m in appeared] == ["Attack"]
    ok, follows, expected = compare(*pairs[0], rewrite)
    assert all(ok.values()) and follows == {"fatalities": True} and expected["fatalities"] == 7
    ok, follows, _ = compare(*pairs[1], rewrite)
    assert not ok["event_type"] and ok["actor1"] and ok["place"] and follows == {}
    tally = Tally()
    tally.add("number", before, after, rewrite)
    # one event of three (two before, one appeared) coded as it should be
    assert tally.headline() == round(1 / 3, 3)
    assert tally.field_rate("event_type") == 0.5 and tally.follow_counts("fatalities") == (1, 1)
    assert tally.changes[("number", "event_type", "Strategic developments", "Violence against civilians")] == 1


def test_a_swapped_group_and_place_are_expected_to_follow(groups, swapper):
    text = "Al Shabaab fighters attacked Jowhar on Monday."
    by_id = {g.id: g for g in groups}
    s1 = text.index("Al Shabaab")
    s2 = text.index("Jowhar")
    found = {text[s:e]: ref for s, e, ref in swapper.places_in(text, [])}
    source = found["Jowhar"]
    target = swapper._ref(source, swapper._select("kind = 'city' AND cc = 'SO' AND name = 'Baidoa'", ()))
    rewrite = apply_swaps(text, [
        Swap("group", s1, s1 + 10, "Al Shabaab", "Ansaroul Islam", by_id["al_shabaab"], by_id["ansaroul_islam"]),
        Swap("place", s2, s2 + 6, "Jowhar", "Baidoa", source, target),
    ])
    here = Place(location="Jowhar", country="Somalia", admin1=source.admin1_name, geonameid=source.geonameid, kind="city")
    there = Place(location="Baidoa", country="Somalia", admin1=target.admin1_name, geonameid=target.geonameid, kind="city")
    o = mention(text, text, "attacked", event_type="Battles", actor1="Al Shabaab", place=here)
    followed = mention(rewrite.text, rewrite.text, "attacked", event_type="Battles", actor1="Ansaroul Islam", place=there)
    stayed = mention(rewrite.text, rewrite.text, "attacked", event_type="Battles", actor1="Al Shabaab", place=here)
    ok, follows, _ = compare(o, followed, rewrite)
    assert ok["actor1"] and ok["place"] and follows == {"group": True, "place": True}
    ok, follows, _ = compare(o, stayed, rewrite)
    assert not ok["actor1"] and not ok["place"] and follows == {"group": False, "place": False}


# ------------------------------------------------------------- end to end

def test_measure_is_repeatable_and_accounts_for_every_event():
    from eventledger.evaluate.perturb import measure
    from eventledger.records import Document

    docs = [
        Document(id="a", text="Taliban fighters attacked a police checkpoint in Jalalabad on Monday, killing 4 policemen, "
                              "officials in Nangarhar province said.", published="2020-05-05"),
        Document(id="b", text="On 3 May 2020, Al Shabaab fighters attacked a police station in Jowhar, wounding three officers. Police spokesman "
                              "Hassan Nur Guled said 12 suspects were arrested.", published="2020-05-04"),
    ]
    first, again = measure(docs, seed=5), measure(docs, seed=5)
    assert first.as_dict() == again.as_dict()
    assert set(first.reports) >= {"place", "group", "number"}
    for kind in first.reports:
        assert first.events[kind] == first.matched[kind] + first.vanished[kind]
    assert 0 <= first.headline() <= 1


def test_eval_perturb_on_the_command_line():
    from pathlib import Path

    from click.testing import CliRunner

    from eventledger.cli import cli

    shared = Path(__file__).resolve().parents[1].parent / "shared"
    if not (shared / "corpus" / "seeds").exists():
        pytest.skip("../shared/corpus/seeds is not there")
    result = CliRunner().invoke(cli, ["eval", "--perturb", "--only", "seeds", "--limit", "1", "--shared", str(shared)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("coding unchanged under perturbation: ")
    assert "the swapped value followed" in result.output
