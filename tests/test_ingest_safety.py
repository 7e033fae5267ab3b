"""Reading input safely: only regular files, within limits, inside the folder
given, decoded as the user says; each bad one named in one line, the rest read."""
from __future__ import annotations

import codecs
import json
import os
import socket
from pathlib import Path

import pytest

from eventledger.ingest import ReadOptions, clean_text, document_warnings, infer_published, read_paths
from eventledger.ingest import pubdate
from eventledger.ingest.readers import decode, looks_like_html, parse_size
from eventledger.records import Document, IngestError

GOOD = "Taliban attack checkpoint\nTaliban fighters attacked a checkpoint in Zabul on Sunday, police said.\n"


def good(place: str) -> str:
    return GOOD.replace("Zabul", place)


def read(paths, **options):
    items = list(read_paths([str(p) for p in paths], options=ReadOptions(**options)))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(docs) + len(errors) == len(items)
    for error in errors:
        assert "\n" not in str(error)
    return docs, errors


def by_name(errors: list[IngestError]) -> dict[str, str]:
    return {Path(e.path.split(":")[0]).name: e.message for e in errors}


# --- what is read ------------------------------------------------------------------------------


def test_special_files_are_refused_without_blocking(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")  # reading it would block forever
    (folder / "zero.txt").symlink_to("/dev/zero")  # would never end
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    try:
        docs, errors = read([folder], follow_external_links=True)
    finally:
        server.close()
    assert [d.id for d in docs] == ["a.txt"]
    messages = by_name(errors)
    assert messages == {"fifo.txt": "not a regular file (a FIFO)", "sock.txt": "not a regular file (a socket)",
                        "zero.txt": "not a regular file (a character device)"}
    # named on the command line, a FIFO is refused too
    assert read([folder / "fifo.txt"])[1][0].message == "not a regular file (a FIFO)"


def test_files_over_the_size_limit_are_refused_and_the_limit_is_an_option(tmp_path):
    (tmp_path / "big.txt").write_text(GOOD + "More words follow here. " * 3000, encoding="utf-8")
    (tmp_path / "small.txt").write_text(good("Ghor"), encoding="utf-8")
    docs, errors = read([tmp_path], max_bytes=20_000)
    assert [d.id for d in docs] == ["small.txt"]
    assert "over the size limit of 19.5 KB" in errors[0].message and "--max-size" in errors[0].message
    docs, errors = read([tmp_path], max_bytes=parse_size("1MB"))
    assert len(docs) == 2 and errors == []
    assert parse_size("10MB") == 10 * 1024 * 1024 and parse_size("500k") == 512_000 and parse_size("77") == 77
    with pytest.raises(ValueError):
        parse_size("lots")


def test_a_json_line_over_the_size_limit_costs_only_itself(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "a", "text": GOOD}), json.dumps({"id": "huge", "text": "x " * 30_000}),
             json.dumps({"id": "b", "text": good("Ghor")})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = read([path], max_bytes=10_000)
    assert [d.id for d in docs] == ["a", "b"]
    assert [e.path for e in errors] == [f"{path}:2"] and "size limit" in errors[0].message


def test_symlinks_leaving_the_folder_are_refused_unless_allowed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(good("Kabul"), encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "more.txt").write_text(good("Herat"), encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "inner").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "inner" / "b.txt").write_text(good("Ghor"), encoding="utf-8")
    (folder / "link-out.txt").symlink_to(outside / "secret.txt")
    (folder / "dir-out").symlink_to(outside / "sub")
    (folder / "link-in.txt").symlink_to(folder / "inner" / "b.txt")  # inside: read
    (folder / "dir-in").symlink_to(folder / "inner")  # inside: its files are read where they are

    docs, errors = read([folder])
    assert sorted(Path(d.path).name for d in docs) == ["a.txt", "b.txt", "link-in.txt"]
    messages = by_name(errors)
    assert set(messages) == {"link-out.txt", "dir-out"}
    assert "outside" in messages["link-out.txt"] and "--follow-external-links" in messages["link-out.txt"]

    docs, errors = read([folder], follow_external_links=True)
    assert errors == []
    assert sorted(Path(d.path).name for d in docs) == ["a.txt", "b.txt", "link-in.txt", "link-out.txt", "more.txt"]


def test_symlink_loops_and_dangling_links_are_named(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "published": "2021-07-07"}) + "\n", encoding="utf-8")
    items = list(read_paths([str(tmp_path)], meta=str(meta)))
    docs = [i for i in items if isinstance(i, Document)]
    assert [(d.id, d.published) for d in docs] == [("a.txt", "2021-07-07")]
    messages = by_name([i for i in items if isinstance(i, IngestError)])
    assert messages == {"loop1": "symbolic link loop", "loop2": "symbolic link loop",
                        "dangling.txt": "broken symbolic link"}


def test_an_unreadable_subfolder_is_an_error_not_a_silent_skip(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(good("Ghor"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):  # as root, chmod 000 would not stop us
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, errors = read([tmp_path])
    assert [d.id for d in docs] == ["b.txt"]
    assert by_name(errors) == {"locked": "cannot read folder: permission denied"}


def test_a_file_name_that_is_not_utf8_is_read_and_named_readably(tmp_path):
    name = os.fsdecode(b"caf\xe9-report.txt")
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    docs, errors = read([tmp_path])
    assert errors == []
    (doc,) = docs
    assert doc.id == "caf\\xe9-report.txt"
    doc.id.encode("utf-8")  # printable and storable
    assert doc.path.endswith("caf\\xe9-report.txt")


# --- decoding ------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
def test_byte_order_marks_decide_the_encoding(tmp_path, codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
           "utf-32-be": codecs.BOM_UTF32_BE, "utf-8": codecs.BOM_UTF8}[codec]
    text = good("Kandahar") + "Officials in Lashkar Gah said Ghulam’s men fled.\n"
    (tmp_path / "r.txt").write_bytes(bom + text.encode(codec))
    lines = [json.dumps({"id": "j1", "text": good("Herat")}, ensure_ascii=False), json.dumps({"id": "j2", "text": text})]
    (tmp_path / "r.jsonl").write_bytes(bom + "\n".join(lines).encode(codec))
    docs, errors = read([tmp_path])
    assert errors == []
    assert [d.id for d in docs] == ["j1", "j2", "r.txt"]
    assert docs[2].text == text.rstrip("\n") and "\x00" not in docs[2].text


def test_a_file_that_is_not_utf8_names_the_fix_and_auto_or_a_codec_reads_it(tmp_path):
    latin = "Kämpfe in Kabul\nSoldaten und Kämpfer lieferten sich am Montag Gefechte, sagte die Polizei à Kaboul.\n"
    (tmp_path / "latin.txt").write_bytes(latin.encode("latin-1"))
    docs, errors = read([tmp_path])
    assert docs == []
    assert "invalid UTF-8" in errors[0].message and "--encoding auto" in errors[0].message
    (doc,), _ = read([tmp_path], encoding="auto")
    assert doc.text == latin.rstrip("\n")
    (doc,), _ = read([tmp_path], encoding="cp1252")
    assert "Kämpfe" in doc.text and "encoding:cp1252" in doc.flags
    with pytest.raises(ValueError, match="unknown encoding"):
        ReadOptions(encoding="klingon")


def test_binary_is_still_refused_with_auto_detection(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\xff\xfe")
    assert "binary" in read([tmp_path], encoding="auto")[1][0].message
    with pytest.raises(Exception):
        decode(b"\x00\x01", "utf-8")


# --- JSON -----------------------------------------------------------------------------------------


def test_deep_nesting_and_lone_surrogates_cost_only_their_line(tmp_path):
    path = tmp_path / "odd.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        "[" * 100_000 + "]" * 100_000,  # RecursionError inside json
        '{"id": "s", "text": "Shelling hit \\ud800 the town on Monday, residents said."}',
        '{"id": "t", "text": "Rebels attacked Gao on Tuesday.", "title": "\\udfff"}',
        '{"id": true, "text": "Rebels attacked Gao on Tuesday."}',
        json.dumps({"id": "b", "text": good("Ghor")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = read([path])
    assert [d.id for d in docs] == ["a", "b"]
    assert [e.path for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert "nested too deeply" in errors[0].message
    assert "'text' is not valid Unicode" in errors[1].message and "'title'" in errors[2].message
    assert "'id' is not a string or number" in errors[3].message


def test_a_jsonl_line_that_is_not_utf8_costs_only_itself(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps({"id": "a", "text": GOOD}).encode() + b"\n"
                     + b'{"id": "x", "text": "caf\xe9 in Gao"}\n' + json.dumps({"id": "b", "text": good("Ghor")}).encode())
    docs, errors = read([path])
    assert [d.id for d in docs] == ["a", "b"]
    assert errors[0].path == f"{path}:2" and "invalid utf-8" in errors[0].message


def test_json_lines_split_only_at_line_feeds(tmp_path):
    # U+2028 is legal inside a JSON string; splitlines() would cut the record there
    path = tmp_path / "sep.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Rebels attacked Gao\u2028on Tuesday, officials said."},
                               ensure_ascii=False) + "\r\n", encoding="utf-8")
    docs, errors = read([path])
    assert errors == [] and [d.id for d in docs] == ["a"]


# --- cleaning, HTML, dates, language ----------------------------------------------------------------


def test_bidirectional_controls_are_removed_when_cleaning():
    raw = "Attack in Kabul\nGunmen \u202ekilled\u202c two guards\u200f in \u2067Kabul\u2069 on Monday, police said.\n"
    cleaned, _ = clean_text(raw)
    assert cleaned == "Attack in Kabul\nGunmen killed two guards in Kabul on Monday, police said."


def test_html_is_decided_by_structure_not_by_a_stray_tag():
    plain = ("Militants attack convoy\nMilitants attacked a convoy near Mosul on Monday, officials said.\n\n"
             "The group's website embedded <script>alert(1)</script> in its statement <script src=x></script>.\n\n"
             "A third paragraph says <script>more</script> and ends here.\n")
    assert not looks_like_html(plain)
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<div class='story'><p>Militants attacked a convoy.</p><p>Two died.</p></div>")
    assert not looks_like_html("<b>Breaking</b>: militants attacked a convoy near Mosul.\n\nTwo soldiers died.")


def test_plain_text_with_script_tags_keeps_its_paragraphs(tmp_path):
    text = ("Militants attack convoy\n\nMilitants attacked a convoy near Mosul on Monday, officials said.\n\n"
            "The statement quoted <script>alert(1)</script> twice <script>x</script> and <script>y</script>.\n\n"
            "Two soldiers were wounded in the attack, the army said.\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    (doc,), _ = read([tmp_path])
    assert doc.text.count("\n\n") == 3 and "<script>alert(1)</script>" in doc.text


def test_guessing_a_publication_date_reads_a_bounded_part_of_the_text(monkeypatch):
    seen: list[int] = []
    real = pubdate.find_date_expressions
    monkeypatch.setattr(pubdate, "find_date_expressions", lambda text: seen.append(len(text)) or real(text))
    huge_line = "Published: 7 July 2021 " + "fighting went on in 2019 and " * 1_000_000  # one 29 MB line
    assert infer_published(huge_line)[0] == "2021-07-07"
    many_lines = "Published: 7 July 2021\n" + "Fighting went on near the town in 2019.\n" * 500_000
    assert infer_published(many_lines)[0] == "2021-07-07"
    assert sum(seen) < 2 * (pubdate.SCAN_CHARS + pubdate.TAIL_CHARS)


FRENCH = ("Attaque à Bamako\nDes hommes armés ont attaqué un poste de police dans le nord du Mali mardi, "
          "tuant trois gendarmes, selon des sources sécuritaires. Les assaillants ont pris la fuite vers la "
          "frontière avant l'arrivée des renforts de l'armée malienne.\n")


def test_a_report_in_another_language_is_read_with_a_warning_naming_it(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(GOOD + "Two policemen were wounded in the attack, the governor said.\n",
                                     encoding="utf-8")
    docs, errors = read([tmp_path])
    assert errors == []
    by_id = {d.id: d for d in docs}
    assert by_id["fr.txt"].language == "fr" and by_id["en.txt"].language == "en"
    (warning,) = document_warnings(by_id["fr.txt"])
    assert "fr.txt" in warning and "French (fr)" in warning and "\n" not in warning
    assert document_warnings(by_id["en.txt"]) == []


def test_plain_english_is_recognised_without_loading_the_model():
    from eventledger.ingest import language

    language._identifier.cache_clear()
    english = (GOOD + "Two policemen were wounded in the attack, and the governor said that the road had been closed "
               "by the army for the rest of the day.")
    assert language.identify_language(english) == "en"
    assert language._identifier.cache_info().currsize == 0
    assert language.identify_language(FRENCH) == "fr" and language._identifier.cache_info().currsize == 1
    assert language.identify_language("Gao, Mali.") is None  # too little to judge


def test_progress_counts_documents_not_files(tmp_path, monkeypatch):
    import tqdm as tqdm_module

    bars = []

    class Recorder:
        def __init__(self, total=None, **kwargs):
            self.total, self.n = total, 0
            bars.append(self)

        def update(self, n=1):
            self.n += n

        def close(self):
            pass

    monkeypatch.setattr(tqdm_module, "tqdm", Recorder)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "many.jsonl").write_text(
        "".join(json.dumps({"id": f"r{i}", "text": good(f"Town{i}")}) + "\n" for i in range(50)), encoding="utf-8")
    seen = []
    for item in read_paths([str(tmp_path)], progress=True):
        seen.append(bars[0].n)
    assert bars[0].total == 51
    assert seen[:3] == [1, 2, 3] and bars[0].n == 51  # each record advances the bar
