"""The ACLED CSV an analyst can load without cleaning: actor types, region,
dates, source scale, tags, and cells a spreadsheet would run."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from eventledger.acled import (
    SCALES,
    ActorTypes,
    SourceScales,
    SourceScaleError,
    acled_date,
    interaction_code,
    interaction_label,
    iso_numeric,
    region,
)
from eventledger.acled.regions import REGIONS_FILE
from eventledger.export import AcledCsvOptions, write

ACLED_REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
    "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe", "North America",
    "Central America", "Caribbean", "South America", "Oceania", "Antarctica",
}


def record(event_id: str = "EV1", **fields) -> dict:
    base = {
        "event_id": event_id, "event_date": "2021-07-07", "time_precision": 1, "event_type": "Battles",
        "sub_event_type": "Armed clash", "plover_type": "ASSAULT", "plover_mode": None, "status": "occurred",
        "actor1": None, "assoc_actor_1": None, "actor2": None, "assoc_actor_2": None,
        "country": "Afghanistan", "admin1": "Badghis", "admin2": None, "location": "Qala-i-Naw",
        "latitude": 34.985, "longitude": 63.129, "geo_precision": 1, "fatalities": None, "quantities": {},
        "notes": "On 7 July 2021, fighting in Qala-i-Naw.", "sources": [], "disputes": [],
    }
    base.update(fields)
    return base


def source(publisher: str | None, **evidence: str) -> dict:
    return {"document": f"{publisher}.txt", "publisher": publisher, "published": "2021-07-08", "sentence": "...",
            "start": 0, "end": 3, "evidence": {k.replace("__", "."): {"start": 0, "end": len(v), "text": v}
                                               for k, v in evidence.items()}}


def rows(records: list[dict], **options) -> list[dict]:
    out = io.StringIO()
    write(records, "acled-csv", out, acled=AcledCsvOptions(**options))
    return list(csv.DictReader(io.StringIO(out.getvalue())))


# ------------------------------------------------------------- actor types


def test_actor_types_are_acleds_text_labels_with_the_codes_beside_them() -> None:
    battle = record(actor1="Taliban", actor2="Military Forces of Afghanistan (2014-2021)")
    foreign = record("EV2", actor1="Military Forces of the United States (2021-)", actor2="Taliban")
    protest = record("EV3", event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Afghanistan)")
    killing = record("EV4", event_type="Violence against civilians", sub_event_type="Attack",
                     actor1="Unidentified Armed Group (Afghanistan)", actor2="Civilians (Afghanistan)")
    unknown = record("EV5", actor1="A Group No Data File Knows")
    b, f, p, k, u = rows([battle, foreign, protest, killing, unknown])

    assert (b["inter1"], b["inter2"], b["interaction"]) == ("Rebel group", "State forces", "State forces-Rebel group")
    assert (b["inter1_code"], b["inter2_code"], b["interaction_code"]) == ("2", "1", "12")
    # a state's forces outside their own country are ACLED's external forces
    assert (f["inter1"], f["interaction"], f["interaction_code"]) == ("External/Other forces", "Rebel group-External/Other forces", "28")
    assert (p["inter1"], p["inter2"], p["interaction"], p["interaction_code"]) == ("Protesters", "", "Protesters only", "60")
    assert (k["inter1"], k["inter2"], k["interaction"]) == ("Political militia", "Civilians", "Political militia-Civilians")
    assert u["inter1"] == u["interaction"] == u["inter1_code"] == ""  # not guessed


def test_numeric_inter_codes_on_request() -> None:
    [row] = rows([record(actor1="Taliban", actor2="Civilians (Afghanistan)")], inter="numeric")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("2", "7", "27")


def test_interaction_wording_follows_acled() -> None:
    assert interaction_label(8, 7) == "External/Other forces-Civilians"  # civilians always last (ACLED's 78)
    assert interaction_label(7, 1) == "State forces-Civilians"
    assert interaction_label(3, 3) == "Political militia-Political militia"
    assert interaction_label(None, 5) == "Rioters only"
    assert interaction_label(None, None) is None
    assert (interaction_code(8, 7), interaction_code(None, 5), interaction_code(4, 4)) == (78, 50, 44)


def test_actor_types_come_from_the_actor_data_including_a_users_file(tmp_path, monkeypatch) -> None:
    from eventledger.normalise.actors import ActorResolver

    mine = tmp_path / "actors.json"
    mine.write_text('{"groups": [{"name": "Sahel Vigilance Brigade", "kind": "identity_militia", "inter": 4, '
                    '"country": "Mali"}]}')
    assert ActorTypes.load().code("Sahel Vigilance Brigade", "Mali") is None
    monkeypatch.setenv("EVENTLEDGER_ACTORS", str(mine))
    ActorResolver.clear_cache()
    try:
        assert ActorTypes.load().code("Sahel Vigilance Brigade", "Mali") == 4
    finally:
        monkeypatch.delenv("EVENTLEDGER_ACTORS")
        ActorResolver.clear_cache()


# ------------------------------------------------------------------ region


def test_region_and_iso_of_countries_as_acled_spells_them() -> None:
    assert region("Afghanistan") == "South Asia"
    assert region("Democratic Republic of Congo") == "Middle Africa"
    assert region("Ivory Coast") == "Western Africa"
    assert region("Sudan") == "Northern Africa" and region("South Sudan") == "Eastern Africa"
    assert region("Mexico") == "Central America" and region("Haiti") == "Caribbean"
    assert region("Turkey") == region("Palestine") == region("Yemen") == "Middle East"
    assert region("Georgia") == "Caucasus and Central Asia" and region("Ukraine") == "Europe"
    assert region("Myanmar") == "Southeast Asia" and region("Atlantis") is None
    assert (iso_numeric("Ivory Coast"), iso_numeric("Kosovo"), iso_numeric("Palestine")) == (384, 0, 275)


def test_the_region_table_uses_only_acleds_regions_and_covers_every_country() -> None:
    import pycountry

    lines = [line for line in REGIONS_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    table = list(csv.DictReader(lines))
    assert {row["region"] for row in table} == ACLED_REGIONS
    assert {c.alpha_2 for c in pycountry.countries} <= {row["cc"] for row in table}


# ------------------------------------------------------------ source scale


def test_source_scale_is_relative_to_the_events_country() -> None:
    scales = SourceScales.load()
    assert scales.combined(["TOLOnews", "Pajhwok Afghan News"], "Afghanistan") == "National"
    assert scales.combined(["TOLOnews"], "Pakistan") == "International"  # a foreign outlet
    assert scales.combined(["Reuters", "TOLOnews"], "Afghanistan") == "National-International"
    assert scales.combined(["Rudaw", "Shafaq News"], "Iraq") == "Subnational-National"
    assert scales.combined(["Al Arabiya"], "Yemen") == "Regional"
    assert scales.combined(["Al Arabiya"], "Mali") == "International"  # outside its region
    assert scales.combined(["The Associated Press", "www.reuters.com"], "Mali") == "International"
    assert scales.combined(["Reuters/AFP"], "Mali") == "International"
    # several scales: the narrowest and the broadest, as ACLED's values pair them
    assert scales.combined(["Rudaw", "Shafaq News", "Reuters"], "Iraq") == "Subnational-International"
    assert scales.combined(["ReliefWeb", "Twitter"], "Iraq") == "Other-New media"
    assert scales.combined(["Some Blog Nobody Lists", None], "Iraq") is None


def test_users_extend_the_publisher_table(tmp_path, monkeypatch) -> None:
    mine = tmp_path / "scales.csv"
    mine.write_text("publisher,scale,country,aliases\nKandahar Tribune,Subnational,Afghanistan,kandahartribune.af\n"
                    "TOLOnews,Subnational,Afghanistan,\n")
    monkeypatch.setenv("EVENTLEDGER_SOURCE_SCALES", str(mine))
    scales = SourceScales.load()
    assert scales.combined(["kandahartribune.af"], "Afghanistan") == "Subnational"
    assert scales.combined(["TOLOnews"], "Afghanistan") == "Subnational"  # the user's file wins
    [row] = rows([record(sources=[source("Kandahar Tribune"), source("Reuters")])])
    assert row["source_scale"] == "Subnational-International"


def test_a_bad_publisher_table_is_a_one_line_error_naming_the_line(tmp_path, monkeypatch) -> None:
    mine = tmp_path / "scales.csv"
    mine.write_text("# my outlets\npublisher,scale\nKandahar Tribune,Local\n")
    with pytest.raises(SourceScaleError) as error:
        SourceScales.load(extra=[mine])
    assert f"{mine}:3" in str(error.value) and "Local partner" in str(error.value) and "\n" not in str(error.value)
    assert SCALES[0] == "Local partner"


# -------------------------------------------------------------------- tags


def test_crowd_size_is_tagged_as_acled_writes_it() -> None:
    hundreds = record(event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Nigeria)",
                      country="Nigeria", quantities={"participants": 100},
                      sources=[source("Punch", quantities__participants="Hundreds")])
    about = record("EV2", event_type="Riots", sub_event_type="Violent demonstration", actor1="Rioters (Nigeria)",
                   country="Nigeria", quantities={"participants": 200},
                   sources=[source("Punch", quantities__participants="About 200")])
    bare = record("EV3", event_type="Protests", sub_event_type="Peaceful protest", quantities={"participants": 1500})
    unknown = record("EV4", event_type="Protests", sub_event_type="Peaceful protest")
    battle = record("EV5", quantities={"participants": 50})
    tags = [row["tags"] for row in rows([hundreds, about, bare, unknown, battle])]
    assert tags == ["crowd size=hundreds", "crowd size=around 200", "crowd size=1,500", "crowd size=no report", ""]


# ------------------------------------------------------------------- dates


def test_event_date_is_always_a_full_day_by_acleds_convention() -> None:
    assert acled_date("2021-07-06", 1) == ("2021-07-06", 1)
    assert acled_date("2021-07-05", 2) == ("2021-07-08", 2)  # a week: its middle
    assert acled_date("2021-07-03", 2, weekend=True) == ("2021-07-03", 2)  # a weekend: its Saturday
    assert acled_date("2021-07", 3) == ("2021-07-15", 3)  # a month: its middle
    assert acled_date("2021", 4) is None and acled_date(None, None) is None

    week = record(event_date="2021-07-05", time_precision=2)
    weekend = record("EV2", event_date="2021-07-03", time_precision=2,
                     sources=[source("Reuters", event_date="last weekend")])
    month = record("EV3", event_date="2021-07", time_precision=3)
    w, we, m = rows([week, weekend, month])
    assert [(r["event_date"], r["time_precision"], r["event_date_reported"]) for r in (w, we, m)] == [
        ("2021-07-08", "2", "2021-07-05"), ("2021-07-03", "2", "2021-07-03"), ("2021-07-15", "3", "2021-07")]


def test_events_known_only_to_the_year_are_left_out_or_kept_as_asked() -> None:
    records = [record(), record("EV2", event_date="2020", time_precision=4), record("EV3", event_date=None,
                                                                                     time_precision=None)]
    options = AcledCsvOptions()
    out = io.StringIO()
    assert write(records, "acled-csv", out, acled=options) == 1
    assert options.omitted == 2
    kept = rows(records, year_only="keep")
    assert [(r["event_id_cnty"], r["event_date"], r["time_precision"]) for r in kept] == [
        ("EV1", "2021-07-07", "1"), ("EV2", "2020-07-01", "4"), ("EV3", "", "")]


# ------------------------------------------------------------ formula cells


def test_cells_a_spreadsheet_would_run_are_neutralised_numbers_are_not() -> None:
    attack = record(actor1="=HYPERLINK(\"http://evil.example\",\"x\")", notes="+1 reported dead",
                    location="@SUM(A1)", admin1="-Badghis", admin2="\tKabul", latitude=-12.5, longitude=-77.0,
                    sources=[source("=cmd|' /C calc'!A0")])
    [row] = rows([attack])
    assert row["actor1"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert row["source"] == "'=cmd|' /C calc'!A0"
    assert (row["notes"], row["location"], row["admin1"], row["admin2"]) == ("'+1 reported dead", "'@SUM(A1)",
                                                                            "'-Badghis", "'\tKabul")
    assert (row["latitude"], row["longitude"]) == ("-12.5", "-77.0")  # numbers stay numbers
    [raw] = rows([attack], csv_guard=False)
    assert raw["actor1"].startswith("=HYPERLINK") and raw["source"].startswith("=cmd")


# ------------------------------------------------------- the seed store, in pandas


def test_the_seed_stores_acled_csv_loads_in_pandas_with_every_column_filled(seed_db, tmp_path) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / "seeds.csv"
    result = subprocess.run([sys.executable, "-m", "eventledger.cli", "export", "--db", seed_db, "--format", "acled-csv",
                             "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "known only to the year left out" in result.stderr  # the seeds have some; they are counted

    df = pd.read_csv(out, parse_dates=["event_date"])  # no coercion: every date parses
    assert len(df) >= 30
    assert pd.api.types.is_datetime64_any_dtype(df["event_date"]) and df["event_date"].notna().all()
    assert (df["year"] == df["event_date"].dt.year).all()
    assert df["time_precision"].isin([1, 2, 3]).all()
    for column in ("event_id_cnty", "notes", "fatalities", "timestamp", "geo_precision", "country", "iso", "region"):
        assert df[column].notna().all(), column
    for column in ("iso", "fatalities", "timestamp", "time_precision", "geo_precision"):
        assert pd.api.types.is_integer_dtype(df[column]), column
    assert df["event_id_cnty"].is_unique

    typed = df["event_type"].notna()
    assert df.loc[typed, "disorder_type"].notna().all() and df.loc[typed, "sub_event_type"].notna().all()
    for actor, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        assert df.loc[df[actor].notna(), inter].notna().all(), inter
    assert df.loc[df["actor1"].notna() | df["actor2"].notna(), "interaction"].notna().all()
    assert df.loc[df["source"].notna(), "source_scale"].notna().all()
    assert df.loc[df["latitude"].notna(), "longitude"].notna().all()
    assert df.loc[df["event_type"].isin(["Protests", "Riots"]), "tags"].str.startswith("crowd size=").all()
    assert set(df["inter1"].dropna()) <= {"State forces", "Rebel group", "Political militia", "Identity militia",
                                         "Rioters", "Protesters", "Civilians", "External/Other forces"}
    # the date as the reports give it is kept beside ACLED's
    month = df[df["time_precision"] == 3]
    assert (month["event_date"].dt.day == 15).all()
    assert month["event_date_reported"].str.fullmatch(r"\d{4}-\d{2}").all()


def test_the_seed_stores_json_export_keeps_the_year_only_events(seed_db) -> None:
    import json

    result = subprocess.run([sys.executable, "-m", "eventledger.cli", "export", "--db", seed_db, "--format", "jsonl"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    dates = [json.loads(line)["event_date"] for line in result.stdout.splitlines()]
    assert any(d and len(d) == 4 for d in dates)  # dated as the reports date them
