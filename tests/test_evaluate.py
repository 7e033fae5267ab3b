"""The seed scorer on small hand-made gold and predictions."""
from eventledger.evaluate.seeds import date_agrees, place_agrees, score

GOLD = [
    {"doc": "d1", "gid": "1", "cluster": "c1", "required": True, "event_type": "Battles", "sub_event_type": ["Armed clash"], "plover": ["ASSAULT"],
     "actor1": "Rebels", "actor2": None, "country": "X", "admin1": "North", "location": "Town", "latitude": 10.0, "longitude": 20.0,
     "event_date": "2021-07-07", "time_precision": 1, "fatalities": None, "quantities": {}, "status": "occurred", "evidence": "..."},
    {"doc": "d2", "gid": "2", "cluster": "c1", "required": True, "event_type": "Battles", "sub_event_type": ["Armed clash"], "plover": ["ASSAULT"],
     "actor1": "Rebels", "actor2": None, "country": "X", "admin1": "North", "location": "Town", "latitude": 10.0, "longitude": 20.0,
     "event_date": "2021-07-07", "time_precision": 1, "fatalities": None, "quantities": {}, "status": "occurred", "evidence": "..."},
    {"doc": "d2", "gid": "3", "cluster": "c2", "required": False, "event_type": None, "sub_event_type": None, "plover": ["REJECT"],
     "actor1": "Army", "actor2": None, "country": None, "admin1": None, "location": None, "latitude": None, "longitude": None,
     "event_date": "2021-07-06", "time_precision": 1, "fatalities": None, "quantities": {}, "status": "statement", "evidence": "..."},
]


def record(eid, docs, **fields):
    base = {"event_id": eid, "event_type": "Battles", "sub_event_type": "Armed clash", "plover_type": "ASSAULT", "status": "occurred",
            "actor1": "Rebels", "actor2": None, "admin1": "North", "location": "Town", "latitude": 10.01, "longitude": 20.0,
            "event_date": "2021-07-07", "time_precision": 1, "fatalities": 0, "quantities": {}, "disputes": [],
            "sources": [{"document": d, "sentence": "s"} for d in docs]}
    base.update(fields)
    return base


def test_windows():
    assert date_agrees({"event_date": "2021-07-08"}, {"event_date": "2021-07-07", "time_precision": 1})
    assert not date_agrees({"event_date": "2021-07-09"}, {"event_date": "2021-07-07", "time_precision": 1})
    assert date_agrees({"event_date": "2020-11"}, {"event_date": "2020", "time_precision": 4})
    assert place_agrees({"admin1": None, "latitude": 10.3, "longitude": 20.0}, {"admin1": "Y", "latitude": 10.0, "longitude": 20.0})


def test_merged_event_counts_in_both_documents():
    r = score([record("E1", ["d1", "d2"])], GOLD, {"keep_apart": [], "disputes": []})
    assert (r.matched_required, r.required, r.predicted, r.matched_predicted) == (2, 2, 2, 2)
    assert r.merged == [("c1", True)]


def test_split_event_and_false_positive():
    recs = [record("E1", ["d1"]), record("E2", ["d2"]), record("E3", ["d2"], event_type="Riots", sub_event_type="Mob violence")]
    r = score(recs, GOLD, {"keep_apart": [], "disputes": []})
    assert r.merged == [("c1", False)]
    assert r.predicted == 3 and r.matched_predicted == 2
    assert abs(r.precision - 2 / 3) < 1e-9
    assert len(r.false_positives) == 1


def test_extraction_failures_are_counted_not_hidden(monkeypatch):
    from eventledger.evaluate import _extract_all, _report_failures
    from eventledger.extract.document import DocumentExtractor
    from eventledger.records import Document

    original = DocumentExtractor.run

    def flaky(self):
        if self.document.id == "bad":
            raise KeyError("broken rule")
        return original(self)

    monkeypatch.setattr(DocumentExtractor, "run", flaky)
    failures: list[str] = []
    docs = [Document(id=i, text="Police arrested 12 protesters in Lahore on Saturday.", published="2023-05-14") for i in ("ok", "bad")]
    out = _extract_all(docs, failures=failures)
    assert set(out) == {"ok"} and len(failures) == 1 and "broken rule" in failures[0]
    lines: list[str] = []
    _report_failures(failures, lines.append)
    assert lines and "1 documents" in lines[0]


def test_strict_scoring_needs_place_and_date():
    # right place, wrong day: a match for the seed scoring, not for the strict one
    recs = [record("E1", ["d1"], event_date="2021-07-20"), record("E2", ["d2"])]
    loose = score(recs, GOLD, {"keep_apart": [], "disputes": []})
    strict = score(recs, GOLD, {"keep_apart": [], "disputes": []}, strict=True)
    assert loose.matched_required == 2
    assert strict.matched_required == 1 and strict.predicted == 2
    # wrong province and far away, right day
    recs = [record("E1", ["d1"], admin1="South", latitude=12.0), record("E2", ["d2"])]
    assert score(recs, GOLD, {"keep_apart": [], "disputes": []}).matched_required == 2
    assert score(recs, GOLD, {"keep_apart": [], "disputes": []}, strict=True).matched_required == 1


def test_strict_dispute_must_list_the_reports_values():
    clusters = {"keep_apart": [], "disputes": [{"cluster": "c1", "field": "fatalities", "values": [{"doc": "d1", "value": 64}, {"doc": "d2", "value": 43}]}]}
    vague = [{"field": "fatalities", "values": [{"value": 43, "document": "d1"}, {"value": 12, "document": "d2"}]}]
    listed = [{"field": "fatalities", "values": [{"value": 64, "document": "d1"}, {"value": 43, "document": "d2"}]}]
    for disputes, loose_ok, strict_ok in ((vague, True, False), (listed, True, True), ([], False, False)):
        recs = [record("E1", ["d1", "d2"], disputes=disputes)]
        assert score(recs, GOLD, clusters).disputes == [("c1 fatalities", loose_ok)]
        assert score(recs, GOLD, clusters, strict=True).disputes == [("c1 fatalities", strict_ok)]


def test_values_that_agree_must_not_be_disputed():
    clusters = {"keep_apart": [], "disputes": [], "consistent": [{"cluster": "c1", "field": "prisoners_released", "values": []}]}
    calm = score([record("E1", ["d1", "d2"])], GOLD, clusters)
    disputed = score([record("E1", ["d1", "d2"], disputes=[{"field": "quantities.prisoners_released", "values": []}])], GOLD, clusters)
    assert calm.consistent == [("c1 prisoners_released", True)]
    assert disputed.consistent == [("c1 prisoners_released", False)]


def test_world_dev_is_skipped_with_the_way_to_rebuild_it(tmp_path):
    from pathlib import Path

    from eventledger.evaluate import run_world_dev

    shared = Path(__file__).resolve().parents[2] / "shared"
    lines: list[str] = []
    assert run_world_dev(shared, tmp_path, False, lines.append) is None
    assert "not in" in lines[0] and "README" in lines[0]
