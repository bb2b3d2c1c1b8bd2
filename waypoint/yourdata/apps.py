from __future__ import annotations

from django.apps import AppConfig


class YourDataConfig(AppConfig):
    """Your data: the export (JSON, CSV) and deleting the account. No models of its own."""

    name = "waypoint.yourdata"
    label = "yourdata"
