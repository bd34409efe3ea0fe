"""Where a V8 CPU profile (node --cpu-prof) spent its time during given windows of the monotonic
clock: the share of busy time by where the code comes from (a package, Node's internals, the app's
bundle, the garbage collector), and the inclusive share of a few named functions."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

IDLE = {"(idle)", "(program)"}
PACKAGE = re.compile(r"node_modules/((?:@[^/]+/)?[^/]+)")
# Better Auth's own functions keep their names in the bundle; their inclusive time is its share.
NAMED = ("getSignedCookie", "findSession", "getSession", "signJWT")


def source_of(frame: dict[str, Any]) -> str:
    url: str = frame["url"]
    if not url:
        return frame["functionName"] or "(native)"
    if url.startswith("node:"):
        return "node:" + url.removeprefix("node:").split("/")[0]
    package = PACKAGE.search(url)
    if package:
        return package.group(1)
    # Packages bundled into the app's server chunks are named in the chunk's file name.
    bundled = re.search(r"node_modules_((?:@[^_]+_)?[^_]+)_", url)
    return f"{bundled.group(1).replace('_', '/')} (bundled)" if bundled else "app bundle"


def busy_shares(
    profile_paths: list[Path], windows: list[tuple[float, float]]
) -> tuple[float, list[tuple[str, float]], list[tuple[str, float]]]:
    """Busy milliseconds of the profiled processes inside `windows` (monotonic seconds), the shares of
    that time by source, and the inclusive shares of the NAMED functions."""
    spans = [(start * 1e6, end * 1e6) for start, end in windows]
    by_source: Counter[str] = Counter()
    named: Counter[str] = Counter()
    busy = 0.0
    for profile_path in profile_paths:
        busy += add_samples(json.loads(profile_path.read_text()), spans, by_source, named)
    if not busy:
        return 0.0, [], []
    return (
        busy / 1000,
        [(source, us / busy) for source, us in by_source.most_common()],
        [(name, us / busy) for name, us in named.most_common()],
    )


def add_samples(
    profile: dict[str, Any], spans: list[tuple[float, float]], by_source: Counter[str], named: Counter[str]
) -> float:
    """Adds one profile's busy samples inside `spans` to the counts; returns their microseconds."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    busy = 0.0
    clock = float(profile["startTime"])
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        clock += delta
        frame = nodes[sample]["callFrame"]
        if frame["functionName"] in IDLE or not any(start <= clock <= end for start, end in spans):
            continue
        busy += delta
        by_source[source_of(frame)] += delta
        seen: set[str] = set()
        walker: int | None = sample
        while walker is not None:
            name = nodes[walker]["callFrame"]["functionName"]
            if name in NAMED and name not in seen:
                seen.add(name)
                named[name] += delta
            walker = parent.get(walker)
    return busy
