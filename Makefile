# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint install lock clean clients

# The locked versions first (requirements-dev.txt: the service, the embedded servers and the dev
# tools, every file checked against its hash), then the project itself without resolving again.
$(STAMP): pyproject.toml requirements-dev.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	$(VENV)/bin/python -m pip check
	touch $(STAMP)

install: $(STAMP)

# The locks, from pyproject.toml, for CPython 3.11 on Linux x86_64, from PyPI: requirements-dev.txt
# (every extra) first, then requirements.txt (what the image installs) held to the same versions.
# Versions already locked are kept; `make lock LOCK_FLAGS=--upgrade` moves every one to the newest.
LOCK = $(VENV)/bin/uv pip compile pyproject.toml --quiet --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --generate-hashes --custom-compile-command "make lock" $(LOCK_FLAGS)

# uv comes with the dev tools. When a dependency of the services has moved past the lock, `make
# install` stops at `pip check`, once uv is in: the lock is then made all the same. (A stale extra
# passes `pip check`; tests/deploy/test_image.py catches it.)
lock:
	test -x $(VENV)/bin/uv || $(MAKE) install || test -x $(VENV)/bin/uv
	$(LOCK) --extra embedded --extra dev -o requirements-dev.txt
	$(LOCK) --constraint requirements-dev.txt -o requirements.txt

run: $(STAMP)
	$(VENV)/bin/hub run

# The whole suite in two phases, each in parallel (pytest-xdist; every worker has its own
# database, Redis database and block of free ports): the tests in process (TEST_WORKERS, a worker
# per core by default: they keep the cores busy), then those that start real processes (marked
# `process`; PROCESS_WORKERS, 4 by default, more than the cores: they mostly wait for their
# processes, which would slow the first phase's tests if the two ran at once). Status 5 (nothing
# selected, when PYTEST_ARGS names tests of one kind) is no failure. Tests marked
# xdist_group("name") run on one worker together (a costly module fixture).
TEST_WORKERS ?= auto
PROCESS_WORKERS ?= 4
PYTEST := $(VENV)/bin/python -m pytest --dist loadgroup

test: $(STAMP) lint
	$(PYTEST) -n $(TEST_WORKERS) -m "not process" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PYTEST) -n $(PROCESS_WORKERS) -m process $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Lint, formatting, the import rules (.importlinter: shared imports no service, services never
# import each other, routes -> service -> repository, no cycles) and the types (mypy, pydantic plugin),
# before the tests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/hadolint Dockerfile

clean:
	rm -rf var/test

# The clients in clients/, generated from the OpenAPI document (tests/test_clients.py fails when
# they drift from it): a typed Python client and TypeScript types (Node.js's npx fetches the
# generator).
clients: $(STAMP)
	$(VENV)/bin/hub openapi > clients/openapi.json
	cd clients && ../$(VENV)/bin/openapi-python-client generate --path openapi.json --meta none \
		--output-path python/coalition_hub_client --overwrite --config python/generator.yaml
	$(VENV)/bin/ruff check --fix-only --quiet clients/python || true
	$(VENV)/bin/ruff format --quiet clients/python
	cd clients && npx --yes openapi-typescript@7.13.0 openapi.json -o typescript/schema.d.ts
