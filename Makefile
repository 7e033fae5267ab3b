# `make demo` and `make test` each create .venv when it is missing and install
# everything from this repository's own files; nothing is downloaded at run time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
SEEDS ?= $(SHARED)/corpus/seeds
DEMO_DB ?= demo.sqlite
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench fuzz browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/eventledger gazetteer build --quiet
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/eventledger ingest $(SEEDS) --meta $(SEEDS)/meta.jsonl --db sqlite:///$(DEMO_DB)
	$(BIN)/eventledger summary --db sqlite:///$(DEMO_DB)

# Debian's chromium for the browser tests; elsewhere than CI a missing browser
# only skips those tests.
browser:
	bash scripts/install-browser.sh || [ -z "$$CI" ]

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/eventledger eval

bench: $(STAMP)
	$(BIN)/eventledger bench
	$(BIN)/eventledger bench --merge

# The long part of the fault suite (the fast part is in `make test`): thousands
# of bad files in one command, repeated kills, concurrent writers.
fuzz: $(STAMP)
	$(BIN)/python -m eventledger.fuzz --shared $(SHARED)

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm build src/*.egg-info
