"""Waypoint: a harm reduction platform."""

__version__ = "0.1.0"
