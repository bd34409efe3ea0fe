# syntax=docker/dockerfile:1
# The private API (apps/api): `todo-api serve` as a non-root user; the same image runs `todo-api migrate`.
# Build from the repository root:  docker build -f docker/api.Dockerfile -t todo-api .

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
# uv from PyPI, the version scripts/bootstrap.sh installs.
RUN pip install --no-cache-dir uv==0.13.9
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src
# The workspace's manifests first: the dependency layer stays cached until uv.lock changes. uv reads
# every member's manifest to check the lock, though only the API is installed.
COPY pyproject.toml uv.lock ./
COPY apps/api/pyproject.toml apps/api/
COPY packages/auth-contract/pyproject.toml packages/auth-contract/
COPY packages/dev-infra/pyproject.toml packages/dev-infra/
COPY packages/observability/pyproject.toml packages/observability/
RUN uv sync --locked --no-dev --package todo-api --no-install-workspace
COPY apps/api/ apps/api/
RUN uv sync --locked --no-dev --package todo-api --no-editable

FROM ${PYTHON_IMAGE} AS runtime
# Provenance for the OCI labels: docker build --build-arg REVISION="$(git rev-parse HEAD)" --build-arg SOURCE=<repository URL>
ARG VERSION=0.1.0 REVISION=unknown SOURCE=""
LABEL org.opencontainers.image.title="todo-api" \
      org.opencontainers.image.description="The private todo API: trusts only short-lived JWTs minted by the web app" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"
RUN groupadd --system --gid 10001 todo \
    && useradd --system --uid 10001 --gid todo --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin todo
COPY --from=builder /opt/venv /opt/venv
# API_WORKERS: uvicorn worker processes; their metrics meet in PROMETHEUS_MULTIPROC_DIR (under /tmp,
# the one writable place when the root filesystem is read-only).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    API_WORKERS=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/todo-api-metrics
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# A shell only to read API_WORKERS; exec hands it PID 1, so SIGTERM reaches uvicorn for a graceful stop.
CMD ["sh", "-c", "exec todo-api serve --host 0.0.0.0 --port 8000 --workers \"$API_WORKERS\""]
