"""What the tests, the benchmarks and `make dev` share, and production never needs: local stand-ins
for PostgreSQL and Redis, databases of a run's own, server processes, and tokens minted as the web
app mints them. A workspace member in the dev dependency group only."""
