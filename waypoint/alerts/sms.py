"""Text messages through a pluggable backend, chosen by `SMS_BACKEND`.

`HttpBackend` speaks the Twilio Messages API shape (a form POST of `To`, `From` and `Body` with
basic auth of account and token), which many providers accept; `SMS_HTTP_URL` is the whole URL,
for Twilio `https://api.twilio.com/2010-04-01/Accounts/<SID>/Messages.json`.
"""

from __future__ import annotations

import base64
import logging
import urllib.error
import urllib.parse
import urllib.request
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SmsError(Exception):
    """The message was not accepted; the outbox row stays pending and is tried again."""


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> None: ...


class DisabledBackend:
    """No provider configured: every text message fails loudly and stays in the outbox."""

    def send(self, *, to: str, body: str) -> None:
        raise SmsError("No text message provider is configured (SMS_BACKEND).")


class ConsoleBackend:
    """Development: print the message instead of sending it."""

    def send(self, *, to: str, body: str) -> None:
        log.info("SMS to %s: %s", to, body)


class HttpBackend:
    """A Twilio-compatible HTTP provider."""

    def send(self, *, to: str, body: str) -> None:
        url = settings.SMS_HTTP_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("SMS_HTTP_URL must be an http(s) URL.")
        data = urllib.parse.urlencode({"To": to, "From": settings.SMS_FROM, "Body": body}).encode()
        request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 (checked)
        credentials = f"{settings.SMS_HTTP_ACCOUNT}:{settings.SMS_HTTP_TOKEN}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(credentials).decode())
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            raise SmsError(f"The provider answered {error.code}.") from error
        except (urllib.error.URLError, OSError) as error:
            raise SmsError(f"The provider could not be reached: {error}") from error
        if not 200 <= status < 300:
            raise SmsError(f"The provider answered {status}.")


@cache
def _backend(path: str) -> SmsBackend:
    backend: SmsBackend = import_string(path)()
    return backend


def send_sms(*, to: str, body: str) -> None:
    """Send one text message through the configured backend (raises SmsError on failure)."""
    _backend(settings.SMS_BACKEND).send(to=to, body=body)
