# The two commands of the README (and their helpers). Each installs what is missing first.
SHELL := /bin/bash
export NEXT_TELEMETRY_DISABLED := 1
export TURBO_TELEMETRY_DISABLED := 1
# Node.js of the locked Python environment (scripts/bootstrap.sh), whatever Node the machine has.
export PATH := $(CURDIR)/.venv/node/bin:$(PATH)

.PHONY: dev test lint format bench observability backup restore release test-api test-contract test-deploy test-web e2e test-scale

dev:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python scripts/dev.py

# ruff (lint and format), strict mypy, Biome and tsc: what CI refuses, before any test runs.
lint:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked ruff check . && $$uv run --locked ruff format --check . \
		&& $$uv run --locked mypy && npx turbo run lint typecheck --output-logs=errors-only

# Applies the formatters and the safe lint fixes.
format:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked ruff check --fix . && $$uv run --locked ruff format . \
		&& npm run --silent format -w @todo/web

# Every suite, in this order: the scale-out tests come last, serving the production build the
# end-to-end run has just made.
test: lint
	@$(MAKE) --no-print-directory test-api test-contract test-deploy test-web e2e
	@SCALE_OUT_SKIP_BUILD=1 $(MAKE) --no-print-directory test-scale

# One suite each; ARGS goes to its runner (pytest, vitest or Playwright), e.g. make test-api ARGS="-k rate".
test-api:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked pytest apps/api/tests $(ARGS)
test-contract:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked pytest packages/auth-contract/tests tests/contract $(ARGS)
test-deploy:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked pytest tests/deploy packages/observability/tests $(ARGS)
test-web:
	@uv="$$(scripts/bootstrap.sh)" && UV_COMMAND="$$uv" npx turbo run test -- $(ARGS)
e2e:
	@uv="$$(scripts/bootstrap.sh)" && UV_COMMAND="$$uv" npm run --silent e2e -w @todo/web -- $(ARGS)
test-scale:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked pytest tests/scale_out $(ARGS)

# Every benchmark, then docs/performance.md and docs/performance.json (scripts/bench.py; PARTS=api,... for some).
bench:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python scripts/bench.py $(if $(PARTS),--parts $(PARTS))

# The database of DATABASE_URL to a file (FILE, default backups/todo-<UTC time>.dump) and back (scripts/backup.py).
backup:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python scripts/backup.py backup $(FILE)
restore:
	@test -n "$(FILE)" || { echo "make restore FILE=backups/todo-....dump [REPLACE=1]"; exit 2; }
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python scripts/backup.py restore "$(FILE)" $(if $(REPLACE),--replace)

# Writes the Prometheus rules and the Grafana dashboard from packages/observability; make test fails when they drift.
observability:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python -m observability

# Releases a Kubernetes overlay to kubectl's current context, in order (deploy/kubernetes/release.py), e.g. OVERLAY=production.
release:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python deploy/kubernetes/release.py deploy/kubernetes/overlays/$(OVERLAY)
