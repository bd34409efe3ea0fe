"""`todo-api` itself, minus prometheus-fastapi-instrumentator's HTTP metrics: `make bench` loads it
beside the API to price them (verification, rate-limit and pool metrics stay, as does the log line).

    python api_without_http_metrics.py serve --port 18003
"""

import sys

from todo_api import cli, main

# Replaced before uvicorn builds the app in this process (one worker): create_app() looks it up when it runs.
main.instrument = lambda app: None

if __name__ == "__main__":
    cli.main(sys.argv[1:])
