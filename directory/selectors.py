"""Public reads: a unit's contacts, leaders and introduction, and the footer every page shows."""

from __future__ import annotations

from django.db.models import QuerySet

from subsites.selectors import main_portal

from . import conf
from .models import Contact, Footer, Introduction, Leader

LINKS = ("public_services_url", "feedback_url", "facebook_url", "zalo_url")


def contacts_of(unit) -> QuerySet[Contact]:
    return Contact.objects.filter(unit=unit)


def leaders_of(unit) -> QuerySet[Leader]:
    return Leader.objects.filter(unit=unit)


def introduction_of(unit) -> Introduction | None:
    return Introduction.objects.filter(unit=unit).first()


def footer_and_links(unit) -> tuple[Footer | None, dict[str, str]]:
    """In one query: the unit's own footer, or the main portal's when it has none (None when neither
    has one); and the portal's links for `unit`'s pages, each the unit's own or else the main portal's.
    The two services fall back to the portal's settings, so the home page's entry never leads nowhere."""
    main = main_portal()
    ids = [u.pk for u in (unit, main) if u is not None]
    footers = {f.unit_id: f for f in Footer.objects.filter(unit_id__in=ids).select_related("unit")}
    ordered = [footers[i] for i in ids if i in footers]
    links = {name: next((value for f in ordered if (value := getattr(f, name))), "") for name in LINKS}
    links["public_services_url"] = links["public_services_url"] or conf.public_services_url()
    links["feedback_url"] = links["feedback_url"] or conf.feedback_url()
    return (ordered[0] if ordered else None), links


def leaders_by_name(unit) -> dict[str, Leader]:
    """The unit's leaders by name, to link the leaders' schedule to their pages."""
    return {leader.name.casefold(): leader for leader in leaders_of(unit).select_related("unit")}
