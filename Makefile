# The two commands of the README. Both install what is missing first.
SHELL := /bin/bash
export NEXT_TELEMETRY_DISABLED := 1
export TURBO_TELEMETRY_DISABLED := 1

.PHONY: dev test bench

dev:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python scripts/dev.py

test:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked pytest && UV_COMMAND="$$uv" npx turbo run test \
		&& UV_COMMAND="$$uv" npm run --silent e2e -w @todo/web

bench:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --locked python apps/api/benchmarks/bench_api.py
