# Two entry points (see README): `make run` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/store
HOST ?= 127.0.0.1
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test etl dashboard venv dev-venv browser sample bench clean

run: venv etl dashboard

etl: venv
	$(BIN)/python -m etl run --store $(STORE)

dashboard: venv
	$(BIN)/python -m dashboard --store $(STORE) --host $(HOST) --port $(PORT)

test: dev-venv browser
	PATH="/usr/bin:$$PATH" $(BIN)/python -m pytest

venv: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

dev-venv: $(BIN)/.installed-dev

$(BIN)/.installed-dev: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
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
