# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean clients

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hub run

# The whole suite in two phases, each in parallel (pytest-xdist; TEST_WORKERS, a worker per core
# by default, each with its own database and Redis database): the tests in process, then those
# that start real processes (marked `process`), which would otherwise compete for the cores with
# the first phase. Status 5 (nothing selected, when PYTEST_ARGS names tests of one kind) is no
# failure. Tests marked xdist_group("name") run on one worker together (a costly module fixture).
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

test: $(STAMP) lint
	$(PYTEST) -m "not process" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PYTEST) -m process $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Lint, formatting and the import rules (.importlinter: shared imports no service, services
# never import each other), before the tests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

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
