"""A report's own geography places its events: datelines, capitals named by
their role, people's names that are also towns, and the province a report is
about. The reports are written for these tests."""
import pytest

from eventledger.extract import default_extractor
from eventledger.records import Document


@pytest.fixture(scope="module")
def extract():
    ex = default_extractor()

    def run(text, published="2023-05-16"):
        return ex.extract(Document(id="t.txt", text=text, published=published))

    return run


def violent(mentions):
    found = [m for m in mentions if m.event_type in ("Battles", "Violence against civilians", "Explosions/Remote violence")]
    assert found, [(m.event_type, m.sub_event_type) for m in mentions]
    return found[0]


def test_a_word_of_a_persons_name_is_no_town(extract):
    # "Hamza" is also a town in Uzbekistan; here it is a commander's name
    text = ("Militias clash in the Libyan capital\n\n"
            "Rival militias fought in Tripoli on Sunday after guards detained Commander Yusuf Hamza at the airport. "
            "Hamza was freed on Monday, a spokesman said.")
    ms = extract(text)
    assert {m.place.country for m in ms} == {"Libya"}


def test_a_respelt_demonym_is_not_a_foreign_province(extract):
    # "Somalian" sounds like Bulgaria's Smolyan province
    ms = extract("A car bomb killed 20 people at a checkpoint in the Somalian capital Mogadishu on Saturday.")
    m = violent(ms)
    assert (m.place.location, m.place.country) == ("Mogadishu", "Somalia")


def test_a_capital_named_by_its_role_is_that_city(extract):
    m = violent(extract("Gunmen attacked a bus station in Mali's capital on Friday, killing three people."))
    assert (m.place.location, m.place.precision) == ("Bamako", 1)
    m = violent(extract("Soldiers clashed with rebels in the capital of Chad on Friday, killing four."))
    assert m.place.location == "N'Djamena"
    # "the Libyan capital of Tripoli" names the city itself, not a province's capital
    m = violent(extract("Two militias clashed in the Libyan capital of Tripoli on Friday, killing four."))
    assert m.place.location == "Tripoli" and m.place.country == "Libya"


def test_the_capital_the_report_names_where_the_news_still_calls_it_so(extract):
    # Burundi's official capital moved to Gitega in 2019; a report that names
    # Bujumbura means it by "the capital"
    text = ("Grenades exploded in a crowd in Burundi's capital on Friday, killing two people. "
            "Protesters have marched in Bujumbura for weeks.")
    assert violent(extract(text, "2015-05-23")).place.location == "Bujumbura"
    assert violent(extract("Grenades exploded in a crowd in Burundi's capital on Friday, killing two people.")).place.location == "Gitega"


def test_a_dateline_after_the_headline_is_where_the_reporter_is(extract):
    text = ("Gunmen kill five in northern Kenya\n\n"
            "NAIROBI, Kenya (AP) - Gunmen killed five herders on Monday, police said.")
    m = violent(extract(text))
    assert m.place.location != "Nairobi" and m.place.country == "Kenya"


def test_a_country_alone_takes_the_province_the_report_is_about(extract):
    text = ("Gunmen stormed a radio station in Guayaquil on Tuesday and held its staff for an hour.\n\n"
            "Police in Ecuador arrested 13 people on Tuesday night.\n\n"
            "Guayaquil has seen a wave of violence this year, officials in Quito said.")
    arrest = next(m for m in extract(text) if m.sub_event_type == "Arrests")
    assert (arrest.place.location, arrest.place.admin1) == ("Guayaquil", "Guayas")
    assert arrest.raw["location"] == "the report's dominant province"


def test_a_province_named_with_its_generic_word_even_when_short(extract):
    m = violent(extract("At least 15 soldiers were killed by a roadside bomb in Bam province in Burkina Faso on Monday."))
    assert (m.place.country, m.place.admin1) == ("Burkina Faso", "Centre-Nord")


def test_a_national_governments_act_told_nowhere_is_at_its_capital(extract):
    ms = extract("Nearly 150 political detainees were freed by the government of Belarus on Tuesday.", "2023-02-10")
    assert (ms[0].place.location, ms[0].place.precision) == ("Minsk", 3)
    # an army's battle is not the government's act
    m = violent(extract("The army clashed with rebels in Belarus on Tuesday, killing four.", "2023-02-10"))
    assert m.place.kind == "country"


def test_peoples_names_alone_keep_a_report_from_a_namesake_abroad(extract):
    # no country is named, only its people; a town of the same name abroad is no reading
    for text, country in (("Syrian regime forces shelled Sahm on Monday, killing two civilians, Syrian activists said.", "Syria"),
                          ("Nigerian troops killed 12 bandits in Komo on Monday, Nigerian police said.", "Nigeria")):
        assert violent(extract(text, "2020-05-05")).place.country == country  # not Oman's Saham, not Italy's Como
    # a province named outright stands, whoever's people are named
    m = violent(extract("Turkish troops clashed with militants in Idleb on Monday, killing four, Turkish officials said.", "2020-05-05"))
    assert m.place.admin1 == "Idlib"


def test_a_seat_of_government_is_what_the_news_means_by_its_name(extract):
    ms = extract("Hundreds of miners marched in La Paz on Monday to demand higher wages.", "2021-03-16")
    assert [m.place.country for m in ms] == ["Bolivia"]


def test_a_landmark_named_after_a_city_is_not_that_city(extract):
    ms = extract("In Cochabamba, teachers marched towards the Puerta de Lima monument on Monday.", "2021-03-16")
    assert ms and all(m.place.country == "Bolivia" for m in ms)
