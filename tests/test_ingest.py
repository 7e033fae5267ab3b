"""Ingest: reading files/folders/JSON lines, boilerplate removal, publication dates."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventledger.ingest import clean_text, infer_published, load_meta, read_paths
from eventledger.records import Document, IngestError

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"


def seeds_or_skip() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not available")
    return SEEDS


def seed_text(name: str) -> str:
    return (seeds_or_skip() / name).read_text(encoding="utf-8")


def cleaned_seed(name: str) -> str:
    return clean_text(seed_text(name))[0]


def split(items) -> tuple[list[Document], list[IngestError]]:
    items = list(items)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


SPUTNIK = "000_e5dec9681e61014b.txt"
DAILY_MAIL = "001_2e677795d96d4619.txt"
VOA = "002_8d8ef968ba3aef34.txt"
BLOG = "003_105f807b8902e0bc.txt"
NYT = "004_4d77f07ac3bda1b6.txt"


# --- the cleaner on the seed corpus ----------------------------------------------------

# Junk that must not survive anywhere in the cleaned text (substring check).
JUNK_SUBSTRINGS = {
    SPUTNIK: [
        "Sputnik International, 1920",
        "Subscribe",
        "Newsfeed",
        "To participate in the discussion",
        "log in or register",
        "Заголовок",
        "открываемого",
        "©",
        "AP Photo",
        "Get the latest news from around the world",
        "Afghan National Army soldiers stand guard",  # only ever in captions
        "Afghan Taliban prisoners in Parwan province",  # caption, repeated 3 times
    ],
    DAILY_MAIL: [
        "(Pictured",
        "(pictured",
        "Source: Read Full Article",
        "Read Full Article",
        "Women in Kabul on June 30, 2021",
        "The Afghan-Pakistan border was closed",  # caption copy of a body line
        "A recent statement purporting",  # caption copy of a body line
    ],
    BLOG: [
        "Popular posts from this blog",
        "How a cyber attack hampered Hong Kong protesters",
        "Hamas Hideout",
        "Million Non-Muslims",
    ],
    NYT: ["Source link", "Leave a Reply", "Your email address will not be published"],
}

# Junk that is a whole line and whose word may legitimately occur inside sentences.
JUNK_LINES = {SPUTNIK: ["World", "0", "loader", "Chats"]}

# Real article sentences (or fragments) that must survive.
ARTICLE_SENTENCES = {
    SPUTNIK: [
        "Taliban Commander Leading Assault on Afghan City Was Part of Prisoner Swap US 'Pressured' Kabul Into",
        "Heavy clashes are taking place between Afghanistan forces and the Taliban* in several Afghan cities",
        "The prisoner release was part of the US deal with the Taliban, signed on 29 February,",
        "Talib was arrested by Afghan government soldiers in 2020 after being recognised",
        "Tuesday witnessed fierce fighting in the southern city of Lashkargah,",
        "In Kabul, attackers set off a car bomb near a guest house of Afghanistan’s acting defence minister "
        "Bismillah Khan on Tuesday night, according to witnesses.",
        "Ministry spokesman Hamid Noori said dozens of civilians had been evacuated from the area.",
        "*The Taliban is a terrorist organisation banned in Russia.",
    ],
    DAILY_MAIL: [
        "- The offer comes as the US prepares to withdraw from Afghanistan by August 31",
        "- Analysts claimed a ceasefire would help the Taliban consolidate their territory",
        "The Taliban have demanded the release of seven thousand prisoners in exchange for a ceasefire "
        "lasting just three-months.",
        "It comes after Pakistan security forces used tear gas Thursday to disperse hundreds of people",
        "The border was closed on Wednesday by Pakistan officials after the Taliban seized Spin Boldak "
        "and raised insurgent flags above the town.",
        "Last month, the Taliban took Shir Khan Bandar, a northern customs post",
        "A statement purporting to come from the Taliban circulated on social media this week",
        "‘I doubt if the Taliban will let them have their way.’",
    ],
    VOA: [
        "Taliban storm an Afghan provincial capital, let hundreds of prisoners escape",
        "Afghan authorities said Wednesday (July 7) that pro-government forces had pushed Taliban insurgents",
        "released some 600 prisoners from the central prison.",
        "Last Thursday, U.S. troops pulled out of Bagram Air Base,",
        "U.S.-mediated intra-Afghan peace talks began in Qatar last September,",
        "He said, “What we have made clear is that we want the Afghan parties to talk to each other "
        "and that we will help in any way we can.”",
    ],
    BLOG: [
        "Afghanistan frees 100 more militants after Taliban leave talks",
        "announced in a Twitter post that the prisoners would be set free on Thursday.",
        "Also on Wednesday, the administration of President Ashraf Ghani released 100 low-risk Taliban prisoners",
        "The militants have long demanded the withdrawal of foreign troops, calling them an \"occupation\" force,"
        " and blaming them for the almost two decades of war.",
    ],
    NYT: [
        "KABUL, Afghanistan – The Taliban broke into a provincial capital in northwestern Afghanistan on Wednesday,",
        "On Tuesday, the Taliban broke into Badghis provincial prison and freed those there,",
        "Taliban fighters ambushed a large convoy of Afghan security forces en route to Qala-i-Naw on Tuesday,",
        "A Pentagon spokesperson attributed the poor communication to operational security concerns.",
        "Thomas Gibbons-Neff reported in Kabul and Asad Timory in Herat, Afghanistan.",
    ],
}


@pytest.mark.parametrize("name", sorted(JUNK_SUBSTRINGS))
def test_seed_junk_is_removed(name):
    cleaned = cleaned_seed(name)
    for junk in JUNK_SUBSTRINGS[name]:
        assert junk not in cleaned, junk
    lines = cleaned.split("\n")
    for junk in JUNK_LINES.get(name, []):
        assert junk not in lines, junk


@pytest.mark.parametrize("name", sorted(ARTICLE_SENTENCES))
def test_seed_article_sentences_survive(name):
    cleaned = cleaned_seed(name)
    for sentence in ARTICLE_SENTENCES[name]:
        assert sentence in cleaned, sentence


def test_seed_repeated_captions_leave_one_body_copy():
    cleaned = cleaned_seed(DAILY_MAIL)
    # each of these lines is repeated as an unpunctuated caption; the body sentence stays
    for body_start in (
        "Authorities last year agreed to release 5,000 Taliban prisoners",
        "It comes as the militant group continues a sweeping offensive",
        "Spin Boldak was the latest in a string of border crossings",
        "The Taliban have demanded the release of seven thousand prisoners",
    ):
        assert cleaned.count(body_start) == 1, body_start
        line = next(line for line in cleaned.split("\n") if line.startswith(body_start))
        assert line.endswith("."), line


def test_seed_headline_stays_first():
    assert cleaned_seed(SPUTNIK).startswith("Taliban Commander Leading Assault")
    assert cleaned_seed(DAILY_MAIL).startswith("Taliban demand the release of SEVEN THOUSAND")
    assert cleaned_seed(BLOG).startswith("Afghanistan frees 100 more militants")


def test_seed_ends_after_the_article():
    assert cleaned_seed(NYT).endswith("Reporting was provided by Fatima Faizi in Kabul and Eric Schmitt in Washington.")
    assert cleaned_seed(BLOG).endswith("blaming them for the almost two decades of war.")
    assert cleaned_seed(SPUTNIK).endswith("banned in Russia.")


@pytest.mark.parametrize("name", [SPUTNIK, DAILY_MAIL, VOA, BLOG, NYT])
def test_seed_kept_lines_are_unchanged_source_lines(name):
    raw_lines = {line.rstrip() for line in seed_text(name).splitlines()}
    for line in clean_text(seed_text(name))[0].split("\n"):
        if line:
            assert line in raw_lines, line


def test_seed_paragraphs_keep_blank_lines():
    cleaned = cleaned_seed(VOA)
    assert "escape\n\nAfghan authorities said" in cleaned
    assert "\n\n\n" not in cleaned
    # the Sputnik article has a heading between blank lines; no paragraph merges
    assert "besiege Lashkargah.\n\nTaliban Onslaught\n\nThe US-backed" in cleaned_seed(SPUTNIK)


def test_seed_removed_lines_are_reported():
    _, removed = clean_text(seed_text(SPUTNIK))
    assert "Subscribe" in removed
    assert "Заголовок открываемого материала" in removed
    assert any(r.startswith("©") for r in removed)


# --- the cleaner on texts written here ---------------------------------------------------


def test_repeated_caption_with_pictured_and_verbatim_repeat():
    raw = "\n".join(
        [
            "Rebels seize border town in overnight raid",
            "Rebel fighters seized the border town of Karam on Monday after a night of heavy fighting, officials said.",
            "Rebel fighters seized the border town of Karam on Monday after a night of heavy fighting (pictured: smoke over Karam)",
            "The army said it had withdrawn to positions outside the town to protect civilians.",
            "The army said it had withdrawn to positions outside the town to protect civilians.",
            "Residents described looting of shops in the main market during the night.",
        ]
    )
    cleaned, removed = clean_text(raw)
    assert cleaned.count("Rebel fighters seized the border town") == 1
    assert "pictured" not in cleaned
    assert cleaned.count("The army said it had withdrawn") == 1
    assert cleaned.startswith("Rebels seize border town in overnight raid\n")
    assert cleaned.endswith("during the night.")
    assert len(removed) == 2


def test_caption_above_its_body_line_goes_body_line_stays():
    raw = "\n".join(
        [
            "Clashes in the north",
            "Government troops retake the district centre of Qaisar after two days of fighting",
            "Government troops retook the district centre of Qaisar after two days of fighting, the defence ministry said on Sunday.",
            "At least 12 insurgents were killed, the ministry said.",
        ]
    )
    cleaned, removed = clean_text(raw)
    assert "Government troops retake" not in cleaned
    assert "Government troops retook the district centre of Qaisar" in cleaned
    assert removed == ["Government troops retake the district centre of Qaisar after two days of fighting"]


def test_credit_lines_stamps_and_glued_foreign_script():
    raw = "\n".join(
        [
            "Militants attack police post in Kunar",
            "© Reuters / John SmithPolice officers inspect the site of the attack in Asadabad",
            "Police officers inspect the site of the attack in Asadabad - Example Agency, 1234, 12.03.2022",
            "Militants attacked a police post in Kunar province late on Friday, killing three officers, police said.",
            "The Taliban denied involvement in the attack.",
            "Comments are closedЧитать далее",
        ]
    )
    cleaned, removed = clean_text(raw)
    assert "©" not in cleaned and "Example Agency" not in cleaned and "Police officers inspect" not in cleaned
    assert "Читать" not in cleaned
    assert "Читать далее" in removed
    assert cleaned.endswith("The Taliban denied involvement in the attack.")


def test_link_farm_tail_is_removed():
    raw = "\n\n".join(
        [
            "Airstrike kills 12 in Helmand",
            "An airstrike killed 12 people in Nad Ali district of Helmand province on Saturday, local officials said.",
            "The provincial governor said all of those killed were Taliban fighters.",
            "Related stories",
            "Five things to know about the Afghan peace process",
            "Why the drawdown matters for the region?",
            "Photos: a year in Kabul",
        ]
    )
    cleaned, removed = clean_text(raw)
    assert cleaned.endswith("were Taliban fighters.")
    assert "Related stories" in removed and "Photos: a year in Kabul" in removed


def test_short_closing_sentence_survives_tail_rule():
    raw = "\n".join(
        [
            "Fighting flares in Herat",
            "Heavy fighting broke out on the outskirts of Herat city on Thursday as Taliban fighters advanced from the west.",
            "Officials declined to comment.",
            "Share this article",
            "Leave a comment",
        ]
    )
    cleaned, _ = clean_text(raw)
    assert cleaned.endswith("Officials declined to comment.")


def test_plain_article_is_left_alone():
    raw = (
        "Taliban seize district in Badakhshan\n\n"
        "The Taliban seized Yawan district on Sunday.\n\n"
        "Police said the defenders retreated without a fight.\n"
    )
    cleaned, removed = clean_text(raw)
    assert cleaned == raw.rstrip("\n")
    assert removed == []


def test_lead_sentence_above_a_subheading_is_not_taken_for_a_tagline():
    raw = "\n".join(
        [
            "World",
            "The Taliban seized the town of Karam on Tuesday, officials said.",
            "Fighting Continues In The North Today",
            "Taliban fighters entered Karam from three sides on Tuesday and officials fled the town.",
        ]
    )
    cleaned, removed = clean_text(raw)
    assert removed == ["World"]
    assert cleaned.startswith("The Taliban seized the town of Karam on Tuesday")


def test_document_in_another_script_is_kept_whole():
    raw = "Бои в Кандагаре\nТалибы атаковали город во вторник, сообщили власти.\nЖители покинули свои дома."
    assert clean_text(raw) == (raw, [])


def test_crlf_and_trailing_spaces():
    cleaned, _ = clean_text("Headline here today now\r\nFirst sentence of the story.   \r\n\r\nSecond one.\r\n")
    assert cleaned == "Headline here today now\nFirst sentence of the story.\n\nSecond one."


# --- read_paths: formats -------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Taliban overrun border crossing - Frontier Herald</title>
<meta property="og:site_name" content="Frontier Herald">
<meta property="og:title" content="Taliban overrun border crossing">
<meta property="article:published_time" content="2021-07-14T08:30:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/sport">Sport pages</a></li></ul></nav>
<header><div class="promo">Subscribe to our newsletter for daily updates</div></header>
<main><article>
<h1>Taliban overrun border crossing</h1>
<p>Taliban fighters seized the Spin Boldak border crossing with Pakistan on Wednesday, officials in Kandahar said, the latest in a string of border posts to fall to the insurgents.</p>
<p>Afghan forces said they had launched an operation to retake the crossing, and that dozens of Taliban fighters had been killed in the fighting near the town.</p>
<p>Traders on the Pakistani side said the border had been closed to trucks since the early hours of the morning.</p>
</article></main>
<footer><p>Copyright 2021 Frontier Herald. All rights reserved.</p><a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>
"""


def test_html_page_main_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    docs, errors = split(read_paths([str(tmp_path / "page.html")]))
    assert errors == []
    (doc,) = docs
    assert doc.id == "page.html"
    assert "Taliban fighters seized the Spin Boldak border crossing with Pakistan on Wednesday" in doc.text
    assert "closed to trucks since the early hours of the morning." in doc.text
    for chrome in ("Home", "World news", "Sport pages", "newsletter", "Copyright", "Privacy policy", "Terms of use"):
        assert chrome not in doc.text, chrome
    assert doc.title == "Taliban overrun border crossing"
    assert doc.publisher == "Frontier Herald"
    assert (doc.published, doc.published_source) == ("2021-07-14", "meta")
    assert 0.5 < doc.published_confidence <= 1.0


def test_html_is_sniffed_without_suffix(tmp_path):
    (tmp_path / "download").write_text(HTML_PAGE, encoding="utf-8")
    (doc,) = read_paths([str(tmp_path / "download")])
    assert isinstance(doc, Document)
    assert "<p>" not in doc.text and "Spin Boldak border crossing" in doc.text


def test_jsonl_records_with_html_text_and_fields(tmp_path):
    records = [
        {"id": "r1", "text": "Clashes in Kunduz\nFighting erupted in Kunduz city on Tuesday, police said.",
         "published": "2021-07-07", "publisher": "Wire", "url": "https://example.org/r1", "title": "Clashes"},
        {"id": 2, "text": "<html><body><article><p>Insurgents attacked a checkpoint in Ghazni province on Monday night, killing four soldiers, officials said.</p>"
                          "<p>The attackers fled before reinforcements arrived from the provincial capital.</p></article></body></html>"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    docs, errors = split(read_paths([str(path)]))
    assert errors == []
    assert [d.id for d in docs] == ["r1", "2"]
    first, second = docs
    assert (first.published, first.published_source, first.published_confidence) == ("2021-07-07", "record", 1.0)
    assert (first.publisher, first.url, first.title) == ("Wire", "https://example.org/r1", "Clashes")
    assert "<p>" not in second.text
    assert "Insurgents attacked a checkpoint in Ghazni province on Monday night" in second.text
    assert second.published is None and "no-date" in second.flags


def test_meta_file_matches_by_name_and_is_skipped_in_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Taliban attack in Faryab\nThe Taliban attacked Maimana on Tuesday.\n", encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "some/dir/a.txt", "published": "2021-07-07", "publisher": "Herald",
                                "url": "https://h.example/a", "title": "Attack", "language": "en"}) + "\n", encoding="utf-8")
    assert load_meta(meta)["a.txt"]["publisher"] == "Herald"
    docs, errors = split(read_paths([str(tmp_path)], meta=str(meta)))
    assert errors == []
    (doc,) = docs
    assert (doc.published, doc.published_source, doc.published_confidence) == ("2021-07-07", "meta", 1.0)
    assert (doc.publisher, doc.url, doc.title, doc.language) == ("Herald", "https://h.example/a", "Attack", "en")


def test_folder_order_is_sorted_recursive_and_skips_hidden(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b.txt", ".hidden.txt", ".git/config.txt", "c.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Report {rel}\nSoldiers were deployed to the area on Monday, officials said.\n", encoding="utf-8")
    docs, errors = split(read_paths([str(tmp_path)]))
    assert errors == []
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in docs] == ["a/b.txt", "a/z.txt", "b.txt", "c.txt"]
    assert [d.id for d in docs] == ["b.txt", "z.txt", "b.txt", "c.txt"]


def test_publication_date_inferred_from_text_when_no_metadata(tmp_path):
    (tmp_path / "stamped.txt").write_text(
        "Rocket attack on Kabul airport\nPublished: 30 August 2021\n"
        "Rockets were fired at Kabul airport on Monday morning, US officials said.\n",
        encoding="utf-8",
    )
    (tmp_path / "undated.txt").write_text(
        "Rocket attack on Kabul airport\nRockets were fired at Kabul airport on Monday morning, US officials said.\n",
        encoding="utf-8",
    )
    by_id = {d.id: d for d in read_paths([str(tmp_path)])}
    stamped, undated = by_id["stamped.txt"], by_id["undated.txt"]
    assert (stamped.published, stamped.published_source) == ("2021-08-30", "text")
    assert 0.5 < stamped.published_confidence < 1.0
    assert stamped.flags == []
    assert (undated.published, undated.published_source, undated.published_confidence) == (None, None, 0.0)
    assert undated.flags == ["no-date"]


def test_seed_folder_with_meta(tmp_path):
    seeds = seeds_or_skip()
    docs, errors = split(read_paths([str(seeds)], meta=str(seeds / "meta.jsonl")))
    assert errors == []
    assert [d.id for d in docs] == sorted(p.name for p in seeds.glob("*.txt"))
    by_id = {d.id: d for d in docs}
    assert by_id[VOA].published == "2021-07-07" and by_id[VOA].publisher == "Voice of America"
    assert by_id[BLOG].publisher is None and by_id[BLOG].published == "2020-04-09"
    assert all(d.published_source == "meta" and d.published_confidence == 1.0 for d in docs)
    assert all(d.removed or d.id == VOA for d in docs)


def test_seed_folder_without_meta_infers_dates():
    seeds = seeds_or_skip()
    docs = {d.id: d for d in read_paths([str(seeds)]) if isinstance(d, Document)}
    assert docs[SPUTNIK].published == "2021-08-04" and docs[SPUTNIK].published_source == "text"
    assert docs[VOA].published == "2021-07-07" and docs[VOA].published_source == "text"
    assert docs[NYT].published is None and "no-date" in docs[NYT].flags


def test_progress_bar_is_quiet_when_not_a_terminal(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Headline of a report\nShelling hit the town on Monday.\n", encoding="utf-8")
    docs, _ = split(read_paths([str(tmp_path)], progress=True))
    assert len(docs) == 1
    assert capsys.readouterr().err == ""


# --- read_paths: bad input never aborts the batch --------------------------------------------

GOOD_TEXT = "Taliban attack checkpoint\nTaliban fighters attacked a checkpoint in Zabul on Sunday, police said.\n"


def test_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "01_good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "02_empty.txt").write_bytes(b"")
    (tmp_path / "03_blank.txt").write_bytes(b"  \n\n \t\n")
    (tmp_path / "04_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "05_latin1.txt").write_bytes("Kämpfe in Kabul am Montag.".encode("latin-1"))
    (tmp_path / "06_good.txt").write_text(GOOD_TEXT.replace("Zabul", "Ghor"), encoding="utf-8")
    (tmp_path / "07_only_junk.txt").write_text("Subscribe\n0\nloader\n", encoding="utf-8")
    missing = tmp_path / "nope.txt"

    docs, errors = split(read_paths([str(tmp_path), str(missing)]))
    assert [d.id for d in docs] == ["01_good.txt", "06_good.txt"]
    messages = {Path(e.path).name: e.message for e in errors}
    assert set(messages) == {"02_empty.txt", "03_blank.txt", "04_binary.txt", "05_latin1.txt", "07_only_junk.txt", "nope.txt"}
    assert messages["02_empty.txt"] == "empty file"
    assert messages["03_blank.txt"] == "empty file"
    assert "binary" in messages["04_binary.txt"]
    assert "invalid UTF-8" in messages["05_latin1.txt"]
    assert "empty after removing boilerplate" in messages["07_only_junk.txt"]
    assert "no such file" in messages["nope.txt"]
    for error in errors:
        text = str(error)
        assert "\n" not in text
        assert Path(error.path).name in text  # the message names the file


def test_malformed_and_incomplete_json_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok1", "text": GOOD_TEXT}),
                '{"id": "broken", "text": "unterminated',
                json.dumps({"text": "no id here at all, only text."}),
                json.dumps({"id": "no-text"}),
                "[1, 2, 3]",
                "",
                json.dumps({"id": "ok2", "text": GOOD_TEXT.replace("Zabul", "Paktia")}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    docs, errors = split(read_paths([str(path)]))
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "malformed JSON" in errors[0].message
    assert "'id'" in errors[1].message
    assert "'text'" in errors[2].message
    assert "JSON object" in errors[3].message
    assert str(errors[0]).startswith(f"{path}:2: ")


def test_a_bad_meta_file_stops_the_reading_and_names_each_bad_line(tmp_path):
    # A line that cannot be read cannot say which document it describes, so no
    # document is read: none is stored without its metadata.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    broken_meta = tmp_path / "meta.jsonl"
    broken_meta.write_text('{"file": "a.txt", "published": "2021-07-07"}\n{not json\n[1]\n', encoding="utf-8")
    docs, errors = split(read_paths([str(tmp_path / "docs")], meta=str(broken_meta)))
    assert docs == []
    assert [e.path for e in errors] == [f"{broken_meta}:2", f"{broken_meta}:3", str(broken_meta)]
    assert "malformed JSON" in errors[0].message and '"file"' in errors[1].message
    assert "no document was read" in errors[2].message
    with pytest.raises(ValueError, match=r"meta.jsonl:2"):
        load_meta(broken_meta)

    docs, errors = split(read_paths([str(tmp_path / "docs")], meta=str(tmp_path / "missing-meta.jsonl")))
    assert docs == []
    assert "unreadable meta file" in errors[0].message and "no such file" in errors[0].message


def test_a_meta_file_describing_one_file_twice_differently_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    meta = tmp_path / "m.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "2021-07-07"}) + "\n"
                    + json.dumps({"file": "x/a.txt", "published": "2021-07-08"}) + "\n", encoding="utf-8")
    docs, errors = split(read_paths([str(tmp_path / "a.txt")], meta=str(meta)))
    assert docs == [] and errors[0].path == f"{meta}:2" and "first at line 1" in errors[0].message


def test_meta_file_ingested_as_a_document_gets_one_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "meta.jsonl").write_text(json.dumps({"file": "a.txt", "published": "2021-07-07"}) + "\n", encoding="utf-8")
    docs, errors = split(read_paths([str(tmp_path)]))
    assert [d.id for d in docs] == ["a.txt"]
    assert len(errors) == 1 and "meta file" in errors[0].message


def test_a_stated_publication_date_that_is_not_a_date_is_an_error_naming_the_record(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"id": "x", "text": GOOD_TEXT, "published": "yesterday"}) + "\n"
                    + json.dumps({"id": "y", "text": GOOD_TEXT.replace("Zabul", "Ghor"), "published": "2021-07"}) + "\n"
                    + json.dumps({"id": "z", "text": GOOD_TEXT.replace("Zabul", "Herat"), "published": "2021-07-06"}) + "\n",
                    encoding="utf-8")
    docs, errors = split(read_paths([str(path)]))
    assert [d.id for d in docs] == ["z"]
    assert [e.path for e in errors] == [f"{path}:1", f"{path}:2"]
    assert "'published' is not a date: 'yesterday'" in errors[0].message and "YYYY-MM-DD" in errors[0].message

    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "last week"}) + "\n", encoding="utf-8")
    docs, errors = split(read_paths([str(tmp_path / "a.txt")], meta=str(meta)))
    assert docs == []
    (error,) = errors
    assert error.path == str(tmp_path / "a.txt") and f"in {meta}:1 is not a date: 'last week'" in error.message


def test_utf8_bom_is_accepted(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + GOOD_TEXT.encode("utf-8"))
    (doc,) = read_paths([str(tmp_path / "bom.txt")])
    assert isinstance(doc, Document)
    assert doc.text.startswith("Taliban attack checkpoint")


# --- publication date inference ------------------------------------------------------------------


def test_infer_published_prefers_the_site_stamp_over_a_caption_date():
    day, confidence, evidence = infer_published(seed_text(SPUTNIK))
    assert day == "2021-08-04"
    assert "04.08.2021" in evidence
    # the caption's "Wednesday, 8 April 2020" alone is weak evidence
    caption_only = "Soldiers at a checkpoint near Bagram, Wednesday, 8 April 2020 (pictured)\nFighting continued."
    caption_day, caption_confidence, _ = infer_published(caption_only)
    assert caption_confidence < confidence
    assert caption_day in (None, "2020-04-08")


def test_infer_published_weekday_and_month_day_settled_by_year_check():
    day, confidence, evidence = infer_published(seed_text(VOA))
    assert day == "2021-07-07"
    assert 0.5 <= confidence < 0.9
    assert "Wednesday (July 7)" in evidence


def test_infer_published_returns_none_without_support():
    assert infer_published(seed_text(NYT)) == (None, 0.0, None)
    assert infer_published("Fighting continued on Tuesday, officials said.") == (None, 0.0, None)
    assert infer_published("") == (None, 0.0, None)


def test_infer_published_stamps_and_datelines():
    assert infer_published("Published: 7 July 2021\nThe Taliban attacked on Tuesday.")[:2] == ("2021-07-07", 0.9)
    updated_only = infer_published("Updated 10:32 GMT, July 8, 2021\nThe Taliban attacked on Tuesday.")
    assert updated_only[0] == "2021-07-08" and updated_only[1] < 0.9
    both = infer_published("Published July 7, 2021\nUpdated July 8, 2021\nText of the report.")
    assert both[0] == "2021-07-07"
    dateline = infer_published("KABUL, Afghanistan (AP) — July 7, 2021 — The Taliban stormed a provincial capital.")
    assert dateline[0] == "2021-07-07" and dateline[1] >= 0.7
    # an old date the story looks back on is not its publication date
    assert infer_published("The attacks of September 11, 2001 began the war.\nIn 2020 a deal was signed.")[0] is None
