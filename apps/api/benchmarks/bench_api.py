"""How much the API's request path costs: token verification and the rate limiter alone, then
GET /v1/todos under load.

Part 1 times the API's `TokenVerifier.verify` against a bare `jwt.decode` of the same token, for HS256
and EdDSA, and the CPU time of one rate-limit hit (Redis, and limits' memory storage). Part 2 loads
the real API (`todo-api serve`: auth, Redis rate limiter, metrics), the same API without
prometheus-fastapi-instrumentator's HTTP metrics (api_without_http_metrics.py, to price them) and
baseline_app.py (the same query and response model, nothing else) with wrk, each server one uvicorn
worker on CPU 0 and wrk on CPU 1, alternating runs so that machine noise hits all alike.

    uv run python apps/api/benchmarks/bench_api.py [--duration 10] [--rounds 2] [--skip-load]

Needs PostgreSQL (DATABASE_URL's server, else 127.0.0.1:5432) and Redis (REDIS_URL's server, else
127.0.0.1:6379); it writes only to the database `todo_bench` and to Redis db 3, which it flushes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
import psycopg
import redis
import uvloop
from baseline_app import BENCH_USER_ID
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from dev_infra import load
from dev_infra.heavy_users import add_inbox
from dev_infra.load import LoadResult
from dev_infra.servers import ServerNotReady, ServerProcess
from jwt.algorithms import OKPAlgorithm
from limits import parse_many
from todo_api.core.config import hs256_kid
from todo_api.core.rate_limit import UserRateLimiter
from todo_api.core.token_verifier import (
    MAX_LIFETIME_SECONDS,
    JwksKeySet,
    StaticKeySet,
    TokenVerifier,
    VerifiedToken,
)

BENCH_DIR = Path(__file__).resolve().parent
ISSUER = "http://bench.invalid"
AUDIENCE = "todo-api"
BENCH_EMAIL = "bench@example.com"
BENCH_NAME = "Bench User"
SEEDED_TODOS = 20

BENCH_DATABASE = "todo_bench"
DEFAULT_DATABASE_URL = f"postgresql://postgres@127.0.0.1:5432/{BENCH_DATABASE}"
BENCH_REDIS_DB = "3"
DEFAULT_REDIS_URL = f"redis://127.0.0.1:6379/{BENCH_REDIS_DB}"
UNLIMITED_RATE = "100000000/minute"  # the limiter still counts every request in Redis, it never refuses

API_PORT = 18001
BASELINE_PORT = 18002
NO_HTTP_METRICS_PORT = 18003
SERVER_CPU = "0"
LOAD_CPU = "1"
CONNECTIONS = 32
WARM_UP_SECONDS = 3
READY_TIMEOUT_SECONDS = 30
MAX_DURATION_SECONDS = MAX_LIFETIME_SECONDS - 60

VERIFY_BATCHES = 200
RATE_LIMIT_HITS = 5000
RATE_LIMIT_ROUNDS = 5
MANY_USERS = 10_000
VERIFY_BATCH_SIZE = 50
TARGET_VERIFY_RATIO = 1.3
TARGET_THROUGHPUT_RATIO = 0.8
TARGET_P99_RATIO = 1.5
MAX_HTTP_METRICS_COST = 0.05


class BenchmarkError(Exception):
    """Something that makes the figures meaningless: stop and say why."""


def random_secret() -> str:
    return secrets.token_urlsafe(32)  # 43 characters, as the web app's BACKEND_JWT_SECRET


def mint_token(alg: str, signing_key: Any, kid: str) -> str:
    """An access token as the web app mints it (packages/auth-contract), valid from now on."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": BENCH_USER_ID,
        "sid": uuid.uuid4().hex,
        "email": BENCH_EMAIL,
        "name": BENCH_NAME,
        "iat": now,
        "nbf": now,
        "exp": now + MAX_LIFETIME_SECONDS,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, signing_key, algorithm=alg, headers={"kid": kid, "typ": "at+jwt"})


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# --- part 1: token verification ---------------------------------------------------------------------


@dataclass(frozen=True)
class VerificationCase:
    alg: str
    token: str
    verifier: TokenVerifier
    decode_key: Any  # what a bare jwt.decode is given: the secret, or the public key object


def hs256_case() -> VerificationCase:
    secret = random_secret().encode()
    verifier = TokenVerifier(algorithm="HS256", keys=StaticKeySet([secret]), issuer=ISSUER, audience=AUDIENCE)
    return VerificationCase("HS256", mint_token("HS256", secret, hs256_kid(secret)), verifier, secret)


def eddsa_case() -> VerificationCase:
    private_key = Ed25519PrivateKey.generate()
    kid = "bench-ed25519"
    jwk = {**OKPAlgorithm.to_jwk(private_key.public_key(), as_dict=True), "kid": kid, "use": "sig", "alg": "EdDSA"}
    # The parsed dict already has get(kid), the whole KeySet protocol: no JWKS fetch.
    keys = JwksKeySet.parse({"keys": [jwk]})
    verifier = TokenVerifier(algorithm="EdDSA", keys=keys, issuer=ISSUER, audience=AUDIENCE)
    return VerificationCase("EdDSA", mint_token("EdDSA", private_key, kid), verifier, private_key.public_key())


def median_call_micros(calls: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median µs per call of each function, from interleaved batches (order flipped every other
    batch) so that noise on the machine lands on all of them alike."""
    per_call: dict[str, list[float]] = {name: [] for name in calls}
    items = list(calls.items())
    for batch in range(VERIFY_BATCHES):
        for name, call in items if batch % 2 == 0 else reversed(items):
            started = time.perf_counter_ns()
            for _ in range(VERIFY_BATCH_SIZE):
                call()
            per_call[name].append((time.perf_counter_ns() - started) / VERIFY_BATCH_SIZE / 1000)
    return {name: statistics.median(samples) for name, samples in per_call.items()}


def benchmark_verification(case: VerificationCase) -> dict[str, float]:
    def verifier() -> VerifiedToken:
        return case.verifier.verify(case.token)

    def bare() -> dict[str, Any]:
        return jwt.decode(case.token, case.decode_key, algorithms=[case.alg], audience=AUDIENCE, issuer=ISSUER)

    # Both must accept the token, or we would be timing a rejection.
    if verifier().sub != BENCH_USER_ID or bare()["sub"] != BENCH_USER_ID:
        raise BenchmarkError(f"{case.alg}: the token was not accepted as minted")
    medians = median_call_micros({"verifier": verifier, "bare": bare})
    ratio = medians["verifier"] / medians["bare"]
    print(
        f"  {case.alg:<6} verifier {medians['verifier']:7.1f} µs   bare jwt.decode {medians['bare']:7.1f} µs   "
        f"ratio {ratio:.2f} (target <= {TARGET_VERIFY_RATIO}) {verdict(ratio <= TARGET_VERIFY_RATIO)}",
        flush=True,
    )
    return {"verifier_us": round(medians["verifier"], 2), "bare_decode_us": round(medians["bare"], 2)}


async def cpu_micros_per_hit(limiter: UserRateLimiter, users: int) -> float:
    """Median CPU µs of one hit, one hit per event-loop turn as in a server, with the loop's own cost
    per turn taken off. CPU time, not wall time: waiting for Redis costs the server nothing."""

    async def turns(hit: bool) -> float:
        started = time.process_time()
        for n in range(RATE_LIMIT_HITS):
            if hit:
                await limiter.hit(f"bench-user-{n % users}")
            await asyncio.sleep(0)
        return (time.process_time() - started) / RATE_LIMIT_HITS * 1e6

    for n in range(users):  # every user's counter exists, as in a busy window
        await limiter.hit(f"bench-user-{n}")
    samples = [await turns(hit=True) - await turns(hit=False) for _ in range(RATE_LIMIT_ROUNDS)]
    await limiter.close()
    return statistics.median(samples)


def benchmark_rate_limiter() -> dict[str, float]:
    redis_url = bench_redis_url()
    flush_redis(redis_url)
    cases = {
        "Redis (limits + redis-py)": (redis_url, 1),
        "memory, 1 user": (None, 1),
        f"memory, {MANY_USERS:,} users": (None, MANY_USERS),
    }
    cpu_per_hit: dict[str, float] = {}
    for name, (url, users) in cases.items():
        limiter = UserRateLimiter(parse_many(UNLIMITED_RATE), url, timeout_seconds=1.0)
        micros = uvloop.run(cpu_micros_per_hit(limiter, users))
        print(f"  {name:<28} {micros:7.1f} µs CPU per hit", flush=True)
        cpu_per_hit[name] = round(micros, 1)
    return cpu_per_hit


# --- part 2: preparing the database and Redis ------------------------------------------------------


def bench_database_url(database: str = BENCH_DATABASE) -> str:
    """`database` on DATABASE_URL's server (a sibling, never that database itself), else local."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    return urlsplit(url)._replace(path=f"/{database}").geturl()


def bench_redis_url() -> str:
    """Db 3 on REDIS_URL's server (never REDIS_URL's own db: the bench flushes it), else local."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return DEFAULT_REDIS_URL
    return urlsplit(url)._replace(path=f"/{BENCH_REDIS_DB}").geturl()


def libpq_url(url: str, database: str | None = None) -> str:
    """The URL as psycopg takes it: the API also accepts SQLAlchemy's "postgresql+psycopg://", libpq does not."""
    parts = urlsplit(url)
    parts = parts._replace(scheme=parts.scheme.split("+")[0])
    return (parts._replace(path=f"/{database}") if database else parts).geturl()


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def create_database_if_missing(url: str) -> None:
    database = database_name(url)
    with psycopg.connect(libpq_url(url, "postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone() is None:
            print(f"creating database {database} ...", flush=True)
            conn.execute(f'CREATE DATABASE "{database}"')


def migrate(env: dict[str, str]) -> None:
    print(f"migrating {database_name(env['DATABASE_URL'])} (todo-api migrate) ...", flush=True)
    result = subprocess.run([str(todo_api_executable()), "migrate"], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchmarkError(f"todo-api migrate failed:\n{result.stdout}{result.stderr}")


def seed_todos(url: str) -> None:
    """One user with exactly one page of todos, varied like real ones (tags, due dates, priorities)."""
    print(f"seeding user {BENCH_USER_ID!r} with {SEEDED_TODOS} todos ...", flush=True)
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("TRUNCATE todo_api.users CASCADE")  # with every table that refers to users
        conn.execute(
            "INSERT INTO todo_api.users (id, email, name) VALUES (%s, %s, %s)",
            (BENCH_USER_ID, BENCH_EMAIL, BENCH_NAME),
        )
        inbox = add_inbox(conn, BENCH_USER_ID)
        conn.execute(
            "INSERT INTO todo_api.todos "
            "(owner_id, list_id, title, description, completed, priority, due_at, tags, created_at) "
            "SELECT %s, %s, 'Todo number ' || n, 'Something to do, item ' || n, mod(n, 4) = 0, "
            "(ARRAY['low', 'medium', 'high'])[mod(n, 3) + 1]::todo_api.todo_priority, "
            "CASE WHEN mod(n, 2) = 0 THEN now() + n * interval '1 day' END, "
            "ARRAY['bench', 'tag' || mod(n, 5)], now() - n * interval '1 minute' "
            "FROM generate_series(1, %s) AS n",
            (BENCH_USER_ID, inbox, SEEDED_TODOS),
        )


def flush_redis(url: str) -> None:
    print(f"flushing Redis db {urlsplit(url).path.lstrip('/') or '0'} ...", flush=True)
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()  # this db only: the limiter's counters from earlier runs
    finally:
        client.close()


# --- part 2: servers ---------------------------------------------------------------------------------


def todo_api_executable() -> Path:
    # The workspace's own entry point, beside the interpreter that `uv run` started.
    path = Path(sys.executable).with_name("todo-api")
    if not path.exists():
        raise BenchmarkError(f"{path} not found: run this with `uv run python` from the repository root")
    return path


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    command: tuple[str, ...]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def api_server() -> Server:
    return Server("api", API_PORT, (str(todo_api_executable()), "serve", "--port", str(API_PORT)))


def baseline_server() -> Server:
    # uvicorn's defaults pick uvloop and httptools, as `todo-api serve` does.
    command = (sys.executable, "-m", "uvicorn", "baseline_app:app", "--app-dir", str(BENCH_DIR))
    options = ("--port", str(BASELINE_PORT), "--no-access-log", "--no-server-header", "--log-level", "warning")
    return Server("baseline", BASELINE_PORT, command + options)


def api_without_http_metrics_server() -> Server:
    command = (sys.executable, str(BENCH_DIR / "api_without_http_metrics.py"), "serve")
    return Server("no-http-metrics", NO_HTTP_METRICS_PORT, (*command, "--port", str(NO_HTTP_METRICS_PORT)))


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def get_json(url: str, token: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


@contextmanager
def running(server: Server, env: dict[str, str], log_dir: Path) -> Iterator[None]:
    """The server as one uvicorn worker pinned to SERVER_CPU, in its own process group, stopped on exit."""
    if port_in_use(server.port):
        raise BenchmarkError(f"port {server.port} is already in use: stop whatever listens there first")
    print(f"starting {server.name} on :{server.port} ...", flush=True)
    command = ["taskset", "-c", SERVER_CPU, *server.command]
    log_path = log_dir / f"{server.name}.log"
    try:
        process = ServerProcess(
            command, env=env, log_path=log_path, ready_url=server.url("/healthz"), timeout=READY_TIMEOUT_SECONDS
        )
    except ServerNotReady as exc:
        raise BenchmarkError(f"{server.name}: {exc}") from exc
    with process:
        try:
            yield
        finally:
            print(f"stopping {server.name} ...", flush=True)


def check_todos_page(server: Server, token: str) -> None:
    status, body = get_json(server.url("/v1/todos"), token)
    if status != 200 or not isinstance(body, dict) or len(body.get("items", [])) != SEEDED_TODOS:
        raise BenchmarkError(f"{server.name} GET /v1/todos answered {status} {str(body)[:300]}")
    print(f"  {server.name}: GET /v1/todos -> 200 with {SEEDED_TODOS} items", flush=True)


# --- part 2: load ------------------------------------------------------------------------------------


def run_wrk(url: str, token: str, seconds: int) -> LoadResult:
    headers = {"Authorization": f"Bearer {token}"}
    return load.load_result(load.wrk_output(url, headers, seconds=seconds, connections=CONNECTIONS, cpu=LOAD_CPU))


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("bench_api: wrk is not installed; install it (apt-get install -y wrk) or run --skip-load")
    print("installing wrk (apt-get install -y wrk) ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL, check=False)
    if not shutil.which("wrk"):
        sys.exit("bench_api: apt-get could not install wrk (try `apt-get update` first)")


def table_row(label: str, server: str, result: LoadResult) -> str:
    return f"  {label:<10}{server:<16}{result.requests_per_second:>10.1f}{result.p50_ms:>10.2f}{result.p99_ms:>10.2f}"


def print_load_table(runs: dict[str, list[LoadResult]]) -> None:
    print(f"\n  {'run':<10}{'server':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for number in range(len(runs["api"])):
        for name in runs:
            print(table_row(f"round {number + 1}", name, runs[name][number]))
    medians = {name: median_result(results) for name, results in runs.items()}
    for name in runs:
        print(table_row("median", name, medians[name]))
    throughput = medians["api"].requests_per_second / medians["baseline"].requests_per_second
    p99 = medians["api"].p99_ms / medians["baseline"].p99_ms
    print(
        f"\n  throughput api/baseline {throughput:.2f} (target >= {TARGET_THROUGHPUT_RATIO}) "
        f"{verdict(throughput >= TARGET_THROUGHPUT_RATIO)}"
    )
    print(f"  p99 api/baseline        {p99:.2f} (target <= {TARGET_P99_RATIO}) {verdict(p99 <= TARGET_P99_RATIO)}")
    # What prometheus-fastapi-instrumentator's HTTP metrics cost, against the same API without them.
    metrics_cost = 1 - medians["api"].requests_per_second / medians["no-http-metrics"].requests_per_second
    print(
        f"  HTTP metrics' cost      {metrics_cost:.1%} of throughput (at most {MAX_HTTP_METRICS_COST:.0%}) "
        f"{verdict(metrics_cost <= MAX_HTTP_METRICS_COST)}"
    )


def median_result(results: list[LoadResult]) -> LoadResult:
    return LoadResult(
        requests_per_second=statistics.median(r.requests_per_second for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
    )


def benchmark_load(duration: int, rounds: int) -> dict[str, list[LoadResult]]:
    ensure_wrk()
    database_url = bench_database_url()
    redis_url = bench_redis_url()
    secret = random_secret()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "AUTH_JWT_ALG": "HS256",
        "BACKEND_JWT_SECRET": secret,
        "JWT_ISSUER": ISSUER,
        "JWT_AUDIENCE": AUDIENCE,
        "REDIS_URL": redis_url,
        "API_RATE_LIMIT": UNLIMITED_RATE,
    }
    create_database_if_missing(database_url)
    migrate(env)
    seed_todos(database_url)
    flush_redis(redis_url)

    def fresh_token() -> str:
        key = secret.encode()
        return mint_token("HS256", key, hs256_kid(key))

    servers = {
        "baseline": baseline_server(),
        "api": api_server(),
        "no-http-metrics": api_without_http_metrics_server(),
    }
    with ExitStack() as stack:
        log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-api-")))
        for server in servers.values():
            stack.enter_context(running(server, env, log_dir))
        for server in servers.values():
            check_todos_page(server, fresh_token())
        for server in servers.values():
            print(f"warming up {server.name} ({WARM_UP_SECONDS} s) ...", flush=True)
            run_wrk(server.url("/v1/todos"), fresh_token(), WARM_UP_SECONDS)
        runs: dict[str, list[LoadResult]] = {name: [] for name in servers}
        for number in range(1, rounds + 1):
            for name, server in servers.items():
                print(f"round {number}/{rounds}: loading {name} for {duration} s ...", flush=True)
                runs[name].append(run_wrk(server.url("/v1/todos"), fresh_token(), duration))
    print_load_table(runs)
    return runs


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--duration", type=int, default=10, metavar="SECONDS", help="seconds per load run (default: 10)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="baseline/api run pairs (default: 2)")
    parser.add_argument("--skip-load", action="store_true", help="run only the token verification benchmark")
    parser.add_argument("--json", type=Path, help="write the raw figures into this file")
    args = parser.parse_args()
    # A run must end before the token minted for it expires.
    if not 1 <= args.duration <= MAX_DURATION_SECONDS:
        parser.error(f"--duration must be between 1 and {MAX_DURATION_SECONDS} seconds")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main() -> None:
    args = parse_args()
    figures: dict[str, Any] = {}
    try:
        print("token verification, median per call:", flush=True)
        figures["verification"] = {case.alg: benchmark_verification(case) for case in (hs256_case(), eddsa_case())}
        print("\nrate limiter, one hit per event-loop turn:", flush=True)
        figures["rate_limiter_cpu_us_per_hit"] = benchmark_rate_limiter()
        if not args.skip_load:
            print("\nGET /v1/todos under load:", flush=True)
            runs = benchmark_load(args.duration, args.rounds)
            figures["load"] = {
                "connections": CONNECTIONS,
                "seconds": args.duration,
                "runs": {name: [asdict(result) for result in results] for name, results in runs.items()},
                "median": {name: asdict(median_result(results)) for name, results in runs.items()},
            }
    except (BenchmarkError, load.LoadFailed) as exc:
        sys.exit(f"bench_api: {exc}")
    except KeyboardInterrupt:
        sys.exit("bench_api: interrupted")  # the servers were stopped on the way out
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
