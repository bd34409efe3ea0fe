"""The Grafana dashboard, built with Grafana's foundation SDK and written to docker/grafana/dashboards/.

docs/operations.md describes each row. Panels read the recording rules of observability.rules
where an objective is shown, and raw series (filtered by the template variables) elsewhere; each
panel links to the runbook sections of the alerts it explains (observability.runbooks).
"""

from __future__ import annotations

from collections.abc import Sequence

from grafana_foundation_sdk.builders import common as common_builders
from grafana_foundation_sdk.builders import dashboard as builders
from grafana_foundation_sdk.builders import prometheus, stat, timeseries
from grafana_foundation_sdk.cog.builder import Builder
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models import common
from grafana_foundation_sdk.models.dashboard import (
    DashboardLink,
    DashboardLinkType,
    DataSourceRef,
    Panel,
    RowPanel,
    Threshold,
    ThresholdsMode,
    VariableOption,
    VariableRefresh,
    VariableSort,
)

from observability.runbooks import ALL_RUNBOOKS, runbook_url
from observability.slos import ERROR_RATIO, PAGE, SLO_PERIOD, SLO_PERIOD_DAYS, SLOS, TICKET

UID = "todo-overview"
FILE_NAME = f"{UID}.json"
DATA_SOURCE = DataSourceRef(type_val="prometheus", uid="${datasource}")
ALL = ".*"  # what "All" of a multi-value variable stands for in a regex matcher
RATE = "$__rate_interval"
REF_IDS = "ABCDEFGH"
OK_COLOR, BAD_COLOR = "green", "red"

API = 'instance=~"$instance", handler=~"$handler"'  # an API request series
WEB = 'instance=~"$instance", route=~"$route"'  # a BFF request series
INSTANCE = 'instance=~"$instance"'

Query = tuple[str, str]  # (PromQL, legend)


def targets(queries: Sequence[Query]) -> list[prometheus.Dataquery]:
    return [
        prometheus.Dataquery().expr(expr).legend_format(legend).ref_id(ref_id).datasource(DATA_SOURCE)
        for (expr, legend), ref_id in zip(queries, REF_IDS, strict=False)
    ]


def runbook_links(sections: Sequence[str]) -> list[Builder[DashboardLink]]:
    """A link per runbook section, opened beside the dashboard."""
    return [
        builders.DashboardLink(section if section == ALL_RUNBOOKS else f"Runbook: {section}")
        .type(DashboardLinkType.LINK)
        .url(runbook_url(section))
        .target_blank(True)
        for section in sections
    ]


def thresholds(base: str, above: str, at: float) -> builders.ThresholdsConfig:
    """`base` below `at`, `above` from it on."""
    return (
        builders.ThresholdsConfig()
        .mode(ThresholdsMode.ABSOLUTE)
        .steps([Threshold(value=None, color=base), Threshold(value=at, color=above)])
    )


def graph(
    title: str,
    description: str,
    unit: str,
    queries: Sequence[Query],
    *,
    runbooks: Sequence[str],
    width: int = 12,
    limit: float | None = None,
) -> timeseries.Panel:
    """A time series panel linking to `runbooks` (sections of docs/operations.md); `limit` draws the
    objective as a dashed red line."""
    panel = (
        timeseries.Panel()
        .title(title)
        .description(description)
        .links(runbook_links(runbooks))
        .datasource(DATA_SOURCE)
        .unit(unit)
        .span(width)
        .height(8)
        .fill_opacity(10)
        .legend(
            common_builders.VizLegendOptions()
            .display_mode(common.LegendDisplayMode.TABLE)
            .placement(common.LegendPlacement.BOTTOM)
            .show_legend(True)
            .calcs(["mean", "max", "lastNotNull"])
        )
    )
    for target in targets(queries):
        panel = panel.with_target(target)
    if limit is not None:
        panel = panel.thresholds(thresholds("transparent", BAD_COLOR, limit)).thresholds_style(
            common_builders.GraphThresholdsStyleConfig().mode(common.GraphTresholdsStyleMode.DASHED)
        )
    return panel


def stat_panel(
    title: str,
    description: str,
    unit: str,
    query: Query,
    ok_from: float,
    *,
    higher_is_better: bool,
    runbooks: Sequence[str],
) -> stat.Panel:
    """A single figure, green on the good side of its target and red on the other, linking to `runbooks`."""
    colors = (BAD_COLOR, OK_COLOR) if higher_is_better else (OK_COLOR, BAD_COLOR)
    panel = (
        stat.Panel()
        .title(title)
        .description(description)
        .links(runbook_links(runbooks))
        .datasource(DATA_SOURCE)
        .unit(unit)
        .decimals(3 if unit == "s" else 2)
        .span(4)
        .height(5)
        .thresholds(thresholds(*colors, ok_from))
        .color_mode(common.BigValueColorMode.BACKGROUND)
        .graph_mode(common.BigValueGraphMode.AREA)
        .reduce_options(common_builders.ReduceDataOptions().calcs(["lastNotNull"]))
    )
    for target in targets([query]):
        panel = panel.with_target(target)
    return panel


def quantiles(
    metric: str, by: str, selector: str, legend: str, levels: Sequence[float] = (0.5, 0.95, 0.99)
) -> list[Query]:
    return [
        (
            f"histogram_quantile({q}, sum by ({by}, le) (rate({metric}_bucket{{{selector}}}[{RATE}])))",
            f"{legend} p{round(q * 100)}",
        )
        for q in levels
    ]


def error_share(metric: str, selector: str, bad: str) -> str:
    """Share of a counter's increase carrying the `bad` matcher; 0 rather than nothing when none did."""
    return (
        f"(sum(rate({metric}{{{selector}, {bad}}}[{RATE}])) or vector(0))\n/ sum(rate({metric}{{{selector}}}[{RATE}]))"
    )


def success_criteria() -> builders.Row:
    row = builders.Row("Success criteria at a glance")
    for slo in SLOS:
        row = row.with_panel(
            stat_panel(
                f"{slo.display_name} (1 h)",
                f"Over the last hour, the share of {slo.good_events}; objective {slo.objective:.0%}.",
                "percentunit",
                (f'1 - {ERROR_RATIO.format(window="1h")}{{slo="{slo.name}"}}', "{{job}}"),
                slo.objective,
                higher_is_better=True,
                runbooks=[slo.alert],
            )
        )
    for slo in SLOS:
        row = row.with_panel(
            stat_panel(
                f"{slo.display_name}: error budget left ({SLO_PERIOD_DAYS} d)",
                f"How much of the {SLO_PERIOD_DAYS}-day error budget of {slo.error_budget:.0%} is left: 100 % when "
                "nothing failed, 0 % when the objective is exactly met, below 0 when it is missed.",
                "percentunit",
                (f'1 - {ERROR_RATIO.format(window=SLO_PERIOD)}{{slo="{slo.name}"}} / {slo.error_budget:g}', "{{job}}"),
                0,
                higher_is_better=True,
                runbooks=[slo.alert],
            )
        )
    row = row.with_panel(
        stat_panel(
            "SC-008 token verification, mean (5 m)",
            "Average time the API spends verifying one token; the criterion is well under 100 ms.",
            "s",
            ("job:todo_api_token_verification_seconds:mean_rate5m", "{{job}}"),
            0.1,
            higher_is_better=False,
            runbooks=[ALL_RUNBOOKS],
        )
    )
    burn_rates = [
        (f'{ERROR_RATIO.format(window="1h")}{{slo="{slo.name}"}} / {slo.error_budget:g}', slo.name) for slo in SLOS
    ]
    return row.with_panel(
        graph(
            "Error budget burn rate (1 h window)",
            f"How many times faster than allowed each objective spends its budget; the page alert starts at "
            f"{PAGE[0].factor:g}x (with the 5 m window), a ticket at {TICKET[0].factor:g}x over a day.",
            "none",
            burn_rates,
            width=24,
            limit=PAGE[0].factor,
            runbooks=[slo.alert for slo in SLOS],
        )
    )


def traffic() -> builders.Row:
    return (
        builders.Row("Traffic and errors per service")
        .with_panel(
            graph(
                "API requests by status",
                "Requests the API answered per second, by status code.",
                "reqps",
                [(f"sum by (status) (rate(todo_api_http_requests_total{{{API}}}[{RATE}]))", "{{status}}")],
                width=8,
                runbooks=["AuthenticatedCallsErrorBudgetBurn", "ApiDown"],
            )
        )
        .with_panel(
            graph(
                "BFF requests by status",
                "Requests the web app's server answered per second, by status code.",
                "reqps",
                [(f"sum by (status) (rate(todo_web_http_requests_total{{{WEB}}}[{RATE}]))", "{{status}}")],
                width=8,
                runbooks=["AuthenticatedCallsErrorBudgetBurn", "WebDown"],
            )
        )
        .with_panel(
            graph(
                "5xx share per service",
                "Share of answers with a 5xx status.",
                "percentunit",
                [
                    (error_share("todo_api_http_requests_total", API, 'status=~"5.."'), "API"),
                    (error_share("todo_web_http_requests_total", WEB, 'status=~"5.."'), "BFF"),
                ],
                width=8,
                runbooks=["AuthenticatedCallsErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Requests per instance",
                "Requests per second each replica answered: an uneven spread points at the load balancer.",
                "reqps",
                [
                    (f"sum by (instance) (rate(todo_api_http_requests_total{{{API}}}[{RATE}]))", "API {{instance}}"),
                    (f"sum by (instance) (rate(todo_web_http_requests_total{{{WEB}}}[{RATE}]))", "BFF {{instance}}"),
                ],
                width=24,
                runbooks=["TargetDown"],
            )
        )
    )


def latency() -> builders.Row:
    per_service = [
        (f"job:{metric}:p{q}_rate5m", f"{name} p{q}")
        for metric, name in (
            ("todo_api_http_request_duration_seconds", "API /v1"),
            ("todo_web_http_request_duration_seconds", "BFF"),
        )
        for q in (50, 95, 99)
    ]
    return (
        builders.Row("Latency per route")
        .with_panel(
            graph(
                "API latency by route",
                "p50, p95 and p99 of the API's answer time per route template.",
                "s",
                quantiles("todo_api_http_request_duration_seconds", "handler", API, "{{handler}}"),
                runbooks=["BffLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "BFF latency by route",
                "p50, p95 and p99 of the web app's answer time per route.",
                "s",
                quantiles("todo_web_http_request_duration_seconds", "route", WEB, "{{route}}"),
                runbooks=["BffLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Latency per service (recorded, 5 m)",
                "The recording rules: all /v1 routes of the API and all BFF routes, every instance.",
                "s",
                per_service,
                width=24,
                runbooks=["BffLatencyErrorBudgetBurn"],
            )
        )
    )


def authentication() -> builders.Row:
    verification = "todo_api_token_verification_seconds"
    mint = "todo_web_token_mint_duration_seconds"
    lookups = "todo_web_token_cache_lookups_total"
    return (
        builders.Row("Authentication")
        .with_panel(
            graph(
                "Token verifications by result and reason",
                "Tokens the API checked per second; a rejection names the contract rule it broke.",
                "ops",
                [
                    (
                        f"sum by (result, reason) (rate(todo_api_token_verifications_total{{{INSTANCE}}}[{RATE}]))",
                        "{{result}} {{reason}}",
                    )
                ],
                width=8,
                runbooks=["TokenVerificationFailuresSpiking", "TokenAcceptanceErrorBudgetBurn", "JwksRefreshFailing"],
            )
        )
        .with_panel(
            graph(
                "Token verification time",
                "Mean and p99 time the API spends verifying one token (SC-008: well under 100 ms).",
                "s",
                [
                    (
                        f"sum(rate({verification}_sum{{{INSTANCE}}}[{RATE}]))\n"
                        f"/ sum(rate({verification}_count{{{INSTANCE}}}[{RATE}]))",
                        "mean",
                    ),
                    *quantiles(verification, "job", INSTANCE, "{{job}}", levels=(0.99,)),
                ],
                width=8,
                runbooks=[ALL_RUNBOOKS],
            )
        )
        .with_panel(
            graph(
                "Sign-in and sign-up attempts",
                "Attempts per second by outcome; SC-001 counts success against error.",
                "ops",
                [
                    (
                        f"sum by (action, outcome) (rate(todo_web_auth_attempts_total{{{INSTANCE}}}[{RATE}]))",
                        "{{action}} {{outcome}}",
                    )
                ],
                width=8,
                runbooks=["SignUpErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Token mints by result",
                "Tokens the BFF signed per second; errors by kind (signing, database, other).",
                "ops",
                [
                    (
                        f"sum by (result, reason) (rate(todo_web_token_mints_total{{{INSTANCE}}}[{RATE}]))",
                        "{{result}} {{reason}}",
                    )
                ],
                width=8,
                runbooks=["TokenAcceptanceErrorBudgetBurn", "TokenRefreshLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Token mint time by trigger",
                "p50 and p99 of a mint, for a request (foreground) and ahead of expiry (background); "
                "SC-009 wants background refreshes under 200 ms.",
                "s",
                quantiles(mint, "trigger", INSTANCE, "{{trigger}}", levels=(0.5, 0.99)),
                width=8,
                limit=0.2,
                runbooks=["TokenRefreshLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Token cache hit ratio",
                "Share of token lookups the BFF served from its cache without minting.",
                "percentunit",
                [
                    (
                        f'sum(rate({lookups}{{{INSTANCE}, outcome="hit"}}[{RATE}]))\n'
                        f"/ sum(rate({lookups}{{{INSTANCE}}}[{RATE}]))",
                        "hit ratio",
                    )
                ],
                width=8,
                runbooks=["TokenRefreshLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Token cache activity",
                "Lookups by outcome, background refreshes, callers that joined a mint already under way, "
                "and early reads released or dropped.",
                "ops",
                [
                    (f"sum by (outcome) (rate({lookups}{{{INSTANCE}}}[{RATE}]))", "lookup {{outcome}}"),
                    (f"sum(rate(todo_web_token_background_refreshes_total{{{INSTANCE}}}[{RATE}]))", "refresh"),
                    (f"sum(rate(todo_web_token_single_flight_joins_total{{{INSTANCE}}}[{RATE}]))", "joined"),
                    (
                        f"sum by (outcome) (rate(todo_web_early_reads_total{{{INSTANCE}}}[{RATE}]))",
                        "early read {{outcome}}",
                    ),
                ],
                width=8,
                runbooks=["TokenRefreshLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Session check time",
                "p99 of the BFF's Better Auth session check, by result.",
                "s",
                quantiles("todo_web_session_check_duration_seconds", "result", INSTANCE, "{{result}}", levels=(0.99,)),
                width=8,
                runbooks=["BffLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Refused by the BFF",
                "Requests refused for a failed CSRF check (by reason) or a path outside the allowlist.",
                "ops",
                [
                    (f"sum by (reason) (rate(todo_web_csrf_refusals_total{{{INSTANCE}}}[{RATE}]))", "CSRF {{reason}}"),
                    (f"sum(rate(todo_web_allowlist_refusals_total{{{INSTANCE}}}[{RATE}]))", "allowlist"),
                ],
                width=8,
                runbooks=[ALL_RUNBOOKS],
            )
        )
    )


def rate_limiting() -> builders.Row:
    return (
        builders.Row("Rate limiting")
        .with_panel(
            graph(
                "Rate-limited requests",
                "API requests refused with 429 per user limit, and sign-in/sign-up attempts the web app limited.",
                "ops",
                [
                    (
                        f"sum by (instance) (rate(todo_api_rate_limit_rejections_total{{{INSTANCE}}}[{RATE}]))",
                        "API {{instance}}",
                    ),
                    (
                        "sum by (action) (rate(todo_web_auth_attempts_total"
                        f'{{{INSTANCE}, outcome="rate_limited"}}[{RATE}]))',
                        "BFF {{action}}",
                    ),
                ],
                width=8,
                runbooks=[ALL_RUNBOOKS],
            )
        )
        .with_panel(
            graph(
                "429 share by API route",
                "Share of each API route's answers that were 429.",
                "percentunit",
                [
                    (
                        f'sum by (handler) (rate(todo_api_http_requests_total{{{API}, status="429"}}[{RATE}]))\n'
                        f"/ sum by (handler) (rate(todo_api_http_requests_total{{{API}}}[{RATE}]))",
                        "{{handler}}",
                    )
                ],
                width=8,
                runbooks=[ALL_RUNBOOKS],
            )
        )
        .with_panel(
            graph(
                "Rate-limiter backend errors",
                "Failed Redis calls of the API's limiter; while they last the limiter lets requests through.",
                "ops",
                [
                    (
                        f"sum by (instance) (rate(todo_api_rate_limit_backend_errors_total{{{INSTANCE}}}[{RATE}]))",
                        "{{instance}}",
                    )
                ],
                width=8,
                runbooks=["RateLimiterBackendErrors"],
            )
        )
    )


def upstream() -> builders.Row:
    calls = "todo_web_upstream_request_duration_seconds"
    return (
        builders.Row("Upstream health (BFF to API)")
        .with_panel(
            graph(
                "Upstream latency by route",
                "p50 and p99 of the BFF's calls to the API, by API route.",
                "s",
                quantiles(calls, "route", INSTANCE, "{{route}}", levels=(0.5, 0.99)),
                width=8,
                runbooks=["ApiUnreachableFromBff", "BffLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Upstream calls by status class",
                "Calls to the API per second by answer class; 'error' means no answer at all.",
                "ops",
                [(f"sum by (status_class) (rate({calls}_count{{{INSTANCE}}}[{RATE}]))", "{{status_class}}")],
                width=8,
                runbooks=["ApiUnreachableFromBff"],
            )
        )
        .with_panel(
            graph(
                "Upstream failures and retries",
                "Calls that got no answer (timeout, connection) and calls retried with a fresh token after a 401.",
                "ops",
                [
                    (f"sum by (kind) (rate(todo_web_upstream_failures_total{{{INSTANCE}}}[{RATE}]))", "{{kind}}"),
                    (
                        f"sum by (reason) (rate(todo_web_upstream_retries_total{{{INSTANCE}}}[{RATE}]))",
                        "retry {{reason}}",
                    ),
                ],
                width=8,
                runbooks=["ApiUnreachableFromBff"],
            )
        )
    )


def database_pool() -> builders.Row:
    return (
        builders.Row("Database pool (API)")
        .with_panel(
            graph(
                "Connections by state",
                "PostgreSQL connections each API replica holds, in use or idle.",
                "short",
                [(f"sum by (instance, state) (todo_api_db_pool_connections{{{INSTANCE}}})", "{{instance}} {{state}}")],
                width=8,
                runbooks=["AuthenticatedCallsErrorBudgetBurn", "BffLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Requests waiting for a connection",
                "Requests queued for a free connection: a lasting queue means the pool is too small.",
                "short",
                [(f"sum by (instance) (todo_api_db_pool_waiting_requests{{{INSTANCE}}})", "{{instance}}")],
                width=8,
                runbooks=["AuthenticatedCallsErrorBudgetBurn", "BffLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Pool timeouts",
                "Requests that gave up waiting for a connection, per second.",
                "ops",
                [(f"sum by (instance) (rate(todo_api_db_pool_timeouts_total{{{INSTANCE}}}[{RATE}]))", "{{instance}}")],
                width=8,
                runbooks=["AuthenticatedCallsErrorBudgetBurn"],
            )
        )
    )


def runtime() -> builders.Row:
    return (
        builders.Row("Process and runtime")
        .with_panel(
            graph(
                "Scrape targets up",
                "1 while Prometheus scrapes the replica, 0 when it cannot.",
                "short",
                [(f'up{{job=~"todo-api|todo-web", {INSTANCE}}}', "{{job}} {{instance}}")],
                width=8,
                runbooks=["TargetDown", "WebDown", "ApiDown"],
            )
        )
        .with_panel(
            graph(
                "Web event-loop lag p99",
                "How late the Node.js event loop runs timers: every request of the replica waits this long.",
                "s",
                [(f"todo_web_nodejs_eventloop_lag_p99_seconds{{{INSTANCE}}}", "{{instance}}")],
                width=8,
                runbooks=["BffLatencyErrorBudgetBurn", "TokenRefreshLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Web CPU",
                "CPU seconds per second each web replica uses.",
                "percentunit",
                [(f"rate(todo_web_process_cpu_seconds_total{{{INSTANCE}}}[{RATE}])", "{{instance}}")],
                width=8,
                runbooks=["BffLatencyErrorBudgetBurn"],
            )
        )
        .with_panel(
            graph(
                "Web memory",
                "Resident memory and used JavaScript heap of each web replica.",
                "bytes",
                [
                    (f"todo_web_process_resident_memory_bytes{{{INSTANCE}}}", "{{instance}} resident"),
                    (
                        f"sum by (instance) (todo_web_nodejs_heap_size_used_bytes{{{INSTANCE}}})",
                        "{{instance}} heap used",
                    ),
                ],
                runbooks=["WebDown"],
            )
        )
        .with_panel(
            graph(
                "Web garbage collection",
                "Share of time each web replica spends collecting garbage, by kind.",
                "percentunit",
                [
                    (
                        "sum by (instance, kind) "
                        f"(rate(todo_web_nodejs_gc_duration_seconds_sum{{{INSTANCE}}}[{RATE}]))",
                        "{{instance}} {{kind}}",
                    )
                ],
                runbooks=["BffLatencyErrorBudgetBurn"],
            )
        )
    )


def multi_value(name: str, label: str, query: str) -> builders.QueryVariable:
    """A variable of the values a label takes, several or all of them selectable."""
    return (
        builders.QueryVariable(name)
        .label(label)
        .datasource(DATA_SOURCE)
        .query(query)
        .refresh(VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(VariableSort.ALPHABETICAL_ASC)
        .multi(True)
        .include_all(True)
        .all_value(ALL)
        .current(VariableOption(selected=True, text="All", value="$__all"))
    )


# A replica that was not there 2 minutes ago (a rollout's new pods, a scale-up) or a web process that
# started again (a compose deploy keeps the container names): what a deploy looks like from here.
DEPLOYS = (
    'sum by (job) (changes(todo_web_process_start_time_seconds{instance=~"$instance"}[2m])) > 0\n'
    'or count by (job) (up{job=~"todo-api|todo-web"} unless up{job=~"todo-api|todo-web"} offset 2m)'
)


def deploys() -> builders.AnnotationQuery:
    return (
        builders.AnnotationQuery()
        .name("Deploys and restarts")
        .datasource(DATA_SOURCE)
        .enable(True)
        .icon_color("blue")
        .expr(DEPLOYS)
    )


def build() -> builders.Dashboard:
    return (
        builders.Dashboard("Todo app: service overview")
        .uid(UID)
        .description("Success criteria, traffic, latency, authentication, rate limiting, upstream, pool, runtime.")
        .tags(["todo", "generated"])
        .refresh("30s")
        .time("now-6h", "now")
        .timezone("browser")
        .links(runbook_links([ALL_RUNBOOKS]))
        .annotation(deploys())
        .with_variable(builders.DatasourceVariable("datasource").label("Data source").type("prometheus"))
        .with_variable(multi_value("instance", "Instance", 'label_values(up{job=~"todo-api|todo-web"}, instance)'))
        .with_variable(multi_value("handler", "API route", "label_values(todo_api_http_requests_total, handler)"))
        .with_variable(multi_value("route", "BFF route", "label_values(todo_web_http_requests_total, route)"))
        .with_row(success_criteria())
        .with_row(traffic())
        .with_row(latency())
        .with_row(authentication())
        .with_row(rate_limiting())
        .with_row(upstream())
        .with_row(database_pool())
        .with_row(runtime())
    )


def render() -> str:
    """The dashboard as Grafana reads it.

    Grafana shows a row's nested panels only while the row is collapsed, so each expanded row's
    panels follow it at the top level (where the builder already placed them on the grid); panel
    ids go in layout order so that links to a panel stay stable.
    """
    model = build().build()
    flat: list[Panel | RowPanel] = []
    for row in model.panels or []:
        assert isinstance(row, RowPanel)
        flat += [row, *row.panels]
        row.panels = []
        row.collapsed = False  # the builder collapses a row that it was given panels for
    for panel_id, panel in enumerate(flat, start=1):
        panel.id_val = panel_id
    model.panels = flat
    return JSONEncoder(sort_keys=True, indent=2).encode(model) + "\n"
