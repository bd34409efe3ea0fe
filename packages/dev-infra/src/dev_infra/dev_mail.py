"""`make dev`'s mail server: prints each mail the app sends, readably, to the terminal.

    python -m dev_infra.dev_mail PORT

A real SMTP server (aiosmtpd) on 127.0.0.1:PORT, so that development sends mail the way production
does. Each message is decoded (quoted-printable and all) and printed as its recipient, subject and
text, every line as it is: a link stays on a line of its own, ready to copy or click. Stops on Ctrl-C
or SIGTERM.
"""

from __future__ import annotations

import email
import email.policy
import signal
import sys
import threading
from email.message import EmailMessage
from types import FrameType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from dev_infra.progress import say

RULE = "─" * 72


def readable(message: EmailMessage) -> str:
    """The mail as a person reads it: who it is for, its subject, then its text."""
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else "(no text part)"
    # SMTP's CRLF line ends as the terminal's: a copied link carries no stray carriage return.
    lines = "\n".join(text.rstrip().splitlines())
    return f"{RULE}\nmail to {message['To']}\nSubject: {message['Subject']}\n\n{lines}\n{RULE}\n"


class PrintMail:
    """aiosmtpd's handler: accepts every message and prints it."""

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content: Any = envelope.original_content or envelope.content
        data = content if isinstance(content, bytes) else str(content).encode()
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)  # what policy.default makes
        print(readable(message), flush=True)
        return "250 Message accepted for delivery"


def main() -> None:
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    port = int(sys.argv[1])
    controller = Controller(PrintMail(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        say(f"mail: every mail the app sends is printed here (SMTP on 127.0.0.1:{port})")
        stopped.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
