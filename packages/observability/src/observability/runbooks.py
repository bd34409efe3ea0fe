"""Where the runbooks are read: every alert's runbook_url and every dashboard link is built from
RUNBOOK_BASE_URL, the one place to change when the documentation moves."""

from __future__ import annotations

import re

# Where people read docs/operations.md, rendered with GitHub-style heading anchors (GitHub, GitLab,
# Gitea): set your repository's address here, then run `make observability`.
RUNBOOK_BASE_URL = "https://git.example.com/todo/blob/main/docs/operations.md"
# The section that introduces every runbook: for a panel that no single alert stands for.
ALL_RUNBOOKS = "Runbooks"


def anchor(heading: str) -> str:
    """The anchor a Markdown renderer gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def runbook_url(heading: str) -> str:
    """The absolute address of a section of docs/operations.md (an alert's runbook is named after it)."""
    return f"{RUNBOOK_BASE_URL}#{anchor(heading)}"
