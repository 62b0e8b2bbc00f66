from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from portal.workdays import seed_calendar
from subsites import demo as subsites_demo


class Command(BaseCommand):
    help = "Create the demo province: the main portal, 40 component sites, menus, pages, editors and content."

    def handle(self, *args, **options):

        with transaction.atomic():
            year = timezone.localdate().year
            seed_calendar(range(year - 5, year + 2))  # the demo's deadlines count real working days
            seeded = subsites_demo.seed()
            for config in apps.get_app_configs():
                if config.name != "subsites" and module_has_submodule(config.module, "demo"):
                    __import__(f"{config.name}.demo", fromlist=["seed"]).seed(seeded)
        self.stdout.write(self.style.SUCCESS(f"Demo portal ready: {len(seeded['units'])} component sites."))
        self.stdout.write(f"Sign in at /admin/ with password “{subsites_demo.DEMO_PASSWORD}” as:")
        for username, label in seeded["users"]:
            self.stdout.write(f"  {username:<14} {label}")
