"""The audit trail: every write and workflow transition leaves an entry (who, when, from where, what
changed); the board reads and filters it in the admin; nobody can change it.

Two nets, both generated: every public service that writes must reach `audit.record` (read from the
source, so a new service that forgets is caught), and every unit-scoped admin's add, change, delete
and workflow actions, performed for real, leave entries naming the actor, the object and the address.
"""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest
from django.apps import apps
from django.urls import reverse

from portal.models import AuditEntry

from .admin_forms import (
    admin_post_data,
    admin_request,
    make_in_unit,
    scoped_admins,
    status_traits,
    tamper_text,
)

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.45"
# Proxy admins are filtered work queues over rows whose own admin is tested here already.
ADMINS = [(model, ma) for model, ma in scoped_admins() if not model._meta.proxy]
SERVICE_APPS = [c.name for c in apps.get_app_configs() if importlib.util.find_spec(f"{c.name}.services")]
SERVICE_APPS = [name for name in SERVICE_APPS if not name.startswith("django")]

# Public service functions that store nothing worth auditing, each with its reason.
NOT_AUDITED = {
    "news.services.article_add_views": "a page-view counter",
    "documents.services.attachment_count_download": "a download counter",
    "consultations.services.closed_message": "builds a message, writes nothing",
    "consultations.services.check_window": "validates dates, writes nothing",
    "consultations.services.disposition_check": "checks a disposition before disposition_set, writes nothing",
    "consultations.services.draft_notify_opened": "sends mail only",
    "consultations.services.draft_notify_closed": "sends mail only",
    "consultations.services.draft_remind_overdue": "sends mail only",
    "reports.services.report_build": "computes figures; report_generate records the generation",
}
_WRITES = ("save", "delete", "create", "update", "bulk_create", "set", "add", "remove", "clear")


def _module_functions(module) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(inspect.getsource(module))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _calls(node) -> set[str]:
    names = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            func = child.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _records_audit(node) -> bool:
    """Calls `audit.record`, or the kernel's `record` (portal.services), which writes through it."""
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            func = child.func
            if isinstance(func, ast.Attribute) and func.attr == "record" and "audit" in ast.unparse(func):
                return True
            if isinstance(func, ast.Name) and func.id == "record":
                return True
    return False


def _reaches_audit(name: str, functions: dict, seen: set[str]) -> bool:
    """The function, or a helper of the same module it calls, calls audit.record."""
    if name in seen or name not in functions:
        return False
    seen.add(name)
    calls = _calls(functions[name])
    if "record" in calls and _records_audit(functions[name]):
        return True
    return any(_reaches_audit(callee, functions, seen) for callee in calls if callee in functions)


def _service_functions():
    for app in SERVICE_APPS:
        module = importlib.import_module(f"{app}.services")
        functions = _module_functions(module)
        for name, node in functions.items():
            if not name.startswith("_"):
                yield f"{app}.services.{name}", name, node, functions


def test_every_writing_service_records_an_audit_entry():
    missing = []
    for dotted, name, node, functions in _service_functions():
        if dotted in NOT_AUDITED:
            continue
        writes = bool(_calls(node) & set(_WRITES)) or any(
            _calls(functions[c]) & set(_WRITES) for c in _calls(node) if c in functions
        )
        if writes and not _reaches_audit(name, functions, set()):
            missing.append(dotted)
    assert not missing, f"services that write without audit.record: {missing}"


def test_the_exemptions_still_exist():
    known = {dotted for dotted, *_ in _service_functions()}
    assert set(NOT_AUDITED) <= known, set(NOT_AUDITED) - known


def _entries(obj):
    return AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_admin_writes_are_audited_with_actor_and_address(
    model, model_admin, client, superuser, unit_a, settings
):
    settings.PORTAL_TRUSTED_PROXIES = 1  # the change below comes through the proxy
    client.force_login(superuser)
    request = admin_request(superuser)
    entries = AuditEntry.objects.all()
    seen = entries.count()
    checked = 0

    if model_admin.has_add_permission(request):
        in_unit = model._default_manager.filter(**{model_admin.unit_field: unit_a})
        before = set(in_unit.values_list("pk", flat=True))
        client.post(
            _url(model, "add"), admin_post_data(model_admin, superuser, unit=unit_a), REMOTE_ADDR=ADDRESS
        )
        created = in_unit.exclude(pk__in=before).get()
        entry = _entries(created).latest("at")
        _assert_entry(entry, superuser)
        checked += 1

    obj = make_in_unit(model, model_admin, unit_a)
    data = admin_post_data(model_admin, superuser, obj=obj)
    has_text = tamper_text(data, model_admin.get_form(request, obj, change=True)) is not None
    if model_admin.has_change_permission(request, obj) and has_text:
        client.post(_url(model, "change", obj.pk), data, HTTP_X_FORWARDED_FOR=f"10.0.0.9, {ADDRESS}")
        entry = _entries(obj).latest("at")
        _assert_entry(entry, superuser)
        assert entry.changes, f"{model._meta.label}: the change entry does not say what changed"
        checked += 1

    obj = make_in_unit(model, model_admin, unit_a)
    if model_admin.has_delete_permission(request, obj):
        client.post(_url(model, "delete", obj.pk), {"post": "yes"}, REMOTE_ADDR=ADDRESS)
        assert not model._default_manager.filter(pk=obj.pk).exists()
        _assert_entry(_entries(obj).latest("at"), superuser)
        checked += 1

    assert entries.count() > seen or checked == 0


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_workflow_actions_are_audited(model, model_admin, client, superuser, unit_a):
    """Each admin action, on objects in every state: whatever it changed has an entry from the address."""
    client.force_login(superuser)
    for action in model_admin.get_actions(admin_request(superuser)):
        if action == "delete_selected":
            continue
        for trait in [None, *status_traits(model)]:
            obj = make_in_unit(model, model_admin, unit_a, **({trait: True} if trait else {}))
            before = model._default_manager.filter(pk=obj.pk).values().get()
            count = _entries(obj).count()
            client.post(
                _url(model, "changelist"),
                {"action": action, "_selected_action": [obj.pk], "index": 0},
                REMOTE_ADDR=ADDRESS,
            )
            after = model._default_manager.filter(pk=obj.pk).values().first()
            if after != before:
                assert _entries(obj).count() > count, f"{model._meta.label} {action} on {trait}: no entry"
                _assert_entry(_entries(obj).latest("at"), superuser)


def _assert_entry(entry: AuditEntry, user) -> None:
    assert entry.actor == user and entry.actor_repr == user.get_username()
    assert entry.action and entry.object_id and entry.content_type_id
    assert entry.ip_address == ADDRESS
    assert entry.at is not None


# --- the board reads it; nobody changes it ---------------------------------------------------


@pytest.fixture
def trail(superuser, unit_a, unit_b):
    from portal import audit
    from portal.audit import current_ip

    token = current_ip.set(ADDRESS)
    try:
        a = audit.record(
            actor=superuser, action="news.article.publish", obj=unit_a, unit=unit_a, changes={"x": [1, 2]}
        )
        b = audit.record(actor=superuser, action="documents.document.archive", obj=unit_b, unit=unit_b)
    finally:
        current_ip.reset(token)
    return a, b


def test_board_reads_and_filters_the_trail(client, board, trail):
    publish, archive = trail
    client.force_login(board)
    url = reverse("admin:portal_auditentry_changelist")
    listed = {e.pk for e in client.get(url).context["cl"].result_list}
    assert {publish.pk, archive.pk} <= listed
    filtered = client.get(url, {"action": "news.article.publish"}).context["cl"].result_list
    assert [e.pk for e in filtered] == [publish.pk]
    by_unit = client.get(url, {"unit__id__exact": archive.unit_id}).context["cl"].result_list
    assert [e.pk for e in by_unit] == [archive.pk]
    by_address = client.get(url, {"q": ADDRESS}).context["cl"].result_list
    assert {e.pk for e in by_address} == {publish.pk, archive.pk}
    assert client.get(reverse("admin:portal_auditentry_change", args=[publish.pk])).status_code == 200


@pytest.mark.parametrize("role", ["board", "superuser"])
def test_nobody_can_change_or_delete_the_trail(client, request, trail, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    entry = trail[0]
    stored = AuditEntry.objects.filter(pk=entry.pk).values().get()
    client.post(
        reverse("admin:portal_auditentry_change", args=[entry.pk]), {"action": "forged", "changes": "{}"}
    )
    client.post(reverse("admin:portal_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    client.post(
        reverse("admin:portal_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert client.get(reverse("admin:portal_auditentry_add")).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).values().get() == stored


@pytest.mark.parametrize("role", ["editor_a", "approver_a", "unit_admin_a", "translator_a_km"])
def test_members_of_units_do_not_see_the_trail(client, request, trail, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("admin:portal_auditentry_changelist")).status_code == 403
    assert client.get(reverse("admin:portal_auditentry_change", args=[trail[0].pk])).status_code in (302, 403)
