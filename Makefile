# Kring: `make run` starts the whole product locally, `make test` runs every check.
SHELL := /bin/bash
PYTHON_BIN := $(shell PYENV_VERSION=3.12.1 python3.12 --version >/dev/null 2>&1 && echo "env PYENV_VERSION=3.12.1 python3.12" || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck unit integration e2e infra-test synth package deploy bench clean web web-types browser-deps

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## Start the emulator, the API on :8000 (KRING_PORT), stream poller, clock and demo data. FRESH=1 starts clean.
run: install
	$(VENV)/bin/kring run $(if $(FRESH),--fresh,)

## Three workers on CI's 2 cores (the e2e stories mostly wait); a file's tests stay together on one
## (tests/conftest.py), and files start in collection order (the long ones first).
test: install lint typecheck web browser-deps
	$(PY) -m pytest tests -n 3 --dist loadfile --no-loadscope-reorder --durations=15

## The web app (web/): npm ci, API types checked against the OpenAPI document, build into web/dist.
WEB_STAMP := web/node_modules/.installed
$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $(WEB_STAMP)

web: install $(WEB_STAMP)
	PYTHONPATH=. $(PY) web/scripts/openapi.py web/build/openapi.json
	cd web && npm run --silent build

## Regenerate web/src/api/schema.d.ts after an API change (the build fails until it is committed).
web-types: install $(WEB_STAMP)
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

deploy: install
	$(PY) -m infra.deploy $(if $(STAGE),--stage $(STAGE),)

bench: install web
	@$(PY) -m bench.run

clean:
	rm -rf $(VENV) .kring cdk.out web/node_modules web/dist web/build infra/cdk.out vendor .mypy_cache .ruff_cache
