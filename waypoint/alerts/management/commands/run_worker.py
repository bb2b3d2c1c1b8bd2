"""`manage.py run_worker`: the long-running loop that asks, alerts, reminds and sends.

Run one or several (they share work through the database). SIGTERM or SIGINT finishes the
message being sent and exits; SIGKILL loses nothing, because every claim is a lease that expires.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from waypoint.alerts.worker import run_once

log = logging.getLogger("waypoint.worker")


class _Stop:
    requested = False


class Command(BaseCommand):
    help = "Run the worker: check-on-me timers, reminders, drug alerts and the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--poll", type=float, default=None, help="seconds between passes when idle"
        )

    def handle(self, *args: Any, once: bool, poll: float | None, **options: Any) -> None:
        stop = _Stop()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.requested = True

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        interval = settings.WORKER_POLL_SECONDS if poll is None else poll
        name = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.stdout.write(f"worker {name} started (every {interval:g} s)", ending="\n")
        self.stdout.flush()
        while not stop.requested:
            close_old_connections()
            try:
                result = run_once(name, stop)
            except Exception:  # a database hiccup must not end the loop
                log.exception("worker pass failed")
                result = None
            if result is not None and result.busy:
                log.info(
                    "asked %s, alerted %s, reminders %s, drug alerts %s, sent %s, failed %s",
                    result.asked,
                    result.alerted,
                    result.reminders,
                    result.fanned_out,
                    result.sent,
                    result.failed,
                )
            if once:
                break
            if result is not None and result.busy:
                continue  # more may be waiting
            deadline = time.monotonic() + interval
            while not stop.requested and time.monotonic() < deadline:
                time.sleep(min(0.1, interval))
        self.stdout.write(f"worker {name} stopped", ending="\n")
