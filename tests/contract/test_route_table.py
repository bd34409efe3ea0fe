"""The web app's route table (apps/web/routes.json) against what it describes: the route handlers under
apps/web/app/api answer exactly its paths and methods, every API path it names is an operation of the
API's OpenAPI schema with those methods, and each forwarding route handler calls that API path. The
metrics, the objectives and the end-to-end log checks read the table, so a route added without it
fails here rather than going uncounted."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from todo_api.main import create_app

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "apps" / "web"
ROUTE_HANDLERS = WEB / "app" / "api"
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# `export async function GET`, `export const GET =`, or `export { handler as GET, … }`.
EXPORTED_METHOD = re.compile(rf"export (?:async function|const) ({'|'.join(METHODS)})\b|\bas ({'|'.join(METHODS)})\b")
# A relative import of a module beside the handler (its folder or the one above), which may build the API path.
LOCAL_IMPORT = re.compile(r'from "(\.\.?/[^"]+)"')


def route_table() -> list[dict[str, Any]]:
    routes: list[dict[str, Any]] = json.loads((WEB / "routes.json").read_text())["routes"]
    return routes


def handler_source(route: dict[str, Any]) -> str:
    """The route handler's source and that of the local modules it imports."""
    handler = ROUTE_HANDLERS / route["path"].removeprefix("/api/") / "route.ts"
    source = handler.read_text()
    for module in LOCAL_IMPORT.findall(source):
        source += (handler.parent / f"{module}.ts").read_text()
    return source


def test_the_route_handlers_answer_exactly_the_tables_paths_and_methods() -> None:
    handlers = {
        "/" + handler.parent.relative_to(WEB / "app").as_posix(): sorted(
            method for match in EXPORTED_METHOD.findall(handler.read_text()) for method in match if method
        )
        for handler in ROUTE_HANDLERS.rglob("route.ts")
    }
    assert handlers == {route["path"]: sorted(route["methods"]) for route in route_table()}


@pytest.fixture(scope="module")
def api_operations() -> dict[str, set[str]]:
    paths = create_app().openapi()["paths"]
    return {path: {method.upper() for method in operations} for path, operations in paths.items()}


@pytest.mark.parametrize("route", [route for route in route_table() if "api" in route], ids=lambda r: r["path"])
def test_a_forwarding_route_calls_an_api_operation_with_its_methods(
    route: dict[str, Any], api_operations: dict[str, set[str]]
) -> None:
    assert route["api"] in api_operations, f"the API has no {route['api']}"
    assert set(route["methods"]) <= api_operations[route["api"]], f"the API answers {api_operations[route['api']]}"
    # The path up to its first parameter, as the handler writes it (a literal, or a template string).
    fixed_part = route["api"].split("{", 1)[0]
    assert f'"{fixed_part}' in handler_source(route) or f"`{fixed_part}" in handler_source(route), (
        f"{route['path']} does not call {route['api']}"
    )
