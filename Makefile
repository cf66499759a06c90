# The two commands of the README:
#   make report   render the default HTML report (UNGDC, default lexicon) into reports/
#   make test     lint and run the test suite
# Each creates .venv and installs what it needs on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED_UNGDC := $(abspath ../shared/corpora/ungdc)
export DISCOURSE_MIRROR ?= $(if $(wildcard $(SHARED_UNGDC)/UNGDC_*.tgz),$(SHARED_UNGDC),)

.PHONY: report test lint bench docs-figure clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/discourse report --out reports

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py --repeat 3

docs-figure: $(STAMP)
	$(BIN)/python docs/make_figure.py

clean:
	rm -rf $(VENV) reports
