"""Demo: a fictional program, its sites, an outreach worker, an admin, a few hundred encounters."""

from __future__ import annotations

from waypoint.accounts.models import User


def demo_program(people: dict[str, User]) -> None:
    return None
