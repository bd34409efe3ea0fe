"""Every PromQL expression of the generated dashboard and rule files, ready to send to a Prometheus.

Dashboard queries carry Grafana template variables; each is replaced by what Grafana sends when
"All" is selected (a match-all regex) or, for Grafana's own interval variables, by a fixed duration.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from observability.generated import DASHBOARDS_DIR, RULES_DIR

MATCH_ALL = ".*"
# What Grafana substitutes for its own variables over a one-hour range with a 15 s scrape interval.
BUILTINS = {"__rate_interval": "1m", "__interval": "15s", "__range": "1h", "__range_s": "3600", "__range_ms": "3600000"}
# $name, ${name}, ${name:format} and the deprecated [[name]].
_VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)(?::\w+)?\]\]")
_LABEL_VALUES = re.compile(r"label_values\((?P<selector>.+),\s*\w+\)", re.DOTALL)


@dataclass(frozen=True)
class Expression:
    origin: str  # where it was found, for messages
    promql: str


class UnknownVariableError(ValueError):
    pass


def substitute(promql: str, variables: set[str]) -> str:
    """The expression with every template variable replaced; an undeclared one is an error."""

    def value(match: re.Match[str]) -> str:
        name = next(group for group in match.groups() if group)
        if name in BUILTINS:
            return BUILTINS[name]
        if name in variables:
            return MATCH_ALL
        raise UnknownVariableError(f"${name} is not a variable of the dashboard, in: {promql}")

    return _VARIABLE.sub(value, promql)


def _panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))


def dashboard_expressions(path: Path) -> list[Expression]:
    """The queries of every panel and annotation, and the series selectors of `label_values` variables."""
    model = json.loads(path.read_text())
    variables = model.get("templating", {}).get("list", [])
    names = {variable["name"] for variable in variables}
    found = []
    for variable in variables:
        query = variable.get("query")
        match = _LABEL_VALUES.fullmatch(query) if variable["type"] == "query" and isinstance(query, str) else None
        if match:
            found.append(Expression(f"{path.name}: variable {variable['name']}", match["selector"]))
    for annotation in model.get("annotations", {}).get("list", []):
        if "expr" in annotation:
            found.append(Expression(f"{path.name}: annotation {annotation['name']!r}", annotation["expr"]))
    for panel in _panels(model.get("panels", [])):
        for target in panel.get("targets", []):
            origin = f"{path.name}: panel {panel['title']!r} query {target['refId']}"
            found.append(Expression(origin, target["expr"]))
    return [Expression(found.origin, substitute(found.promql, names)) for found in found]


def rule_expressions(path: Path) -> list[Expression]:
    groups = yaml.safe_load(path.read_text())["groups"]
    return [
        Expression(
            f"{path.name}: {'alert' if 'alert' in rule else 'record'} {rule.get('alert') or rule['record']}",
            rule["expr"],
        )
        for group in groups
        for rule in group["rules"]
    ]


def all_expressions(dashboards: Path = DASHBOARDS_DIR, rules: Path = RULES_DIR) -> list[Expression]:
    """Every expression of every dashboard and rule file in the repository."""
    return [
        *(found for path in sorted(dashboards.glob("*.json")) for found in dashboard_expressions(path)),
        *(found for path in sorted(rules.glob("*.yml")) for found in rule_expressions(path)),
    ]


def as_rule_file(expressions: list[Expression]) -> str:
    """A rule file recording each expression, so that `promtool check rules` parses them all."""
    rules = [{"record": f"extracted:expression:{n}", "expr": found.promql} for n, found in enumerate(expressions)]
    return yaml.safe_dump({"groups": [{"name": "extracted", "rules": rules}]}, sort_keys=False)
