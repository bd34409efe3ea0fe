"""The topology of the scale-out test, started once for the module (see topology.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from dev_infra.otlp import OtlpReceiver
from topology import Topology, running_topology

# The API's per-user limit in this topology, per minute: low enough for a burst to meet it.
API_RATE_LIMIT = 40


@pytest.fixture(scope="session")
def trace_receiver() -> OtlpReceiver:
    """Where the topology's services send their traces, every one of them."""
    return OtlpReceiver()


@pytest.fixture(scope="session")
def topology(tmp_path_factory: pytest.TempPathFactory, trace_receiver: OtlpReceiver) -> Iterator[Topology]:
    # make test sets SCALE_OUT_SKIP_BUILD=1: the end-to-end run before it has just built the web app.
    reuse_build = os.environ.get("SCALE_OUT_SKIP_BUILD") == "1"
    with running_topology(
        tmp_path_factory.mktemp("scale-out"),
        api_rate_limit=API_RATE_LIMIT,
        reuse_build=reuse_build,
        traces_to=trace_receiver.url,
    ) as running:
        yield running
