"""Place names: keys, the gazetteer, resolution in context and the event's place.

The sentences are written for these tests. The index is the user's cached one
(``eventledger gazetteer build`` makes it at setup; the first test builds it if
it is missing, which takes about a minute).
"""
from __future__ import annotations

import pytest

from eventledger.normalise.gazetteer import (
    Gazetteer,
    SupplementError,
    name_key,
    skeleton_key,
    squash_key,
    strip_generic,
    unaspirated_key,
)
from eventledger.normalise.places import DocContext, PlaceResolver

AFGHAN_REPORT = (
    "KABUL, Afghanistan - Taliban fighters attacked checkpoints in Badghis and Herat provinces "
    "overnight, Afghan officials said. Heavy fighting was also reported in Helmand."
)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def resolver(gazetteer) -> PlaceResolver:
    return PlaceResolver(gazetteer)


@pytest.fixture(scope="session")
def afghan_ctx(resolver) -> DocContext:
    return resolver.document_context(AFGHAN_REPORT, [])


def places_file(tmp_path, body: str, name: str = "places.csv"):
    path = tmp_path / name
    header = "name,aliases,country,admin1,admin2,latitude,longitude,kind,precision,source\n"
    path.write_text(header + body, encoding="utf-8")
    return path


# ------------------------------------------------------------------------ keys

def test_keys_ignore_diacritics_apostrophes_hyphens_and_spaces():
    assert name_key("Qal‘ah-ye Now") == "qalah ye now"
    assert name_key("Mazār-e Sharīf") == "mazar e sharif"
    assert name_key("Qala-i-Naw") == name_key("Qala i Naw")
    assert squash_key(name_key("Lashkargah")) == squash_key(name_key("Lashkar Gah"))


def test_skeleton_joins_romanisations():
    assert skeleton_key(name_key("Qal'ah-ye Now")) == skeleton_key(name_key("Qala-i-Naw"))
    assert skeleton_key(name_key("Kala-i-Nau")) == skeleton_key(name_key("Qala i Naw"))
    assert skeleton_key("ab") == ""  # too short to mean anything


def test_generic_words_are_stripped_into_a_hint():
    assert strip_generic("badghis province") == ("badghis", "admin1")
    assert strip_generic("herat city") == ("herat", "city")
    assert strip_generic("nad ali district") == ("nad ali", "district")
    assert strip_generic("kabul") == ("kabul", None)


# ------------------------------------------------------------------ resolution

def test_transliteration_variants_resolve_to_one_place(resolver, afghan_ctx):
    places = [resolver.resolve(n, afghan_ctx) for n in ("Qala-i-Naw", "Qala i Naw", "Qal'ah-ye Now", "Qalanaw")]
    assert all(p is not None for p in places)
    assert len({p.geonameid for p in places}) == 1
    assert {p.admin1 for p in places} == {"Badghis"}
    assert {p.country for p in places} == {"Afghanistan"}
    assert places[0].precision == 1


def test_weak_phonetic_match_needs_the_report_to_support_it(resolver, afghan_ctx):
    # a spelling GeoNames does not list: only the consonant skeleton matches
    assert resolver.resolve("Qalla-i-Nauw", DocContext()) is None
    place = resolver.resolve("Qalla-i-Nauw", afghan_ctx)
    assert place is not None and place.admin1 == "Badghis"


def test_lashkargah_spellings_are_helmand(resolver, afghan_ctx):
    for name in ("Lashkargah", "Lashkar Gah", "Lashkar-Gah"):
        place = resolver.resolve(name, afghan_ctx)
        assert place.admin1 == "Helmand" and place.location == "Lashkar Gah"


def test_generic_words_choose_city_or_province(resolver, afghan_ctx):
    city = resolver.resolve("Herat city", afghan_ctx)
    assert (city.kind, city.admin1, city.precision) == ("city", "Herat", 1)
    province = resolver.resolve("Badghis province", afghan_ctx)
    assert (province.kind, province.location, province.admin1, province.precision) == ("admin1", "Badghis", "Badghis", 3)
    assert province.latitude == pytest.approx(34.99, abs=0.05)  # placed at its capital
    kandahar = resolver.resolve("Kandahar province", afghan_ctx)
    assert kandahar.kind == "admin1"
    # the bare name is the city, which lies in the province of that name
    assert resolver.resolve("Kandahar", afghan_ctx).kind == "city"


def test_diacritics_and_ascii_resolve_alike(resolver, afghan_ctx):
    assert resolver.resolve("Mazār-e Sharīf", afghan_ctx).admin1 == "Balkh"
    assert resolver.resolve("Mazar-i-Sharif", afghan_ctx).admin1 == "Balkh"
    assert resolver.resolve("Kābul", afghan_ctx).location == "Kabul"


def test_provinces_get_plain_english_names(gazetteer):
    names = {n for (cc, _), n in gazetteer.admin1_names.items() if cc == "AF"}
    assert {"Badghis", "Badakhshan", "Helmand", "Parwan", "Wardak"} <= names
    assert all(n.isascii() for n in names)


def test_provinces_are_named_as_they_are_now(resolver):
    # the DRC's provinces of 2015, not the Orientale and Katanga they replaced
    assert resolver.lookup("Bunia")[0].admin1 == "Ituri"
    assert resolver.lookup("Kisangani")[0].admin1 == "Tshopo"
    assert resolver.lookup("Orientale") == [] or all(c.admin1 != "Ituri" for c in resolver.lookup("Orientale"))


def test_provinces_take_iso_translations_and_press_names(resolver):
    far_north = [c for c in resolver.lookup("Extrême-Nord") if c.kind == "admin1"]
    assert far_north and far_north[0].country_code == "CM" and far_north[0].name == "Far North"
    assert [c.admin1 for c in resolver.lookup("J&K") if c.kind == "admin1"] == ["Jammu and Kashmir"]
    rural = [c for c in resolver.lookup("Rural Damascus") if c.kind == "admin1"]
    assert rural and rural[0].country_code == "SY" and rural[0].name != "Dimashq"
    # a province named after its capital answers to the capital's English name
    assert "Dimashq" in {c.admin1 for c in resolver.lookup("Damascus", "SY") if c.kind == "admin1"}


def test_congo_alone_is_the_democratic_republic_as_the_press_writes(resolver):
    # the English wire services write "Congo" for the DRC after first naming it,
    # and "Congo Republic" or "Republic of Congo" for its neighbour
    assert resolver.resolve("Congo").country == "Democratic Republic of Congo"
    assert resolver.resolve("Congo Republic").country == "Republic of Congo"
    assert resolver.resolve("Republic of Congo").country == "Republic of Congo"


def test_schwa_is_a_letter_not_punctuation():
    assert name_key("Gədəbəy") == "gadabay"


def test_peoples_named_do_not_veto_a_place(resolver):
    # "Russian" says who acted, not that the report is about Russia
    text = "Police, with Russian forces, arrested three engineers in Tartous city."
    ctx = resolver.document_context(text, [])
    assert resolver.resolve("Tartous city", ctx).country == "Syria"


def test_a_national_capital_beats_the_province_named_like_it(resolver):
    place = resolver.resolve("Sanaa", DocContext())
    assert place is not None and place.kind == "city" and place.country == "Yemen"
    # a province abroad with the capital's name does not make it a guess
    place = resolver.resolve("Sofia", DocContext())
    assert place is not None and place.kind == "city" and place.country == "Bulgaria"
    # unless the report is about that province's country
    ctx = resolver.document_context("Cyclone damage was reported across Madagascar, in Sofia region.", [])
    assert resolver.resolve("Sofia region", ctx).country == "Madagascar"


def test_a_village_we_lack_is_placed_at_its_bracketed_districts_town(resolver):
    text = "Gunmen attacked a police post in Qaziwanpora village (Baramulla district, J&K) at night."
    ctx = resolver.document_context(text, [])
    place = resolver.resolve("Qaziwanpora", ctx)
    # the district's town stands in for the village, inside the named province
    assert place.admin1 == "Jammu and Kashmir" and place.precision == 2
    assert place.location == "Baramula"


def test_a_bracketed_province_defines_a_name_spacy_calls_an_organisation(resolver):
    text = "Militants looted houses in Zuzuvata town (Mayo-Sava, Extreme-Nord) on Sunday."
    start = text.index("Zuzuvata")
    ctx = resolver.document_context(text, [(start, start + 8, "Zuzuvata", "ORG")])
    place = resolver.resolve("Zuzuvata", ctx)
    assert place.country == "Cameroon" and place.admin1 == "Far North"


def test_names_known_without_their_arabic_article_are_found_in_text(resolver):
    text = "Patrols were seen near the dam in Ar-Raqqa on Monday."
    found = [t for _, _, t in resolver.find_place_names(text)]
    assert "Ar-Raqqa" in found


def test_a_country_used_as_a_modifier_does_not_move_the_report(resolver):
    # "the US dollar" says nothing about where the protest was
    text = "Traders blocked a road in Sidon against the fall of the pound against the US dollar."
    ctx = resolver.document_context(text, [])
    assert resolver.resolve("Sidon", ctx).country == "Lebanon"


def test_a_place_of_that_very_name_beats_a_bigger_one_that_only_has_it_as_another_name(resolver):
    # GeoNames lists "Puno" among Pune's other names; Peru's Puno is called so
    place = resolver.resolve("Puno city", DocContext())
    assert place.country == "Peru"


def test_x_in_a_province_is_a_containment_even_when_x_is_known_abroad(resolver):
    text = "Gunmen shot a farmer in Mansura city in Ar-Raqqa countryside on Friday."
    ctx = resolver.document_context(text, [])
    place = resolver.resolve("Mansura city", ctx)
    assert place.country == "Syria" and place.admin1 == "Ar Raqqah"


def test_a_city_name_that_is_also_an_english_noun_can_be_defined(resolver):
    # "hyderabad" is in the English word lists; the brackets still define it
    text = "Workers protested in Hyderabad city (Hyderabad, TS) on Monday."
    ctx = resolver.document_context(text, [])
    assert resolver.resolve("Hyderabad city", ctx).admin1 == "Telangana"


def test_a_town_in_a_province_is_contained_in_it(resolver):
    # Jordan has an Ash Shajarah too; "in Dar'a" says which one is meant
    text = "Gunmen shot a man in Ash-Shajara town in Dar'a on Sunday."
    ctx = resolver.document_context(text, [])
    place = resolver.resolve("Ash-Shajara", ctx)
    assert place.country == "Syria"


def test_a_common_noun_the_model_took_for_a_place_says_nothing(resolver):
    text = "The council closed markets and mosques for two weeks."
    start = text.index("mosques")
    ctx = resolver.document_context(text, [(start, start + 7, "mosques", "FAC")])
    assert ctx.country is None and not ctx.mentions


def test_provinces_answer_to_their_english_press_names(resolver):
    for name, province in (("Socotra", "Soqatra"), ("Hodeidah", "Al Hudaydah"), ("Lower Shabelle", "Lower Shabeelle"),
                           ("Karen State", "Kayin"), ("Sweida", "As Suwayda'")):
        assert province in {c.admin1 for c in resolver.lookup(name) if c.kind == "admin1" and c.match != "skeleton"}, name


def test_x_comma_province_at_the_end_of_a_list_is_a_containment(resolver):
    # a Berezivske lies in Kharkiv oblast too; ", Luhansk." says which
    text = "Government forces fired at positions near Berezivske, Luhansk."
    ctx = resolver.document_context(text, [])
    assert resolver.resolve("Berezivske", ctx).admin1 == "Luhansk"


def test_republic_of_and_federal_territory_of_name_a_province(resolver):
    assert any(c.kind == "admin1" and c.country_code == "RU" for c in resolver.lookup("Republic of Dagestan"))
    assert any(c.kind == "admin1" and c.country_code == "MY" for c in resolver.lookup("Federal Territory of Kuala Lumpur"))


def test_a_place_in_a_district_the_report_defined_lies_in_its_province(resolver):
    text = "A grenade hit a checkpoint in Ar Rubat area of Tuban district (Lahij) on Monday."
    ctx = resolver.document_context(text, [])
    place = resolver.resolve("Ar Rubat", ctx)
    assert place.admin1 == "Lahij" and place.admin2 == "Tuban"


def test_molotov_cocktails_are_no_city(resolver):
    text = "Rioters hurled Molotov cocktails at a bank in Tripoli, Lebanon."
    assert "Molotov" not in [m.text for m in resolver.document_context(text, []).mentions]


def test_a_small_town_named_nowhere_else_is_taken_when_the_model_reads_it_as_a_place(resolver):
    text = "Rioters blocked the main road in Halba on Tuesday."
    start = text.index("Halba")
    ctx = resolver.document_context(text, [(start, start + 5, "Halba", "GPE")])
    assert resolver.resolve("Halba", ctx).country == "Lebanon"
    # found only by the gazetteer, a village's name stays a guess
    assert resolver.resolve("Halba", resolver.document_context(text, [])) is None


def test_countries_resolve_to_country_level(resolver):
    place = resolver.resolve("Afghanistan", DocContext())
    assert (place.kind, place.location, place.precision, place.admin1) == ("country", "Afghanistan", 3, None)
    assert resolver.resolve("U.S.", DocContext()).country == "United States"
    assert resolver.resolve("DRC", DocContext()).country == "Democratic Republic of Congo"


def test_appositive_capital_resolves_a_name_the_gazetteer_lacks(resolver):
    text = ("Taliban fighters stormed Fort Nau, the capital of Badghis province, on Wednesday. "
            "Officials said the attack on Fort Naud was repelled.")
    ctx = resolver.document_context(text, [])
    assert resolver.lookup("Fort Nau", country="AF") == []
    place = resolver.resolve("Fort Nau", ctx)
    assert (place.location, place.admin1, place.precision) == ("Qala i Naw", "Badghis", 2)
    # the same report's misspelling of its own place
    assert resolver.resolve("Fort Naud", ctx).location == "Qala i Naw"


def test_capital_first_appositive(resolver):
    text = "Militants shelled the capital of Badghis, Fort Nau, overnight."
    ctx = resolver.document_context(text, [])
    assert resolver.resolve("Fort Nau", ctx).admin1 == "Badghis"


def test_unknown_district_of_a_province_is_part_of_that_province(resolver):
    text = "Clashes were reported in Zarkashan district of Helmand province on Monday."
    ctx = resolver.document_context(text, [])
    place = resolver.resolve("Zarkashan", ctx)
    assert (place.admin1, place.admin2, place.precision, place.location) == ("Helmand", "Zarkashan", 2, "Helmand")


def test_known_place_in_province_is_the_place_itself(resolver):
    text = "Fighting continued in Spin Boldak district of Kandahar province."
    ctx = resolver.document_context(text, [])
    place = resolver.resolve("Spin Boldak", ctx)
    assert (place.location, place.admin1, place.precision) == ("Spin Boldak", "Kandahar", 2)


def test_document_country_disambiguates(resolver):
    # Hyderabad is a city of millions in both India and Pakistan
    pakistan = resolver.document_context(
        "Police in Karachi said protests spread across Sindh, Pakistan, on Friday.", [])
    india = resolver.document_context(
        "Police in Bangalore said protests spread across Telangana and Karnataka in India.", [])
    assert pakistan.country == "PK" and india.country == "IN"
    assert resolver.resolve("Hyderabad", pakistan).country == "Pakistan"
    assert resolver.resolve("Hyderabad", india).country == "India"


def test_abstains_without_support(resolver):
    # two big namesakes and nothing in the report to choose between them
    assert resolver.resolve("Hyderabad", DocContext()) is None
    # a name the gazetteer does not know at all
    assert resolver.resolve("Zzyzxqabad", DocContext()) is None
    # a small foreign town in a report about Afghanistan: no guess
    assert resolver.resolve("Doha", resolver.document_context("Clashes in Kunduz, Afghanistan.", [])).country == "Qatar"
    assert resolver.resolve("Asia", resolver.document_context("Clashes in Kunduz, Afghanistan.", [])) is None


def test_document_context_reads_demonyms_and_unambiguous_places(resolver):
    ctx = resolver.document_context("Afghan forces retook the district centre near Lashkargah.", [])
    assert ctx.country == "AF"
    assert ("AF", next(code for (cc, code), n in resolver.gazetteer.admin1_names.items()
                       if cc == "AF" and n == "Helmand")) in ctx.admin1s


def test_lookup_ranks_candidates(resolver):
    candidates = resolver.lookup("Herat")
    assert candidates[0].country_code == "AF"
    assert {c.country_code for c in candidates} >= {"AF", "IR"}
    assert all(c.strength > 0 for c in candidates)
    assert [c.country_code for c in resolver.lookup("Herat", country="Iran")] == ["IR"]


# ----------------------------------------------------------------- event place

def event_place(resolver, text):
    ctx = resolver.document_context(text, [])
    place, span = resolver.event_place(text, 0, [], ctx)
    if span is not None:
        assert text[span.start:span.end] == span.text
    return place, span


def test_fled_into_a_country_from_a_province(resolver):
    place, span = event_place(resolver, "In the war-torn border province of Badakhshan, some 1,600 troops have fled into Tajikistan.")
    assert place.location == "Badakhshan" and span.text == "Badakhshan"
    place, _ = event_place(resolver, "Hundreds of soldiers fled from Badakhshan into Tajikistan on Monday.")
    assert place.location == "Badakhshan"


def test_crossing_from_origin_to_destination(resolver):
    place, span = event_place(
        resolver,
        "Security forces fired tear gas at people who tried to cross the border from Chaman to Spin Boldak in Afghanistan.",
    )
    assert (place.location, place.country, span.text) == ("Chaman", "Pakistan", "Chaman")


def test_a_town_named_like_its_province_told_with_another_of_its_towns_is_the_province(resolver):
    place, span = event_place(resolver, "Two soldiers were killed in Kano on Monday during fighting near the market of Wudil.")
    assert place.location == "Wudil" and span.text == "Wudil"
    place, _ = event_place(resolver, "Two soldiers were killed in Kano on Monday during fighting near the airport.")
    assert place.location == "Kano"  # told alone, the town


def test_a_country_as_whose_leader_or_army_is_no_place(resolver):
    place, _ = event_place(resolver, "The president blamed the leader of neighbouring Mali for the attack.")
    assert place is None
    place, _ = event_place(resolver, "Troops of Chad attacked rebels near Mao.")
    assert place.location == "Mao"


def test_who_pressed_or_helped_is_no_place(resolver):
    place, _ = event_place(resolver, "A reluctant cabinet agreed to the swap only under pressure from Moscow.")
    assert place is None
    place, _ = event_place(resolver, "Envoys from Doha met the rebels in Bamako.")
    assert place.location == "Bamako"


def test_a_neighbouring_country_does_not_say_where_the_report_is(resolver):
    text = "Refugees crossed from neighbouring Chad on Monday. Officials in Niamey met the refugees."
    assert resolver.document_context(text, []).country == "NE"


def test_talks_in_a_city_about_another(resolver):
    place, _ = event_place(resolver, "Negotiators met in Doha on Sunday to talk about Kabul.")
    assert place.location == "Doha" and place.country == "Qatar"


def test_places_used_as_actors_are_not_event_places(resolver):
    place, _ = event_place(resolver, "Pakistan officials closed the border after the Taliban seized Spin Boldak.")
    assert place.location == "Spin Boldak"
    place, _ = event_place(resolver, "Kabul said the Taliban attacked Kunduz overnight.")
    assert place.location == "Kunduz"


def test_near_makes_precision_two(resolver):
    place, _ = event_place(resolver, "A roadside bomb exploded near Kunduz on Tuesday.")
    assert place.location == "Kunduz" and place.precision == 2


def test_event_place_uses_document_offsets(resolver):
    text = "Officials spoke on Monday. Fighting broke out in Lashkargah, the capital of Helmand province."
    ctx = resolver.document_context(text, [])
    start = text.index("Fighting")
    place, span = resolver.event_place(text[start:], start, [], ctx)
    assert place.admin1 == "Helmand"
    assert text[span.start:span.end] == "Lashkargah"


def test_spacy_entities_are_merged_with_gazetteer_names(resolver):
    text = "The Taliban seized Spin Boldak on Wednesday."
    start = text.index("Spin")
    # the small spaCy model splits the name and calls half of it a PERSON
    ents = [(start, start + 4, "Spin", "PERSON"), (start + 5, start + 11, "Boldak", "GPE")]
    ctx = resolver.document_context(text, ents)
    place, span = resolver.event_place(text, 0, ents, ctx)
    assert span.text == "Spin Boldak" and place.admin1 == "Kandahar"


# ------------------------------------------------------------ name finding

def test_find_place_names_finds_names_spacy_misses(resolver):
    text = ("Police said Taliban fighters entered Qala-i-Naw and Lashkargah on Monday, "
            "while Spin Boldak and Shir Khan Bandar fell in Badghis province days later.")
    found = [t for _, _, t in resolver.find_place_names(text)]
    assert found == ["Qala-i-Naw", "Lashkargah", "Spin Boldak", "Shir Khan Bandar", "Badghis province"]
    for start, end, name in resolver.find_place_names(text):
        assert text[start:end] == name


def test_find_place_names_skips_common_words_and_titles(resolver):
    text = "Police said Hope was lost. Governor Kunduz met President Karzai in March."
    found = [t for _, _, t in resolver.find_place_names(text)]
    assert "Police" not in found and "Hope" not in found and "March" not in found
    assert "Kunduz" not in found  # a title makes it a person's name


# ---------------------------------------------------------- supplement files

def test_supplement_places(resolver, afghan_ctx):
    base = resolver.resolve("Bagram Air Base", afghan_ctx)
    assert (base.kind, base.admin1, base.country) == ("military_base", "Parwan", "Afghanistan")
    assert resolver.resolve("Bagram", afghan_ctx).kind == "military_base"
    crossing = resolver.resolve("Sher Khan Bandar", afghan_ctx)
    assert (crossing.location, crossing.admin1) == ("Shir Khan Bandar", "Kunduz")
    assert resolver.resolve("Torkham", afghan_ctx).admin1 == "Nangarhar"


def test_user_places_file(gazetteer, tmp_path, monkeypatch):
    path = places_file(tmp_path, "Camp Testville,Testville Camp|Camp TV,AF,Kandahar,,31.61,65.70,military_base,1,test\n")
    extended = Gazetteer.load(gazetteer.path, extra=[path])
    place = PlaceResolver(extended).resolve("Testville Camp", DocContext())
    assert (place.location, place.admin1, place.latitude) == ("Camp Testville", "Kandahar", 31.61)
    # the same through the environment
    monkeypatch.setenv("EVENTLEDGER_PLACES", str(path))
    from_env = Gazetteer.load(gazetteer.path)
    assert PlaceResolver(from_env).resolve("Camp Testville", DocContext()).admin1 == "Kandahar"
    assert "Camp Testville" in [t for *_, t in PlaceResolver(from_env).find_place_names("Rockets hit Camp Testville.")]


@pytest.mark.parametrize("row, message", [
    ("Bad Place,,AF,Kandahar,,north,65.7,town,1,test\n", "latitude/longitude must be numbers"),
    ("Bad Place,,AF,Kandahar,,131.6,65.7,town,1,test\n", "out of range"),
    ("Bad Place,,Atlantis,,,31.6,65.7,town,1,test\n", "unknown country"),
    ("Bad Place,,AF,Narnia,,31.6,65.7,town,1,test\n", "unknown admin1 'Narnia'"),
    ("Bad Place,,AF,Kandahar,,31.6,65.7,town,7,test\n", "precision must be 1, 2 or 3"),
    ("Bad Place,AF,Kandahar,31.6,65.7\n", "expected 10 fields"),
    (",,AF,Kandahar,,31.6,65.7,town,1,test\n", "empty name"),
])
def test_bad_rows_name_file_and_line(gazetteer, tmp_path, row, message):
    path = places_file(tmp_path, "Good Place,,AF,Kandahar,,31.6,65.7,town,1,test\n" + row)
    with pytest.raises(SupplementError) as err:
        Gazetteer.load(gazetteer.path, extra=[path])
    assert f"{path}:3:" in str(err.value)
    assert message in str(err.value)


def test_bad_header_is_reported(gazetteer, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("place,lat,lon\nX,1,2\n", encoding="utf-8")
    with pytest.raises(SupplementError, match=r"bad.csv:1: header must have columns"):
        Gazetteer.load(gazetteer.path, extra=[path])


# ---------------------------------------------------------------- baseline

def test_baseline_takes_the_most_populous_namesake(resolver):
    assert resolver.baseline_resolve("Hyderabad").country == "India"
    assert resolver.baseline_resolve("Fort Nau") is None


# ------------------------------------------------------- context subtleties

def test_a_name_is_not_evidence_for_itself(resolver):
    # "Sira" is a town in India; here it is a neighbourhood of Aden
    ctx = resolver.document_context("Gunmen stormed an office in Sira neighbourhood of Aden city.", [])
    assert resolver.resolve("Sira", ctx) is None
    assert resolver.resolve("Aden", ctx).country == "Yemen"


def test_adjacent_province_chooses_among_namesakes(resolver):
    # Guaira is a Brazilian town and a Paraguayan department
    text = "On Tuesday, in Guaira, Parana, federal police seized a ton of marijuana."
    ctx = resolver.document_context(text, [])
    place = resolver.resolve("Guaira", ctx)
    assert (place.country, place.kind) == ("Brazil", "city")


def test_bracketed_district_and_province_place_an_unknown_village(resolver):
    text = "Gunmen abducted two drivers near Zolumbaka village (Fizi, Sud-Kivu) on Sunday."
    ctx = resolver.document_context(text, [])
    place, span = resolver.event_place(text, 0, [], ctx)
    assert span.text == "Zolumbaka"
    assert (place.admin1, place.admin2, place.precision) == ("Sud-Kivu", "Fizi", 2)


def test_country_after_in_does_not_outrank_the_named_base(resolver):
    place, _ = event_place(resolver, "US troops pulled out of Bagram Air Base, the largest airfield in Afghanistan.")
    assert place.location == "Bagram Air Base"


def test_english_compass_names_find_provinces(resolver):
    place = resolver.resolve("North Kivu", DocContext())
    assert (place.kind, place.admin1) == ("admin1", "Nord-Kivu")


def test_modifiers_and_datelines_are_not_event_places(resolver):
    place, _ = event_place(resolver, "US-backed forces retook Kunduz on Sunday.")
    assert place.location == "Kunduz"
    place, _ = event_place(resolver, "US airstrikes hit Taliban positions near Lashkargah, Afghan officials said.")
    assert place.location == "Lashkar Gah"
    place, _ = event_place(resolver, "KABUL, Afghanistan - The Taliban stormed Qala-i-Naw on Wednesday.")
    assert place.location == "Qala i Naw"


def test_main_place_of_a_report(resolver):
    text = ("Taliban fighters stormed Qala-i-Naw on Wednesday. Officials in Kabul said the attack "
            "was repelled. Residents of Qala-i-Naw said the city was calm by evening.")
    place, span = resolver.main_place(resolver.document_context(text, []))
    assert place.location == "Qala i Naw" and span.start == text.index("Qala-i-Naw")


def test_short_province_names_are_found_and_resolved(resolver):
    # "Gao" is a Malian region and its capital, and also a small town in Burkina Faso
    text = "Rebels attacked the town of Gao on Tuesday."
    assert [t for *_, t in resolver.find_place_names(text)] == ["Gao"]
    place, _ = event_place(resolver, text)
    assert (place.country, place.kind) == ("Mali", "city")
    assert resolver.find_place_names("Of course, they said.") == []


def test_province_named_after_its_capital_takes_the_capital_spellings(resolver):
    # GeoNames spells the governorate "Idlib"; the press also writes "Idleb"
    admin1 = [c for c in resolver.lookup("Idleb") if c.kind == "admin1"]
    assert admin1 and admin1[0].country_code == "SY"
    ctx = resolver.document_context("Shelling was reported across Idleb province.", [])
    place = resolver.resolve("Idleb province", ctx)
    assert place.kind == "admin1" and place.country == "Syria"
    # the bare name stays the city
    assert resolver.lookup("Idleb")[0].kind == "city"


def test_names_known_only_as_another_places_alias_do_not_outvote_a_city(resolver):
    # "Marjan" is only another name of Iranian villages; Sidon is a city of Lebanon by its own name
    text = "Rioters smashed the windows of a bank near the Marjan roundabout in Sidon on Friday."
    ctx = resolver.document_context(text, [])
    assert resolver.resolve("Sidon", ctx).country == "Lebanon"


def test_a_big_city_abroad_known_by_an_alias_needs_support(resolver):
    # "Kotwali" (a police-station area in Indian towns) is also an alias of Bangladesh's Rangpur
    text = "Police beat a shopkeeper in the Kotwali area of Jodhpur (Rajasthan) on Monday."
    ctx = resolver.document_context(text, [])
    assert resolver.resolve("Kotwali", ctx) is None
    assert resolver.resolve("Jodhpur", ctx).country == "India"


def test_a_city_that_names_its_province_says_where_the_report_is(resolver):
    ctx = resolver.document_context("Shelling hit the old quarter of Dar'a on Monday.", [])
    assert ctx.country == "SY"


def test_after_a_district_the_bracket_names_a_province_not_a_country(resolver):
    # Niger is a country and a Nigerian state; "(Lapai LGA, Niger)" is the state
    text = "Bandits abducted nine travellers near Gulu (Lapai LGA, Niger) on Sunday."
    ctx = resolver.document_context(text, [])
    place, _ = resolver.event_place(text, 0, [], ctx)
    assert (place.country, place.admin1) == ("Nigeria", "Niger")


def test_a_parish_is_a_province(resolver):
    place = resolver.resolve("Manchester parish", DocContext())
    assert (place.country, place.kind) == ("Jamaica", "admin1")


def test_a_name_may_open_with_a_lower_case_prefix(resolver):
    text = "Two suspects were assaulted in Phoenix (eThekwini, KwaZulu-Natal) on Friday."
    ctx = resolver.document_context(text, [])
    assert "phoenix" in ctx.definitions
    assert ctx.definitions["phoenix"].region.admin1 == "Kwazulu-Natal"


def test_districts_are_places_in_their_province(resolver):
    # second-level units no town is named after: GeoNames admin2 (Burkina
    # Faso's provinces) and ISO 3166-2's second level (the Philippines' provinces)
    for name, country, admin1 in [("Tapoa", "Burkina Faso", "Est"), ("Negros Occidental", "Philippines", "Western Visayas")]:
        place = resolver.resolve(name, DocContext())
        assert (place.kind, place.country, place.admin1, place.admin2) == ("district", country, admin1, name)
        assert place.precision in (2, 3)
    # a district named after its town or its province is that town or province
    assert resolver.resolve("North Kivu", DocContext()).kind == "admin1"


def test_a_village_we_lack_is_placed_by_its_district(resolver):
    text = "On Sunday, gunmen burned a school in Bossoari-Peulh village (Botou, Tapoa)."
    ctx = resolver.document_context(text, [])
    place, span = resolver.event_place(text, 0, [], ctx)
    assert (place.country, place.admin1) == ("Burkina Faso", "Est")
    assert span.text.startswith("Bossoari")


def test_a_containment_followed_by_no_further_place_is_the_reports_word(resolver):
    # "X, Y state, 200 migrants ...": no list goes on, so X lies in Y even
    # where the gazetteer knows a bigger X elsewhere
    text = "On Monday, in Caracas, Vargas state, 200 migrants returned from Chile."
    ctx = resolver.document_context(text, [])
    place, _ = resolver.event_place(text, 0, [], ctx)
    assert place.admin1 == "Vargas"
    # a list of places keeps the comma weak
    text = "On Monday, in Caracas, Vargas, and Merida, shops stayed closed."
    ctx = resolver.document_context(text, [])
    assert ctx.definitions["caracas"].weak


def test_a_province_slot_may_hold_a_district_of_the_reports_country(resolver):
    # Comoe is a province (admin2) of Burkina Faso and a district (admin1) of Ivory Coast
    text = "Traders barricaded the road into Niangoloko (Niangoloko, Comoe) on Monday."
    ctx = resolver.document_context(text, [])
    place, _ = resolver.event_place(text, 0, [], ctx)
    assert (place.country, place.admin1) == ("Burkina Faso", "Cascades")


def test_a_name_ending_its_phrase_is_no_actor_before_the_next(resolver):
    # "Kabul police" are actors; "Manchester parish, police ..." is a place, then the police
    text = "On Monday, in Mile Gully, Manchester parish, police officers seized a boat."
    ents = [(text.index(name), text.index(name) + len(name), name, label)
            for name, label in [("Mile Gully", "PERSON"), ("Manchester parish", "GPE")]]
    ctx = resolver.document_context(text, ents)
    place, _ = resolver.event_place(text, 0, ents, ctx)
    assert (place.country, place.admin1) == ("Jamaica", "Manchester")


def test_a_final_h_after_a_vowel_is_a_respelling_when_looking_up(gazetteer):
    assert unaspirated_key("nabatiyeh") == "nabatiye"
    assert unaspirated_key("shah alam") == "shah alam"  # short words keep theirs
    found = gazetteer.candidates("Nabatiyeh")
    assert found and found[0].country_code == "LB" and found[0].match == "squash"


def test_province_names_join_iso_at_the_level_of_provinces(gazetteer):
    # a city-province is not the province around it, and ISO's island
    # groups are not Indonesia's provinces
    assert gazetteer.admin1_names[("MX", "09")] == "Mexico City"
    assert gazetteer.admin1_names[("MX", "15")] == "Mexico"
    assert gazetteer.admin1_names[("ID", "24")] == "West Sumatra"
    assert gazetteer.admin1_names[("ID", "26")] == "North Sumatra"


def test_a_respelling_of_a_large_city_the_model_reads_as_a_place_is_taken(resolver):
    text = "Gunmen threw a grenade at a shop in Quamishli city on Friday."
    start = text.index("Quamishli")
    ctx = resolver.document_context(text, [(start, start + 9, "Quamishli", "GPE")])
    assert resolver.resolve("Quamishli", ctx).admin1 == "Al Hasakah"
    # found only by the gazetteer, the respelling stays a guess
    assert resolver.resolve("Quamishli", resolver.document_context(text, [])) is None


def test_a_populous_district_named_in_english_words_is_found_in_text(resolver):
    found = [t for _, _, t in resolver.find_place_names("A farmer was shot in San Carlos, Negros Occidental, on Monday.")]
    assert "Negros Occidental" in found
    # capitalised English words naming no large place are not
    assert [t for _, _, t in resolver.find_place_names("The Security Council met on Monday.")] == []


def test_a_town_that_respells_a_foreign_province_does_not_move_the_report(resolver):
    # "Paletwa" sounds like Ukraine's Poltava; named as a town, it is no province
    text = "Villagers fled to Paletwa Town, Chin State."
    start = text.index("Paletwa")
    ctx = resolver.document_context(text, [(start, start + 12, "Paletwa Town", "GPE")])
    assert dict(ctx.countries).keys() == {"MM"}
