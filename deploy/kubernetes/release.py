"""Releases a kustomize overlay to kubectl's current context, on an empty cluster or over a running
release, in the order each step's needs demand (docs/deployment.md, "A release"):

1. the Namespace, with its Pod Security labels;
2. a check that every Secret the pods reference exists (they are created outside git): if one is
   missing the release stops here and says how to create it;
3. the settings ConfigMap and the NetworkPolicies: the ConfigMap's name carries a hash of its content,
   so a change of settings makes a new one, which must exist before any pod that names it starts;
4. the migration Job: the previous one is deleted (a Job's pod template cannot change, and it names
   the settings' hash), the new one applied and awaited;
5. everything, then each Deployment's rollout awaited.

    make release OVERLAY=production      # or: uv run python deploy/kubernetes/release.py <overlay dir>

Each step applies the objects whose `app.kubernetes.io/component` label names it; KUBECTL names
another kubectl binary (the tests use a fake cluster).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

KUBECTL = os.environ.get("KUBECTL", "kubectl")
COMPONENT = "app.kubernetes.io/component"
# The selectors of steps 1, 3 and 4; step 5 applies everything.
NAMESPACE_STEP = f"{COMPONENT}=namespace"
SETTINGS_STEP = f"{COMPONENT} in (settings,network-policy)"
MIGRATION_STEP = f"{COMPONENT}=migration"
ROLLOUT_TIMEOUT = "10m"


def kubectl(*arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    print("+ kubectl " + " ".join(arguments), flush=True)
    result = subprocess.run([KUBECTL, *arguments], text=True, capture_output=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if check and result.returncode != 0:
        raise SystemExit(f"release stopped: `kubectl {' '.join(arguments)}` failed")
    return result


def render(overlay: Path) -> list[dict[str, Any]]:
    result = subprocess.run([KUBECTL, "kustomize", str(overlay)], text=True, capture_output=True, check=True)
    return [document for document in yaml.safe_load_all(result.stdout) if document]


def of_kind(rendered: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [item for item in rendered if item["kind"] == kind]


def namespace_of(rendered: list[dict[str, Any]]) -> str:
    [namespace] = of_kind(rendered, "Namespace")
    name: str = namespace["metadata"]["name"]
    return name


def pod_specs(rendered: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in rendered:
        if item["kind"] in {"Deployment", "Job", "StatefulSet", "DaemonSet"}:
            yield item["spec"]["template"]["spec"]


def secrets_needed(rendered: list[dict[str, Any]]) -> set[str]:
    """The Secrets a pod cannot start without: its required secretKeyRefs, secretRefs and secret volumes."""
    names: set[str] = set()
    for pod in pod_specs(rendered):
        for container in pod["containers"] + pod.get("initContainers", []):
            for variable in container.get("env", []):
                reference = variable.get("valueFrom", {}).get("secretKeyRef")
                if reference and not reference.get("optional"):
                    names.add(reference["name"])
            for source in container.get("envFrom", []):
                if "secretRef" in source and not source["secretRef"].get("optional"):
                    names.add(source["secretRef"]["name"])
        for volume in pod.get("volumes", []):
            if "secret" in volume and not volume["secret"].get("optional"):
                names.add(volume["secret"]["secretName"])
    return names


def release(overlay: Path) -> None:
    rendered = render(overlay)
    namespace = namespace_of(rendered)
    in_namespace = ("--namespace", namespace)

    kubectl("apply", "-k", str(overlay), "-l", NAMESPACE_STEP)

    missing = sorted(
        name
        for name in secrets_needed(rendered)
        if kubectl("get", "secret", name, "-o", "name", *in_namespace, check=False).returncode != 0
    )
    if missing:
        raise SystemExit(
            f"release stopped: namespace {namespace} lacks Secret {', '.join(missing)}. Create it outside git, "
            f"e.g. `kubectl -n {namespace} create secret generic {missing[0]} --from-env-file=secrets.env` "
            "(keys in docs/deployment.md), then run the release again."
        )

    kubectl("apply", "-k", str(overlay), "-l", SETTINGS_STEP)

    jobs = of_kind(rendered, "Job")
    for job in jobs:
        kubectl("delete", "job", job["metadata"]["name"], "--ignore-not-found", "--wait", *in_namespace)
    kubectl("apply", "-k", str(overlay), "-l", MIGRATION_STEP)
    for job in jobs:
        name = job["metadata"]["name"]
        # The Job fails at its deadline, so waiting longer than that would only hide the failure.
        deadline = f"{job['spec']['activeDeadlineSeconds']}s"
        waited = kubectl(
            "wait", "--for=condition=complete", f"job/{name}", f"--timeout={deadline}", *in_namespace, check=False
        )
        if waited.returncode != 0:
            raise SystemExit(f"migration failed: kubectl -n {namespace} logs job/{name} --all-containers")

    kubectl("apply", "-k", str(overlay))
    for deployment in of_kind(rendered, "Deployment"):
        kubectl(
            "rollout",
            "status",
            f"deployment/{deployment['metadata']['name']}",
            f"--timeout={ROLLOUT_TIMEOUT}",
            *in_namespace,
        )
    print(f"released {overlay} to namespace {namespace}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("overlay", type=Path, help="a kustomize overlay, e.g. deploy/kubernetes/overlays/production")
    release(parser.parse_args().overlay)


if __name__ == "__main__":
    main()
