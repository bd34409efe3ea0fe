"""Where the generated files live, and what they should hold."""

from __future__ import annotations

from pathlib import Path

from observability import dashboard, kubernetes, rules

REPOSITORY = Path(__file__).resolve().parents[4]
RULES_DIR = REPOSITORY / "docker" / "prometheus" / "rules"
DASHBOARDS_DIR = REPOSITORY / "docker" / "grafana" / "dashboards"
DASHBOARD = DASHBOARDS_DIR / dashboard.FILE_NAME
ALERTMANAGER = REPOSITORY / "docker" / "alertmanager" / "alertmanager.yml"
BLACKBOX = REPOSITORY / "docker" / "blackbox" / "blackbox.yml"
COMPOSE = REPOSITORY / "docker" / "compose.yaml"
PROMETHEUS = REPOSITORY / "docker" / "prometheus" / "prometheus.yml"
KUBERNETES_MONITORING = REPOSITORY / "deploy" / "kubernetes" / "monitoring"
# The overlay whose public origin and namespace the Probes use (the monitoring kustomization is applied beside it).
PROBED_OVERLAY = REPOSITORY / "deploy" / "kubernetes" / "overlays" / "production" / "kustomization.yaml"


def files() -> dict[Path, str]:
    """Every generated file by path, with the text the generators give it now."""
    return {
        **{RULES_DIR / name: text for name, text in rules.rule_files().items()},
        DASHBOARD: dashboard.render(),
        KUBERNETES_MONITORING / "prometheus-rules.yaml": kubernetes.prometheus_rule(),
        KUBERNETES_MONITORING / "alertmanager.yaml": kubernetes.alertmanager_config(ALERTMANAGER),
        KUBERNETES_MONITORING / "blackbox.yml": kubernetes.blackbox_config(BLACKBOX),
        KUBERNETES_MONITORING / "blackbox-exporter.yaml": kubernetes.blackbox_exporter(
            COMPOSE, PROMETHEUS, PROBED_OVERLAY
        ),
    }
