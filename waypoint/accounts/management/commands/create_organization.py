"""`manage.py create_organization --name "…" --kind program --admin USERNAME`: no shell needed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.accounts.models import Organization
from waypoint.accounts.services import SETUP_LINK_DAYS, organization_create


class Command(BaseCommand):
    help = (
        "Create an organization and its first admin, and print a one-time link (valid "
        f"{SETUP_LINK_DAYS} days) where the admin sets a passphrase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=Organization.Kind.values)
        parser.add_argument("--admin", required=True, help="the first admin's username")
        parser.add_argument("--time-zone", default="", help=f"default {settings.TIME_ZONE}")
        parser.add_argument(
            "--site-url",
            default=getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000",
            help="where this Waypoint is served, to print a full link",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organization, admin, code = organization_create(
                name=options["name"],
                kind=options["kind"],
                admin_username=options["admin"],
                time_zone=options["time_zone"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        link = f"{options['site_url'].rstrip('/')}/welcome/{code}/"
        self.stdout.write(
            f"Created {organization.name} (slug {organization.slug}, {organization.kind}).\n"
            f"Its admin {admin.username} sets a passphrase here, once, within "
            f"{SETUP_LINK_DAYS} days:\n{link}"
        )
