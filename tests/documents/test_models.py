"""Documents: validation with messages naming the problem, validity at local dates, relations both ways."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents import services
from documents.enums import BudgetKind, Category, RelationKind, Validity
from documents.models import Document, LeaderSchedule, Relation
from portal.enums import Status
from portal.services import SYSTEM

from ..factories.documents import DocumentFactory, IssuingBodyFactory

pytestmark = pytest.mark.django_db


def _new(unit, body, **extra) -> Document:
    values = {
        "unit": unit,
        "issuing_body": body,
        "number_symbol": "1762/QĐ-UBND",
        "category": Category.DIRECTION,
        "issued_on": date(2021, 8, 27),
        "title_vi": "Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh",
    }
    values.update(extra)
    return Document(**values)


@pytest.fixture
def body(db):
    return IssuingBodyFactory()


def test_clean_parses_the_number(unit_a, body):
    document = _new(unit_a, body, number_symbol="Số: 1762 / qđ-ubnd")
    document.full_clean()
    assert document.number_symbol == "1762/QĐ-UBND"
    assert (document.number, document.symbol, document.doc_type, document.body_code, document.year) == (
        1762,
        "QĐ-UBND",
        "QĐ",
        "UBND",
        2021,
    )


def test_malformed_number_is_a_field_error(unit_a, body):
    with pytest.raises(ValidationError) as error:
        _new(unit_a, body, number_symbol="1762/QD-UBND").full_clean()
    assert "did you mean QĐ" in error.value.message_dict["number_symbol"][0]


def test_duplicate_number_names_the_existing_document(unit_a, body):
    services.document_create(document=_new(unit_a, body), acting_user=SYSTEM)
    with pytest.raises(ValidationError) as error:
        services.document_create(document=_new(unit_a, body, title_vi="Khác"), acting_user=SYSTEM)
    message = error.value.message_dict["number_symbol"][0]
    assert "1762/QĐ-UBND" in message and "Ban hành quy chế hoạt động" in message and "27/08/2021" in message
    assert Document.objects.count() == 1


def test_same_number_another_year_or_body_or_unit_is_allowed(unit_a, unit_b, body):
    services.document_create(document=_new(unit_a, body), acting_user=SYSTEM)
    services.document_create(document=_new(unit_a, body, issued_on=date(2022, 1, 5)), acting_user=SYSTEM)
    other = IssuingBodyFactory(name_vi="UBND huyện Càng Long", code="UBND")
    services.document_create(document=_new(unit_a, other), acting_user=SYSTEM)
    services.document_create(document=_new(unit_b, body), acting_user=SYSTEM)
    assert Document.objects.count() == 4


def test_expiry_before_issue_is_refused(unit_a, body):
    with pytest.raises(ValidationError) as error:
        services.document_create(document=_new(unit_a, body, expires_on=date(2021, 8, 1)), acting_user=SYSTEM)
    assert "01/08/2021" in error.value.message_dict["expires_on"][0]
    assert not Document.objects.exists()


def test_effective_before_issue_and_future_issue_are_refused(unit_a, body):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _new(unit_a, body, effective_on=date(2021, 8, 1), issued_on=date(2021, 8, 27)).full_clean()
    assert "effective_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _new(unit_a, body, issued_on=tomorrow, number_symbol="1/QĐ-UBND").full_clean()
    assert "issued_on" in error.value.message_dict


def test_legal_year_must_match_issue_year(unit_a, body):
    with pytest.raises(ValidationError) as error:
        _new(unit_a, body, number_symbol="15/2020/QĐ-UBND", category=Category.LEGAL).full_clean()
    assert "2020" in error.value.message_dict["number_symbol"][0]


def test_budget_needs_fiscal_year_and_kind(unit_a, body):
    with pytest.raises(ValidationError) as error:
        _new(unit_a, body, category=Category.BUDGET).full_clean()
    assert {"fiscal_year", "budget_kind"} <= set(error.value.message_dict)
    ok = _new(unit_a, body, category=Category.BUDGET, fiscal_year=2021, budget_kind=BudgetKind.ESTIMATE)
    ok.full_clean()
    with pytest.raises(ValidationError) as error:
        _new(unit_a, body, fiscal_year=2021).full_clean()
    assert "fiscal_year" in error.value.message_dict


def test_soe_report_names_its_enterprise(unit_a, body):
    with pytest.raises(ValidationError) as error:
        _new(unit_a, body, category=Category.SOE_REPORT).full_clean()
    assert "enterprise" in error.value.message_dict


def test_publishing_records_posted_at_and_delay_in_working_days(unit_a, body):
    # Issued Friday 27/8/2021, posted Tuesday 31/8 at 08:00 local: Monday and Tuesday are 2 working days.
    document = services.document_create(document=_new(unit_a, body), acting_user=SYSTEM)
    posted = timezone.make_aware(datetime(2021, 8, 31, 8, 0))
    services.document_publish(document=document, at=posted, acting_user=SYSTEM)
    document.refresh_from_db()
    assert document.posted_at == document.published_at == posted
    assert document.posting_delay_days == 2


def test_delay_counts_the_local_day(unit_a, body):
    document = services.document_create(document=_new(unit_a, body), acting_user=SYSTEM)
    # 30/8 17:30 UTC is already Tuesday 31/8 00:30 in Asia/Ho_Chi_Minh.
    services.document_publish(
        document=document, at=datetime(2021, 8, 30, 17, 30, tzinfo=UTC), acting_user=SYSTEM
    )
    assert document.posting_delay_days == 2


def _validity(document, **kwargs) -> str:
    return Document.objects.with_validity(**kwargs).get(pk=document.pk).validity_state


@pytest.mark.parametrize(
    ("moment_utc", "expected"),
    [
        # effective_on 1/3/2024: 29/2 16:59:59 UTC is 23:59:59 local, still the day before.
        (datetime(2024, 2, 29, 16, 59, 59, tzinfo=UTC), Validity.NOT_YET),
        (datetime(2024, 2, 29, 17, 0, 0, tzinfo=UTC), Validity.IN_FORCE),
        # expires_on 1/7/2024 is the first day no longer in force.
        (datetime(2024, 6, 30, 16, 59, 59, tzinfo=UTC), Validity.IN_FORCE),
        (datetime(2024, 6, 30, 17, 0, 0, tzinfo=UTC), Validity.EXPIRED),
    ],
)
def test_validity_at_local_date_boundaries(unit_a, moment_utc, expected):
    document = DocumentFactory(
        unit=unit_a,
        published=True,
        issued_on=date(2024, 2, 20),
        effective_on=date(2024, 3, 1),
        expires_on=date(2024, 7, 1),
    )
    assert _validity(document, at=moment_utc) == expected


def test_without_effective_date_in_force_from_issue(unit_a):
    document = DocumentFactory(unit=unit_a, published=True, issued_on=date(2024, 2, 20))
    assert _validity(document, day=date(2024, 2, 19)) == Validity.NOT_YET
    assert _validity(document, day=date(2024, 2, 20)) == Validity.IN_FORCE


def test_replaced_and_amended_once_the_newer_document_is_in_force(unit_a):
    old = DocumentFactory(unit=unit_a, published=True, issued_on=date(2021, 8, 27))
    amending = DocumentFactory(unit=unit_a, published=True, issued_on=date(2021, 9, 6))
    replacing = DocumentFactory(
        unit=unit_a, published=True, issued_on=date(2022, 5, 2), effective_on=date(2022, 6, 1)
    )
    services.relation_add(source=amending, target=old, kind=RelationKind.AMENDS, acting_user=SYSTEM)
    services.relation_add(source=replacing, target=old, kind=RelationKind.REPLACES, acting_user=SYSTEM)
    assert _validity(old, day=date(2021, 9, 5)) == Validity.IN_FORCE
    assert _validity(old, day=date(2021, 9, 6)) == Validity.AMENDED
    assert _validity(old, day=date(2022, 5, 31)) == Validity.AMENDED
    assert _validity(old, day=date(2022, 6, 1)) == Validity.REPLACED


def test_a_draft_replacement_changes_nothing(unit_a):
    old = DocumentFactory(unit=unit_a, published=True, issued_on=date(2021, 8, 27))
    draft = DocumentFactory(unit=unit_a, issued_on=date(2022, 1, 3))
    services.relation_add(source=draft, target=old, kind=RelationKind.REPLACES, acting_user=SYSTEM)
    assert _validity(old) == Validity.IN_FORCE


def test_relations_are_seen_from_both_sides(unit_a):
    decision = DocumentFactory(unit=unit_a, published=True, number_symbol="1762/QĐ-UBND")
    amending = DocumentFactory(unit=unit_a, published=True, number_symbol="1857/QĐ-UBND")
    services.relation_add(source=amending, target=decision, kind=RelationKind.AMENDS, acting_user=SYSTEM)
    assert [r.target for r in amending.relations_out.all()] == [decision]
    assert [r.source for r in decision.relations_in.all()] == [amending]


def test_self_relation_is_refused(unit_a):
    document = DocumentFactory(unit=unit_a, published=True)
    with pytest.raises(ValidationError) as error:
        services.relation_add(source=document, target=document, kind=RelationKind.AMENDS, acting_user=SYSTEM)
    assert "itself" in error.value.message_dict["target"][0]
    assert not Relation.objects.exists()


def test_replacement_cycle_is_refused_naming_the_chain(unit_a):
    a = DocumentFactory(unit=unit_a, published=True, number_symbol="1/QĐ-UBND")
    b = DocumentFactory(unit=unit_a, published=True, number_symbol="2/QĐ-UBND")
    c = DocumentFactory(unit=unit_a, published=True, number_symbol="3/QĐ-UBND")
    services.relation_add(source=b, target=a, kind=RelationKind.REPLACES, acting_user=SYSTEM)
    services.relation_add(source=c, target=b, kind=RelationKind.REPLACES, acting_user=SYSTEM)
    with pytest.raises(ValidationError) as error:
        services.relation_add(source=a, target=c, kind=RelationKind.REPLACES, acting_user=SYSTEM)
    message = error.value.message_dict["target"][0]
    assert "cycle" in message and "3/QĐ-UBND → 2/QĐ-UBND → 1/QĐ-UBND" in message
    assert Relation.objects.count() == 2
    # Amending back is not a replacement cycle.
    services.relation_add(source=a, target=c, kind=RelationKind.AMENDS, acting_user=SYSTEM)


def test_schedule_week_starts_on_monday(unit_a):
    with pytest.raises(ValidationError) as error:
        services.schedule_save(
            schedule=LeaderSchedule(unit=unit_a, week_start=date(2024, 3, 6)), acting_user=SYSTEM
        )
    assert "04/03/2024" in error.value.message_dict["week_start"][0]


def test_schedule_publish_records_posted_at(unit_a):
    schedule = services.schedule_save(
        schedule=LeaderSchedule(unit=unit_a, week_start=date(2024, 3, 4)), acting_user=SYSTEM
    )
    assert schedule.posted_at is None
    services.schedule_publish(schedule=schedule, acting_user=SYSTEM)
    assert schedule.status == Status.PUBLISHED and schedule.posted_at == schedule.published_at
