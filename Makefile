# Two entry points (see README): `make run` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/store
HOST ?= 127.0.0.1
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint etl dashboard venv dev-venv browser sample bench clean

run: venv etl dashboard

etl: venv
	$(BIN)/diskurs run --store $(STORE)

dashboard: venv
	$(BIN)/diskurs dashboard --store $(STORE) --host $(HOST) --port $(PORT)

test: dev-venv browser lint
	PATH="/usr/bin:$$PATH" $(BIN)/python -m pytest

lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

venv: $(BIN)/.installed

# The pinned requirements, then the project itself, editable: `diskurs` on the venv's PATH.
$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

dev-venv: $(BIN)/.installed-dev

$(BIN)/.installed-dev: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(BIN)/.installed $@

# Chromium and chromedriver from Debian, for the browser tests; skipped when already there.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

sample: venv
	$(BIN)/python etl/resources/sample/generate.py

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(STORE)
