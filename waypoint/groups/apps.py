from __future__ import annotations

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "waypoint.groups"
    label = "groups"
