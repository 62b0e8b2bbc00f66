"""Print nginx's server_name line and ALLOWED_HOSTS for every host the portal answers to.

Run it where the portal's environment is set (same DATABASE_URL), after adding or changing a unit's
own host, then paste both lines (deploy/nginx/portal.conf, the environment file) and reload:

    python deploy/server_names.py

The hosts are the main portal's (PORTAL_MAIN_HOSTS and PORTAL_BASE_URL's) and each unit's own host.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def hosts() -> list[str]:
    from django.conf import settings

    from subsites.models import Unit

    main = [*settings.PORTAL_MAIN_HOSTS, urlsplit(settings.PORTAL_BASE_URL).hostname or ""]
    units = Unit.objects.exclude(host__isnull=True).exclude(host="").order_by("host")
    found = [*main, *units.values_list("host", flat=True)]
    return list(dict.fromkeys(host for host in found if host))  # in order, once each


def main() -> None:
    import django

    django.setup()
    names = hosts()
    print(f"server_name {' '.join(names)};")
    print(f"ALLOWED_HOSTS={','.join(names)}")


if __name__ == "__main__":
    main()
