"""The admin's "view on site" shortcut (/admin/r/<content type>/<id>/) tells nothing about another unit.

Before: any staff user was redirected to any unit's object's public address, whose unit prefix and
slug give away which unit owns a draft, a question or a week's schedule, and an unpublished title.
Now another unit's unpublished object answers with the very 404 of a missing id.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from subsites.enums import Role

from ..factories.citizen_qa import QuestionFactory
from ..factories.consultations import DraftFactory
from ..factories.documents import DocumentFactory, LeaderScheduleFactory
from ..factories.news import ArticleFactory
from ..factories.subsites import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_b(unit_b):
    return member(unit_b, Role.EDITOR, username="editor_b")


@pytest.fixture
def b_objects(unit_b):
    """Unpublished objects of unit B, one of each kind the shortcut answers for."""
    return {
        "draft": DraftFactory(unit=unit_b, title_vi="Dự thảo quy định chưa công bố"),
        "document": DocumentFactory(unit=unit_b, number_symbol="77/QĐ-SYT"),
        "schedule": LeaderScheduleFactory(unit=unit_b),
        "question": QuestionFactory(unit=unit_b),
        "article": ArticleFactory(unit=unit_b),
    }


def _shortcut(obj, object_id=None) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{object_id if object_id is not None else obj.pk}/"


def _missing(client, obj):
    """The answer for an id of the same type that does not exist."""
    missing_id = type(obj)._default_manager.order_by("-pk").first().pk + 1000
    return client.get(_shortcut(obj, missing_id)), missing_id


@pytest.mark.parametrize("who", ["editor_a", "translator_a_km", "board"])
@pytest.mark.parametrize("kind", ["draft", "document", "schedule", "question", "article"])
def test_another_units_unpublished_object_answers_like_a_missing_one(client, request, b_objects, who, kind):
    client.force_login(request.getfixturevalue(who))
    obj = b_objects[kind]
    response = client.get(_shortcut(obj))
    missing, missing_id = _missing(client, obj)
    assert response.status_code == missing.status_code == 404
    assert "Location" not in response
    assert response.content.decode().replace(f"/{obj.pk}/", "/ID/") == missing.content.decode().replace(
        f"/{missing_id}/", "/ID/"
    )


@pytest.mark.parametrize("kind", ["draft", "document", "schedule", "question", "article"])
def test_the_own_units_editor_is_redirected(client, b_objects, editor_b, kind):
    client.force_login(editor_b)
    obj = b_objects[kind]
    response = client.get(_shortcut(obj))
    assert response.status_code == 302
    assert response["Location"].endswith(obj.get_absolute_url())


def test_a_public_object_of_another_unit_is_redirected(client, unit_b, editor_a):
    document = DocumentFactory(unit=unit_b, published=True)
    client.force_login(editor_a)
    response = client.get(_shortcut(document))
    assert response.status_code == 302 and response["Location"].endswith(document.get_absolute_url())


def test_the_change_forms_view_on_site_link_goes_through_the_check(client, b_objects, editor_b):
    """The admin's own link reverses to this address, so it is the checked view that answers it."""
    from django.urls import reverse

    obj = b_objects["document"]
    content_type = ContentType.objects.get_for_model(obj)
    assert reverse("admin:view_on_site", args=[content_type.pk, obj.pk]) == _shortcut(obj)
