"""Where the generated files live, and what they should hold."""

from __future__ import annotations

from pathlib import Path

from observability import dashboard, rules

REPOSITORY = Path(__file__).resolve().parents[2]
RULES_DIR = REPOSITORY / "docker" / "prometheus" / "rules"
DASHBOARDS_DIR = REPOSITORY / "docker" / "grafana" / "dashboards"
DASHBOARD = DASHBOARDS_DIR / dashboard.FILE_NAME


def files() -> dict[Path, str]:
    """Every generated file by path, with the text the generators give it now."""
    return {
        **{RULES_DIR / name: text for name, text in rules.rule_files().items()},
        DASHBOARD: dashboard.render(),
    }
