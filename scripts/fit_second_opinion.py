"""Fit the second opinion on the project's own examples and write its weights.

    python scripts/fit_second_opinion.py [minilm|static]

Reads src/eventledger/data/second_opinion_examples.jsonl (written by
scripts/write_second_opinion_examples.py), picks the penalty and the
threshold on held-back templates, fits on every example and writes
src/eventledger/data/second_opinion_weights.json. Deterministic.
"""
from __future__ import annotations

import json
import sys

from eventledger.extract.second_opinion import EXAMPLES, WEIGHTS, fit, load_examples


def main() -> None:
    encoder = sys.argv[1] if len(sys.argv) > 1 else "minilm"  # or "static"
    model = fit(load_examples(EXAMPLES), encoder)
    WEIGHTS.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(model.labels)} classes, threshold {model.threshold}, held back: {model.held_back} -> {WEIGHTS}")


if __name__ == "__main__":
    main()
