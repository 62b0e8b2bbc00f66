"""The services of a reorganisation: units merge, close, are renamed and move (issue 24).

Each operation is one transaction with one audit entry, refuses bad input with a message an operator
can act on (ValidationError), and is idempotent: run twice, the second run changes nothing and says
so (`Outcome.changed` is False). Only the portal's superusers (or SYSTEM: commands) run them.

History is not rewritten: published content stays the unit's that published it. Only open work (what
is still being done) moves to the unit that takes over; each content app hands its open work over
through `open_work(key)(fn)`, fn(source, target) -> number of items moved, since this app may not
read the content apps' tables.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services import SYSTEM, Actor, changed, record, require

from .enums import EDITING_ROLES, Role
from .models import Membership, MembershipOffer, Unit, UnitName
from .permissions import forget_roles, user_can_administer_unit, user_can_manage_units
from .selectors import forget_units
from .services import membership_grant

OPEN_WORK: dict[str, Callable[[Unit, Unit], int]] = {}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_KEY = re.compile(r"[-\w]{1,64}")


def open_work(key: str):
    """Register a content app's hand-over of open work from a ceasing unit to its successor."""

    def register(fn: Callable[[Unit, Unit], int]) -> Callable[[Unit, Unit], int]:
        OPEN_WORK[key] = fn
        return fn

    return register


@dataclass
class Outcome:
    changed: bool
    messages: list[str] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)


def _refuse(message: str) -> None:
    raise ValidationError(message)


def _require_operator(acting_user: Actor) -> None:
    require(
        acting_user,
        lambda: user_can_manage_units(acting_user),
        _("Only the portal's administrators reorganise units."),
    )


def _unit(key_or_unit) -> Unit:
    if isinstance(key_or_unit, Unit):
        return Unit.objects.select_for_update().get(pk=key_or_unit.pk)
    key = str(key_or_unit)
    # Not a key at all (a NUL byte, markup): no query, PostgreSQL refuses NUL in text.
    unit = Unit.objects.select_for_update().filter(key=key).first() if _KEY.fullmatch(key) else None
    if unit is None:
        _refuse(_("No unit has the key “%(key)s”.") % {"key": printable(str(key_or_unit))})
    return unit


def printable(text: str) -> str:
    """Keys and names as an operator typed them, without the control characters a message must not carry."""
    return _CONTROL.sub("?", text)[:100]


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or _CONTROL.search(name) or "<" in name or ">" in name or len(name) > 255:
        _refuse(_("Give the new name: up to 255 characters, without control characters or angle brackets."))
    return name


def _check_exists_on(unit: Unit, day: datetime.date) -> None:
    if unit.established_on is not None and day <= unit.established_on:
        _refuse(
            _("“%(unit)s” was established on %(established)s: choose a later date.")
            % {"unit": unit.key, "established": unit.established_on.isoformat()}
        )


def _check_open_target(unit: Unit) -> None:
    if unit.ceased_on is not None:
        _refuse(
            _("“%(unit)s” ceased on %(day)s: it cannot take over another unit's work.")
            % {"unit": unit.key, "day": unit.ceased_on.isoformat()}
        )


def _check_can_cease(unit: Unit, day: datetime.date) -> None:
    if unit.parent_id is None:
        _refuse(_("The main portal never ceases."))
    _check_exists_on(unit, day)
    if unit.get_children().filter(ceased_on__isnull=True).exists():
        _refuse(
            _("“%(unit)s” has units below it that are still active: move or close them first.")
            % {"unit": unit.key}
        )


def _hand_over(source: Unit, target: Unit) -> dict[str, int]:
    return {key: moved for key, fn in OPEN_WORK.items() if (moved := fn(source, target))}


def _offer_memberships(source: Unit, target: Unit) -> int:
    """The source's editors are offered the same role in the target: offered, not granted."""
    offered = 0
    roles = {*EDITING_ROLES, Role.TRANSLATOR}
    for membership in Membership.objects.filter(unit=source, role__in=roles).select_related("user"):
        already = Membership.objects.filter(
            user=membership.user, unit=target, role=membership.role, language=membership.language
        ).exists()
        if already:
            continue
        _offer, created = MembershipOffer.objects.get_or_create(
            user=membership.user,
            unit=target,
            role=membership.role,
            language=membership.language,
            defaults={"origin": source},
        )
        offered += created
    return offered


def _cease(source: Unit, target: Unit | None, day: datetime.date) -> None:
    source.ceased_on, source.successor = day, target
    source.full_clean()
    source.save(update_fields=["ceased_on", "successor"])


def _already_ceased(source: Unit, target: Unit | None, day: datetime.date) -> bool:
    """True when `source` already ceased as asked (a second run); refuses when it ceased otherwise."""
    if source.ceased_on is None:
        return False
    if source.ceased_on == day and source.successor_id == (target.pk if target else None):
        return True
    _refuse(
        _("“%(unit)s” already ceased on %(day)s.") % {"unit": source.key, "day": source.ceased_on.isoformat()}
    )
    return False


def _create_target(key: str, name: str, sources: list[Unit], day: datetime.date) -> Unit:
    if not re.fullmatch(r"[-a-z0-9_]{1,64}", key):
        _refuse(
            _("“%(key)s” is not a valid key: use lower-case letters, digits and hyphens.")
            % {"key": printable(key)}
        )
    first = sources[0]
    # name_vi whatever language is active: the name given is the Vietnamese one.
    target = Unit(
        key=key, name_vi=_clean_name(name), parent=first.parent, type=first.type, established_on=day
    )
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def unit_merge(
    *,
    sources: Iterable,
    into,
    on: datetime.date,
    acting_user: Actor,
    name: str | None = None,
) -> Outcome:
    """Cease each source on `on` with `into` as successor, hand their open work over and offer their
    editors memberships of `into` (created, established on `on`, when `name` is given and it is new)."""
    _require_operator(acting_user)
    source_units = [_unit(key) for key in dict.fromkeys(sources)]
    if not source_units:
        _refuse(_("Name at least one unit to merge."))
    target_exists = isinstance(into, Unit) or (
        bool(_KEY.fullmatch(str(into))) and Unit.objects.filter(key=str(into)).exists()
    )
    created = not target_exists and name is not None
    target = _create_target(str(into), name, source_units, on) if created else _unit(into)
    for source in source_units:
        if source.pk == target.pk:
            _refuse(_("A unit cannot be merged into itself (“%(unit)s”).") % {"unit": source.key})
        if target.is_descendant_of(source):
            _refuse(
                _("“%(target)s” lies below “%(unit)s”: a unit cannot be merged into its own sub-unit.")
                % {"target": target.key, "unit": source.key}
            )
    _check_open_target(target)
    if target.established_on is not None and target.established_on > on:
        _check_exists_on(target, on)  # refuses: the target did not exist yet on that day
    outcome = Outcome(changed=created)
    for source in source_units:
        if not _already_ceased(source, target, on):
            _check_can_cease(source, on)
            _cease(source, target, on)
            outcome.changed = True
        moved = _hand_over(source, target)
        offered = _offer_memberships(source, target)
        if moved or offered:
            outcome.changed = True
        for key, count in moved.items():
            outcome.moved[key] = outcome.moved.get(key, 0) + count
        outcome.moved["membership_offers"] = outcome.moved.get("membership_offers", 0) + offered
    if outcome.changed:
        record(
            target,
            actor=acting_user,
            action="unit.merge",
            unit=target,
            changes={
                "sources": [s.key for s in source_units],
                "into": target.key,
                "on": on.isoformat(),
                "created": created,
                "moved": outcome.moved,
            },
        )
    _finish(
        outcome,
        _("Merged %(sources)s into %(target)s on %(day)s.")
        % {
            "sources": ", ".join(s.key for s in source_units),
            "target": target.key,
            "day": on.isoformat(),
        },
    )
    return outcome


def _finish(outcome: Outcome, done: str) -> None:
    if outcome.changed:
        forget_units()
        outcome.messages.insert(0, done)
    else:
        outcome.messages.insert(0, _("Nothing to do: this change was already made."))


@transaction.atomic
def unit_close(*, key, on: datetime.date, acting_user: Actor, successor=None) -> Outcome:
    """Cease a unit on `on`; its open work goes to `successor`. Without one, a unit with open work is
    not closed: its questions and drafts would wait for nobody."""
    _require_operator(acting_user)
    unit = _unit(key)
    target = _unit(successor) if successor is not None else None
    if target is not None:
        if target.pk == unit.pk:
            _refuse(_("A unit cannot succeed itself."))
        if target.is_descendant_of(unit):
            _refuse(_("The successor lies below the unit that closes."))
        _check_open_target(target)
    outcome = Outcome(changed=False)
    if not _already_ceased(unit, target, on):
        _check_can_cease(unit, on)
        if target is None:
            _refuse_open_work(unit)
        _cease(unit, target, on)
        outcome.changed = True
    if target is not None:
        outcome.moved = _hand_over(unit, target)
        outcome.changed |= bool(outcome.moved)
    if outcome.changed:
        record(
            unit,
            actor=acting_user,
            action="unit.close",
            unit=unit,
            changes={
                "on": on.isoformat(),
                "successor": target.key if target else None,
                "moved": outcome.moved,
            },
        )
    _finish(outcome, _("Closed %(unit)s on %(day)s.") % {"unit": unit.key, "day": on.isoformat()})
    return outcome


def _refuse_open_work(unit: Unit) -> None:
    """Counts the open work by handing it to nobody inside a savepoint that is rolled back."""
    sid = transaction.savepoint()
    try:
        moved = _hand_over(unit, unit)
    finally:
        transaction.savepoint_rollback(sid)
    if moved:
        _refuse(
            _("“%(unit)s” still has open work (%(work)s): name a successor to take it over.")
            % {"unit": unit.key, "work": ", ".join(f"{k}: {n}" for k, n in sorted(moved.items()))}
        )


@transaction.atomic
def unit_rename(*, key, name: str, on: datetime.date, acting_user: Actor) -> Outcome:
    """From `on` the unit is called `name` (Vietnamese; other languages fall back to it until
    translated); the old name is kept, valid until the day before."""
    _require_operator(acting_user)
    unit = _unit(key)
    name = _clean_name(name)
    if unit.name_vi == name:
        return _nothing_to_do()
    if unit.ceased_on is not None:
        _refuse(_("“%(unit)s” has ceased: it is not renamed.") % {"unit": unit.key})
    _check_exists_on(unit, on)
    until = on - datetime.timedelta(days=1)
    last = unit.former_names.order_by("-valid_until").first()
    if last is not None and last.valid_until >= until:
        _refuse(
            _("“%(unit)s” already had another name until %(day)s: choose a later date.")
            % {"unit": unit.key, "day": last.valid_until.isoformat()}
        )
    former = UnitName(unit=unit, valid_until=until)
    for field_name in ("name", "short_name"):
        for code in _languages():
            setattr(former, f"{field_name}_{code}", getattr(unit, f"{field_name}_{code}"))
    former.save()
    old = unit.name_vi
    unit.name_vi = name
    for code in _languages():
        if code != "vi":
            setattr(unit, f"name_{code}", "")
    unit.save()
    record(
        unit,
        actor=acting_user,
        action="unit.rename",
        unit=unit,
        changes={"name": [old, name], "on": on.isoformat()},
    )
    outcome = Outcome(changed=True)
    _finish(outcome, _("Renamed %(unit)s from %(day)s.") % {"unit": unit.key, "day": on.isoformat()})
    return outcome


def _languages() -> list[str]:

    return [code for code, _name in settings.LANGUAGES]


def _nothing_to_do() -> Outcome:
    outcome = Outcome(changed=False)
    _finish(outcome, "")
    return outcome


@transaction.atomic
def unit_move(*, key, parent, on: datetime.date, acting_user: Actor) -> Outcome:
    """Place a unit under another parent from `on` (the tree keeps no dates: the audit entry does)."""
    _require_operator(acting_user)
    unit = _unit(key)
    new_parent = _unit(parent)
    if unit.parent_id is None:
        _refuse(_("The main portal has no parent."))
    if new_parent.pk == unit.pk or new_parent.is_descendant_of(unit):
        _refuse(_("A unit cannot be placed under itself or under a unit below it."))
    if unit.parent_id == new_parent.pk:
        return _nothing_to_do()
    if unit.ceased_on is not None:
        _refuse(_("“%(unit)s” has ceased: it is not moved.") % {"unit": unit.key})
    _check_open_target(new_parent)
    _check_exists_on(unit, on)
    old_parent = unit.parent
    unit.move_to(new_parent, "last-child")
    record(
        unit,
        actor=acting_user,
        action="unit.move",
        unit=unit,
        changes={"parent": [old_parent.key, new_parent.key], "on": on.isoformat()},
    )
    outcome = Outcome(changed=True)
    _finish(
        outcome,
        _("Moved %(unit)s under %(parent)s from %(day)s.")
        % {"unit": unit.key, "parent": new_parent.key, "day": on.isoformat()},
    )
    return outcome


@transaction.atomic
def membership_offer_accept(*, offer: MembershipOffer, acting_user: Actor) -> Membership:
    """The offered user (or the unit's administrator) accepts: the offer becomes a membership."""

    offer = MembershipOffer.objects.select_for_update().get(pk=offer.pk)
    is_offeree = getattr(acting_user, "pk", None) == offer.user_id
    require(
        acting_user,
        lambda: is_offeree or user_can_administer_unit(acting_user, offer.unit),
        _("Only the person offered the role or the unit's administrator accepts it."),
    )
    if offer.status != MembershipOffer.Status.PENDING:
        _refuse(_("This offer was already decided."))
    # The grant is the portal's, on the offer's authority: the offered user administers nothing.
    membership = membership_grant(
        user=offer.user, unit=offer.unit, role=offer.role, language=offer.language, acting_user=SYSTEM
    )
    offer.status, offer.decided_at = MembershipOffer.Status.ACCEPTED, timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    record(
        offer,
        actor=acting_user,
        action="membership_offer.accept",
        unit=offer.unit,
        changes={"role": offer.role},
    )
    forget_roles(offer.user)
    return membership


@transaction.atomic
def units_ceasing_today(*, acting_user: Actor) -> int:
    """Units whose ceasing day is today: forget their cached pages (banner, redirects) and hand the work
    opened since the merge or closure over to the successor. Returns how many units ceased."""

    _require_operator(acting_user)
    ceasing = list(Unit.objects.filter(ceased_on=timezone.localdate()).select_related("successor"))
    for unit in ceasing:
        moved = _hand_over(unit, unit.successor) if unit.successor_id else {}
        if moved:
            record(unit, actor=acting_user, action="unit.cease", unit=unit, changes={"moved": moved})
        changed("site", ("unit", unit.pk))
    if ceasing:
        forget_units()
    return len(ceasing)
