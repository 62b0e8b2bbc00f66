"""The permission matrix, generated from the admin registry: every unit-scoped admin × role × action × unit.

Nothing here names a model: a new admin using UnitScopedAdminMixin is covered as soon as it is
registered (and must bring `<Model>Factory` in tests/factories/<app>.py). The expectation of each cell
comes from the subsites.permissions predicates (the policy table below): when the predicate says no,
the request must fail and change nothing; when it says yes, viewing must work, and the superuser's
writes must succeed (which also proves the generated POST data are valid, so refusals are meaningful).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse

from portal.models import AuditEntry
from subsites import permissions as P

from .admin_forms import (
    admin_post_data,
    admin_request,
    factory_for,
    make_in_unit,
    scoped_admins,
    status_traits,
    tamper_text,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "editor_a",
    "approver_a",
    "translator_a_km",
    "unit_admin_a",
    "editor_main",
    "board",
    "superuser",
]

# The policy table: action → the predicate (user, unit) without which it must be refused.
POLICY = {
    "changelist": lambda u, unit: P.user_is_board(u) or bool(P.member_unit_ids(u)),
    "view": P.user_can_view_unit,
    "add_page": lambda u, unit: P.units_user_can_edit(u).exists(),
    "add_post": P.user_can_edit_in_unit,
    "change_post": P.user_can_edit_in_unit,
    "delete_post": P.user_can_administer_unit,
    "admin_action": P.user_can_edit_in_unit,
    "object_page_get": P.user_can_view_unit,
    "object_page_post": P.user_can_edit_in_unit,
}


@pytest.fixture
def editor_main(main_portal):
    """The main portal's editor: the parent of A and B, but a membership covers only its own unit."""
    from subsites.enums import Role

    from ..factories.subsites import member

    return member(main_portal, Role.EDITOR, username="editor_main")


def _portal_desk(predicate):
    """Questions arrive at the portal's desk: its editors screen and route every unit's (citizen_qa)."""
    from citizen_qa.permissions import user_is_portal_editor

    return lambda u, unit: predicate(u, unit) or user_is_portal_editor(u)


# Models whose policy differs from the unit's for some actions, by app label of the concrete model.
OVERRIDES = {
    "citizen_qa.Question": {
        action: _portal_desk(POLICY[action])
        for action in ("view", "change_post", "admin_action", "object_page_get", "object_page_post")
    },
    # A unit's editors keep its contacts, leaders, introduction and footer: they remove entries too.
    **{
        f"directory.{name}": {"delete_post": P.user_can_edit_in_unit}
        for name in ("Contact", "Footer", "Introduction", "Leader")
    },
}


def policy(model, action):
    concrete = model._meta.concrete_model._meta.label
    return OVERRIDES.get(concrete, {}).get(action, POLICY[action])


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def actor(request, client, unit_a, unit_b):
    name = request.param
    user = _anonymous() if name == "anonymous" else request.getfixturevalue(name)
    if name != "anonymous":
        client.force_login(user)
    P.forget_roles(user)
    return name, user


@dataclass
class Findings:
    strict: bool = True
    problems: list[str] = field(default_factory=list)

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(message)

    def allowed(self, ok: bool, message: str) -> None:
        """An expectation that something works (not a refusal): skipped for work-queue proxies."""
        if self.strict:
            self.check(ok, message)


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _state(obj) -> tuple[dict, int]:
    """The stored row and the number of audit entries naming it."""
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    row = model_to_dict(fresh) if fresh is not None else None
    entries = AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
    return row, entries.count()


def _object_routes(model_admin) -> list[str]:
    """Extra admin pages about one object (workflow, revisions, split...) taking only its id."""
    standard = {"change", "delete", "history"}
    routes = []
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        suffix = (pattern.name or "").rsplit("_", 1)[-1]
        converters = route.count("<")
        if converters == 1 and ("<int:object_id>" in route or "<int:pk>" in route) and suffix not in standard:
            routes.append(pattern.name)
    return routes


def _refused_get(response) -> bool:
    return response.status_code in (302, 403, 404)


ADMINS = scoped_admins()


def test_every_scoped_admin_brings_a_factory():
    """A new unit-scoped model without a factory would escape the matrix: refuse it."""
    missing = [model._meta.label for model, _ma in ADMINS if factory_for(model) is None]
    assert not missing, f"add <Model>Factory to tests/factories/<app>.py for: {missing}"
    assert len(ADMINS) >= 9, "the registry lost unit-scoped admins: is UnitScopedAdminMixin still detected?"


@pytest.mark.parametrize("actor", ROLES, indirect=True)
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_matrix(model, model_admin, actor, client, unit_a, unit_b, superuser):
    name, user = actor
    # A proxy admin is a filtered work queue over rows another admin owns (e.g. questions awaiting
    # routing): only its refusals are checked, since what it chooses to list is its purpose.
    strict = not model._meta.proxy
    if factory_for(model) is None:
        pytest.fail(f"{model._meta.label} has a unit-scoped admin but no factory")
    found = Findings(strict=strict)
    for scope, unit in (("own", unit_a), ("other", unit_b)):
        _views(found, model, model_admin, name, user, client, scope, unit)
        _writes(found, model, model_admin, name, user, client, scope, unit, superuser)
        _actions(found, model, model_admin, name, user, client, scope, unit, superuser)
        _object_pages(found, model, model_admin, name, user, client, scope, unit)
    assert not found.problems, "\n".join(found.problems)


def _views(found, model, model_admin, name, user, client, scope, unit):
    obj = make_in_unit(model, model_admin, unit)
    tag = f"{model._meta.label} {name} {scope}"

    response = client.get(_url(model, "changelist"))
    if policy(model, "changelist")(user, unit):
        found.allowed(response.status_code == 200, f"{tag}: changelist {response.status_code}, expected 200")
        if response.status_code == 200:
            listed = {o.pk for o in response.context["cl"].result_list}
            visible = policy(model, "view")(user, unit)
            found.check(not (obj.pk in listed and not visible), f"{tag}: listed without the right to see it")
            found.allowed(obj.pk in listed or not visible, f"{tag}: not listed though the user may see it")
    else:
        found.check(_refused_get(response), f"{tag}: changelist {response.status_code}, expected refusal")

    response = client.get(_url(model, "change", obj.pk))
    if policy(model, "view")(user, unit):
        found.allowed(response.status_code == 200, f"{tag}: change page {response.status_code}, expected 200")
    else:
        found.check(_refused_get(response), f"{tag}: change page {response.status_code}, expected refusal")

    response = client.get(_url(model, "add"))
    may_add = user.is_authenticated and model_admin.has_add_permission(admin_request(user))
    if not policy(model, "add_page")(user, unit):
        found.check(_refused_get(response), f"{tag}: add page {response.status_code}, expected refusal")
    elif may_add:
        found.allowed(response.status_code == 200, f"{tag}: add page {response.status_code}, expected 200")


def _writes(found, model, model_admin, name, user, client, scope, unit, superuser):
    tag = f"{model._meta.label} {name} {scope}"
    in_unit = model._default_manager.filter(**{model_admin.unit_field: unit})

    # add POST naming this unit
    if model_admin.has_add_permission(admin_request(superuser)):
        data = admin_post_data(model_admin, superuser, unit=unit)
        before = in_unit.count()
        response = client.post(_url(model, "add"), data)
        created = in_unit.count() - before
        if not policy(model, "add_post")(user, unit):
            found.check(created == 0, f"{tag}: add POST created {created} rows without the right")
        elif name == "superuser":
            errors = _form_errors(response)
            found.allowed(created == 1, f"{tag}: superuser add POST created {created} ({errors})")
        found.check(response.status_code != 500, f"{tag}: add POST answered 500")

    # change POST with a tampered text field
    obj = make_in_unit(model, model_admin, unit)
    data = admin_post_data(model_admin, superuser, obj=obj)
    tampered = tamper_text(data, model_admin.get_form(admin_request(superuser), obj, change=True))
    before = _state(obj)
    response = client.post(_url(model, "change", obj.pk), data)
    after = _state(obj)
    found.check(response.status_code != 500, f"{tag}: change POST answered 500")
    if not policy(model, "change_post")(user, unit):
        found.check(before == after, f"{tag}: change POST changed the object without the right")
    elif (
        name == "superuser" and tampered and model_admin.has_change_permission(admin_request(superuser), obj)
    ):
        found.allowed(
            before[0] != after[0], f"{tag}: superuser change POST changed nothing ({_form_errors(response)})"
        )

    # delete POST
    obj = make_in_unit(model, model_admin, unit)
    response = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
    exists = model._default_manager.filter(pk=obj.pk).exists()
    found.check(response.status_code != 500, f"{tag}: delete POST answered 500")
    if not policy(model, "delete_post")(user, unit):
        found.check(exists, f"{tag}: delete POST deleted the object without the right")
    elif name == "superuser" and model_admin.has_delete_permission(admin_request(superuser), obj):
        found.allowed(not exists, f"{tag}: superuser delete POST did not delete")


def _actions(found, model, model_admin, name, user, client, scope, unit, superuser):
    """Each workflow transition exposed as an admin action, on one object in each state the factory offers."""
    for action in model_admin.get_actions(admin_request(superuser)):
        objects = [
            make_in_unit(model, model_admin, unit, **({trait: True} if trait else {}))
            for trait in [None, *status_traits(model)]
        ]
        before = [_state(obj) for obj in objects]
        response = client.post(
            _url(model, "changelist"),
            {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0},
        )
        tag = f"{model._meta.label} {name} {scope} action {action}"
        found.check(response.status_code != 500, f"{tag}: answered 500")
        if not policy(model, "admin_action")(user, unit):
            found.check(
                [_state(obj) for obj in objects] == before, f"{tag}: changed objects without the right"
            )


def _object_pages(found, model, model_admin, name, user, client, scope, unit):
    for route in _object_routes(model_admin):
        obj = make_in_unit(model, model_admin, unit)
        url = reverse(f"admin:{route}", args=[obj.pk])
        tag = f"{model._meta.label} {name} {scope} {route}"
        response = client.get(url)
        found.check(response.status_code != 500, f"{tag}: GET answered 500")
        if not policy(model, "object_page_get")(user, unit):
            found.check(_refused_get(response), f"{tag}: GET {response.status_code}, expected refusal")
        before = _state(obj)
        response = client.post(url, {"action": "publish", "language": "en", "text": "Điều 1. Sửa"})
        found.check(response.status_code != 500, f"{tag}: POST answered 500")
        if not policy(model, "object_page_post")(user, unit):
            found.check(_state(obj) == before, f"{tag}: POST changed the object without the right")


def _form_errors(response) -> str:
    context = getattr(response, "context", None)
    if not context:
        return f"status {response.status_code}"
    errors = []
    if "adminform" in context:
        errors.append(context["adminform"].form.errors.as_text())
    for formset in context.get("inline_admin_formsets", []) or []:
        errors.append(str(formset.formset.non_form_errors()))
    return " ".join(e for e in errors if e) or f"status {response.status_code}"


def test_the_matrix_covers_every_scoped_registration():
    """The generated parameters are the registry itself, not a copy that can drift."""
    assert {m for m, _ in ADMINS} == {
        m
        for m, ma in admin.site._registry.items()
        if hasattr(ma, "unit_field") and hasattr(ma, "unit_choices")
    }
