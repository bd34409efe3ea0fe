"""The Prometheus rules and the Grafana dashboard: in step with their generators, accepted and
unit-tested by promtool, documented, and every PromQL expression in them parseable."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from observability import generated, slos
from observability.promql import (
    MATCH_ALL,
    UnknownVariableError,
    all_expressions,
    as_rule_file,
    substitute,
)
from observability.runbooks import RUNBOOK_BASE_URL
from todo_api.core.metrics import TOKEN_VERIFICATION_REASONS

REPOSITORY = generated.REPOSITORY
PROMTOOL_TESTS = REPOSITORY / "docker" / "prometheus" / "tests"
OPERATIONS = REPOSITORY / "docs" / "operations.md"
RULE_FILES = sorted(generated.RULES_DIR.glob("*.yml"))


def promtool(*args: str | Path) -> str:
    """promtool's output; fails the test with that output when promtool refuses."""
    executable = shutil.which("promtool")
    assert executable, "promtool is missing: install Debian's prometheus package (.ci/run does)"
    result = subprocess.run([executable, *map(str, args)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def rules() -> list[dict[str, Any]]:
    return [
        rule for path in RULE_FILES for group in yaml.safe_load(path.read_text())["groups"] for rule in group["rules"]
    ]


def alerting_rules() -> list[dict[str, Any]]:
    return [rule for rule in rules() if "alert" in rule]


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(generated.DASHBOARD.read_text())
    return loaded


def test_generated_files_match_their_generators() -> None:
    stale = [
        str(path.relative_to(REPOSITORY))
        for path, text in generated.files().items()
        if not path.exists() or path.read_text() != text
    ]
    assert not stale, f"{stale} differ from what packages/observability generates: run `make observability`"


def test_promtool_accepts_the_rule_files() -> None:
    assert "SUCCESS" in promtool("check", "rules", *RULE_FILES)


def test_promtool_accepts_a_configuration_loading_the_rules() -> None:
    output = promtool("check", "config", PROMTOOL_TESTS / "check-config.yml")
    assert f"{len(RULE_FILES)} rule files found" in output


def test_promtool_unit_tests_of_the_rules_pass(tmp_path: Path) -> None:
    """The unit tests expect runbook links under `${RUNBOOK_BASE_URL}`, the one setting, put in here
    beside the rules so that their `../rules/` paths still hold."""
    (tmp_path / "rules").symlink_to(generated.RULES_DIR)
    (tmp_path / "tests").mkdir()
    for path in sorted(PROMTOOL_TESTS.glob("*.test.yml")):
        (tmp_path / "tests" / path.name).write_text(path.read_text().replace("${RUNBOOK_BASE_URL}", RUNBOOK_BASE_URL))
    promtool("test", "rules", *sorted((tmp_path / "tests").iterdir()))


def test_every_alert_has_a_unit_test_that_fires_it_and_one_that_must_not() -> None:
    severities_of: dict[str, set[str]] = defaultdict(set)
    for rule in alerting_rules():
        severities_of[rule["alert"]].add(rule["labels"]["severity"])
    fired: dict[tuple[str, str], set[bool]] = defaultdict(set)
    for path in PROMTOOL_TESTS.glob("*.test.yml"):
        for test in yaml.safe_load(path.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                expected = {alert["exp_labels"]["severity"] for alert in case.get("exp_alerts", [])}
                for severity in severities_of[case["alertname"]]:
                    fired[(case["alertname"], severity)].add(severity in expected)
    pairs = {(alert, severity) for alert, severities in severities_of.items() for severity in severities}
    untested = sorted(pair for pair in pairs if fired[pair] != {True, False})
    assert not untested, f"alerts without a case that fires and a case that must not: {untested}"


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file."""
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def runbook_anchor(url: str) -> str:
    """The section a runbook link names, once the link is absolute and points into RUNBOOK_BASE_URL."""
    address = urlsplit(url)
    assert address.scheme in {"http", "https"} and address.netloc, f"{url!r} is not an absolute URL"
    page, _, anchor = url.partition("#")
    assert page == RUNBOOK_BASE_URL, f"{url} is not a section of RUNBOOK_BASE_URL ({RUNBOOK_BASE_URL})"
    return anchor


def test_every_alert_has_a_summary_a_description_and_a_runbook_section() -> None:
    anchors = github_anchors(OPERATIONS.read_text())
    for rule in alerting_rules():
        annotations = rule["annotations"]
        assert annotations["summary"] and annotations["description"], rule["alert"]
        anchor = runbook_anchor(annotations.get("runbook_url", ""))
        assert anchor in anchors, f"{rule['alert']}: docs/operations.md has no section #{anchor}"


def test_the_dashboard_and_every_panel_link_to_runbook_sections() -> None:
    anchors = github_anchors(OPERATIONS.read_text())
    board = dashboard()
    linked = {"the dashboard": board.get("links", [])} | {
        panel["title"]: panel.get("links", []) for panel in board["panels"] if panel["type"] != "row"
    }
    for where, links in linked.items():
        assert links, f"{where} links to no runbook"
        for link in links:
            anchor = runbook_anchor(link["url"])
            assert anchor in anchors, f"{where}: docs/operations.md has no section #{anchor}"


def test_recording_rules_are_named_level_metric_operations() -> None:
    names = [rule["record"] for rule in rules() if "record" in rule]
    assert names
    misnamed = [name for name in names if not re.fullmatch(r"[a-z_]+:[a-z0-9_]+:[a-z0-9_]+", name)]
    assert not misnamed


def test_dashboard_rows_are_expanded_with_their_panels_after_them() -> None:
    panels = dashboard()["panels"]
    rows = [panel for panel in panels if panel["type"] == "row"]
    assert len(rows) == 8
    # Grafana shows the panels nested in a row only while that row is collapsed.
    assert all(not row["collapsed"] and row["panels"] == [] for row in rows)
    assert panels[0]["type"] == "row"
    for panel in panels:
        if panel["type"] != "row":
            assert panel["description"] and panel["targets"], panel["title"]
            assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
    ids = [panel["id"] for panel in panels]
    assert len(set(ids)) == len(ids)


def test_dashboard_has_variables_for_data_source_instance_and_routes() -> None:
    variables = {variable["name"]: variable for variable in dashboard()["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
    for name in ("instance", "handler", "route"):
        assert variables[name]["includeAll"] and variables[name]["allValue"] == MATCH_ALL


def test_grafana_provisioning_has_one_default_data_source_and_unique_providers() -> None:
    # Grafana refuses to provision two default data sources, or two providers of one name.
    provisioning = REPOSITORY / "docker" / "grafana" / "provisioning"

    def entries(folder: str, key: str) -> list[dict[str, Any]]:
        files = sorted((provisioning / folder).glob("*.y*ml"))
        return [entry for path in files for entry in yaml.safe_load(path.read_text())[key]]

    sources = entries("datasources", "datasources")
    assert [source["url"] for source in sources if source.get("isDefault")] == ["http://prometheus:9090"]
    assert len({source["uid"] for source in sources}) == len({source["name"] for source in sources}) == len(sources)
    providers = entries("dashboards", "providers")
    assert len({provider["name"] for provider in providers}) == len(providers)
    assert [provider["options"]["path"] for provider in providers] == ["/var/lib/grafana/dashboards"]


def test_extractor_finds_every_query_and_rule() -> None:
    expressions = all_expressions()
    queries = [target for panel in dashboard()["panels"] for target in panel.get("targets", [])]
    label_value_variables = [v for v in dashboard()["templating"]["list"] if v["type"] == "query"]
    annotations = [a for a in dashboard()["annotations"]["list"] if "expr" in a]
    assert annotations, "the deploy annotation is gone"
    assert len(expressions) == len(queries) + len(label_value_variables) + len(annotations) + len(rules())
    assert not [found for found in expressions if "$" in found.promql or "[[" in found.promql]


def test_every_extracted_expression_parses(tmp_path: Path) -> None:
    expressions = all_expressions()
    rule_file = tmp_path / "extracted.yml"
    rule_file.write_text(as_rule_file(expressions))
    assert f"SUCCESS: {len(expressions)} rules found" in promtool("check", "rules", rule_file)


def test_template_variables_are_replaced_by_match_all_and_grafana_intervals() -> None:
    query = 'rate(x{instance=~"$instance", route=~"${route:regex}", handler=~"[[handler]]"}[$__rate_interval])'
    assert substitute(query, {"instance", "route", "handler"}) == (
        'rate(x{instance=~".*", route=~".*", handler=~".*"}[1m])'
    )


def test_an_undeclared_template_variable_is_an_error() -> None:
    with pytest.raises(UnknownVariableError, match=r"\$pod"):
        substitute('up{pod=~"$pod"}', {"instance"})


TOKEN_VERIFICATION_SELECTOR = re.compile(r"todo_api_token_verifications_total\s*\{([^}]*)\}")
REASON_MATCHER = re.compile(r'reason\s*(=~|=|!=|!~)\s*"([^"]*)"')


def reasons_filtered_on(text: str) -> set[str]:
    """Every `reason` value a selector of the token counter in `text` names (one per alternative of a regex)."""
    values: set[str] = set()
    for selector in TOKEN_VERIFICATION_SELECTOR.finditer(text):
        for _, value in REASON_MATCHER.findall(selector.group(1)):
            values.update(re.sub(r"\\(.)", r"\1", alternative) for alternative in value.split("|"))
    return values


def test_rules_dashboard_and_their_tests_filter_only_on_reasons_the_api_gives() -> None:
    """A reason the verifier never gives makes a rule that can never fire: the rules once filtered on
    `key_unknown` while the verifier said `kid_unknown`, and their unit tests used the same wrong name."""
    texts = {found.origin: found.promql for found in all_expressions()}
    texts |= {str(path): path.read_text() for path in PROMTOOL_TESTS.glob("*.yml")}
    named = {origin: reasons_filtered_on(text) for origin, text in texts.items()}
    assert set().union(*named.values()) >= set(slos.VALID_TOKEN_FAILURE_REASONS)
    unknown = {origin: values - set(TOKEN_VERIFICATION_REASONS) for origin, values in named.items()}
    assert {origin: values for origin, values in unknown.items() if values} == {}


def test_the_metrics_table_lists_exactly_the_reasons_the_api_gives() -> None:
    [row] = [
        line
        for line in OPERATIONS.read_text().splitlines()
        if line.startswith("| `todo_api_token_verifications_total`")
    ]
    listed = set(re.findall(r"`([a-z_]+)`", row.split("`reason` |", 1)[1]))
    assert listed - {"reason"} == set(TOKEN_VERIFICATION_REASONS)
