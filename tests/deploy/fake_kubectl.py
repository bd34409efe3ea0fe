"""A kubectl for the release tests: a cluster kept in a JSON file (FAKE_CLUSTER) that refuses what a
real one refuses when a release runs out of order. `kustomize` goes to the real kubectl (REAL_KUBECTL);
`apply -k [-l]` stores the selected objects and fails for an object whose namespace does not exist or
for a Job whose pod template changed; `wait` and `rollout status` fail, as a real wait times out, when
a pod's ConfigMaps, Secrets or ServiceAccount do not exist. Its own reading of a pod's needs walks the
whole pod spec, independently of deploy/kubernetes/release.py's list of the Secrets it checks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

STATE = Path(os.environ["FAKE_CLUSTER"])
REAL_KUBECTL = os.environ["REAL_KUBECTL"]
# Kinds that live outside any namespace.
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume"}


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def load() -> dict[str, Any]:
    state: dict[str, Any] = json.loads(STATE.read_text()) if STATE.exists() else {"objects": {}}
    return state


def key(kind: str, namespace: str | None, name: str) -> str:
    return f"{kind}/{namespace or ''}/{name}"


def option(arguments: list[str], *names: str) -> str | None:
    for index, argument in enumerate(arguments):
        for name in names:
            if argument == name:
                return arguments[index + 1]
            if argument.startswith(f"{name}="):
                return argument.split("=", 1)[1]
    return None


def selected(labels: dict[str, str], selector: str | None) -> bool:
    """kubectl's label selectors: `k=v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, joined by commas."""
    if selector is None:
        return True
    for clause in re.findall(r"[^,(]+(?:\([^)]*\))?", selector):
        clause = clause.strip()
        if match := re.fullmatch(r"(\S+)\s+(in|notin)\s+\(([^)]*)\)", clause):
            label, operator, values = match.groups()
            inside = labels.get(label) in {value.strip() for value in values.split(",")}
            if inside != (operator == "in"):
                return False
        elif match := re.fullmatch(r"(\S+?)\s*(!=|==|=)\s*(\S+)", clause):
            label, operator, value = match.groups()
            if (labels.get(label) == value) != (operator != "!="):
                return False
        else:
            fail(f"fake kubectl: cannot read the selector {selector!r}")
    return True


def needs(pod: Any) -> set[tuple[str, str]]:
    """Every (kind, name) a pod names, found anywhere in its spec, but those marked optional."""
    found: set[tuple[str, str]] = set()
    if isinstance(pod, list):
        for item in pod:
            found |= needs(item)
    elif isinstance(pod, dict):
        for field, value in pod.items():
            if isinstance(value, dict) and not value.get("optional"):
                if field in {"configMapKeyRef", "configMapRef", "configMap"}:
                    found.add(("ConfigMap", value["name"]))
                elif field in {"secretKeyRef", "secretRef"}:
                    found.add(("Secret", value["name"]))
                elif field == "secret":
                    found.add(("Secret", value["secretName"]))
            if field == "serviceAccountName" and value != "default":
                found.add(("ServiceAccount", value))
            found |= needs(value)
    return found


def apply(state: dict[str, Any], arguments: list[str]) -> None:
    rendered = subprocess.run(
        [REAL_KUBECTL, "kustomize", option(arguments, "-k") or ""], capture_output=True, text=True
    )
    if rendered.returncode != 0:
        fail(rendered.stderr)
    selector = option(arguments, "-l", "--selector")
    for item in yaml.safe_load_all(rendered.stdout):
        if not item or not selected(item["metadata"].get("labels", {}), selector):
            continue
        kind, namespace, name = item["kind"], item["metadata"].get("namespace"), item["metadata"]["name"]
        if kind not in CLUSTER_SCOPED and key("Namespace", None, namespace) not in state["objects"]:
            fail(f'Error from server (NotFound): namespaces "{namespace}" not found')
        previous = state["objects"].get(key(kind, namespace, name))
        if kind == "Job" and previous and previous["spec"]["template"] != item["spec"]["template"]:
            fail(f'The Job "{name}" is invalid: spec.template: Invalid value: field is immutable')
        state["objects"][key(kind, namespace, name)] = item
        print(f"{kind.lower()}/{name} configured")


def start_pods(state: dict[str, Any], kind: str, name: str, namespace: str | None) -> None:
    workload = state["objects"].get(key(kind, namespace, name))
    if workload is None:
        fail(f'Error from server (NotFound): {kind.lower()}s "{name}" not found')
    absent = sorted(
        f"{needed_kind} {needed_name}"
        for needed_kind, needed_name in needs(workload["spec"]["template"]["spec"])
        if key(needed_kind, namespace, needed_name) not in state["objects"]
    )
    if absent:
        fail(f"error: timed out waiting for {kind.lower()}/{name}: its pods wait for {', '.join(absent)}")


def main(arguments: list[str]) -> None:
    if arguments[0] == "kustomize":
        raise SystemExit(subprocess.run([REAL_KUBECTL, *arguments]).returncode)
    state = load()
    state.setdefault("log", []).append(arguments)
    namespace = option(arguments, "-n", "--namespace")
    # The namespace flag may come anywhere, before the verb too.
    for flag in ("-n", "--namespace"):
        if flag in arguments:
            index = arguments.index(flag)
            del arguments[index : index + 2]
    arguments = [argument for argument in arguments if not argument.startswith("--namespace=")]
    verb = arguments[0]
    try:
        if verb == "apply":
            apply(state, arguments)
        elif verb == "get" and arguments[1] == "secret":
            if key("Secret", namespace, arguments[2]) not in state["objects"]:
                fail(f'Error from server (NotFound): secrets "{arguments[2]}" not found')
        elif verb == "create" and arguments[1:3] == ["secret", "generic"]:
            if key("Namespace", None, namespace) not in state["objects"]:
                fail(f'error: failed to create secret namespaces "{namespace}" not found')
            state["objects"][key("Secret", namespace, arguments[3])] = {"kind": "Secret"}
        elif verb == "delete" and arguments[1] == "job":
            state["objects"].pop(key("Job", namespace, arguments[2]), None)
        elif verb == "wait":
            kind, name = next(a for a in arguments[1:] if not a.startswith("-") and "/" in a).split("/")
            start_pods(state, kind.capitalize(), name, namespace)
        elif verb == "rollout" and arguments[1] == "status":
            kind, name = arguments[2].split("/")
            start_pods(state, kind.capitalize(), name, namespace)
        else:
            fail(f"fake kubectl: no such command here: {arguments}")
    finally:
        STATE.write_text(json.dumps(state))


if __name__ == "__main__":
    main(sys.argv[1:])
