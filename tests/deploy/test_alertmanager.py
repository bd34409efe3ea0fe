"""Alertmanager's configuration (docker/alertmanager/alertmanager.yml): accepted by amtool, every alert
of the rules routed to the receiver of its severity, and inhibitions that name alerts that exist.
tests/scale_out/test_alerts_under_faults.py proves the same routes with a live Alertmanager."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from observability import generated

CONFIG = generated.REPOSITORY / "docker" / "alertmanager" / "alertmanager.yml"


def amtool(*args: str) -> str:
    executable = shutil.which("amtool")
    assert executable, "amtool is missing: install Debian's prometheus-alertmanager package (.ci/run does)"
    result = subprocess.run([executable, *args], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def alerts() -> list[dict[str, object]]:
    return [
        rule
        for path in sorted(generated.RULES_DIR.glob("*.yml"))
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


def test_amtool_accepts_the_configuration() -> None:
    assert "SUCCESS" in amtool("check-config", str(CONFIG))


@pytest.mark.parametrize("severity", ["page", "ticket"])
def test_every_alert_reaches_the_receiver_of_its_severity(severity: str) -> None:
    names = sorted({str(rule["alert"]) for rule in alerts() if rule["labels"]["severity"] == severity})  # type: ignore[index]
    assert names
    for name in names:
        receivers = amtool(
            "config", "routes", "test", f"--config.file={CONFIG}", f"alertname={name}", f"severity={severity}"
        )
        assert receivers.split() == [severity], f"{name} ({severity}) goes to {receivers.strip()}"


def test_inhibitions_name_only_alerts_the_rules_have() -> None:
    names = {str(rule["alert"]) for rule in alerts()}
    config = yaml.safe_load(CONFIG.read_text())
    named: set[str] = set()
    for rule in config["inhibit_rules"]:
        for matcher in (*rule["source_matchers"], *rule["target_matchers"]):
            if found := re.fullmatch(r'alertname\s*(=~|!~|=|!=)\s*"([^"]*)"', matcher):
                named.update(found.group(2).split("|"))
    assert named and named <= names, f"inhibitions name alerts the rules do not have: {sorted(named - names)}"
