"""Writes of the subsites app: units, sections, pages, memberships. Each checks who may act (the
predicates of subsites.permissions, through portal.services.require: SYSTEM for the importer, the demo
and commands) and records an audit entry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.html import sanitize_html
from portal.services import Actor, require
from portal.uploads import validate_upload

from .models import Banner, Membership, Page, Section, Unit, UnitFormerHost
from .permissions import forget_roles, require_unit_open, user_can_administer_unit, user_can_manage_units
from .slugs import fill_english_slug

User = get_user_model()

# What places a unit in the portal (its address, its parent, its kind): the superusers' to change.
# A unit's administrator changes the rest (names, contacts, logo), as the admin's read-only fields say.
UNIT_STRUCTURE = ("key", "parent_id", "type", "host", "budget_disclosure", "active")


def _refused() -> str:
    return _("You may not make this change in this unit.")


def _require_unit_admin(acting_user: Actor, obj, stored=None) -> None:
    """The administrator of the row's unit, and of the unit it leaves when it moves."""
    unit_ids = {obj.unit_id} | ({stored.unit_id} if stored is not None else set())

    def allowed() -> bool:
        # Unit ids, not units: the predicate reads roles by id, and a new row may have no unit yet.
        return all(uid is not None and user_can_administer_unit(acting_user, uid) for uid in unit_ids)

    require(acting_user, allowed, _refused())


def _save(obj, *, acting_user: Actor, action: str, before: dict[str, Any] | None) -> None:
    obj.full_clean()
    obj.save()
    after = audit.snapshot(obj)
    audit.record(actor=acting_user, action=action, obj=obj, changes=audit.diff(before or {}, after))


@transaction.atomic
def unit_save(*, unit: Unit, acting_user: Actor) -> Unit:
    """Create or change a unit (the admin and the importer both come here): creating one or changing
    its place in the portal is the superusers'; the rest its administrator's."""
    stored = Unit.objects.get(pk=unit.pk) if unit.pk else None
    structural = stored is None or any(getattr(stored, f) != getattr(unit, f) for f in UNIT_STRUCTURE)
    if structural:
        require(acting_user, lambda: user_can_manage_units(acting_user), _refused())
    else:
        require(acting_user, lambda: user_can_administer_unit(acting_user, stored), _refused())
    if unit.logo and not unit.logo._committed:
        # The importer reaches here without a form: the logo is judged by its content like any upload.
        validate_upload(unit.logo.file, kinds=("image",))
    before = audit.snapshot(stored) if stored is not None else None
    _save(unit, acting_user=acting_user, action="unit.change" if before else "unit.create", before=before)
    return unit


@transaction.atomic
def section_save(*, section: Section, acting_user: Actor) -> Section:
    stored = Section.objects.get(pk=section.pk) if section.pk else None
    _require_unit_admin(acting_user, section, stored)
    before = audit.snapshot(stored) if stored is not None else None
    fill_english_slug(section)
    _save(
        section,
        acting_user=acting_user,
        action="section.change" if before else "section.create",
        before=before,
    )
    return section


@transaction.atomic
def page_save(*, page: Page, acting_user: Actor, changed_languages: set[str] | None = None) -> Page:
    """Save a static page; record when each language's text changed (for the English-freshness check)."""

    stored = Page.objects.get(pk=page.pk) if page.pk else None
    _require_unit_admin(acting_user, page, stored)
    before = audit.snapshot(stored) if stored is not None else None
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
def banner_save(*, banner: Banner, acting_user: Actor) -> Banner:
    stored = Banner.objects.get(pk=banner.pk) if banner.pk else None
    _require_unit_admin(acting_user, banner, stored)
    if banner.image:
        if not banner.image._committed:
            validate_upload(banner.image.file, kinds=("image",))
    before = audit.snapshot(stored) if stored is not None else None
    _save(
        banner, acting_user=acting_user, action="banner.change" if before else "banner.create", before=before
    )
    return banner


def _delete(obj, *, acting_user: Actor, action: str) -> None:
    _require_unit_admin(acting_user, obj)
    audit.record(actor=acting_user, action=action, obj=obj, changes=audit.snapshot(obj))
    obj.delete()


@transaction.atomic
def section_delete(*, section: Section, acting_user: Actor) -> None:
    _delete(section, acting_user=acting_user, action="section.delete")


@transaction.atomic
def page_delete(*, page: Page, acting_user: Actor) -> None:
    _delete(page, acting_user=acting_user, action="page.delete")


@transaction.atomic
def banner_delete(*, banner: Banner, acting_user: Actor) -> None:
    _delete(banner, acting_user=acting_user, action="banner.delete")


@transaction.atomic
def membership_grant(
    *, user, unit: Unit, role: str, language: str = "", covers_subunits: bool = False, acting_user: Actor
) -> Membership:
    """Give a user a role in a unit (and the units below only when asked); members sign in to the
    admin, so they become staff. Granting again with another scope changes the scope. The unit's
    administrator grants; an administrator of another unit may not."""
    require_unit_open(acting_user, unit)
    require(acting_user, lambda: user_can_administer_unit(acting_user, unit), _refused())
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, language=language, defaults={"covers_subunits": covers_subunits}
    )
    if not created and membership.covers_subunits == covers_subunits:
        return membership
    if created:
        membership.full_clean()
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    else:
        membership.covers_subunits = covers_subunits
        membership.save(update_fields=["covers_subunits"])
    audit.record(
        actor=acting_user,
        action="membership.grant" if created else "membership.scope",
        obj=membership,
        unit=unit,
        changes={
            "user": user.get_username(),
            "role": role,
            "language": language,
            "covers_subunits": covers_subunits,
        },
    )
    forget_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, acting_user: Actor) -> None:
    require(acting_user, lambda: user_can_administer_unit(acting_user, membership.unit), _refused())
    audit.record(
        actor=acting_user,
        action="membership.revoke",
        obj=membership,
        unit=membership.unit,
        changes={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()
    forget_roles(membership.user)


@transaction.atomic
def former_host_save(*, former_host: UnitFormerHost, acting_user: Actor) -> UnitFormerHost:
    """A host name that once served a unit: the superusers' (it decides where requests go)."""
    require(acting_user, lambda: user_can_manage_units(acting_user), _refused())
    stored = UnitFormerHost.objects.get(pk=former_host.pk) if former_host.pk else None
    before = audit.snapshot(stored) if stored is not None else None
    _save(former_host, acting_user=acting_user, action="unit.former_host", before=before)
    return former_host


@transaction.atomic
def former_host_delete(*, former_host: UnitFormerHost, acting_user: Actor) -> None:
    require(acting_user, lambda: user_can_manage_units(acting_user), _refused())
    audit.record(
        actor=acting_user,
        action="unit.former_host.delete",
        obj=former_host,
        changes=audit.snapshot(former_host),
    )
    former_host.delete()
