from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from waypoint.core.demo import (
    DEMO_PASSPHRASE,
    MORE_LOGINS,
    PEOPLE,
    ensure_demo,
    generate_volume,
)


class Command(BaseCommand):
    help = "Create the demo people (idempotent), or --participants N --days D of volume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=0, help="synthetic participants")
        parser.add_argument("--days", type=int, default=90, help="days of history for each")

    def handle(self, *args: Any, participants: int, days: int, **options: Any) -> None:
        if participants < 0 or days < 0:
            self.stderr.write("--participants and --days must be zero or more.")
            raise SystemExit(2)
        if participants:
            users = generate_volume(participants=participants, days=days, stream=self.stderr)
            self.stdout.write(f"Created {len(users)} participants with {days} days each.")
            return
        ensure_demo()
        self.stdout.write("")
        self.stdout.write("Waypoint demo logins (all fictional), passphrase: " + DEMO_PASSPHRASE)
        for person in PEOPLE:
            self.stdout.write(f"  {person.username:<12} {person.about}")
        for username, about in MORE_LOGINS:
            self.stdout.write(f"  {username:<12} {about}")
        self.stdout.write(f"Open {settings.SITE_URL} and sign in with any of them.")
        self.stdout.write("")
