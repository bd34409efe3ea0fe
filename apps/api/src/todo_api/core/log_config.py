"""One JSON object per log line (python-json-logger), for the API's own loggers and uvicorn's, so that
an SRE can join them with the web server's lines by `request_id`."""

from __future__ import annotations

from typing import Any

SERVICE = "todo-api"

LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{levelname}{name}{process}{message}",
            "style": "{",
            "rename_fields": {"levelname": "level", "name": "logger", "process": "pid"},
            "static_fields": {"service": SERVICE},
            "timestamp": True,
        }
    },
    "filters": {"trace_id": {"()": "todo_api.core.tracing.TraceIdFilter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["trace_id"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "todo_api": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
    },
}
