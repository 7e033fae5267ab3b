"""``eventledger export`` on the command line: a progress bar on a terminal, nothing in pipes."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

import eventledger.cli as cli_module


def test_export_shows_progress_on_a_terminal(seed_db, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(cli_module, "_progress", lambda: True)  # as on a terminal outside CI
    result = CliRunner().invoke(cli_module.cli, ["export", "--db", seed_db, "--format", "jsonl",
                                                 "--out", str(tmp_path / "events.jsonl")])
    assert result.exit_code == 0, result.output
    total = (tmp_path / "events.jsonl").read_text().count("\n")
    assert total >= 30
    assert "export:" in result.output and f"/{total} [" in result.output and "events/s" in result.output


def test_export_is_quiet_in_a_pipe(seed_db) -> None:
    result = subprocess.run([sys.executable, "-m", "eventledger.cli", "export", "--db", seed_db, "--format", "jsonl"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stderr == ""  # no bar, no count: stdout is the data
    assert cli_module._progress() is False  # pytest's stderr is not a terminal


def test_the_readmes_python_api_example_runs(tmp_path, monkeypatch) -> None:
    """The README's Python API section is run as written, in a folder holding the seed reports."""
    import re
    import shutil
    from pathlib import Path

    import pytest

    root = Path(__file__).resolve().parents[1]
    seeds = root.parent / "shared" / "corpus" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/corpus/seeds is not there")
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shutil.copytree(seeds, tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert namespace["report"].stored == 5
    assert len(namespace["frame"]) >= 30 and "event_date" in namespace["frame"].columns
    assert str(namespace["acled"]["event_date"].dtype).startswith("datetime64")
