# newsprism: `make run` analyses the bundled example corpus; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= newsprism.duckdb

.PHONY: run test bench setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/newsprism analyze examples/korea-nato --db $(DB)

test: $(STAMP)
	$(BIN)/python -W error -c "import newsprism"
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/newsprism bench --n 2000

clean:
	rm -rf $(VENV) $(DB) $(DB).wal
