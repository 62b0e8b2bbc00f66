"""The "Dịch vụ công trực tuyến" entry every home page shows (Decree 42/2022 Điều 4), with the link for
feedback on regulations: the unit's own addresses, else the main portal's, else the portal's settings."""

from __future__ import annotations

from .footer import footer_entry


def services_block(request, unit):
    links = footer_entry(unit)["links"]
    return "directory/blocks/services.html", {
        "id": "online-services",
        "public_services_url": links["public_services_url"],
        "feedback_url": links["feedback_url"],
    }
