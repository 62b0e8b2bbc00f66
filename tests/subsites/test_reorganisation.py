"""Units merge, close, are renamed and move (issue 24): each operation, its refusals, its idempotence,
what moves (open work) and what stays (published history)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from citizen_qa.enums import QuestionState
from consultations.models import Draft
from news.models import Article
from portal.models import AuditEntry
from portal.services import SYSTEM
from subsites import reorganisation as ops
from subsites.enums import Role
from subsites.models import Membership, MembershipOffer, Unit, UnitName
from subsites.selectors import name_on

from ..factories.citizen_qa import QuestionFactory, RoutingRuleFactory
from ..factories.consultations import DraftFactory
from ..factories.news import ArticleFactory
from ..factories.subsites import UnitFactory, member

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are read in English here; the commands' tests read them in Vietnamese."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _reloaded(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def test_merge_ceases_the_sources_with_the_target_as_successor(unit_a, unit_b):
    outcome = ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    a = _reloaded(unit_a)
    assert (a.ceased_on, a.successor_id) == (DAY, unit_b.pk)
    assert outcome.changed
    assert AuditEntry.objects.filter(action="unit.merge").count() == 1


def test_merge_twice_changes_nothing_the_second_time_and_says_so(unit_a, unit_b):
    ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    again = ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    assert not again.changed
    assert "Nothing to do" in again.messages[0]
    assert AuditEntry.objects.filter(action="unit.merge").count() == 1


def test_merge_creates_the_target_when_named(unit_a, unit_b):
    ops.unit_merge(
        sources=["sotp", "soyt"], into="sotp-yt", name="Sở Tư pháp và Y tế", on=DAY, acting_user=SYSTEM
    )
    target = Unit.objects.get(key="sotp-yt")
    assert (target.name_vi, target.established_on, target.parent_id) == (
        "Sở Tư pháp và Y tế",
        DAY,
        unit_a.parent_id,
    )
    assert set(target.predecessors.values_list("key", flat=True)) == {"sotp", "soyt"}


def test_merge_moves_open_work_and_keeps_published_history(unit_a, unit_b):
    published = ArticleFactory(unit=unit_a, published=True)
    scheduled = ArticleFactory(unit=unit_a, scheduled=True)
    draft_article = ArticleFactory(unit=unit_a)
    open_draft = DraftFactory(unit=unit_a, scheduled=True)
    closed_draft = DraftFactory(unit=unit_a, closed=True)
    open_question = QuestionFactory(unit=unit_a, assigned=True, forwarded_to=unit_a)
    due = open_question.due_date
    answered = QuestionFactory(unit=unit_a, published=True, forwarded_to=unit_a)
    rule = RoutingRuleFactory(unit=unit_a)

    outcome = ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)

    assert Article.objects.get(pk=published.pk).unit_id == unit_a.pk
    assert Article.objects.get(pk=scheduled.pk).unit_id == unit_b.pk
    assert Article.objects.get(pk=draft_article.pk).unit_id == unit_b.pk
    assert Draft.objects.get(pk=open_draft.pk).unit_id == unit_b.pk
    assert Draft.objects.get(pk=closed_draft.pk).unit_id == unit_a.pk
    open_question.refresh_from_db()
    answered.refresh_from_db()
    assert (open_question.forwarded_to_id, open_question.due_date) == (unit_b.pk, due)
    assert open_question.unit_id == unit_a.pk  # received on the source's site: history
    assert answered.forwarded_to_id == unit_a.pk
    rule.refresh_from_db()
    assert rule.unit_id == unit_b.pk
    assert outcome.moved == {"articles": 2, "drafts": 1, "questions": 2, "membership_offers": 0}


def test_a_moved_article_whose_address_is_taken_gets_the_source_key(unit_a, unit_b):
    ArticleFactory(unit=unit_b, slug="le-hoi", published=True)
    moving = ArticleFactory(unit=unit_a, slug="le-hoi")
    ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    assert Article.objects.get(pk=moving.pk).slug == "le-hoi-sotp"


def test_merge_offers_memberships_and_does_not_grant_them(unit_a, unit_b, editor_a, translator_a_km):
    outcome = ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    offers = MembershipOffer.objects.filter(unit=unit_b, status=MembershipOffer.Status.PENDING)
    assert {(o.user.username, o.role, o.language) for o in offers} == {
        ("editor_a", Role.EDITOR, ""),
        ("translator_a", Role.TRANSLATOR, "km"),
    }
    assert not Membership.objects.filter(unit=unit_b).exists()
    assert outcome.moved["membership_offers"] == 2


def test_an_offer_accepted_by_its_user_becomes_a_membership(unit_a, unit_b, editor_a):
    ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    offer = MembershipOffer.objects.get(user=editor_a)
    ops.membership_offer_accept(offer=offer, acting_user=editor_a)
    assert Membership.objects.filter(user=editor_a, unit=unit_b, role=Role.EDITOR).exists()
    with pytest.raises(ValidationError, match="already decided"):
        ops.membership_offer_accept(offer=offer, acting_user=editor_a)


def test_someone_else_cannot_accept_an_offer(unit_a, unit_b, editor_a):
    ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    stranger = member(unit_b, Role.EDITOR, username="stranger")
    with pytest.raises(PermissionDenied):
        ops.membership_offer_accept(offer=MembershipOffer.objects.get(user=editor_a), acting_user=stranger)


@pytest.mark.parametrize(
    "sources, into, message",
    [
        (["sotp"], "sotp", "into itself"),
        (["nope"], "soyt", "No unit has the key “nope”"),
        (["sotp"], "nope", "No unit has the key “nope”"),
        (["tinh"], "soyt", "lies below"),
    ],
)
def test_merge_refusals(unit_a, unit_b, sources, into, message):
    with pytest.raises(ValidationError, match=message):
        ops.unit_merge(sources=sources, into=into, on=DAY, acting_user=SYSTEM)
    assert not Unit.objects.filter(ceased_on__isnull=False).exists()


def test_merge_into_a_descendant_is_refused(unit_a):
    UnitFactory(key="phong", parent=unit_a)
    with pytest.raises(ValidationError, match="its own sub-unit"):
        ops.unit_merge(sources=["sotp"], into="phong", on=DAY, acting_user=SYSTEM)


def test_merge_on_a_date_before_the_unit_existed_is_refused(unit_a, unit_b):
    Unit.objects.filter(pk=unit_a.pk).update(established_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="was established on 2026-01-01"):
        ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)


def test_merge_into_a_unit_not_yet_established_is_refused(unit_a, unit_b):
    Unit.objects.filter(pk=unit_b.pk).update(established_on=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError, match="“soyt” was established on 2025-09-01"):
        ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)


def test_merge_into_a_ceased_unit_is_refused(unit_a, unit_b, main_portal):
    UnitFactory(key="sotc")
    ops.unit_close(key="soyt", on=DAY, acting_user=SYSTEM)
    with pytest.raises(ValidationError, match="ceased on 2025-07-01: it cannot take over"):
        ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)


def test_a_failed_merge_leaves_nothing_behind(unit_a, unit_b):
    """All or nothing: the first source ceases, the second is refused, so neither ceased."""
    UnitFactory(key="phong", parent=unit_b)
    with pytest.raises(ValidationError, match="still active"):
        ops.unit_merge(sources=["sotp", "soyt"], into="sotc", name="Sở mới", on=DAY, acting_user=SYSTEM)
    assert not Unit.objects.filter(key="sotc").exists()
    assert _reloaded(unit_a).ceased_on is None


def test_a_merge_already_done_differently_is_refused(unit_a, unit_b):
    ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=SYSTEM)
    with pytest.raises(ValidationError, match="already ceased on 2025-07-01"):
        ops.unit_merge(sources=["sotp"], into="soyt", on=DAY + datetime.timedelta(days=1), acting_user=SYSTEM)


@pytest.mark.parametrize("who", ["editor_a", "unit_admin_a", "translator_a_km", "board"])
def test_only_the_portal_administrators_reorganise(request, unit_a, unit_b, who):
    user = request.getfixturevalue(who)
    for operation, kwargs in [
        (ops.unit_merge, {"sources": ["sotp"], "into": "soyt"}),
        (ops.unit_close, {"key": "sotp"}),
        (ops.unit_rename, {"key": "sotp", "name": "Sở mới"}),
        (ops.unit_move, {"key": "sotp", "parent": "soyt"}),
    ]:
        with pytest.raises(PermissionDenied, match="Only the portal's administrators"):
            operation(on=DAY, acting_user=user, **kwargs)
    assert _reloaded(unit_a).ceased_on is None


def test_a_superuser_may_reorganise(unit_a, unit_b, superuser):
    assert ops.unit_merge(sources=["sotp"], into="soyt", on=DAY, acting_user=superuser).changed
    assert AuditEntry.objects.get(action="unit.merge").actor_id == superuser.pk


# --- rename ------------------------------------------------------------------------------------------


def test_rename_keeps_the_old_name_until_the_day_before(unit_a):
    ops.unit_rename(key="sotp", name="Sở Tư pháp và Pháp chế", on=DAY, acting_user=SYSTEM)
    a = _reloaded(unit_a)
    former = UnitName.objects.get(unit=a)
    assert (former.name_vi, former.name_en, former.valid_until) == (
        "Sở Tư pháp",
        "Department of Justice",
        datetime.date(2025, 6, 30),
    )
    assert a.name_vi == "Sở Tư pháp và Pháp chế"
    assert name_on(a, datetime.date(2025, 6, 30)) == "Department of Justice"  # English is active
    assert name_on(a, DAY) == "Sở Tư pháp và Pháp chế"  # no English name yet: the Vietnamese one
    with translation.override("vi"):
        assert name_on(a, datetime.date(2025, 6, 30)) == "Sở Tư pháp"


def test_rename_twice_changes_nothing(unit_a):
    ops.unit_rename(key="sotp", name="Sở mới", on=DAY, acting_user=SYSTEM)
    again = ops.unit_rename(key="sotp", name="Sở mới", on=DAY, acting_user=SYSTEM)
    assert not again.changed and UnitName.objects.count() == 1


@pytest.mark.parametrize("name", ["", "   ", "Sở\x00mới", "<b>Sở</b>", "Sở\x1b[31mmới", "x" * 256])
def test_rename_refuses_hostile_names(unit_a, name):
    with pytest.raises(ValidationError, match="without control characters or angle brackets"):
        ops.unit_rename(key="sotp", name=name, on=DAY, acting_user=SYSTEM)


def test_rename_before_an_earlier_rename_is_refused(unit_a):
    ops.unit_rename(key="sotp", name="Sở mới", on=DAY, acting_user=SYSTEM)
    with pytest.raises(ValidationError, match="already had another name"):
        ops.unit_rename(key="sotp", name="Sở khác", on=DAY - datetime.timedelta(days=10), acting_user=SYSTEM)


# --- move ---------------------------------------------------------------------------------------------


def test_move_places_the_unit_under_its_new_parent(unit_a, unit_b):
    outcome = ops.unit_move(key="sotp", parent="soyt", on=DAY, acting_user=SYSTEM)
    assert _reloaded(unit_a).parent_id == unit_b.pk and outcome.changed
    assert not ops.unit_move(key="sotp", parent="soyt", on=DAY, acting_user=SYSTEM).changed
    assert AuditEntry.objects.filter(action="unit.move").count() == 1


def test_move_under_itself_or_a_descendant_is_refused(unit_a):
    UnitFactory(key="phong", parent=unit_a)
    for parent in ("sotp", "phong"):
        with pytest.raises(ValidationError, match="under itself or under a unit below it"):
            ops.unit_move(key="sotp", parent=parent, on=DAY, acting_user=SYSTEM)


def test_move_under_a_ceased_unit_is_refused(unit_a, unit_b):
    ops.unit_close(key="soyt", on=DAY, acting_user=SYSTEM)
    with pytest.raises(ValidationError, match="cannot take over"):
        ops.unit_move(key="sotp", parent="soyt", on=DAY, acting_user=SYSTEM)


# --- close --------------------------------------------------------------------------------------------


def test_close_with_a_successor_hands_over_open_work(unit_a, unit_b):
    question = QuestionFactory(unit=unit_a, assigned=True, forwarded_to=unit_a)
    outcome = ops.unit_close(key="sotp", on=DAY, successor="soyt", acting_user=SYSTEM)
    question.refresh_from_db()
    assert question.forwarded_to_id == unit_b.pk and outcome.changed
    assert not ops.unit_close(key="sotp", on=DAY, successor="soyt", acting_user=SYSTEM).changed


def test_close_without_a_successor_refuses_while_work_is_open(unit_a):
    QuestionFactory(unit=unit_a, assigned=True, forwarded_to=unit_a)
    with pytest.raises(ValidationError, match="still has open work"):
        ops.unit_close(key="sotp", on=DAY, acting_user=SYSTEM)
    assert _reloaded(unit_a).ceased_on is None
    assert QuestionFactory._meta.model.objects.get().forwarded_to_id == unit_a.pk


def test_the_main_portal_never_closes(main_portal):
    with pytest.raises(ValidationError, match="never ceases"):
        ops.unit_close(key="tinh", on=DAY, acting_user=SYSTEM)


def test_close_itself_as_successor_is_refused(unit_a):
    with pytest.raises(ValidationError, match="cannot succeed itself"):
        ops.unit_close(key="sotp", on=DAY, successor="sotp", acting_user=SYSTEM)


# --- a ceased unit is read-only -----------------------------------------------------------------------


def test_a_ceased_unit_takes_no_new_article(unit_a, unit_b, editor_a, superuser):
    from news.services import article_create

    ops.unit_merge(sources=["sotp"], into="soyt", on=timezone.localdate(), acting_user=SYSTEM)
    for user in (editor_a, superuser):
        article = Article(unit=_reloaded(unit_a), title_vi="Tin mới")
        with pytest.raises(
            PermissionDenied,
            match="“Department of Justice” ceased on .* its work continues at “Department of Health”",
        ):
            article_create(article=article, acting_user=user)
    assert not Article.objects.exists()


def test_a_ceased_unit_takes_no_new_membership(unit_a, unit_b, superuser):
    from subsites.services import membership_grant

    from ..factories.subsites import UserFactory

    ops.unit_close(key="sotp", on=timezone.localdate(), acting_user=SYSTEM)
    with pytest.raises(PermissionDenied, match="“Department of Justice” ceased on .* takes nothing new"):
        membership_grant(user=UserFactory(), unit=_reloaded(unit_a), role=Role.EDITOR, acting_user=superuser)


def test_a_question_is_not_routed_to_a_ceased_unit(unit_a, unit_b, superuser):
    from citizen_qa.services import question_route

    question = QuestionFactory(unit=unit_b, state=QuestionState.ROUTING)
    ops.unit_close(key="sotp", on=timezone.localdate(), acting_user=SYSTEM)
    with pytest.raises(PermissionDenied, match="ceased"):
        question_route(question=question, unit=_reloaded(unit_a), acting_user=superuser)


def test_a_unit_ceasing_in_the_future_still_takes_content(unit_a, unit_b, editor_a):
    from news.services import article_create

    ops.unit_merge(
        sources=["sotp"],
        into="soyt",
        on=timezone.localdate() + datetime.timedelta(days=5),
        acting_user=SYSTEM,
    )
    article = article_create(
        article=Article(unit=_reloaded(unit_a), title_vi="Tin mới"), acting_user=editor_a
    )
    assert article.pk


def test_the_successor_translates_a_ceased_unit_articles(unit_a, unit_b, translator_a_km):
    from subsites.permissions import user_can_translate_in_unit

    translator_b = member(unit_b, Role.TRANSLATOR, language="km", username="translator_b")
    ops.unit_merge(sources=["sotp"], into="soyt", on=timezone.localdate(), acting_user=SYSTEM)
    a = _reloaded(unit_a)
    assert user_can_translate_in_unit(translator_b, a, "km")
    assert not user_can_translate_in_unit(translator_a_km, a, "km")


def test_on_its_day_a_unit_merged_ahead_hands_over_the_work_opened_since(unit_a, unit_b, editor_a):
    from subsites.tasks import cease_units_due_today

    Unit.objects.filter(pk=unit_a.pk).update(ceased_on=timezone.localdate(), successor=unit_b)
    late = ArticleFactory(unit=unit_a)
    assert cease_units_due_today() == 1
    assert Article.objects.get(pk=late.pk).unit_id == unit_b.pk
    assert AuditEntry.objects.filter(action="unit.cease").count() == 1


def test_a_citizen_cannot_ask_a_unit_closed_without_successor(unit_a):
    from django.contrib.auth.models import AnonymousUser

    from citizen_qa.services import question_submit

    ops.unit_close(key="sotp", on=timezone.localdate(), acting_user=SYSTEM)
    with pytest.raises(PermissionDenied, match="“Department of Justice” ceased on .* takes nothing new"):
        question_submit(
            unit=_reloaded(unit_a),
            field=None,
            title="Câu hỏi",
            body="Nội dung",
            asker=None,
            display_mode="initials",
            allow_publication=False,
            language="vi",
            confirm_url="/{token}/",
            acting_user=AnonymousUser(),
        )
