"""Who may do each step: a matrix of roles × article states × actions."""

import pytest

from news import permissions as perms
from news.enums import Status
from subsites.enums import Role

from ..factories.news import ArticleFactory
from ..factories.subsites import member

pytestmark = pytest.mark.django_db

ROLES = ["editor", "approver", "translator_km", "unit_admin", "other_unit_editor", "board"]
STATES = [Status.DRAFT, Status.PENDING, Status.PUBLISHED, Status.ARCHIVED]
# (action, state) → roles allowed; an approver here is not the author of the version.
EXPECTED = {
    ("edit", Status.DRAFT): {"editor", "approver", "unit_admin"},
    ("edit", Status.PENDING): {"editor", "approver", "unit_admin"},
    ("edit", Status.PUBLISHED): {"approver", "unit_admin"},
    ("edit", Status.ARCHIVED): set(),
    ("submit", Status.DRAFT): {"editor", "approver", "unit_admin"},
    ("publish", Status.PENDING): {"approver", "unit_admin"},
    ("unpublish", Status.PUBLISHED): {"approver", "unit_admin"},
    ("archive", Status.DRAFT): {"approver", "unit_admin"},
    ("archive", Status.PENDING): {"approver", "unit_admin"},
    ("archive", Status.PUBLISHED): {"approver", "unit_admin"},
    ("translate_km", Status.DRAFT): {"editor", "approver", "translator_km", "unit_admin"},
    ("translate_km", Status.PENDING): {"editor", "approver", "translator_km", "unit_admin"},
    ("translate_km", Status.PUBLISHED): {"editor", "approver", "translator_km", "unit_admin"},
}
PREDICATES = {
    "edit": perms.user_can_edit_article,
    "submit": perms.user_can_submit_article,
    "publish": perms.user_can_publish_article,
    "unpublish": perms.user_can_unpublish_article,
    "archive": perms.user_can_archive_article,
    "translate_km": lambda user, article: perms.user_can_translate_article(user, article, "km"),
}


@pytest.fixture
def people(unit_a, unit_b, board):
    return {
        "editor": member(unit_a, Role.EDITOR),
        "approver": member(unit_a, Role.APPROVER),
        "translator_km": member(unit_a, Role.TRANSLATOR, language="km"),
        "unit_admin": member(unit_a, Role.UNIT_ADMIN),
        "other_unit_editor": member(unit_b, Role.APPROVER),
        "board": board,
    }


@pytest.mark.parametrize("action", sorted(PREDICATES))
@pytest.mark.parametrize("state", STATES)
def test_matrix(people, unit_a, action, state):
    writer = member(unit_a, Role.EDITOR)
    article = ArticleFactory(unit=unit_a, status=state, version_author=writer)
    allowed = {role for role in ROLES if PREDICATES[action](people[role], article)}
    assert allowed == EXPECTED.get((action, state), set())


def test_nobody_approves_their_own_version(people, unit_a):
    for role in ("approver", "unit_admin"):
        article = ArticleFactory(unit=unit_a, status=Status.PENDING, version_author=people[role])
        assert not perms.user_can_publish_article(people[role], article)


def test_superuser_may_skip_review(superuser, unit_a):
    article = ArticleFactory(unit=unit_a, status=Status.DRAFT, version_author=superuser)
    assert perms.user_can_publish_article(superuser, article)
    assert perms.publishing_skips_review(superuser, article)
