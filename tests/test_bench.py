"""The benchmarks run end to end on tiny sizes (their figures are printed, never asserted)."""
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
pytestmark = pytest.mark.skipif(not (SHARED / "corpus" / "seeds").exists(), reason="../shared is not there")


def test_pipeline_bench_measures_both_passes():
    from eventledger.bench import run

    lines: list[str] = []
    result = run(SHARED, copies=1, echo=lines.append, long_chars=40_000)
    assert result["spacy"]["documents"] == result["pipeline"]["documents"] == 5
    # the long report: one document of at least that length, in pieces, measured per word
    assert result["long"]["documents"] == 1 and result["long"]["characters"] >= 40_000
    assert result["long_ratio"] > 0 and any(line.startswith("one long report") for line in lines)
    assert result["pipeline"]["seconds"] > 0 and result["ratio"] > 0
    assert any(line.startswith("whole pipeline / spaCy pass") for line in lines)
    assert result["gazetteer"]["load_s"] >= 0 and "article_warm_ms" in result["places"]


def test_merge_scale_bench_merges_synthetic_reports():
    from eventledger.bench_merge import run

    lines: list[str] = []
    result = run(SHARED, sizes=(300,), probes=1, echo=lines.append)
    figures = result[300]
    # retellings of one event by several outlets are merged
    assert 0 < figures["events"] < 300 + 1000
    assert figures["merge_seconds_per_1000"] > 0
    assert "merging 1,000 new mentions" in lines[0]
