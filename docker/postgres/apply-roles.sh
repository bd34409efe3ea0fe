#!/bin/sh
# Compose's one-shot `db-roles`: docker/postgres/roles.sql on the product's database as its
# administrator, then each role's password, taken from the URL secret that role logs in with (so the
# password lives in one file). Idempotent: it runs at every `docker compose up`.
set -eu
export PGHOST=postgres PGUSER=todo PGDATABASE=todo
PGPASSWORD="$(cat /run/secrets/postgres_password)"
export PGPASSWORD

# The user and password of a postgresql://user:password@host/db URL (generate passwords URL-safe).
user_of() { sed -E 's#^[a-z]+://([^:]+):.*#\1#' "$1"; }
password_of() { sed -E 's#^[a-z]+://[^:]+:([^@]*)@.*#\1#' "$1"; }

psql -v ON_ERROR_STOP=1 --quiet \
  -v api_owner="$(user_of /run/secrets/api_migration_database_url)" \
  -v api_user="$(user_of /run/secrets/api_database_url)" \
  -v web_owner="$(user_of /run/secrets/web_migration_database_url)" \
  -v web_user="$(user_of /run/secrets/web_database_url)" \
  -f /todo-postgres/roles.sql
for secret in api_migration_database_url api_database_url web_migration_database_url web_database_url; do
  # Fed on stdin, where psql interpolates its variables: the password never appears in a process list.
  echo "ALTER ROLE :\"role\" PASSWORD :'password'" | psql -v ON_ERROR_STOP=1 --quiet \
    -v role="$(user_of "/run/secrets/$secret")" -v password="$(password_of "/run/secrets/$secret")"
done
echo "db-roles: the four roles and their grants are in place"
