"""Writes of the subsites app: units, sections, pages, memberships. Each records an audit entry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal import audit
from portal.html import sanitize_html

from .models import Banner, Membership, Page, Section, Unit
from .permissions import forget_roles
from .slugs import fill_english_slug

User = get_user_model()


def _save(obj, *, acting_user, action: str, before: dict[str, Any] | None) -> None:
    obj.full_clean()
    obj.save()
    after = audit.snapshot(obj)
    audit.record(actor=acting_user, action=action, obj=obj, changes=audit.diff(before or {}, after))


@transaction.atomic
def unit_save(*, unit: Unit, acting_user=None) -> Unit:
    """Create or change a unit (the admin and the importer both come here)."""
    if unit.logo and not unit.logo._committed:
        from portal.uploads import validate_upload

        # The importer reaches here without a form: the logo is judged by its content like any upload.
        validate_upload(unit.logo.file, kinds=("image",))
    before = audit.snapshot(Unit.objects.get(pk=unit.pk)) if unit.pk else None
    _save(unit, acting_user=acting_user, action="unit.change" if before else "unit.create", before=before)
    return unit


@transaction.atomic
def section_save(*, section: Section, acting_user=None) -> Section:
    before = audit.snapshot(Section.objects.get(pk=section.pk)) if section.pk else None
    fill_english_slug(section)
    _save(
        section,
        acting_user=acting_user,
        action="section.change" if before else "section.create",
        before=before,
    )
    return section


@transaction.atomic
def page_save(*, page: Page, acting_user=None, changed_languages: set[str] | None = None) -> Page:
    """Save a static page; record when each language's text changed (for the English-freshness check)."""
    from django.conf import settings

    before = audit.snapshot(Page.objects.get(pk=page.pk)) if page.pk else None
    for code, _name in settings.LANGUAGES:
        setattr(page, f"body_{code}", sanitize_html(getattr(page, f"body_{code}")))
    now = timezone.now().isoformat()
    languages = (
        changed_languages
        if changed_languages is not None
        else {
            code
            for code, _n in settings.LANGUAGES
            if getattr(page, f"title_{code}") or getattr(page, f"body_{code}")
        }
    )
    page.language_updated_at = {**page.language_updated_at, **{code: now for code in languages}}
    fill_english_slug(page)
    _save(page, acting_user=acting_user, action="page.change" if before else "page.create", before=before)
    return page


@transaction.atomic
def banner_save(*, banner: Banner, acting_user=None) -> Banner:
    if banner.image:
        from portal.uploads import validate_upload

        if not banner.image._committed:
            validate_upload(banner.image.file, kinds=("image",))
    before = audit.snapshot(Banner.objects.get(pk=banner.pk)) if banner.pk else None
    _save(
        banner, acting_user=acting_user, action="banner.change" if before else "banner.create", before=before
    )
    return banner


def _delete(obj, *, acting_user, action: str) -> None:
    audit.record(actor=acting_user, action=action, obj=obj, changes=audit.snapshot(obj))
    obj.delete()


@transaction.atomic
def section_delete(*, section: Section, acting_user=None) -> None:
    _delete(section, acting_user=acting_user, action="section.delete")


@transaction.atomic
def page_delete(*, page: Page, acting_user=None) -> None:
    _delete(page, acting_user=acting_user, action="page.delete")


@transaction.atomic
def banner_delete(*, banner: Banner, acting_user=None) -> None:
    _delete(banner, acting_user=acting_user, action="banner.delete")


@transaction.atomic
def membership_grant(*, user, unit: Unit, role: str, language: str = "", acting_user=None) -> Membership:
    """Give a user a role in a unit; members sign in to the admin, so they become staff."""
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role, language=language)
    if created:
        membership.full_clean()
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        audit.record(
            actor=acting_user,
            action="membership.grant",
            obj=membership,
            unit=unit,
            changes={"user": user.get_username(), "role": role, "language": language},
        )
        forget_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, acting_user=None) -> None:
    audit.record(
        actor=acting_user,
        action="membership.revoke",
        obj=membership,
        unit=membership.unit,
        changes={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()
    forget_roles(membership.user)
