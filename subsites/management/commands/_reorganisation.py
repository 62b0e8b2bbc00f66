"""What the four reorganisation commands share: reading a date, running the service as the portal
itself, and turning a refusal into a message and exit code 1."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.services import SYSTEM
from subsites.reorganisation import Outcome, printable


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(
            _("“%(value)s” is not a date: write YYYY-MM-DD.") % {"value": printable(value)}
        ) from None


class ReorganisationCommand(BaseCommand):
    def add_on(self, parser) -> None:
        parser.add_argument("--on", required=True, help="YYYY-MM-DD: the day the change takes effect")

    def run(self, operation, **kwargs) -> None:
        try:
            outcome: Outcome = operation(acting_user=SYSTEM, **kwargs)
        except ValidationError as error:
            raise CommandError(" ".join(printable(m) for m in error.messages)) from None
        for message in outcome.messages:
            self.stdout.write(message)
        for key, count in sorted(outcome.moved.items()):
            self.stdout.write(f"  {key}: {count}")
