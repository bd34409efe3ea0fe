"""Prometheus recording and alerting rules, written to docker/prometheus/rules/.

Names follow `level:metric:operations`; every alert carries a summary, a description and the
absolute address of its runbook section in docs/operations.md (observability.runbooks).
"""

from __future__ import annotations

from typing import Any

import yaml

from observability.runbooks import runbook_url
from observability.slos import (
    ERROR_RATIO,
    MIN_EVENTS_TO_PAGE,
    SEVERITIES,
    SLO_PERIOD_DAYS,
    SLOS,
    VALID_TOKEN_FAILURE_REASONS,
    WINDOWS,
    BurnRateCondition,
    Slo,
    one_of,
)

Rule = dict[str, Any]
LATENCY_QUANTILES = (0.5, 0.95, 0.99)
# The API's own traffic: /metrics scrapes and probes would drown the users' requests.
API_ROUTES = 'handler=~"/v1/.+"'
# Alerts below this share of failed upstream calls leave it to the SC-002 burn-rate alerts.
UNREACHABLE_SHARE = 0.5
MISMATCH_SHARE = 0.05
# A certificate renewal that has not happened this long before expiry needs a person.
CERTIFICATE_WARNING_DAYS = 14


def percent(ratio: float) -> str:
    return f"{ratio * 100:g} %"


def latency_quantiles(
    metric: str, level: str, selector: str = "", quantiles: tuple[float, ...] = LATENCY_QUANTILES
) -> list[Rule]:
    """Quantiles of a histogram over 5 minutes, per `level` (labels joined by underscores)."""
    by = ", ".join((*level.split("_"), "le"))
    return [
        {
            "record": f"{level}:{metric}:p{round(quantile * 100)}_rate5m",
            "expr": f"histogram_quantile({quantile}, sum by ({by}) (rate({metric}_bucket{selector}[5m])))",
        }
        for quantile in quantiles
    ]


def recording_groups() -> list[dict[str, Any]]:
    error_ratios = [
        {"record": ERROR_RATIO.format(window=window), "expr": slo.error_ratio(window), "labels": {"slo": slo.name}}
        for slo in SLOS
        for window in WINDOWS
    ]
    verification = "todo_api_token_verification_seconds"
    latency = [
        *latency_quantiles("todo_api_http_request_duration_seconds", "job", f"{{{API_ROUTES}}}"),
        *latency_quantiles("todo_web_http_request_duration_seconds", "job"),
        {  # SC-008 is about the average.
            "record": f"job:{verification}:mean_rate5m",
            "expr": f"sum by (job) (rate({verification}_sum[5m]))\n/ sum by (job) (rate({verification}_count[5m]))",
        },
        *latency_quantiles(verification, "job", quantiles=(0.99,)),
        # SC-009: background refreshes; foreground mints are shown beside them.
        *latency_quantiles("todo_web_token_mint_duration_seconds", "job_trigger", quantiles=(0.99,)),
    ]
    return [
        {"name": "todo-slo-error-ratios", "rules": error_ratios},
        {"name": "todo-latency", "rules": latency},
    ]


def burn_rate_alert(slo: Slo, severity: str, conditions: tuple[BurnRateCondition, ...]) -> Rule:
    def over(window: str, factor: float) -> str:
        return f'{ERROR_RATIO.format(window=window)}{{slo="{slo.name}"}} > ({factor:g} * {slo.error_budget:g})'

    def enough_events(window: str) -> str:
        return f"\n  and on (job)\n  {slo.events(window)} >= {MIN_EVENTS_TO_PAGE}" if severity == "page" else ""

    expr = "\nor\n".join(
        f"(\n  {over(c.long_window, c.factor)}\n  and\n  {over(c.short_window, c.factor)}"
        f"{enough_events(c.long_window)}\n)"
        for c in conditions
    )
    spends = " or ".join(c.budget_share for c in conditions)
    labels = {"severity": severity}
    if slo.criterion:
        labels["criterion"] = slo.criterion
    return {
        "alert": slo.alert,
        "expr": expr,
        "labels": labels,
        "annotations": {
            "summary": f"{slo.display_name}: the error budget burns {'fast' if severity == 'page' else 'steadily'}",
            "description": (
                f"The objective is {percent(slo.objective)} of {slo.good_events}, over {SLO_PERIOD_DAYS} days. "
                f"At the current failure rate the error budget shrinks by {spends}."
                + (
                    f" It pages once the window holds at least {MIN_EVENTS_TO_PAGE} events, so that one failure on a "
                    "quiet night does not."
                    if severity == "page"
                    else ""
                )
            ),
            "runbook_url": runbook_url(slo.alert),
        },
    }


def cause_alerts() -> list[Rule]:
    verifications = "todo_api_token_verifications_total"
    return [
        {
            "alert": "TokenVerificationFailuresSpiking",
            "expr": (
                f'sum by (job, reason) (rate({verifications}{{result="rejected", '
                f"reason=~{one_of(VALID_TOKEN_FAILURE_REASONS)}}}[5m]))\n"
                f"/ ignoring (reason) group_left\nsum by (job) (rate({verifications}[5m]))\n> {MISMATCH_SHARE}\n"
                f"and on (job)\nsum by (job) (increase({verifications}[5m])) >= {MIN_EVENTS_TO_PAGE}"
            ),
            "for": "5m",
            "labels": {"severity": "page"},
            "annotations": {
                "summary": "The API rejects tokens for {{ $labels.reason }}",
                "description": (
                    f"More than {percent(MISMATCH_SHARE)} of the tokens the API verified over 5 minutes were "
                    "rejected for {{ $labels.reason }}: the web app and the API disagree on the key, secret, "
                    "issuer, audience, type or algorithm, or the API cannot load the keys. It pages once "
                    f"{MIN_EVENTS_TO_PAGE} tokens were verified in the 5 minutes, so that one stray token at night "
                    "does not."
                ),
                "runbook_url": runbook_url("TokenVerificationFailuresSpiking"),
            },
        },
        {
            "alert": "RateLimiterBackendErrors",
            "expr": "sum by (job) (rate(todo_api_rate_limit_backend_errors_total[5m])) > 0",
            "for": "5m",
            "labels": {"severity": "ticket"},
            "annotations": {
                "summary": "The API's rate limiter cannot reach Redis",
                "description": (
                    "Rate-limit checks have been failing for 5 minutes; the limiter fails open, so requests are "
                    "served but per-user limits are not enforced across replicas."
                ),
                "runbook_url": runbook_url("RateLimiterBackendErrors"),
            },
        },
        {
            "alert": "JwksRefreshFailing",
            "expr": (
                'sum by (job) (increase(todo_api_jwks_refreshes_total{result="error"}[15m])) > 0\n'
                "unless on (job)\n"
                'sum by (job) (increase(todo_api_jwks_refreshes_total{result="ok"}[15m])) > 0'
            ),
            "for": "5m",
            "labels": {"severity": "ticket"},
            "annotations": {
                "summary": "The API cannot fetch the web app's JWKS",
                "description": (
                    "Every JWKS fetch of the last 15 minutes failed: the API cannot learn a new signing key, "
                    "and tokens signed with one are rejected as kid_unknown or keys_unavailable."
                ),
                "runbook_url": runbook_url("JwksRefreshFailing"),
            },
        },
        {
            "alert": "ApiUnreachableFromBff",
            "expr": (
                "sum by (job) (rate(todo_web_upstream_failures_total[5m]))\n"
                "/ sum by (job) (rate(todo_web_upstream_request_duration_seconds_count[5m]))\n"
                f"> {UNREACHABLE_SHARE}"
            ),
            "for": "2m",
            "labels": {"severity": "page"},
            "annotations": {
                "summary": "The web app cannot reach the API",
                "description": (
                    f"More than {percent(UNREACHABLE_SHARE)} of the BFF's calls to the API ended without an answer "
                    "(timeout or connection failure) for 2 minutes: users cannot read or change their todos."
                ),
                "runbook_url": runbook_url("ApiUnreachableFromBff"),
            },
        },
        *(
            {
                "alert": alert,
                # No replica that Prometheus can scrape, or none discovered at all: absent() is true either way.
                "expr": f'absent(up{{job="{job}"}} == 1)',
                "for": "1m",
                "labels": {"severity": "page", "job": job},
                "annotations": {
                    "summary": f"Every {what} is down",
                    "description": (
                        f"No {what} has answered Prometheus for a minute. The objectives computed from its "
                        f"metrics go quiet with it, so this alert stands for them: {consequence}."
                    ),
                    "runbook_url": runbook_url(alert),
                },
            }
            for alert, job, what, consequence in (
                ("WebDown", "todo-web", "web server", "nobody can sign in or reach their todos"),
                ("ApiDown", "todo-api", "API replica", "signed-in people cannot read or change their todos"),
            )
        ),
        {
            "alert": "ProductUnreachable",
            # From outside, through the public entry: true whatever the servers' own metrics say.
            "expr": 'probe_success{job="blackbox"} == 0',
            "for": "2m",
            "labels": {"severity": "page"},
            "annotations": {
                "summary": "People cannot reach {{ $labels.instance }}",
                "description": (
                    "The blackbox probe of {{ $labels.instance }} (module {{ $labels.module }}) has failed for 2 "
                    "minutes: through the public entry, the page or the health check does not answer as it should."
                ),
                "runbook_url": runbook_url("ProductUnreachable"),
            },
        },
        {
            "alert": "TlsCertificateExpiresSoon",
            "expr": (
                f'probe_ssl_earliest_cert_expiry{{job="blackbox"}} - time() < {CERTIFICATE_WARNING_DAYS} * 24 * 3600'
            ),
            "for": "1h",
            "labels": {"severity": "ticket"},
            "annotations": {
                "summary": "The certificate of {{ $labels.instance }} expires within "
                f"{CERTIFICATE_WARNING_DAYS} days",
                "description": (
                    "The earliest expiry in the certificate chain served at {{ $labels.instance }} is less than "
                    f"{CERTIFICATE_WARNING_DAYS} days away: its automatic renewal has not happened."
                ),
                "runbook_url": runbook_url("TlsCertificateExpiresSoon"),
            },
        },
        {
            "alert": "TargetDown",
            "expr": 'up{job=~"todo-api|todo-web|blackbox"} == 0',
            "for": "3m",
            "labels": {"severity": "ticket"},
            "annotations": {
                "summary": "Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}",
                "description": (
                    "The scrape of {{ $labels.instance }} ({{ $labels.job }}) has failed for 3 minutes: the "
                    "replica is down, unreachable from Prometheus, or its metrics endpoint fails."
                ),
                "runbook_url": runbook_url("TargetDown"),
            },
        },
    ]


def alerting_groups() -> list[dict[str, Any]]:
    burn_rates = [
        burn_rate_alert(slo, severity, conditions) for slo in SLOS for severity, conditions in SEVERITIES.items()
    ]
    return [{"name": "todo-slo-burn-rates", "rules": burn_rates}, {"name": "todo-alerts", "rules": cause_alerts()}]


class RulesDumper(yaml.SafeDumper):
    """Writes multi-line PromQL as block scalars, as a person would."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


RulesDumper.add_representer(str, _represent_text)

HEADER = "# Generated by `make observability` from packages/observability (rules.py): edit that, not this file.\n"


def render(groups: list[dict[str, Any]]) -> str:
    return HEADER + yaml.dump({"groups": groups}, Dumper=RulesDumper, sort_keys=False, width=120)


def rule_files() -> dict[str, str]:
    """The rule files by name, as `make observability` writes them to docker/prometheus/rules/."""
    return {"recording.yml": render(recording_groups()), "alerts.yml": render(alerting_groups())}
