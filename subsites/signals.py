"""Cache invalidation for units and menus: any save or delete, whatever path it came by (admin, tree move)."""

from django.db.models.signals import post_delete, post_save

from portal.cache import bump

from .models import Banner, Page, Section, Unit, UnitFormerHost, UnitName
from .selectors import forget_units


def _unit_changed(sender, instance, **kwargs):
    forget_units()
    bump("unit", instance.pk)
    bump("site")


def _unit_history_changed(sender, instance, **kwargs):
    _unit_changed(sender, instance.unit, **kwargs)


def _menu_changed(sender, instance, **kwargs):
    bump("unit", instance.unit_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_unit_changed, sender=Unit, dispatch_uid=f"unit-{signal}")
        signal.connect(_unit_history_changed, sender=UnitName, dispatch_uid=f"unitname-{signal}")
        signal.connect(_unit_history_changed, sender=UnitFormerHost, dispatch_uid=f"formerhost-{signal}")
        signal.connect(_menu_changed, sender=Section, dispatch_uid=f"section-{signal}")
        signal.connect(_menu_changed, sender=Page, dispatch_uid=f"page-{signal}")
        signal.connect(_menu_changed, sender=Banner, dispatch_uid=f"banner-{signal}")
