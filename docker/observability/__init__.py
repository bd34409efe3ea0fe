"""Prometheus rules and the Grafana dashboard as code, and the PromQL they hold.

`python -m observability` (with `docker` on the path; `make observability` does it) writes
`docker/prometheus/rules/*.yml` and `docker/grafana/dashboards/*.json` from these modules.
"""
