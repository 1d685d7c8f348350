# Kring: `make run` starts the whole product locally, `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
# A Python 3.12 or newer, wherever it is: python3.12/3.13/3.14/python3 on PATH (a pyenv shim counts
# when it answers), else pyenv's oldest 3.12+. The oldest first: Lambda runs 3.12, and the synth takes
# the Lambda runtime from the interpreter. Empty when there is none.
IS_NEW_ENOUGH := -c 'import sys; sys.exit(sys.version_info < (3, 12))'
PYTHON_BIN := $(shell \
  for candidate in python3.12 python3.13 python3.14 python3; do \
    if "$$candidate" $(IS_NEW_ENOUGH) >/dev/null 2>&1; then command -v "$$candidate"; exit 0; fi; \
  done; \
  if command -v pyenv >/dev/null 2>&1; then \
    for version in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.[0-9]+(\.[0-9]+)?$$' | sort -t. -k2,2n -k3,3nr); do \
      candidate="$$(pyenv root)/versions/$$version/bin/python3"; \
      if "$$candidate" $(IS_NEW_ENOUGH) >/dev/null 2>&1; then echo "$$candidate"; exit 0; fi; \
    done; \
  fi)
# pip shows what it fetches and installs (the first install takes a few minutes); CI stays quiet.
PIP_INSTALL := $(PY) -m pip install $(if $(CI),--quiet,--progress-bar on)

.PHONY: install install-run run test fuzz lint typecheck unit integration e2e infra-test synth package deploy bench clean web web-types browser-deps

# The virtualenv, made with a Python 3.12+ (one made with an older Python is made again).
$(VENV)/.python:
	@if [ -x $(PY) ] && $(PY) $(IS_NEW_ENOUGH) 2>/dev/null; then touch $@; exit 0; fi; \
	if [ -z "$(PYTHON_BIN)" ]; then \
	  echo "Kring needs Python 3.12 or newer, and there is none here (looked for python3.12, python3.13," >&2; \
	  echo "python3.14 and python3 on PATH, and in pyenv). Install one, then run make again:" >&2; \
	  echo "  pyenv install 3.12     or your system's python3.12 package, or https://www.python.org/downloads/" >&2; \
	  exit 1; \
	fi; \
	rm -rf $(VENV); \
	echo "Creating $(VENV) with $(PYTHON_BIN) ($$($(PYTHON_BIN) --version))"; \
	$(PYTHON_BIN) -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip && touch $@

## What `make run` needs: the app and the local stack.
$(RUN_STAMP): $(VENV)/.python requirements.txt requirements-run.txt constraints.txt pyproject.toml
	@echo "Installing what running Kring needs into $(VENV) (the first time takes a few minutes)..."
	$(PIP_INSTALL) -r requirements-run.txt -c constraints.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

## Everything else the checks, benchmarks and deploys need (the test and infra toolset).
$(STAMP): $(RUN_STAMP) requirements-dev.txt
	@echo "Installing the test and infra toolset into $(VENV)..."
	$(PIP_INSTALL) -r requirements-dev.txt -c constraints.txt
	touch $@

install-run: $(RUN_STAMP)

install: $(STAMP)

## Start the emulator, the app and the API on :8000 (KRING_PORT), stream poller, clock and demo data.
## FRESH=1 starts clean.
## The app is built first when Node.js is here; without it the API still runs and / says what is missing.
run: install-run
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory web; \
	else echo "Node.js 20 (npm) is not installed: the API runs, the web app needs it (see README)." >&2; fi
	$(VENV)/bin/kring run $(if $(FRESH),--fresh,)

## Four workers on CI's 2 cores (the e2e stories and the two halves of the browser journeys mostly
## wait); a file's tests stay together on one, each half of the browser journeys shares one worker,
## stack and browser, and the longest start first (tests/conftest.py). The API is fuzzed at a depth
## that fits CI; `make fuzz` goes deeper.
test: install lint typecheck web browser-deps
	$(PY) -m pytest tests -n 4 --dist loadfile --no-loadscope-reorder --durations=30

## Fuzz every operation deeper than `make test` does: every invalid value of every field, every
## unexpected method and many more generated requests (tests/support/fuzzing.py). Long.
FUZZ_TESTS := tests/integration/test_api_fuzzing.py tests/integration/test_api_fuzzing_as_learner.py \
  tests/integration/test_api_fuzzing_communities.py
fuzz: install
	KRING_FUZZ=deep $(PY) -m pytest $(FUZZ_TESTS) -n 3 --dist loadfile --durations=5

## The web app (web/): npm ci, API types checked against the OpenAPI document, build into web/dist.
WEB_STAMP := web/node_modules/.installed
$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --prefer-offline
	touch $(WEB_STAMP)

web: install-run $(WEB_STAMP)
	PYTHONPATH=. $(PY) web/scripts/openapi.py web/build/openapi.json
	cd web && npm run --silent build

## Regenerate web/src/api/schema.d.ts after an API change (the build fails until it is committed).
web-types: install-run $(WEB_STAMP)
	PYTHONPATH=. $(PY) web/scripts/openapi.py web/build/openapi.json
	cd web && npm run --silent types

## The browser tests drive Debian's Chromium (Playwright's own browser download is not available).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

browser-deps: $(CHROMIUM) $(WEB_STAMP)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check chalicelib app.py local tests infra bench
	$(VENV)/bin/lint-imports --no-cache

typecheck: install
	$(VENV)/bin/mypy

unit: install
	$(PY) -m pytest tests/unit

integration: install
	$(PY) -m pytest tests/integration

e2e: install
	$(PY) -m pytest tests/e2e

infra-test: install
	$(PY) -m pytest tests/infra

synth: install
	$(PY) -m infra.synth

package: install
	$(PY) -m infra.package

## make deploy [STAGE=prod] [ALARM_EMAIL=ops@example.org] [TRACING=1] [FRONT_DOOR_PLAN=free|pro|business]
deploy: install
	$(PY) -m infra.deploy $(if $(STAGE),--stage $(STAGE),) $(if $(ALARM_EMAIL),--alarm-email $(ALARM_EMAIL),) $(if $(TRACING),--tracing,) $(if $(FRONT_DOOR_PLAN),--front-door-plan $(FRONT_DOOR_PLAN),)

bench: install web
	@$(PY) -m bench.run

clean:
	rm -rf $(VENV) .kring cdk.out web/node_modules web/dist web/build infra/cdk.out vendor .mypy_cache .ruff_cache
