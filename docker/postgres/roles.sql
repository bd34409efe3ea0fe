-- The product's four database roles, none of them a superuser (docs/deployment.md, "Database roles"):
-- each app has an owner, which its migration logs in as and which owns its tables, and a runtime
-- role, which its servers log in as and which may only read and write those tables. An
-- administrator runs this once per database, and again after a new release if it says so; it is
-- idempotent. psql variables name the roles:
--
--   psql "$ADMIN_DATABASE_URL" -v ON_ERROR_STOP=1 -v api_owner=todo_api_owner -v api_user=todo_api \
--     -v web_owner=todo_web_owner -v web_user=todo_web -f docker/postgres/roles.sql
--
-- then gives each role its password (ALTER ROLE ... PASSWORD) or the platform's IAM login.

SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', role)
FROM unnest(ARRAY[:'api_owner', :'api_user', :'web_owner', :'web_user']) AS role
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role) \gexec

-- Tables in public are Better Auth's: only the web app's owner creates there.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SELECT format('GRANT CREATE ON SCHEMA public TO %I', :'web_owner') \gexec

-- The API's owner creates its schema; pg_trgm and btree_gin (trusted extensions) serve the todo search.
SELECT format('GRANT CREATE ON DATABASE %I TO %I', current_database(), :'api_owner') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS todo_api AUTHORIZATION %I', :'api_owner') \gexec
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- Each runtime role reads and writes its owner's tables, those there now and those migrations add.
SELECT format('GRANT USAGE ON SCHEMA todo_api TO %I', :'api_user') \gexec
SELECT format(
  'ALTER DEFAULT PRIVILEGES FOR ROLE %1$I IN SCHEMA %2$s GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %3$I',
  owner, schema, runtime
), format(
  'ALTER DEFAULT PRIVILEGES FOR ROLE %1$I IN SCHEMA %2$s GRANT USAGE, SELECT ON SEQUENCES TO %3$I',
  owner, schema, runtime
), format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %2$s TO %3$I', owner, schema, runtime),
  format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %2$s TO %3$I', owner, schema, runtime)
FROM (VALUES (:'api_owner', 'todo_api', :'api_user'), (:'web_owner', 'public', :'web_user')) AS app(owner, schema, runtime)
\gexec

-- The web app's security events are append-only for its runtime role, which the grant above just gave
-- more (the web migration takes it away too, for a table it creates after this ran): it adds and reads
-- them, and erases those past retention only through the owner's function (apps/web/lib/server/security-activity.ts).
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE ON public.security_event FROM %I', :'web_user')
WHERE to_regclass('public.security_event') IS NOT NULL \gexec
