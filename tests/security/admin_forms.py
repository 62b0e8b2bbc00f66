"""Generic helpers to drive any ModelAdmin: find its factory, build valid POST data from its own form."""

from __future__ import annotations

import datetime
import importlib

from django.contrib import admin
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.forms import CheckboxInput, MultiWidget
from django.test import RequestFactory
from django.utils import timezone

from subsites.admin_scoping import UnitScopedAdminMixin


def scoped_admins() -> list[tuple[type, admin.ModelAdmin]]:
    """Every registered admin that keeps editors inside their units, in a stable order."""
    found = [
        (model, ma) for model, ma in admin.site._registry.items() if isinstance(ma, UnitScopedAdminMixin)
    ]
    return sorted(found, key=lambda pair: pair[0]._meta.label)


def factory_for(model):
    """tests/factories/<app_label>.py must define <Model>Factory; None when it does not.

    A proxy model (a second admin view of the same rows, e.g. a queue) uses its concrete model's.
    """
    model = model._meta.concrete_model
    try:
        module = importlib.import_module(f"tests.factories.{model._meta.app_label}")
    except ModuleNotFoundError:
        return None
    return getattr(module, f"{model.__name__}Factory", None)


def make_in_unit(model, model_admin, unit, **traits):
    """An instance belonging to `unit` through the admin's unit path (e.g. draft__unit)."""
    factory = factory_for(model)
    traits = {k: v for k, v in traits.items() if k in factory._meta.parameters}
    kwargs = {model_admin.unit_field: unit, **traits}
    try:
        with transaction.atomic():
            return factory(**kwargs)
    except IntegrityError:
        # One per unit and period (a week's schedule): the earlier object of this step is done with.
        model._default_manager.filter(**{model_admin.unit_field: unit}).delete()
        return factory(**kwargs)


def status_traits(model) -> list[str]:
    """The factory's state traits that matter to workflow actions (besides the default state)."""
    params = factory_for(model)._meta.parameters
    return [name for name in ("pending", "published", "confirmed") if name in params]


def admin_request(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def _scalar(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if hasattr(value, "pk"):
        return value.pk
    return value


def form_data(form) -> dict:
    """What a browser would post for this (unbound) form as it is shown."""
    data: dict = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{bound.html_name}_{i}"] = "" if part is None else _scalar(part)
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, FieldFile) or value is None:
            continue
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [_scalar(v) for v in value]
        else:
            data[bound.html_name] = _scalar(value)
    return data


def admin_post_data(model_admin, user, obj=None, unit=None) -> dict:
    """A POST for the add (obj=None, built in `unit`) or change view, with empty inline formsets."""
    request = admin_request(user)
    instance = obj
    if instance is None:
        # Created (with whatever it refers to), read, then removed: the add POST recreates it.
        instance = make_in_unit(model_admin.model, model_admin, unit)
    form_class = model_admin.get_form(request, obj, change=obj is not None)
    form = form_class(instance=instance)
    data = form_data(form)
    if obj is None:
        type(instance)._default_manager.filter(pk=instance.pk).delete()
    if obj is None and "unit" in form.fields:
        data["unit"] = unit.pk
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def tamper_text(data: dict, form_class) -> tuple[str, str] | None:
    """Change the first plain text field of the form; return (field, new value)."""
    from django import forms

    form = form_class()
    names = sorted(form.fields, key=lambda n: not n.startswith(("title", "name", "leader")))
    for name in names:
        field = form.fields[name]
        if (
            isinstance(field, forms.CharField)
            and not field.disabled
            and name in data
            and isinstance(data[name], str)
            and not isinstance(field.widget, forms.HiddenInput)
            and name not in {"slug", "key"}
        ):
            data[name] = f"{data[name]} (sửa trái phép)"[: field.max_length or 10_000]
            return name, data[name]
    return None
