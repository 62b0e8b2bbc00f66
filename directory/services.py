"""Every write of the footer, the contacts, the leaders and the introduction: checked, sanitised,
recorded, and the unit's cached pages (and, for the main portal's footer, every unit's) made stale."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from portal.html import sanitize_html
from portal.services import Actor, changed, diff, record, require, snapshot
from portal.text import has_control
from portal.uploads import validate_upload

from .models import Footer, Introduction, Leader
from .permissions import user_can_edit_directory

# Rich text, sanitised on every save like an article's body.
RICH_FIELDS = {
    Leader: ("biography",),
    Introduction: ("functions", "history", "natural_conditions", "culture"),
}
IMAGE_FIELDS = {Leader: ("photo",), Introduction: ("organisation_chart", "map")}


def _require(obj: models.Model, acting_user: Actor) -> None:
    require(
        acting_user,
        lambda: user_can_edit_directory(acting_user, obj.unit),
        _("You may change only the contacts, leaders and footer of your own unit."),
    )


# Long texts: the model checks a CharField's length, not a TextField's.
TEXT_LIMIT = 100_000


def _check_texts(obj: models.Model) -> None:
    """Refuse what no form sends (a control character) and texts longer than a page could show; the
    model's own checks do the short fields' lengths and the e-mails."""
    # A translated field's original mirrors one of its languages: its `_vi`… column is named instead.
    translated = set(translator.get_options_for_model(type(obj)).fields)
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if not isinstance(value, str) or field.name in translated:
            continue
        if has_control(value):
            raise ValidationError(
                {field.name: _("Remove the control characters from this text: they cannot be shown.")}
            )
        limit = field.max_length or TEXT_LIMIT
        if isinstance(field, models.TextField) and len(value) > limit:
            raise ValidationError(
                {
                    field.name: _("This text is too long: at most %(limit)s characters (it has %(length)s).")
                    % {"limit": limit, "length": len(value)}
                }
            )


def _sanitise(obj: models.Model) -> None:
    for name in RICH_FIELDS.get(type(obj), ()):
        for field in obj._meta.concrete_fields:
            if field.name == name or field.name.startswith(f"{name}_"):
                setattr(obj, field.attname, sanitize_html(getattr(obj, field.attname)))


def _check_images(obj: models.Model) -> None:
    for name in IMAGE_FIELDS.get(type(obj), ()):
        file = getattr(obj, name)
        if file and not getattr(file, "_committed", True):
            try:
                validate_upload(file.file, kinds=("image",))
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from error
            file.file.seek(0)


def _invalidate(obj: models.Model) -> None:
    # The main portal's footer is every unit's fallback: a change there is a change of every page.
    main_footer = isinstance(obj, Footer) and obj.unit.is_main_portal
    # The unit's pages, and the directory's own generation that its footer and leaders' links are kept under.
    changed(("unit", obj.unit_id), ("directory", obj.unit_id), *(("site",) if main_footer else ()))


@transaction.atomic
def directory_save(obj: models.Model, *, acting_user: Actor) -> models.Model:
    """Create or change a footer, contact, leader or introduction."""
    _require(obj, acting_user)
    if obj.pk is not None:
        # Moving an entry to another unit: the acting user must be allowed there too.
        before = type(obj)._default_manager.select_related("unit").get(pk=obj.pk)
        _require(before, acting_user)
    else:
        before = None
    _check_texts(obj)
    _sanitise(obj)
    _check_images(obj)
    obj.full_clean()
    obj.save()
    name = type(obj)._meta.model_name
    action = f"directory.{name}_{'update' if before else 'create'}"
    changes = diff(snapshot(before), snapshot(obj)) if before is not None else None
    record(obj, actor=acting_user, action=action, changes=changes, unit=obj.unit)
    _invalidate(obj)
    if before is not None and before.unit_id != obj.unit_id:
        _invalidate(before)
    return obj


@transaction.atomic
def directory_delete(obj: models.Model, *, acting_user: Actor) -> None:
    _require(obj, acting_user)
    unit = obj.unit
    record(obj, actor=acting_user, action=f"directory.{type(obj)._meta.model_name}_delete", unit=unit)
    obj.delete()
    obj.unit = unit
    _invalidate(obj)
