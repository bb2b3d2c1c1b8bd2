from __future__ import annotations

from django.urls import path

app_name = "start"
urlpatterns: list = []
__all__ = ["path"]
