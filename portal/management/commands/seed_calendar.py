"""Add Vietnam's public holidays and make-up working days of some years to the working-day calendar."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.workdays import seed_calendar


class Command(BaseCommand):
    help = "Add the official holidays and make-up working days of the given years (default: this and next)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="years, e.g. 2026 2027")

    def handle(self, *args, years, **options):
        this_year = timezone.localdate().year
        years = years or [this_year, this_year + 1]
        wrong = [year for year in years if not 1990 <= year <= 2100]
        if wrong:
            raise CommandError(f"years: {wrong} out of range (1990–2100)")
        added = seed_calendar(years)
        self.stdout.write(f"{added} days added to the calendar for {', '.join(map(str, years))}")
