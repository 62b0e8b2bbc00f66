"""The admin's list of alert filters: the portal's superusers only, counts only, never an address."""

import pytest
from django.urls import reverse

from ..factories.alerts import FilterFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor_a", "approver_a", "translator_a_km", "unit_admin_a", "editor_main", "board"]


@pytest.fixture
def editor_main(main_portal):
    from subsites.enums import Role

    from ..factories.subsites import member

    return member(main_portal, Role.EDITOR, username="editor_main")


@pytest.fixture
def filters(unit_a, unit_b):
    followed = FilterFactory(unit=unit_a, params={"doc_type": "QĐ"})
    for _n in range(2):
        SubscriptionFactory(filter=followed, confirmed=True, subscriber__email=f"c{_n}@secret.example")
    SubscriptionFactory(filter=followed, subscriber__email="waiting@secret.example")
    other = FilterFactory(unit=unit_b, params={"q": "ngân sách"})
    SubscriptionFactory(filter=other, confirmed=True, subscriber__email="b@secret.example")
    return followed, other


@pytest.mark.parametrize("role", ROLES)
def test_only_superusers_reach_the_filters(request, client, filters, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    followed, _other = filters
    urls = [
        reverse("admin:alerts_filter_changelist"),
        reverse("admin:alerts_filter_change", args=[followed.pk]),
        reverse("admin:alerts_filter_delete", args=[followed.pk]),
        reverse("admin:alerts_filter_add"),
    ]
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == 403, (role, url)
    deleting = client.post(reverse("admin:alerts_filter_delete", args=[followed.pk]), {"post": "yes"})
    assert deleting.status_code == (302 if role == "anonymous" else 403)
    assert type(followed).objects.filter(pk=followed.pk).exists()
    if role != "anonymous":
        assert "alerts" not in client.get(reverse("admin:index")).content.decode()


def test_the_superuser_sees_each_filter_with_its_counts_and_no_address(client, superuser, filters):
    client.force_login(superuser)
    page = client.get(reverse("admin:alerts_filter_changelist")).content.decode()
    assert "secret.example" not in page
    assert "Loại: Quyết định" in page and "“ngân sách”" in page
    rows = [line for line in page.split("<tr") if "field-summary" in line]
    assert len(rows) == 2
    by_filter = {("Quyết định" in row): row for row in rows}
    assert '<td class="field-confirmed_count">2</td>' in by_filter[True]
    assert '<td class="field-waiting_count">1</td>' in by_filter[True]
    assert '<td class="field-confirmed_count">1</td>' in by_filter[False]
    assert '<td class="field-waiting_count">0</td>' in by_filter[False]
    # Read-only: no way to add, change or delete from here.
    followed, _other = filters
    assert client.get(reverse("admin:alerts_filter_add")).status_code == 403
    change = client.get(reverse("admin:alerts_filter_change", args=[followed.pk])).content.decode()
    assert "secret.example" not in change and 'name="_save"' not in change
