"""A unit's history as a whole — its former names and former host names — set at once.

What an import brings (the exchange format's `former_names` and `former_hosts`): the file is the truth,
so the unit's lists are replaced by the file's, in one transaction with one audit entry. Renaming a unit
from now on is `reorganisation.unit_rename`, which adds one former name.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.services import Actor, record, require

from .models import Unit, UnitFormerHost, UnitName
from .permissions import user_can_manage_units


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _snapshot(unit: Unit) -> dict:
    return {
        "former_names": [
            {"name": n.name_vi, "until": n.valid_until.isoformat()}
            for n in unit.former_names.order_by("valid_until")
        ],
        "former_hosts": sorted(unit.former_hosts.values_list("host", flat=True)),
    }


def _save_as(obj, name: str) -> None:
    """Save one entry; its refusal names the list it came in, as the admin and the importer show it."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None
    obj.save()


@transaction.atomic
def unit_history_set(
    *,
    unit: Unit,
    former_names: list[tuple[dict[str, str], datetime.date]],
    former_hosts: list[str],
    acting_user: Actor,
) -> Unit:
    """Replace the unit's former names ({language: name}, last day valid) and former host names."""
    require(
        acting_user,
        lambda: user_can_manage_units(acting_user),
        _("Only the portal's administrators change a unit's history."),
    )
    before = _snapshot(unit)
    unit.former_names.all().delete()
    unit.former_hosts.all().delete()
    for names, until in former_names:
        former = UnitName(unit=unit, valid_until=until, name=names[settings.LANGUAGE_CODE])
        for code in _languages():
            setattr(former, f"name_{code}", names.get(code) or None)
        _save_as(former, "former_names")
    for host in former_hosts:
        _save_as(UnitFormerHost(unit=unit, host=host), "former_hosts")
    after = _snapshot(unit)
    if after != before:
        record(
            unit,
            actor=acting_user,
            action="unit.history",
            changes={"before": before, "after": after},
            unit=unit,
        )
    return unit
