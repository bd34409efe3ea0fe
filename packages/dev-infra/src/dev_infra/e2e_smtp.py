"""The mail server of one end-to-end run: a Playwright webServer entry (apps/web/playwright.config.ts).

    python -m dev_infra.e2e_smtp

A real SMTP server (aiosmtpd) on a free loopback port. Each message it receives is written whole to a
folder of its own as `<n>.eml`, where the tests read the links the app sent. Prints
`smtp <SMTP URL> <folder>` when it listens, and stops with Playwright (SIGTERM) or with the runner
(its stdin closes), deleting the folder.
"""

from __future__ import annotations

import itertools
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from dev_infra.network import free_port


class MailFolder:
    """aiosmtpd's handler: accepts every message and keeps it as a file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content: Any = envelope.original_content or envelope.content
        data = content if isinstance(content, bytes) else str(content).encode()
        (self.folder / f"{next(self.numbers)}.eml").write_bytes(data)
        return "250 Message accepted for delivery"


def stop(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(0)


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    folder = Path(tempfile.mkdtemp(prefix="todo-e2e-mail-"))
    controller = Controller(MailFolder(folder), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        print(f"smtp smtp://127.0.0.1:{controller.port} {folder}", flush=True)
        sys.stdin.read()
    finally:
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
