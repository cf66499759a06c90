# The two commands of the README:
#   make report   render the default HTML report (UNGDC, default lexicon) into reports/
#   make test     lint and run the test suite (installs Chromium for the browser tests if missing)
# Each creates .venv on first use and installs exactly the versions pinned in
# requirements/dev.lock (with their hashes), then discourse itself, editable.
#   make lock     re-resolve requirements/dev.lock from pyproject.toml's ranges, keeping
#                 current pins where they still fit (make lock LOCK_FLAGS=--upgrade: newest)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements/dev.lock
#: The lock is resolved for this Python and platform (see `make lock`).
LOCK_PYTHON   := 3.11
LOCK_PLATFORM := x86_64-unknown-linux-gnu
LOCK_FLAGS ?=
#: The interpreter the venv has (or will have): checked against LOCK_PYTHON.
VENV_PYTHON = $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON))
SHARED_UNGDC := $(abspath ../shared/corpora/ungdc)
export DISCOURSE_MIRROR ?= $(if $(wildcard $(SHARED_UNGDC)/UNGDC_*.tgz),$(SHARED_UNGDC),)

.PHONY: report test lint chromium lock bench docs docs-figure docs-figures clean

$(STAMP): $(LOCK) pyproject.toml
	@$(VENV_PYTHON) -c 'import sys; v = "%d.%d" % sys.version_info[:2]; sys.exit(0 if v == "$(LOCK_PYTHON)" else "$(LOCK) is for Python $(LOCK_PYTHON), but $(VENV_PYTHON) is Python " + v + ": run make clean, then make PYTHON=python$(LOCK_PYTHON) (or lock for yours: LOCK_PYTHON := " + v + " in the Makefile, then make lock)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/discourse report --out reports

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's chromium (tests/support/browser.py; $CHROMIUM names another).
chromium:
	@if [ -z "$$CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (apt-get) for the browser tests"; \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make test needs Chromium for the browser tests: run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chrome)"; \
	    exit 1; \
	  fi; \
	fi

test: lint chromium
	$(BIN)/pytest -q

lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install --quiet 'uv>=0.5'
	mkdir -p $(dir $(LOCK))
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra docs --extra bench --generate-hashes $(LOCK_FLAGS) \
	  --python-version $(LOCK_PYTHON) --python-platform $(LOCK_PLATFORM) \
	  --custom-compile-command 'make lock' --quiet -o $(LOCK)

bench: $(STAMP)
	$(BIN)/python bench/run.py --repeat 3

docs-figure: $(STAMP)
	$(BIN)/python docs/make_figure.py

# the documentation site, built offline from the docstrings (warnings are errors)
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -d site

docs-figures: $(STAMP)
	$(BIN)/python docs/make_figures.py

clean:
	rm -rf $(VENV) reports site
