# Every target creates .venv when it is missing; nothing is downloaded at run time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/corpus/seeds
DEMO_DB ?= demo.sqlite

.PHONY: demo test eval bench clean venv

$(BIN)/eventledger: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/eventledger gazetteer build --quiet
	touch $(BIN)/eventledger

venv: $(BIN)/eventledger

demo: venv
	rm -f $(DEMO_DB)
	$(BIN)/eventledger ingest $(SEEDS) --meta $(SEEDS)/meta.jsonl --db sqlite:///$(DEMO_DB)
	$(BIN)/eventledger summary --db sqlite:///$(DEMO_DB)

test: venv
	$(BIN)/python -m pytest -q

eval: venv
	$(BIN)/eventledger eval

bench: venv
	$(BIN)/eventledger bench

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info src/*.egg-info
