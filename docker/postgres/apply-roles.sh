#!/bin/sh
# Compose's one-shot `db-roles`: docker/postgres/roles.sql on the product's database as its
# administrator, then each role's password, taken from the URL secret that role logs in with (so the
# password lives in one file). Idempotent: it runs at every `docker compose up`.
set -eu
# Compose's paths and names; tests/deploy runs the script against a scratch database with its own.
SECRETS="${SECRETS:-/run/secrets}"
ROLES_SQL="${ROLES_SQL:-/todo-postgres/roles.sql}"
export PGHOST="${PGHOST:-postgres}" PGUSER="${PGUSER:-todo}" PGDATABASE="${PGDATABASE:-todo}"
PGPASSWORD="$(cat "$SECRETS/postgres_password")"
export PGPASSWORD

# The user and password of a postgresql://user:password@host/db URL (generate passwords URL-safe).
user_of() { sed -E 's#^[a-z]+://([^:]+):.*#\1#' "$1"; }
password_of() { sed -E 's#^[a-z]+://[^:]+:([^@]*)@.*#\1#' "$1"; }

psql -v ON_ERROR_STOP=1 --quiet \
  -v api_owner="$(user_of "$SECRETS/api_migration_database_url")" \
  -v api_user="$(user_of "$SECRETS/api_database_url")" \
  -v web_owner="$(user_of "$SECRETS/web_migration_database_url")" \
  -v web_user="$(user_of "$SECRETS/web_database_url")" \
  -f "$ROLES_SQL"
for secret in api_migration_database_url api_database_url web_migration_database_url web_database_url; do
  role="$(user_of "$SECRETS/$secret")"
  password="$(password_of "$SECRETS/$secret")"
  # On stdin, never as an argument: an argument shows in every process list.
  psql -v ON_ERROR_STOP=1 --quiet <<SQL
\set role '$role'
\set password '$password'
ALTER ROLE :"role" PASSWORD :'password';
SQL
done
echo "db-roles: the four roles and their grants are in place"
