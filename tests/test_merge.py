"""Merging mentions across reports, on records built by hand."""
import itertools

from eventledger.merge import merge, same_event
from eventledger.records import Mention, Place, Span

TOWN = Place(location="Townsville", country="Freedonia", admin1="North", latitude=10.0, longitude=20.0, precision=1, kind="city")
OTHER_TOWN = Place(location="Farville", country="Freedonia", admin1="South", latitude=12.0, longitude=23.0, precision=1, kind="city")


def mention(doc, sentence, *, date="2021-07-07", precision=1, place=TOWN, sub="Armed clash", etype="Battles",
            actor1="Rebels", actor2="Army", quantities=None, raw=None, published="2021-07-08", plover="ASSAULT"):
    m = Mention(document=doc, sentence=Span(0, len(sentence), sentence), event_type=etype, sub_event_type=sub,
                plover_type=plover, actor1=actor1, actor2=actor2, place=place, event_date=date,
                time_precision=precision, quantities=dict(quantities or {}), raw=dict(raw or {}),
                publisher=doc.upper(), published=published)
    m.id = m.key()
    return m


def test_same_battle_in_two_reports_merges_with_one_source_each():
    a = mention("a", "Rebels stormed Townsville on Wednesday.")
    b = mention("b", "Fighting raged in Townsville on Wednesday.", published="2021-07-07")
    events, log = merge([a, b])
    assert len(events) == 1
    assert [s["document"] for s in events[0].to_record()["sources"]] == ["b", "a"]
    assert log and "same place" in log[0]["reason"]


def test_look_alikes_stay_apart():
    day1 = mention("a", "The state released 100 prisoners on Wednesday.", date="2020-04-08", etype="Strategic developments", sub="Agreement", quantities={"prisoners_released": 100}, place=Place(location="Freedonia", country="Freedonia", precision=3, kind="country"))
    day2 = mention("b", "The state released 100 prisoners on Thursday.", date="2020-04-09", etype="Strategic developments", sub="Agreement", quantities={"prisoners_released": 100}, place=Place(location="Freedonia", country="Freedonia", precision=3, kind="country"))
    assert not same_event(day1, day2).same
    north = mention("a", "Fighting in Townsville.")
    south = mention("b", "Fighting in Farville.", place=OTHER_TOWN)
    assert not same_event(north, south).same
    assert len(merge([day1, day2, north, south])[0]) == 4


def test_disagreeing_counts_become_a_dispute_and_vague_agreement_does_not():
    a = mention("a", "Rebels freed some 600 prisoners.", quantities={"prisoners_freed": 600}, raw={"quantities.prisoners_freed": "some 600"})
    b = mention("b", "Dozens of detainees escaped.", quantities={"prisoners_freed": 12}, raw={"quantities.prisoners_freed": "Dozens"})
    (event,), _ = merge([a, b])
    assert [d["field"] for d in event.disputes] == ["quantities.prisoners_freed"]
    assert "disagree" in event.notes
    c = mention("a", "Some 1,600 troops fled.", quantities={"fled": 1600}, raw={"quantities.fled": "some 1,600"})
    d = mention("b", "More than a thousand soldiers fled.", quantities={"fled": 1000}, raw={"quantities.fled": "more than a thousand"})
    (event,), _ = merge([c, d])
    assert event.disputes == []
    assert event.quantities["fled"] == 1000  # the lowest credible figure


def test_result_does_not_depend_on_arrival_order():
    ms = [
        mention("a", "Rebels stormed Townsville."),
        mention("b", "Clashes in Townsville.", published="2021-07-07"),
        mention("c", "Clashes in Farville.", place=OTHER_TOWN),
        mention("d", "Fighting in Farville on Wednesday.", place=OTHER_TOWN, published="2021-07-09"),
    ]
    baseline = sorted((e.event_id, tuple(sorted(m.id for m in e.mentions))) for e in merge(ms)[0])
    for order in itertools.permutations(ms):
        got = sorted((e.event_id, tuple(sorted(m.id for m in e.mentions))) for e in merge(list(order))[0])
        assert got == baseline


def test_reports_a_day_apart_are_one_event_unless_a_report_tells_both_days():
    raw = {"facet.killed": "1"}
    a = mention("a", "Rebels and the army fought in Townsville on Monday night, killing 27.", date="2021-07-05", quantities={"killed": 27}, raw=raw)
    b = mention("b", "Fierce clashes between rebels and the army in Townsville killed 55 on Tuesday.", date="2021-07-06", quantities={"killed": 55}, raw=raw)
    (event,), _ = merge([a, b])
    assert {d["field"] for d in event.disputes} >= {"event_date"}
    # a report that tells a clash on each day told them apart
    c = mention("b", "A second day of clashes in Townsville on Tuesday.", date="2021-07-06", raw=raw)
    d = mention("c", "Rebels and the army fought in Townsville on Monday, killing 20.", date="2021-07-05", quantities={"killed": 20}, raw=raw)
    e = mention("c", "The fighting resumed in Townsville on Tuesday.", date="2021-07-06", raw=raw)
    events, _ = merge([c, d, e])
    assert len(events) == 2 and {ev.event_date for ev in events} == {"2021-07-05", "2021-07-06"}


def test_who_was_hit_may_differ_between_reports_of_one_bombing():
    a = mention("a", "A car bomb killed 79 civilians at a checkpoint in Townsville.", etype="Explosions/Remote violence",
                sub="Remote explosive/landmine/IED", actor1="Unidentified Armed Group (Freedonia)", actor2="Civilians (Freedonia)")
    b = mention("b", "A truck bomb struck an army checkpoint in Townsville.", etype="Explosions/Remote violence",
                sub="Remote explosive/landmine/IED", actor1="Unidentified Armed Group (Freedonia)", actor2="Army")
    assert same_event(a, b).same
    # two named doers are two events
    c = mention("c", "Rebels bombed a checkpoint in Townsville.", etype="Explosions/Remote violence", sub="Remote explosive/landmine/IED", actor1="Rebels", actor2="Army")
    d = mention("d", "Bandits bombed a checkpoint in Townsville.", etype="Explosions/Remote violence", sub="Remote explosive/landmine/IED", actor1="Bandits", actor2="Civilians (Freedonia)")
    assert not same_event(c, d).same


def test_a_vague_word_is_no_figure_when_another_report_counts():
    a = mention("a", "Many inmates escaped.", quantities={"prisoners_freed": 10}, raw={"quantities.prisoners_freed": "many"})
    b = mention("b", "Some 3,600 inmates escaped.", quantities={"prisoners_freed": 3600}, raw={"quantities.prisoners_freed": "some 3,600"})
    (event,), _ = merge([a, b])
    assert event.quantities["prisoners_freed"] == 3600


def test_copies_of_a_syndicated_telling_join_one_event():
    copies = [mention(doc, "Rebels stormed Townsville on Wednesday.", published=f"2021-07-0{k + 7}") for k, doc in enumerate("abcde")]
    other = mention("f", "Fighting in Farville on Wednesday.", place=OTHER_TOWN)
    events, log = merge([*reversed(copies), other])
    assert sorted(len(e.mentions) for e in events) == [1, 5]
    assert sum("a copy" in entry["reason"] for entry in log) == 4
    # the same words told twice in one report are two tellings of that report:
    # each is compared on its own, and they join as any two tellings would
    first, second = mention("g", "Clashes in Townsville."), mention("g", "Clashes in Townsville.")
    second.sentence = Span(100, 122, "Clashes in Townsville.")
    second.id = second.key()
    events, _ = merge([first, second, mention("h", "Clashes in Townsville.")])
    assert [len(e.mentions) for e in events] == [3]


def test_one_outlets_police_is_anothers_army():
    # the state's forces are one side, whichever branch an outlet names
    police = mention("a", "A rival force detained a brigade commander in Townsville.", etype="Strategic developments", sub="Arrests",
                     actor1="Police Forces of Freedonia (2019-)", actor2=None, plover="COERCE")
    army = mention("b", "The deterrence force arrested a commander in Townsville.", etype="Strategic developments", sub="Arrests",
                   actor1="Military Forces of Freedonia (2019-)", actor2=None, plover="COERCE")
    assert same_event(police, army).same
    rebels = mention("c", "Rebels seized a commander in Townsville.", etype="Strategic developments", sub="Arrests",
                     actor1="Rebels", actor2=None, plover="COERCE")
    assert not same_event(police, rebels).same


def test_a_rape_is_never_one_event_with_a_battle():
    rape = mention("a", "Mobs raped women in Townsville on Sunday.", etype="Violence against civilians", sub="Sexual violence",
                   actor1="Rioters (Freedonia)", actor2="Civilians (Freedonia)")
    battle = mention("b", "Guards fired on youths in Townsville on Sunday.", actor1="Rioters (Freedonia)", actor2="Civilians (Freedonia)")
    assert not same_event(rape, battle).same
    again = mention("c", "Women were sexually assaulted in Townsville on Sunday.", etype="Violence against civilians", sub="Sexual violence",
                    actor1="Rioters (Freedonia)", actor2="Civilians (Freedonia)")
    assert same_event(rape, again).same


def test_bodies_found_are_not_the_battle_told_elsewhere():
    battle = mention("a", "Gangs stormed the prison in Townsville.", actor1="Gang", actor2="Police")
    bodies = mention("b", "Two bodies lay in a street of Townsville.", etype="Violence against civilians", sub="Attack",
                     actor1="Unidentified Armed Group (Freedonia)", actor2="Civilians (Freedonia)", raw={"casualty": "bodies"})
    assert not same_event(battle, bodies).same


def test_one_outlets_capture_is_anothers_handover():
    a = mention("a", "Rebels captured Townsville on Wednesday after fighting.", sub="Non-state actor overtakes territory")
    b = mention("b", "The army left Townsville to the rebels on Wednesday.", etype="Strategic developments",
                sub="Non-violent transfer of territory", plover="RETREAT")
    events, _ = merge([a, b])
    assert len(events) == 1
    # the fight another report tells is kept as the event's kind
    assert events[0].sub_event_type == "Non-state actor overtakes territory"
    # a handover is no protest
    c = mention("c", "Crowds marched in Townsville on Wednesday.", etype="Protests", sub="Peaceful protest",
                actor1="Protesters", actor2=None, plover="PROTEST")
    assert not same_event(b, c).same


def test_a_report_telling_two_nearby_towns_keeps_them_two_and_each_report_joins_its_own_town():
    # two attacks ten kilometres apart the same night, both in one report; another report tells the first
    near = Place(location="Nearville", country="Freedonia", admin1="North", latitude=10.05, longitude=20.05, precision=1, kind="city")
    first = mention("a", "Gunmen attacked the prison in Townsville.")
    second = mention("a", "Police fought off an attack at another facility in Nearville.", place=near)
    other = mention("b", "Gang members stormed the Townsville prison overnight.")
    assert same_event(first, second).same  # they resemble each other ...
    events, _ = merge([first, second, other])
    by_place = {e.place.location: sorted(m.document for m in e.mentions) for e in events}
    assert by_place == {"Townsville": ["a", "b"], "Nearville": ["a"]}  # ... but one report told them apart
    # and, told in the same words, the same town scores above a town near it
    told = "Gunmen attacked the prison."
    here, near_here = mention("a", told), mention("a", told, place=near)
    there = mention("b", told)
    assert same_event(here, there).score > same_event(near_here, there).score
    # a place borrowed from the paragraph is no town the report named: no veto
    borrowed = mention("a", "Police fought off an attack at another facility.", place=near, raw={"location": "paragraph"})
    assert len(merge([first, borrowed, other])[0]) == 1
    # but a site the report told as another than the one it referred to stays apart from it
    referred = mention("a", "Gunmen attacked the capital's main prison.", raw={"location": "the report's main place"})
    another = mention("a", "Police fought off an attack at another facility in Nearville.", place=near,
                      raw={"location.other_site": "another site than the one referred to"})
    events, _ = merge([referred, another, other])
    assert sorted(sorted(m.document for m in e.mentions) for e in events) == [["a"], ["a", "b"]]
