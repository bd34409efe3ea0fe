"""Prometheus rules and the Grafana dashboard as code, and the PromQL they hold.

`python -m observability` (`make observability` runs it; `docker/` is a uv workspace member) writes
`docker/prometheus/rules/*.yml` and `docker/grafana/dashboards/*.json` from these modules.
"""
