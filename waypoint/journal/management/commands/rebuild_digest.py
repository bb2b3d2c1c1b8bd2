from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q

from waypoint.accounts.models import User
from waypoint.core.progress import progress
from waypoint.journal.digest import rebuild


class Command(BaseCommand):
    help = "Recompute the per-day journal digest from the raw entries and check-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="only this username")

    def handle(self, *args: Any, **options: Any) -> None:
        people = User.objects.filter(Q(entries__isnull=False) | Q(checkins__isnull=False))
        if options["user"]:
            people = User.objects.filter(username=options["user"])
        ids = list(people.order_by("pk").values_list("pk", flat=True).distinct())
        rows = 0
        # One person per transaction: a long rebuild never holds one big lock.
        for pk in progress(ids, total=len(ids), label="digest", stream=self.stderr):
            rows += rebuild(pk)
        self.stdout.write(f"Digest rebuilt for {len(ids)} people ({rows} rows).")
