"""Real local servers the alert tests send to: SMTP (aiosmtpd) and a Twilio-shaped HTTP endpoint.

Nothing is mocked: the worker's email goes over SMTP to `SmtpSink`, its text messages over HTTP
to `SmsSink`, and the tests read what arrived (with the time it arrived).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    to: list[str]
    subject: str
    body: str
    key: str
    at: float  # time.time() when the server had the whole message


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        part = message.get_body(("plain",))
        body = part.get_content() if part is not None else ""
        with self.sink.lock:
            self.sink.messages.append(
                Received(
                    to=list(envelope.rcpt_tos),
                    subject=str(message["Subject"]),
                    body=body,
                    key=str(message.get("X-Waypoint-Key", "")),
                    at=time.time(),
                )
            )
        return "250 OK"


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.to]

    def wait_for(self, address: str, count: int = 1, timeout: float = 15) -> list[Received]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return self.to(address)

    def env(self) -> dict[str, str]:
        """Settings (as environment) that send a worker's email here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }


class SmsSink:
    """A tiny HTTP server shaped like Twilio's Messages endpoint; keeps each POST."""

    def __init__(self, status: int = 201) -> None:
        self.messages: list[dict[str, str]] = []
        self.auth: list[str] = []
        self.status = status
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                sink.messages.append({k: v[0] for k, v in form.items()})
                sink.auth.append(self.headers.get("Authorization", ""))
                self.send_response(sink.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"sid": "SM1", "status": "queued"}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/2010-04-01/Accounts/AC1/Messages.json"

    def start(self) -> SmsSink:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def env(self) -> dict[str, str]:
        return {
            "SMS_BACKEND": "waypoint.alerts.sms.HttpBackend",
            "SMS_HTTP_URL": self.url,
            "SMS_HTTP_ACCOUNT": "AC1",
            "SMS_HTTP_TOKEN": "secret-token",
            "SMS_FROM": "+15550001111",
        }
