"""The Kubernetes release (deploy/kubernetes/release.py) replayed against a fake cluster that refuses
what a real one refuses (fake_kubectl.py): from an empty cluster, and for a change of settings only;
the order docs/deployment.md gave before fails there. Then the NetworkPolicies, evaluated as a network
plugin would: each flow the app needs is allowed, and nothing else reaches the API or leaves the pods."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_deployment_files import KUBERNETES, OVERLAYS, ROOT, objects, tool

RELEASE = KUBERNETES / "release.py"
FAKE_KUBECTL = Path(__file__).with_name("fake_kubectl.py")
# The procedure docs/deployment.md gave until the release script: the Secret first, in a namespace
# nothing created, then the Job alone, without the settings it names.
OLD_PROCEDURE = [
    ["-n", "{namespace}", "create", "secret", "generic", "todo-secrets", "--from-env-file=secrets.env"],
    ["apply", "-k", "{overlay}", "-l", "app.kubernetes.io/component=migration"],
    ["-n", "{namespace}", "wait", "--for=condition=complete", "job/todo-migrate", "--timeout=10m"],
    ["apply", "-k", "{overlay}"],
]


class FakeCluster:
    def __init__(self, directory: Path) -> None:
        self.state = directory / "cluster.json"
        self.kubectl = directory / "kubectl"
        self.kubectl.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_KUBECTL}" "$@"\n')
        self.kubectl.chmod(0o755)
        self.env = {
            **os.environ,
            "FAKE_CLUSTER": str(self.state),
            "REAL_KUBECTL": tool("kubectl", "install kubectl (it carries kustomize)"),
            "KUBECTL": str(self.kubectl),
        }

    def release(self, overlay: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, RELEASE, overlay], capture_output=True, text=True, env=self.env, cwd=ROOT
        )

    def kubectl_run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.kubectl, *arguments], capture_output=True, text=True, env=self.env)

    def create_secret(self, namespace: str) -> None:
        result = self.kubectl_run("create", "secret", "generic", "todo-secrets", "-n", namespace)
        assert result.returncode == 0, result.stderr

    def objects(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.state.read_text())["objects"] if self.state.exists() else {}
        return found


def rendered(overlay: Path) -> list[dict[str, Any]]:
    result = subprocess.run([tool("kubectl", "install kubectl"), "kustomize", overlay], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [document for document in yaml.safe_load_all(result.stdout) if document]


def namespace_of(overlay: Path) -> str:
    [namespace] = objects(rendered(overlay), "Namespace")
    return namespace


@pytest.fixture
def cluster(tmp_path: Path) -> FakeCluster:
    return FakeCluster(tmp_path)


@pytest.mark.parametrize("name", OVERLAYS)
def test_a_first_release_on_an_empty_cluster_stops_for_the_secret_then_completes(
    cluster: FakeCluster, name: str
) -> None:
    overlay = KUBERNETES / "overlays" / name
    namespace = namespace_of(overlay)

    first = cluster.release(overlay)
    assert first.returncode != 0
    assert "create secret generic todo-secrets" in first.stderr, first.stderr
    # Only the namespace exists: nothing that needs the Secret was applied.
    assert list(cluster.objects()) == [f"Namespace//{namespace}"]

    cluster.create_secret(namespace)
    second = cluster.release(overlay)
    assert second.returncode == 0, second.stdout + second.stderr
    present = cluster.objects()
    for item in rendered(overlay):
        assert f"{item['kind']}/{item['metadata'].get('namespace', '')}/{item['metadata']['name']}" in present


def test_a_change_of_settings_alone_releases(cluster: FakeCluster, tmp_path: Path) -> None:
    """A new setting makes a new ConfigMap name, which the Job and the pods name: the Job's template
    changes (immutable) and the new ConfigMap must exist before the Job's pod starts."""
    production = KUBERNETES / "overlays" / "production"
    namespace = namespace_of(production)
    cluster.release(production)
    cluster.create_secret(namespace)
    assert cluster.release(production).returncode == 0

    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "resources": [os.path.relpath(production, changed)],
                "configMapGenerator": [
                    {"name": "todo-settings", "behavior": "merge", "literals": ["API_RATE_LIMIT=60/minute"]}
                ],
            }
        )
    )
    before = {name for name in cluster.objects() if name.startswith("ConfigMap/")}
    result = cluster.release(changed)
    assert result.returncode == 0, result.stdout + result.stderr
    [new_settings] = {name for name in cluster.objects() if name.startswith("ConfigMap/")} - before
    job = cluster.objects()[f"Job/{namespace}/todo-migrate"]
    assert new_settings.rsplit("/", 1)[1] in json.dumps(job)


def replay(cluster: FakeCluster, overlay: Path, procedure: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    namespace = namespace_of(overlay)
    return [
        cluster.kubectl_run(*(part.format(namespace=namespace, overlay=overlay) for part in step)) for step in procedure
    ]


def test_the_order_the_docs_gave_before_fails_in_the_fake_cluster(cluster: FakeCluster, tmp_path: Path) -> None:
    """What the release script replaces: the fake cluster refuses it as a real one did."""
    production = KUBERNETES / "overlays" / "production"
    create_secret, *_ = replay(cluster, production, OLD_PROCEDURE)
    assert "namespaces" in create_secret.stderr and create_secret.returncode != 0
    # Even with the namespace made by hand first, the Job waits for settings never applied.
    (tmp_path / "other").mkdir()
    other = FakeCluster(tmp_path / "other")
    other.kubectl_run("apply", "-k", str(production), "-l", "app.kubernetes.io/component=namespace")
    _, apply_job, wait, _ = replay(other, production, OLD_PROCEDURE)
    assert apply_job.returncode == 0, apply_job.stderr
    assert wait.returncode != 0 and "ConfigMap todo-settings-" in wait.stderr, wait.stderr


# ----------------------------------------------------------------------------------------------
# Pod Security admission


RESTRICTED_VOLUMES = {
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
}  # fmt: skip


@pytest.mark.parametrize("name", OVERLAYS)
def test_the_namespace_enforces_the_restricted_profile_that_every_pod_meets(name: str) -> None:
    """Pod Security admission's `restricted` checks (Kubernetes' pod-security-standards), the monitoring
    kustomization included, since it is applied in the same namespace."""
    overlay = rendered(KUBERNETES / "overlays" / name)
    [namespace] = objects(overlay, "Namespace").values()
    for mode in ("enforce", "audit", "warn"):
        assert namespace["metadata"]["labels"][f"pod-security.kubernetes.io/{mode}"] == "restricted"
    pods = [
        item["spec"]["template"]["spec"]
        for item in overlay + rendered(KUBERNETES / "monitoring")
        if item["kind"] in {"Deployment", "Job"}
    ]
    for pod in pods:
        assert not {"hostNetwork", "hostPID", "hostIPC", "hostUsers"} & set(pod)
        assert {kind for volume in pod.get("volumes", []) for kind in volume if kind != "name"} <= RESTRICTED_VOLUMES
        pod_context = pod.get("securityContext", {})
        for container in pod["containers"] + pod.get("initContainers", []):
            context = {**pod_context, **container.get("securityContext", {})}
            assert context.get("runAsNonRoot") is True, container["name"]
            assert context.get("runAsUser", 1) != 0, container["name"]
            assert context.get("seccompProfile", {}).get("type") in {"RuntimeDefault", "Localhost"}, container["name"]
            assert context.get("allowPrivilegeEscalation") is False, container["name"]
            assert not context.get("privileged"), container["name"]
            assert "ALL" in context["capabilities"]["drop"], container["name"]
            assert set(context["capabilities"].get("add", [])) <= {"NET_BIND_SERVICE"}, container["name"]
            assert all("hostPort" not in port for port in container.get("ports", [])), container["name"]


# ----------------------------------------------------------------------------------------------
# NetworkPolicies, evaluated as the network plugin does


@dataclass
class Peer:
    """A pod (namespace and labels, with its named ports) or an address outside the cluster."""

    namespace: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)


def matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, f"the evaluator reads matchLabels only: {selector}"
    return selector.get("matchLabels", {}).items() <= labels.items()


def peer_matches(rule_peer: dict[str, Any], policy_namespace: str, peer: Peer) -> bool:
    assert set(rule_peer) <= {"podSelector", "namespaceSelector"}, f"the evaluator reads no {rule_peer}"
    if peer.namespace is None:  # an address outside the cluster: only an ipBlock would select it
        return False
    if "namespaceSelector" in rule_peer:
        namespace_ok = matches(rule_peer["namespaceSelector"], {"kubernetes.io/metadata.name": peer.namespace})
    else:
        namespace_ok = peer.namespace == policy_namespace
    return namespace_ok and matches(rule_peer.get("podSelector", {}), peer.labels)


def port_matches(rule: dict[str, Any], port: int, protocol: str, destination: Peer) -> bool:
    if "ports" not in rule:
        return True
    for allowed in rule["ports"]:
        number = destination.ports.get(allowed["port"], allowed["port"])
        if allowed.get("protocol", "TCP") == protocol and number == port:
            return True
    return False


def allowed(policies: list[dict[str, Any]], source: Peer, destination: Peer, port: int, protocol: str = "TCP") -> bool:
    """Both ends must let the connection through: the source's egress and the destination's ingress.
    A pod selected by no policy of a direction is open in that direction."""

    def direction_allows(pod: Peer, direction: str, other: Peer, port_owner: Peer) -> bool:
        if pod.namespace is None:
            return True
        selecting = [
            policy
            for policy in policies
            if policy["metadata"]["namespace"] == pod.namespace
            and direction.capitalize() in policy["spec"]["policyTypes"]
            and matches(policy["spec"]["podSelector"], pod.labels)
        ]
        if not selecting:
            return True
        side = "from" if direction == "ingress" else "to"
        return any(
            port_matches(rule, port, protocol, port_owner)
            and ("from" not in rule and "to" not in rule or any(
                peer_matches(peer, policy["metadata"]["namespace"], other) for peer in rule[side]
            ))
            for policy in selecting
            for rule in policy["spec"].get(direction, [])
        )  # fmt: skip

    return direction_allows(source, "egress", destination, destination) and direction_allows(
        destination, "ingress", source, destination
    )


POSTGRES_PORT, REDIS_PORT, SMTP_PORTS, DNS_PORT = 5432, 6379, (587, 465), 53


@pytest.mark.parametrize("name", OVERLAYS)
def test_network_policies_open_the_flows_the_app_needs_and_nothing_more(name: str) -> None:
    overlay = rendered(KUBERNETES / "overlays" / name)
    monitoring = rendered(KUBERNETES / "monitoring")
    [namespace] = objects(overlay, "Namespace")
    for item in monitoring:  # applied with `-n <the overlay's namespace>`
        item["metadata"].setdefault("namespace", namespace)
    policies = list(objects(overlay, "NetworkPolicy").values()) + list(objects(monitoring, "NetworkPolicy").values())

    def pod(workloads: list[dict[str, Any]], workload: str) -> Peer:
        templates = {
            name: item["spec"]["jobTemplate"]["spec"]["template"] if kind == "CronJob" else item["spec"]["template"]
            for kind in ("Deployment", "Job", "CronJob")
            for name, item in objects(workloads, kind).items()
        }
        template = templates[workload]
        ports = {
            port["name"]: port["containerPort"] for c in template["spec"]["containers"] for port in c.get("ports", [])
        }
        return Peer(namespace, template["metadata"]["labels"], ports)

    web, api, migrate = pod(overlay, "todo-web"), pod(overlay, "todo-api"), pod(overlay, "todo-migrate")
    housekeeping = pod(overlay, "todo-housekeeping")
    blackbox = pod(monitoring, "todo-blackbox")
    ingress_controller = Peer("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
    prometheus = Peer("monitoring", {"app.kubernetes.io/name": "prometheus"})
    dns = Peer("kube-system", {"k8s-app": "kube-dns"})
    outside = Peer()  # the database, Redis, the mail server, the internet
    stranger = Peer(namespace, {"app.kubernetes.io/name": "debug"})  # any other pod in the namespace

    needed = [
        (ingress_controller, web, web.ports["http"]),
        (prometheus, web, web.ports["metrics"]),
        (prometheus, api, api.ports["http"]),
        (prometheus, blackbox, blackbox.ports["http"]),
        (web, api, api.ports["http"]),
        (web, outside, POSTGRES_PORT),
        *((web, outside, port) for port in SMTP_PORTS),
        (api, outside, POSTGRES_PORT),
        (api, outside, REDIS_PORT),
        (migrate, outside, POSTGRES_PORT),
        (housekeeping, outside, POSTGRES_PORT),
        (blackbox, outside, 443),
    ]
    for source, destination, port in needed:
        assert allowed(policies, source, destination, port), (source, destination, port)
    for source in (web, api, migrate, housekeeping, blackbox):
        assert allowed(policies, source, dns, DNS_PORT, "UDP") and allowed(policies, source, dns, DNS_PORT, "TCP")

    refused = [
        (ingress_controller, api, api.ports["http"]),  # the API is private
        (stranger, api, api.ports["http"]),
        (outside, api, api.ports["http"]),
        (stranger, web, web.ports["http"]),
        (ingress_controller, web, web.ports["metrics"]),
        (api, web, web.ports["http"]),
        (web, outside, 443),  # the web pods call nothing else on the internet
        (api, outside, SMTP_PORTS[0]),
        (api, outside, 443),
        (migrate, api, api.ports["http"]),
        (housekeeping, api, api.ports["http"]),
        (housekeeping, outside, 443),
        (stranger, outside, POSTGRES_PORT),
        (stranger, migrate, POSTGRES_PORT),
    ]
    for source, destination, port in refused:
        assert not allowed(policies, source, destination, port), (source, destination, port)
