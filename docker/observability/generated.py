"""Where the generated files live, and what they should hold."""

from __future__ import annotations

from pathlib import Path

from observability import dashboard, kubernetes, rules

REPOSITORY = Path(__file__).resolve().parents[2]
RULES_DIR = REPOSITORY / "docker" / "prometheus" / "rules"
DASHBOARDS_DIR = REPOSITORY / "docker" / "grafana" / "dashboards"
DASHBOARD = DASHBOARDS_DIR / dashboard.FILE_NAME
ALERTMANAGER = REPOSITORY / "docker" / "alertmanager" / "alertmanager.yml"
KUBERNETES_MONITORING = REPOSITORY / "deploy" / "kubernetes" / "monitoring"


def files() -> dict[Path, str]:
    """Every generated file by path, with the text the generators give it now."""
    return {
        **{RULES_DIR / name: text for name, text in rules.rule_files().items()},
        DASHBOARD: dashboard.render(),
        KUBERNETES_MONITORING / "prometheus-rules.yaml": kubernetes.prometheus_rule(),
        KUBERNETES_MONITORING / "alertmanager.yaml": kubernetes.alertmanager_config(ALERTMANAGER),
    }
