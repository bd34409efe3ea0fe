# syntax=docker/dockerfile:1
# The web app (apps/web): Next's standalone output served by the project's server.mjs, which keeps the
# client-address rule (TRUSTED_PROXIES), as a non-root user. Build from the repository root:
#   docker build -f docker/web.Dockerfile -t todo-web .                    # the server
#   docker build -f docker/web.Dockerfile --target migrate -t todo-web-migrate .   # Better Auth's migration

ARG NODE_IMAGE=node:24-bookworm-slim
# Provenance for the OCI labels: docker build --build-arg REVISION="$(git rev-parse HEAD)" --build-arg SOURCE=<repository URL>
ARG VERSION=0.1.0 REVISION=unknown SOURCE=""

FROM ${NODE_IMAGE} AS deps
ENV NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1 \
    npm_config_update_notifier=false
WORKDIR /app
# Every workspace's manifest, as `npm ci` wants them; the layer stays cached until the lock file changes.
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/api/package.json apps/api/
COPY packages/auth-contract/package.json packages/auth-contract/
RUN npm ci --no-audit --no-fund --loglevel=error

FROM deps AS builder
COPY apps/web/ apps/web/
# The contract's JSON Schema: the app reads the account limits from it at build time.
COPY packages/auth-contract/schema/ packages/auth-contract/schema/
COPY docker/assemble-web-runtime.mjs docker/
RUN npm run build -w @todo/web && node docker/assemble-web-runtime.mjs /runtime

# One-shot: Better Auth's tables (and in EdDSA mode the signing key), with the full toolchain the
# migration script needs. Run once per release before the web replicas (compose: migrate-web;
# Kubernetes: the migration Job), never by the replicas themselves.
FROM deps AS migrate
ARG VERSION REVISION SOURCE
LABEL org.opencontainers.image.title="todo-web-migrate" \
      org.opencontainers.image.description="Better Auth's migrations for the todo web app (one-shot)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"
COPY apps/web/ apps/web/
# npm's cache and tsx's compile cache go to /tmp, writable under a read-only root filesystem.
ENV npm_config_cache=/tmp/.npm
USER 1000:1000
CMD ["npm", "run", "--silent", "migrate", "-w", "@todo/web"]

FROM ${NODE_IMAGE} AS runtime
ARG VERSION REVISION SOURCE
LABEL org.opencontainers.image.title="todo-web" \
      org.opencontainers.image.description="The todo web app: Better Auth and the backend-for-frontend" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    WEB_HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=builder /runtime ./
# The image's user `node` is uid 1000. Next writes its cache here; the rest of the tree stays owned by
# root, read-only to the server.
RUN chown 1000:1000 /app/apps/web/.next/cache
WORKDIR /app/apps/web
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "runtime/server.mjs"]
