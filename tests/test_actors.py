"""Actor naming: ACLED names from actor phrases, periods by date, generics from context."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventledger.normalise.actors import (
    BUNDLED_DATA,
    KINDS,
    Actor,
    ActorContext,
    ActorDataError,
    ActorResolver,
)

# A made-up report, written for these tests.
TALIBAN_REPORT = """
Taliban fighters overran two district centres in northern Afghanistan on Monday,
a provincial official said. The Taliban said their fighters had seized weapons.
Afghan forces withdrew after the insurgents surrounded the town, and the Taliban
later paraded captured vehicles. Residents said the militants burned a school.
"""

# No named group anywhere: generic words cannot be attributed.
UNATTRIBUTED_REPORT = """
Militants attacked a police post near the border in Pakistan on Friday night,
killing three policemen. No group claimed the attack, local officials said.
"""


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load()


@pytest.fixture(scope="module")
def taliban_ctx(resolver: ActorResolver) -> ActorContext:
    return resolver.document_context(TALIBAN_REPORT)


def name(actor: Actor | None) -> str | None:
    return actor.name if actor else None


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2021-08-14", "Military Forces of Afghanistan (2014-2021)"),
        ("2021-08-15", "Military Forces of Afghanistan (2021-)"),
        ("2019-03-02", "Military Forces of Afghanistan (2014-2021)"),
        ("2012-05-01", "Military Forces of Afghanistan (2004-2014)"),
        ("2023", "Military Forces of Afghanistan (2021-)"),
        (None, "Military Forces of Afghanistan (2021-)"),  # no date: the latest period
    ],
)
def test_afghan_military_period_switches_on_15_august_2021(resolver, day, expected):
    assert name(resolver.resolve("Afghan soldiers", day)) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2021-01-19", "Military Forces of the United States (2017-2021)"),
        ("2021-01-20", "Military Forces of the United States (2021-)"),
        ("2016-12-31", "Military Forces of the United States (2009-2017)"),
        ("2025-02-01", "Military Forces of the United States (2025-)"),
    ],
)
def test_us_military_period_switches_on_inauguration_day(resolver, day, expected):
    assert name(resolver.resolve("U.S. troops", day, country="Afghanistan")) == expected


def test_forces_of_smaller_countries_carry_their_period_too(resolver):
    assert name(resolver.resolve("Malaysian police", "2020-05-01")) == "Police Forces of Malaysia (2020-2021)"
    assert name(resolver.resolve("Belarusian riot police", "2020-08-10")) == "Police Forces of Belarus (1994-)"
    as_of_2020 = ActorResolver.load(as_of="2020-06-01")
    assert name(as_of_2020.resolve("Malaysian police", "2020-05-01")) == "Police Forces of Malaysia (2020-)"


def test_forces_of_countries_with_frequent_changes_at_the_top_carry_a_period(resolver):
    # Peru's forces are dated by president, Haiti's by head of state or of the
    # transition, Nepal's from its 2015 constitution whoever leads the government
    assert name(resolver.resolve("Peruvian police", "2019-06-01")) == "Police Forces of Peru (2018-2020)"
    assert name(resolver.resolve("Peruvian police", "2023-02-01")) == "Police Forces of Peru (2022-)"
    assert name(resolver.resolve("Haitian police", "2019-06-01")) == "Police Forces of Haiti (2017-2021)"
    latest = ActorResolver.load(as_of="latest")
    assert name(latest.resolve("Haitian police", "2023-02-01")) == "Police Forces of Haiti (2021-2024)"
    assert name(latest.resolve("police", "2019-06-01", country="Nepal")) == "Police Forces of Nepal (2015-)"
    assert name(resolver.resolve("Vizcarra", "2019-06-01")) == "Government of Peru (2018-2020)"


def test_a_states_forces_abroad_are_named_by_the_operation_they_serve(resolver):
    assert name(resolver.resolve("Saudi forces", "2020-05-01", country="Yemen")) == "Operation Restoring Hope"
    assert name(resolver.resolve("Saudi forces", "2020-05-01", country="Saudi Arabia")).startswith("Military Forces of Saudi Arabia")
    assert name(resolver.resolve("US troops", "2020-05-01", country="Syria")) == "Global Coalition Against Daesh"


def test_operations_must_map_countries_to_names(tmp_path):
    bad = tmp_path / "actors.json"
    bad.write_text('{"countries": {"Chad": {"operations": ["Barkhane"]}}}', encoding="utf-8")
    with pytest.raises(ValueError, match="operations"):
        ActorResolver.load(extra=[bad])


def test_armed_groups_of_the_sahel_and_the_kivus_by_their_acled_names(resolver):
    assert name(resolver.resolve("Dan Na Ambassagou militiamen", "2020-05-01", country="Mali")) == "Dan Na Ambassagou"
    assert name(resolver.resolve("Raia Mutomboki fighters", "2020-05-01")) == "Mayi Mayi Militia (Raia Mutomboki)"
    assert name(resolver.resolve("Fulani militia", "2020-05-01", country="Nigeria")) == "Fulani Ethnic Militia (Nigeria)"


def test_local_units_are_named_only_in_their_country(resolver):
    assert name(resolver.resolve("military police", "2020-05-01", country="Brazil")) == \
        "Military Forces of Brazil (2019-) Military Police"
    assert name(resolver.resolve("federal police officers", "2020-05-01", country="Brazil")) == \
        "Police Forces of Brazil (2019-) Federal Police"
    assert name(resolver.resolve("Russian military police", "2020-05-01", country="Syria")) == \
        "Military Forces of Russia (2000-) Military Police"
    # elsewhere the words are the state's forces, no unit of another country
    assert name(resolver.resolve("military police", "2020-05-01", country="Syria")) == "Military Forces of Syria (2000-)"
    assert "Turkey" not in name(resolver.resolve("gendarmerie", "2020-05-01", country="Mali"))
    assert name(resolver.resolve("Turkish gendarmerie", "2020-05-01")) == "Military Forces of Turkey (2016-) Gendarmerie"
    # a unit never belongs to a country other than the one the phrase names
    assert name(resolver.resolve("Turkish border police", "2020-05-01", country="Greece")) == "Police Forces of Turkey (2016-)"
    assert name(resolver.resolve("prison guards", "2020-05-01", country="Greece")) == "Police Forces of Greece (2019-)"
    assert name(resolver.resolve("border police", "2020-05-01", country="Israel")).endswith("Border Police")


def test_naming_date_decides_whether_a_period_is_written_closed():
    # The bundled naming date is early 2022: Biden's period was still open then.
    assert name(ActorResolver.load().resolve("American forces", "2022-06-01")) == \
        "Military Forces of the United States (2021-)"
    latest = ActorResolver.load(as_of="latest")
    assert name(latest.resolve("American forces", "2022-06-01")) == "Military Forces of the United States (2021-2025)"
    assert name(latest.resolve("Pakistani police", "2020-03-01")) == "Police Forces of Pakistan (2018-2022)"


def test_an_older_export_uses_the_older_name_of_a_period():
    # exports made before 2021 named the Houthi authority's forces differently
    then = ActorResolver.load(as_of="2020-06-01")
    assert name(then.resolve("Houthi forces", "2020-05-01", country="Yemen")) == \
        "Military Forces of Yemen (2016-) Supreme Political Council"
    assert name(ActorResolver.load().resolve("Houthi forces", "2020-05-01", country="Yemen")) == \
        "Military Forces of Yemen (2017-) Houthi"
    # and periods that closed later are still open in it
    assert name(then.resolve("Myanmar army", "2020-05-01")) == "Military Forces of Myanmar (2016-)"


def test_named_before_needs_a_date(tmp_path):
    bad = tmp_path / "actors.json"
    bad.write_text(json.dumps({"countries": {"Peru": {"periods": [{"from": "2023-01-01", "named_before": {"suffix": "X"}}]}}}))
    with pytest.raises(ActorDataError, match="named_before"):
        ActorResolver.load(extra=[bad])


def test_donbas_separatists_and_yemeni_units(resolver):
    assert name(resolver.resolve("the NAF rebel forces", "2020-05-01", country="Ukraine")) == "NAF: United Armed Forces of Novorossiya"
    assert name(resolver.resolve("Luhansk People's Militia", "2020-05-01", country="Ukraine")) == "NAF: United Armed Forces of Novorossiya"
    assert name(resolver.resolve("Amajid Brigade", "2020-05-01", country="Yemen")) == "Military Forces of Yemen (2012-) Amajid Brigade"


def test_period_helper(resolver):
    assert resolver.period("Afghanistan", "2021-08-14") == "2014-2021"
    assert resolver.period("Iran", "2020-01-01") == "1989-"
    assert resolver.period("Yemen", "2020-01-01", faction="Houthi") == "2017-"


# ---------------------------------------------------------------- state actors


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("Afghan National Army soldiers", "Military Forces of Afghanistan (2014-2021)"),
        ("the Afghan Air Force", "Military Forces of Afghanistan (2014-2021)"),
        ("American-trained Afghan commando units", "Military Forces of Afghanistan (2014-2021)"),
        ("pro-government forces", "Military Forces of Afghanistan (2014-2021)"),
        ("government troops", "Military Forces of Afghanistan (2014-2021)"),
        ("security forces", "Military Forces of Afghanistan (2014-2021)"),  # ACLED: military unless police are named
        ("Afghan police", "Police Forces of Afghanistan (2014-2021)"),
        ("NDS agents", "Police Forces of Afghanistan (2014-2021) National Directorate of Security"),
        ("the Afghan government", "Government of Afghanistan (2014-2021)"),
        ("the administration of President Ashraf Ghani", "Government of Afghanistan (2014-2021)"),
        ("Authorities", "Government of Afghanistan (2014-2021)"),
        ("Kabul", "Government of Afghanistan (2014-2021)"),
        ("Pakistan officials", "Government of Pakistan (2018-)"),
        ("Pakistani border guards", "Police Forces of Pakistan (2018-)"),
        ("Islamabad", "Government of Pakistan (2018-)"),
        ("The US airstrikes", "Military Forces of the United States (2021-)"),
        ("Washington", "Government of the United States (2021-)"),
        ("Tehran", "Government of Iran (1989-)"),
        ("Iran's Revolutionary Guards", "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"),
    ],
)
def test_state_actors_in_an_afghan_report_of_july_2021(resolver, taliban_ctx, phrase, expected):
    assert name(resolver.resolve(phrase, "2021-07-06", taliban_ctx)) == expected


def test_demonym_in_the_phrase_beats_the_document_country(resolver, taliban_ctx):
    actor = resolver.resolve("Iranian border guards", "2021-07-06", taliban_ctx)
    assert actor.country == "Iran" and actor.name == (
        "Police Forces of Iran (1989-) Islamic Republic of Iran Border Guard Command")


@pytest.mark.parametrize(
    "phrase, country",
    [
        ("Yemeni soldiers", "Yemen"), ("Syrian troops", "Syria"), ("Indian police", "India"),
        ("Congolese soldiers", "Democratic Republic of Congo"), ("Nigerian troops", "Nigeria"),
        ("Pakistani army", "Pakistan"), ("American forces", "United States"), ("Ethiopian soldiers", "Ethiopia"),
    ],
)
def test_demonyms_name_the_country(resolver, phrase, country):
    assert resolver.resolve(phrase, "2020-05-01").country == country


def test_country_spelled_as_acled_spells_it_in_actor_names(resolver):
    assert name(resolver.resolve("Congolese soldiers", "2020-05-01")) == \
        "Military Forces of the Democratic Republic of Congo (2019-)"
    assert name(resolver.resolve("civilians", "2020-05-01", country="Democratic Republic of Congo")) == \
        "Civilians (Democratic Republic of Congo)"


def test_foreign_state_forces_are_external(resolver, taliban_ctx):
    us = resolver.resolve("American forces", "2021-07-06", taliban_ctx)
    afghan = resolver.resolve("Afghan forces", "2021-07-06", taliban_ctx)
    assert (us.inter, afghan.inter) == (8, 1)


def test_country_without_a_known_period_is_flagged(resolver):
    actor = resolver.resolve("soldiers", "2020-05-01", country="Estonia")
    assert actor.name == "Military Forces of Estonia"
    assert "no-period" in actor.flags


# ---------------------------------------------------------------- named groups


def test_taliban_become_the_state_on_15_august_2021(resolver):
    assert name(resolver.resolve("the Taliban", "2021-08-14")) == "Taliban"
    assert name(resolver.resolve("the Taliban", "2021-08-16")) == "Military Forces of Afghanistan (2021-)"
    assert name(resolver.resolve("Taliban officials", "2021-09-01")) == "Government of Afghanistan (2021-)"


@pytest.mark.parametrize(
    "phrase, day, country, expected",
    [
        ("Al shabaab militants", "2020-05-01", "Somalia", "Al Shabaab"),
        ("the Taleban", "2020-05-01", "Afghanistan", "Taliban"),
        ("IS militants", "2020-05-01", "Afghanistan", "Islamic State (Afghanistan)"),
        ("Islamic State fighters", "2020-05-01", "Iraq", "Islamic State (Iraq)"),
        ("ISIS-K", "2021-08-26", "Afghanistan", "Islamic State (Afghanistan)"),
        ("ISWAP insurgents", "2020-05-01", "Nigeria", "Islamic State (West Africa)"),
        ("Boko Haram", "2020-05-01", "Nigeria", "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),
        ("Houthi rebels", "2020-05-01", "Yemen", "Military Forces of Yemen (2017-) Houthi"),
        ("the Saudi-led coalition", "2020-05-01", "Yemen", "Operation Restoring Hope"),
        ("the Pakistani Taliban", "2020-05-01", "Pakistan", "TTP: Tehreek-i-Taliban Pakistan"),
        ("Syrian Democratic Forces", "2020-05-01", "Syria", "QSD: Syrian Democratic Forces"),
        ("M23 rebels", "2022-06-01", "Democratic Republic of Congo", "M23: March 23 Movement"),
        ("RSF", "2021-05-01", "Sudan", "Military Forces of Sudan (2019-) Rapid Support Forces"),
        ("RSF fighters", "2023-06-01", "Sudan", "Rapid Support Forces"),
        ("Hamas officials", "2020-05-01", "Palestine", "Government of Palestine (2007-) Hamas Government in Gaza"),
    ],
)
def test_named_groups(resolver, phrase, day, country, expected):
    actor = resolver.resolve(phrase, day, country=country)
    assert name(actor) == expected
    assert actor.generic is False


def test_acronyms_only_match_in_capitals(resolver):
    assert name(resolver.resolve("IS gunmen", "2020-05-01", country="Syria")) == "Islamic State (Syria)"
    # "us" the pronoun is not the United States, nor "is" the Islamic State.
    assert resolver.resolve("us", "2020-05-01") is None
    assert resolver.resolve("what is left", "2020-05-01") is None


# ---------------------------------------------------------------- generics


def test_generics_resolve_to_the_group_the_document_is_about(resolver, taliban_ctx):
    assert taliban_ctx.country == "Afghanistan"
    assert taliban_ctx.count("taliban") == 3
    for phrase in ("insurgents", "the militants", "the Islamist militant group", "fighters"):
        actor = resolver.resolve(phrase, "2021-07-06", taliban_ctx)
        assert actor.name == "Taliban", phrase
        assert actor.generic is True


def test_generics_without_a_named_group_are_unidentified(resolver):
    ctx = resolver.document_context(UNATTRIBUTED_REPORT)
    assert ctx.country == "Pakistan" and ctx.mentions == ()
    assert name(resolver.resolve("militants", "2021-03-05", ctx)) == "Unidentified Armed Group (Pakistan)"


def test_a_foreign_demonym_keeps_generics_from_the_documents_group(resolver, taliban_ctx):
    assert name(resolver.resolve("Pakistani militants", "2021-07-06", taliban_ctx)) == \
        "Unidentified Armed Group (Pakistan)"


@pytest.mark.parametrize(
    "phrase", ["unidentified gunmen", "gunmen", "unknown assailants", "armed men", "unidentified militants"]
)
def test_unattributed_attackers_stay_unidentified_even_in_a_taliban_report(resolver, taliban_ctx, phrase):
    assert name(resolver.resolve(phrase, "2021-07-06", taliban_ctx)) == "Unidentified Armed Group (Afghanistan)"


def test_unknown_aircraft_are_unidentified_military_forces(resolver):
    assert name(resolver.resolve("unidentified warplanes", "2020-05-01", country="Libya")) == \
        "Unidentified Military Forces"


# ---------------------------------------------------------------- people and crowds


@pytest.mark.parametrize(
    "phrase, associated",
    [
        ("residents", None), ("civilians", None), ("a woman and her two children", "Women (Afghanistan)"),
        ("two journalists", "Journalists (Afghanistan)"), ("farmers", "Farmers (Afghanistan)"),
        ("an unknown number of villagers", None), ("detainees", "Prisoners (Afghanistan)"),
    ],
)
def test_civilians(resolver, taliban_ctx, phrase, associated):
    actor = resolver.resolve(phrase, "2021-07-06", taliban_ctx)
    assert actor.name == "Civilians (Afghanistan)"
    assert (actor.kind, actor.inter, actor.associated) == ("civilians", 7, associated)


def test_people_nouns_are_civilians_of_that_country(resolver, taliban_ctx):
    assert name(resolver.resolve("Pakistanis", "2021-07-06", taliban_ctx)) == "Civilians (Pakistan)"


def test_crowds_follow_the_role_hint(resolver):
    crowd = "hundreds of people who tried to force their way across the border"
    assert name(resolver.resolve(crowd, "2021-07-06", country="Pakistan")) == "Civilians (Pakistan)"
    assert name(resolver.resolve(crowd, "2021-07-06", country="Pakistan", role="rioters")) == "Rioters (Pakistan)"
    assert name(resolver.resolve("an unruly mob", "2021-07-06", country="Pakistan")) == "Rioters (Pakistan)"
    protest = resolver.resolve("striking workers", "2020-05-01", country="India")
    assert (protest.name, protest.associated) == ("Protesters (India)", "Labour Group (India)")
    with pytest.raises(ValueError):
        resolver.resolve("a crowd", None, role="looters")


def test_bare_numbers_are_a_crowd_only_with_a_role(resolver):
    assert resolver.resolve("thousands", "2020-05-01", country="India") is None
    assert name(resolver.resolve("thousands", "2020-05-01", country="India", role="protesters")) == "Protesters (India)"


def test_anti_is_not_the_group_or_government_itself(resolver):
    assert name(resolver.resolve("anti-government protesters", "2020-05-01", country="Iraq")) == "Protesters (Iraq)"
    assert name(resolver.resolve("anti-Taliban militia commanders", "2020-05-01", country="Afghanistan")) == \
        "Unidentified Armed Group (Afghanistan)"


def test_coalitions_depend_on_the_war(resolver):
    yemen = resolver.resolve("coalition warplanes", "2020-05-01", country="Yemen")
    assert (yemen.name, yemen.inter, yemen.country) == ("Operation Restoring Hope", 8, None)
    assert name(resolver.resolve("foreign troops", "2020-05-01", country="Afghanistan")) == \
        "NATO: North Atlantic Treaty Organization"


@pytest.mark.parametrize(
    "phrase",
    ["the city", "the prison", "Tuesday", "the border", "", "   ", "two Afghan towns", "the Afghan border",
     "an anti-Taliban stronghold"],
)
def test_phrases_that_name_no_actor(resolver, taliban_ctx, phrase):
    assert resolver.resolve(phrase, "2021-07-06", taliban_ctx) is None


def test_spacy_like_spans_are_accepted(resolver):
    class Span:
        text = "Afghan policemen"

    assert name(resolver.resolve(Span(), "2020-01-01")) == "Police Forces of Afghanistan (2014-2021)"


# ---------------------------------------------------------------- user data


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_extra_file_adds_a_group_with_aliases(tmp_path):
    extra = write(tmp_path / "mine.json", {
        "groups": [{
            "name": "Brigade of the Northern Hills", "aliases": ["Northern Hills Brigade", "the Hill Fighters"],
            "kind": "rebel", "inter": 2, "country": "Afghanistan", "generic": ["insurgent"],
        }],
    })
    resolver = ActorResolver.load(extra=[extra])
    actor = resolver.resolve("fighters of the Northern Hills Brigade", "2020-05-01")
    assert (actor.name, actor.kind, actor.inter) == ("Brigade of the Northern Hills", "rebel", 2)
    assert name(resolver.resolve("the hill fighters", "2020-05-01")) == "Brigade of the Northern Hills"
    ctx = resolver.document_context("The Hill Fighters raided a village. The Hill Fighters then withdrew.")
    assert name(resolver.resolve("the insurgents", "2020-05-01", ctx)) == "Brigade of the Northern Hills"
    # The bundled data is still there.
    assert name(resolver.resolve("the Taliban", "2020-05-01")) == "Taliban"


def test_extra_file_extends_a_bundled_group_and_a_country(tmp_path):
    extra = write(tmp_path / "more.json", {
        "groups": [{"id": "taliban", "aliases": ["the Emirate's men"]}],
        "countries": {"Peru": {"periods": [{"from": "2023-01-01"}]}},
    })
    resolver = ActorResolver.load(extra=[extra])
    assert name(resolver.resolve("the Emirate's men", "2020-05-01")) == "Taliban"
    assert name(resolver.resolve("Peruvian police", "2024-02-01")) == "Police Forces of Peru (2023-)"


def test_extra_toml_file_and_environment_variable(tmp_path, monkeypatch):
    extra = write(tmp_path / "mine.toml", """
[[groups]]
name = "Coastal Liberation Front"
aliases = ["CLF rebels", "Coastal Front"]
kind = "rebel"
inter = 2
country = "Mozambique"
""")
    monkeypatch.setenv("EVENTLEDGER_ACTORS", str(extra))
    resolver = ActorResolver.load()
    assert name(resolver.resolve("Coastal Front fighters", "2020-05-01")) == "Coastal Liberation Front"


@pytest.mark.parametrize(
    "content, reason",
    [
        ('{"groups": [{"name": "X", "aliases": ["x"]}', "invalid JSON at line 1"),
        ({"groups": [{"name": "X", "aliases": ["x"], "kind": "bandits"}]}, "kind 'bandits'"),
        ({"groups": [{"name": "X", "aliases": "x"}]}, "'aliases' must be a list"),
        ({"countries": {"Peru": {"periods": [{"from": "last year"}]}}}, "not a YYYY-MM-DD date"),
        ([1, 2, 3], "must be an object"),
    ],
)
def test_malformed_extra_file_gives_a_one_line_error_naming_it(tmp_path, content, reason):
    bad = write(tmp_path / "broken.json", content)
    with pytest.raises(ActorDataError) as err:
        ActorResolver.load(extra=[bad])
    message = str(err.value)
    assert "broken.json" in message and reason in message
    assert "\n" not in message


def test_missing_extra_file(tmp_path):
    with pytest.raises(ActorDataError, match="nowhere.json"):
        ActorResolver.load(extra=[tmp_path / "nowhere.json"])


# ---------------------------------------------------------------- the bundled data


def test_bundled_data_is_consistent():
    data = json.loads(BUNDLED_DATA.read_text(encoding="utf-8"))
    with_periods = [c for c, v in data["countries"].items() if v["periods"]]
    assert len(with_periods) >= 50
    for country, info in data["countries"].items():
        periods = info["periods"]
        for before, after in zip(periods, periods[1:]):
            assert before.get("to") == after["from"], f"{country}: periods must follow each other"
    ids = [g["id"] for g in data["groups"]]
    assert len(ids) == len(set(ids))
    for group in data["groups"]:
        assert group["kind"] in KINDS and (group["inter"] is None or 1 <= group["inter"] <= 8)


def test_loading_is_cached_and_resolving_a_long_report_works():
    # (what loading and resolving cost is measured by `eventledger bench`)
    assert ActorResolver.load() is ActorResolver.load()
    resolver = ActorResolver(json.loads(BUNDLED_DATA.read_text(encoding="utf-8")))
    ctx = resolver.document_context(TALIBAN_REPORT * 20)
    actor = resolver.resolve("7 Afghan soldiers and insurgents", "2021-07-06", ctx)
    assert actor is not None and actor.kind == "state_military"


def test_people_who_bear_arms_are_an_armed_group(resolver):
    for phrase in ["four armed inmates", "more than 200 armed farmers", "a group of armed civilians"]:
        assert name(resolver.resolve(phrase, "2020-05-01", country="Brazil")) == "Unidentified Armed Group (Brazil)"
    # the state's armed forces stay the state's; the unarmed stay civilians
    assert name(resolver.resolve("Brazilian armed forces", "2020-05-01", country="Brazil")).startswith("Military Forces of Brazil")
    assert name(resolver.resolve("unarmed farmers", "2020-05-01", country="Brazil")) == "Civilians (Brazil)"
    # a unit's name after a leader's does not make the unit that leader's country's
    assert name(resolver.resolve("the PMF's Abu al-Fadhl al-Abbas division", "2020-05-01", country="Iraq")).endswith("Popular Mobilization Forces")


def test_yemens_national_resistance_is_named_apart_from_the_state(resolver):
    assert name(resolver.resolve("anti-Houthi National Resistance forces", "2020-05-01", country="Yemen")) == "National Resistance Forces"


def test_a_tribe_or_clan_named_before_its_fighters_names_their_militia(resolver):
    assert name(resolver.resolve("the Bani Dhabyan tribesmen", "2022-05-01", country="Yemen")) == "Bani Dhabyan Tribal Militia (Yemen)"
    assert name(resolver.resolve("Habar Gidir clan militiamen", "2022-05-01", country="Somalia")) == "Habar Gidir Clan Militia (Somalia)"
    # no proper name, a country's adjective, a word the class lists as no name: unidentified
    for phrase in ["armed tribesmen", "Yemeni tribesmen", "Sunni tribesmen"]:
        assert name(resolver.resolve(phrase, "2022-05-01", country="Yemen")) == "Unidentified Tribal Militia (Yemen)"


def test_a_class_name_template_must_hold_the_name(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"classes": {"tribal_militia": {"named": "Tribal Militia ({country})"}}}')
    with pytest.raises(ActorDataError, match="named"):
        ActorResolver.load(extra=[bad])


def test_a_pair_of_groups_takes_the_name_the_file_gives_it(resolver, tmp_path):
    assert resolver.pair("Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", "Islamic State (West Africa)") == (
        "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad")
    assert resolver.pair("Al Shabaab", "Islamic State (Somalia)") == "Al Shabaab and/or Islamic State (Somalia)"
    bad = tmp_path / "bad.json"
    bad.write_text('{"pairs": ["Al Shabaab or Islamic State (Somalia)"]}')
    with pytest.raises(ActorDataError, match="pairs"):
        ActorResolver.load(extra=[bad])


def test_a_countrys_default_group_is_what_its_generic_words_mean(resolver, tmp_path):
    assert name(resolver.resolve("suspected Islamic militants", "2020-05-01", country="Mozambique")) == "Islamist Militia (Mozambique)"
    assert name(resolver.resolve("opposition factions", "2020-05-01", country="Syria")) == "Opposition Rebels (Syria)"
    # a default reaches only the words it was given, and only in its country
    assert name(resolver.resolve("militants", "2020-05-01", country="Syria")) == "Unidentified Armed Group (Syria)"
    assert name(resolver.resolve("Islamic militants", "2020-05-01", country="Tanzania")) == "Unidentified Armed Group (Tanzania)"
    bad = tmp_path / "bad.json"
    bad.write_text('{"groups": [{"name": "X", "default": "yes"}]}')
    with pytest.raises(ActorDataError, match="default"):
        ActorResolver.load(extra=[bad])


def test_an_armed_commando_is_an_armed_group_not_the_military(resolver):
    assert name(resolver.resolve("an armed commando", "2022-05-01", country="Mexico")) == "Unidentified Armed Group (Mexico)"
    assert name(resolver.resolve("army commandos", "2022-05-01", country="Mexico")).startswith("Military Forces of Mexico")


def test_a_hyphened_faction_of_a_bracketed_group_goes_inside_its_brackets(resolver):
    drc = "Democratic Republic of Congo"
    assert name(resolver.resolve("Raia Mutomboki-Hamakombo fighters", "2022-05-01", country=drc)) == (
        "Mayi Mayi Militia (Raia Mutomboki-Hamakombo)")
    # a hyphened word that is no name, and a group without brackets, are left alone
    assert name(resolver.resolve("Raia Mutomboki-allied fighters", "2022-05-01", country=drc)) == "Mayi Mayi Militia (Raia Mutomboki)"
    assert name(resolver.resolve("Al Shabaab-Jubba fighters", "2022-05-01", country="Somalia")) == "Al Shabaab"


def test_named_intelligence_and_guard_units_are_their_states_forces(resolver):
    assert name(resolver.resolve("members of the regime's Air Force Intelligence", "2022-05-01", country="Syria")) == (
        "Military Forces of Syria (2000-) Air Force Intelligence Directorate")
    assert name(resolver.resolve("GNB officers", "2022-05-01", country="Venezuela")) == (
        "Military Forces of Venezuela (1999-) GNB: Venezuelan National Guard")
    # the words are a plain cue of the state's forces elsewhere
    assert name(resolver.resolve("military intelligence", "2022-05-01", country="Iraq")).startswith("Military Forces of Iraq")


def test_an_armed_organisation_the_file_lacks_keeps_the_reports_name():
    from eventledger.extract import default_extractor
    from eventledger.records import Document

    ex = default_extractor()

    def actors(text):
        return [(m.actor1, m.actor2) for m in ex.extract(Document(id="t", text=text, published="2023-08-16"))]

    assert actors("Fighters of the Kivu Freedom Brigade attacked a village in Masisi on Monday, killing four people.")[0][0] == "Kivu Freedom Brigade"
    # an acronym the report expands is written as ACLED writes it
    found = actors("The Sahel Liberation Front (SLF) ambushed an army convoy near Gao on Monday, the SLF said.")
    assert found[0][0] == "SLF: Sahel Liberation Front"
    # unnamed men stay unidentified, and a state's forces stay the state's
    assert actors("Gunmen attacked a village in Masisi on Monday, killing four people.")[0][0].startswith("Unidentified")
    assert actors("Security forces killed three militants in Borno on Monday.")[0][0].startswith("Military Forces of Nigeria")


def test_a_pronoun_that_says_it_did_something_is_the_speaker():
    from eventledger.extract import default_extractor
    from eventledger.records import Document

    ms = default_extractor().extract(Document(id="t", text="Al Shabaab said it attacked an army base in Baidoa on Monday.", published="2023-08-16"))
    assert ms[0].actor1 == "Al Shabaab"
