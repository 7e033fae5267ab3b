"""The Ray engine on a local Ray (two CPUs, one session shared by this module's
tests, since Ray is slow to start): the store it makes is the one a single
process makes."""
from __future__ import annotations

import os

import pytest

from conftest import SEEDS  # noqa: E402 (tests/ is on the path)

if os.environ.get("CI"):
    import ray  # CI installs the [ray] extra (make test): its absence is a failure there, not a skip
else:
    ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


def records(url: str) -> tuple[list[dict], list]:
    from eventledger.store import Store

    with Store(url, read_only=True) as store:
        out = store.event_records()
        documents = [(d.id, d.text, d.published, d.publisher) for d in store.documents()]
    for record in out:
        record.pop("updated_at")
    return out, documents


def test_ray_engine_makes_the_store_one_process_makes(local_ray, seed_db, tmp_path):
    from eventledger.engine.ray import ingest_on_ray
    from eventledger.store import Store

    url = f"sqlite:///{tmp_path}/ray.sqlite"
    with Store(url) as store:
        report = ingest_on_ray([str(SEEDS)], store, meta=str(SEEDS / "meta.jsonl"), on_error=pytest.fail)
        assert (report.read, report.stored, report.errors) == (5, 5, [])
        # the seeds hold several countries: their merges ran as parallel tasks
        from eventledger.merge import by_country

        assert len(by_country(store.mentions())) > 1
    single = records(seed_db)
    assert len(single[0]) > 20
    assert records(url) == single  # same events, ids, order, sources and evidence; same documents
    assert report.workers.engine == "ray" and report.workers.peak_mb
    assert all(100 < mb < 4000 for mb in report.workers.peak_mb.values())
    again = ingest_on_ray([str(SEEDS)], Store(url), meta=str(SEEDS / "meta.jsonl"), on_error=pytest.fail)
    assert (again.read, again.stored, again.duplicates) == (5, 0, 5)  # known documents skipped when read


def test_ray_engine_updates_known_documents_with_new_metadata_as_one_process_does(local_ray, tmp_path):
    from eventledger.engine.ray import ingest_on_ray
    from eventledger.pipeline import ingest
    from eventledger.store import Store

    from test_engine_local import _seed_files, _shifted_meta

    later, files = _shifted_meta(tmp_path), _seed_files()
    single, on_ray = f"sqlite:///{tmp_path}/one.sqlite", f"sqlite:///{tmp_path}/ray.sqlite"
    with Store(single) as store:
        ingest(files, store, meta=str(SEEDS / "meta.jsonl"), on_error=pytest.fail, workers=1)
        ingest(files, store, meta=str(later), on_error=pytest.fail, workers=1)
    with Store(on_ray) as store:
        ingest_on_ray(files, store, meta=str(SEEDS / "meta.jsonl"), on_error=pytest.fail)
        report = ingest_on_ray(files, store, meta=str(later), on_error=pytest.fail)
    assert (report.read, report.stored, report.updated, report.duplicates) == (5, 0, 5, 0)
    assert records(on_ray) == records(single)


def test_ray_engine_names_bad_files_and_keeps_the_rest(local_ray, tmp_path):
    from eventledger.engine.ray import ingest_on_ray
    from eventledger.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Rebels attacked the town of Gao on Tuesday, killing 4 soldiers, officials said.\n")
    (folder / "b.txt").write_text("")
    (folder / "c.txt").write_bytes(b"\x00\x01binary\x00")
    errors: list[str] = []
    with Store(f"sqlite:///{tmp_path}/bad.sqlite") as store:
        report = ingest_on_ray([str(folder), str(tmp_path / "missing.txt")], store, on_error=errors.append)
        assert report.stored == 1 and store.count_events() >= 1
    assert len(errors) == 3 and report.errors == errors
    for name in ("b.txt", "c.txt", "missing.txt"):
        assert any(name in e for e in errors), errors


def test_cli_says_when_ray_is_missing(monkeypatch, tmp_path):
    from click.testing import CliRunner

    import eventledger.engine.ray as engine
    from eventledger.cli import cli

    def missing():
        raise engine.RayUnavailable("the Ray engine needs Ray: pip install -e '.[ray]'")

    monkeypatch.setattr(engine, "_ray", missing)
    (tmp_path / "a.txt").write_text("Police arrested 3 men in Gao on Monday.\n")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--engine", "ray",
                                      "--db", f"sqlite:///{tmp_path}/x.sqlite"])
    assert result.exit_code == 1 and "pip install -e '.[ray]'" in result.output
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--ray-address", "auto",
                                      "--db", f"sqlite:///{tmp_path}/x.sqlite"])
    assert result.exit_code == 1 and "--ray-address goes with --engine ray" in result.output
