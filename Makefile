# `make demo` and `make test` each create .venv when it is missing and install
# everything from this repository's own files; nothing is downloaded at run time.
# The [ray] extra (Ray Core and Ray Data, about 80 MB as a wheel) is installed
# too, so the Ray engine's tests run everywhere the suite runs, CI included.
# `make test` runs the suite beside a private PostgreSQL server
# (scripts/with-postgres.sh), so the store and API tests run on PostgreSQL as
# well as on SQLite; the summary's last line says how many passed there.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
SEEDS ?= $(SHARED)/corpus/seeds
DEMO_DB ?= demo.sqlite
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench fuzz fuzz-api browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,postgres,ray]'
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
	bash scripts/with-postgres.sh $(BIN)/python -m pytest -q

# API load during an ingest (scripts/fuzz_api.py): thousands of concurrent
# requests on 127.0.0.1; fails on any 5xx, dropped request or wrong status.
fuzz-api: $(STAMP)
	$(BIN)/python scripts/fuzz_api.py

eval: $(STAMP)
	$(BIN)/eventledger eval

bench: $(STAMP)
	$(BIN)/eventledger bench
	$(BIN)/eventledger bench --merge

# The long part of the fault suite (the fast part is in `make test`): thousands
# of bad files in one command, repeated kills, concurrent writers, then the API
# under load during an ingest.
fuzz: $(STAMP)
	$(BIN)/python -m eventledger.fuzz --shared $(SHARED)
	$(BIN)/python scripts/fuzz_api.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm build src/*.egg-info
