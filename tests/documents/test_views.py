"""The public finder, a document's page, its files, the leaders' week, feeds, sitemap, search and home."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents import services
from documents.enums import BudgetKind, Category, RelationKind, Validity
from documents.models import Attachment, Document
from portal.services import SYSTEM
from subsites.routing import unit_reverse

from ..factories.documents import (
    PDF,
    AttachmentFactory,
    DocumentFactory,
    FieldFactory,
    IssuingBodyFactory,
    LeaderScheduleFactory,
    ScheduleEntryFactory,
)
from ..factories.subsites import SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(db):
    return IssuingBodyFactory()


@pytest.fixture
def finder_url(main_portal):
    return unit_reverse(main_portal, "documents:finder")


@pytest.fixture
def portal_docs(main_portal, body):
    finance = IssuingBodyFactory(name_vi="Sở Tài chính", code="STC")
    land = FieldFactory(slug="dat-dai", name_vi="Đất đai", name_en="Land")
    return {
        "regulation": DocumentFactory(
            unit=main_portal,
            issuing_body=body,
            published=True,
            number_symbol="1762/QĐ-UBND",
            issued_on=date(2021, 8, 27),
            title_vi="Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh",
            field=land,
        ),
        "plan": DocumentFactory(
            unit=main_portal,
            issuing_body=body,
            published=True,
            number_symbol="44/KH-UBND",
            issued_on=date(2021, 6, 3),
            category=Category.PLAN,
            title_vi="Khắc phục những hạn chế, nâng cao chỉ số PCI",
        ),
        "letter": DocumentFactory(
            unit=main_portal,
            issuing_body=finance,
            published=True,
            number_symbol="3181/STC-NS",
            issued_on=date(2020, 11, 27),
            category=Category.OTHER,
            title_vi="Hướng dẫn công khai ngân sách",
        ),
        "draft": DocumentFactory(unit=main_portal, issuing_body=body, number_symbol="9/QĐ-UBND"),
    }


def _numbers(response) -> list[str]:
    return [d.number_symbol for d in response.context["documents"]]


@pytest.mark.parametrize("typed", ["1762/qd-ubnd", "1762 QĐ", "1762/QĐ-UBND", "Số: 1762/QĐ-UBND", "1762"])
def test_number_search_folds_case_accents_and_spacing(client, finder_url, portal_docs, typed):
    response = client.get(finder_url, {"q": typed})
    assert _numbers(response) == ["1762/QĐ-UBND"]


def test_a_number_typed_with_other_separators_is_found_by_its_folded_number(client, finder_url, portal_docs):
    assert _numbers(client.get(finder_url, {"q": "1762-QĐ"})) == ["1762/QĐ-UBND"]


def test_the_number_column_is_read_only_for_a_query_with_separators():
    """Plain words find a number through the search column, which holds it folded: its index is read
    only for what the column misses."""

    def condition(query: str) -> str:
        return str(Document.objects.matching(query).values("pk").query).split(" WHERE ")[1]

    assert "number_folded" not in condition("1762 qđ ubnd")
    assert "number_folded" in condition("1762-QĐ")


def test_words_of_the_abstract_found_without_accents(client, finder_url, portal_docs):
    assert _numbers(client.get(finder_url, {"q": "chi so pci"})) == ["44/KH-UBND"]


def test_drafts_and_other_units_are_not_listed(client, finder_url, portal_docs, unit_a, body):
    DocumentFactory(unit=unit_a, issuing_body=body, published=True, number_symbol="5/TB-STP")
    numbers = _numbers(client.get(finder_url))
    assert "9/QĐ-UBND" not in numbers and "5/TB-STP" not in numbers
    assert len(numbers) == 3


def test_filters_and_counts_beside_each_option(client, finder_url, portal_docs):
    response = client.get(finder_url, {"category": Category.DIRECTION})
    assert _numbers(response) == ["1762/QĐ-UBND"]
    facets = {f["name"]: {o["value"]: o["count"] for o in f["options"]} for f in response.context["facets"]}
    # A facet counts with every other filter applied, never its own.
    assert facets["category"] == {"direction": 1, "plan": 1, "other": 1}
    assert facets["doc_type"] == {"QĐ": 1}
    assert facets["year"] == {"2021": 1}
    assert facets["validity"] == {Validity.IN_FORCE.value: 1}
    assert "Land (1)" in response.text  # the option label carries its count


def test_filter_by_type_body_field_year(client, finder_url, portal_docs):
    letter = portal_docs["letter"]
    assert _numbers(client.get(finder_url, {"doc_type": "CV"})) == ["3181/STC-NS"]
    assert _numbers(client.get(finder_url, {"issuing_body": letter.issuing_body_id})) == ["3181/STC-NS"]
    assert _numbers(client.get(finder_url, {"field": portal_docs["regulation"].field_id})) == ["1762/QĐ-UBND"]
    assert _numbers(client.get(finder_url, {"year": 2020})) == ["3181/STC-NS"]


def test_filter_by_validity(client, finder_url, portal_docs, main_portal, body):
    newer = DocumentFactory(
        unit=main_portal,
        issuing_body=body,
        published=True,
        number_symbol="10/QĐ-UBND",
        issued_on=date(2022, 1, 5),
    )
    services.relation_add(
        source=newer, target=portal_docs["regulation"], kind=RelationKind.REPLACES, acting_user=SYSTEM
    )
    assert _numbers(client.get(finder_url, {"validity": Validity.REPLACED})) == ["1762/QĐ-UBND"]
    in_force = _numbers(client.get(finder_url, {"validity": Validity.IN_FORCE}))
    assert "1762/QĐ-UBND" not in in_force and "10/QĐ-UBND" in in_force


def test_sorting(client, finder_url, portal_docs):
    assert _numbers(client.get(finder_url, {"sort": "oldest"}))[0] == "3181/STC-NS"
    assert _numbers(client.get(finder_url))[0] == "1762/QĐ-UBND"


def test_bad_filter_values_are_left_out_and_the_page_says_which(client, finder_url, portal_docs):
    response = client.get(finder_url, {"doc_type": "XYZ", "year": "abc", "sort": "drop", "page": "99"})
    assert response.status_code == 200
    assert len(_numbers(response)) == 3
    alert = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', response.content.decode(), re.S)
    assert alert, "the page must say which filters it left out"
    said = alert.group(1)
    for label, value in (("Type", "XYZ"), ("Year", ""), ("Sort", "drop")):
        assert f"<li>{label}:" in said
        assert value in said


def test_a_good_filter_still_applies_beside_a_bad_one(client, finder_url, portal_docs):
    response = client.get(finder_url, {"doc_type": "<b>XYZ</b>", "year": "2021"})
    assert sorted(_numbers(response)) == ["1762/QĐ-UBND", "44/KH-UBND"]
    page = response.content.decode()
    assert "&lt;b&gt;XYZ&lt;/b&gt;" in page and "<b>XYZ</b>" not in page


def test_good_filters_show_no_alert(client, finder_url, portal_docs):
    assert 'role="alert"' not in client.get(finder_url, {"doc_type": "QĐ", "year": "2021"}).content.decode()


def _queries(client, url) -> int:
    client.get(url)  # warm the unit cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_finder_page_costs_the_same_queries_at_10_and_100(client, finder_url, main_portal, body, settings):
    settings.PORTAL_DOCUMENTS_PER_PAGE = 100  # read when the page is built (documents.conf.per_page)
    fields = [FieldFactory() for _ in range(3)]
    for n in range(10):
        DocumentFactory(unit=main_portal, issuing_body=body, published=True, field=fields[n % 3])
    at_10 = _queries(client, finder_url)
    for n in range(90):
        DocumentFactory(unit=main_portal, issuing_body=body, published=True, field=fields[n % 3])
    at_100 = _queries(client, finder_url)
    assert len(client.get(finder_url).context["documents"]) == 100
    assert at_10 == at_100
    assert at_100 <= 14


def test_detail_shows_metadata_dc_and_relations_both_ways(client, portal_docs, main_portal, body):
    regulation = portal_docs["regulation"]
    amending = DocumentFactory(
        unit=main_portal,
        issuing_body=body,
        published=True,
        number_symbol="1857/QĐ-UBND",
        issued_on=date(2021, 9, 6),
    )
    services.relation_add(source=amending, target=regulation, kind=RelationKind.AMENDS, acting_user=SYSTEM)
    page = client.get(regulation.get_absolute_url())
    assert page.status_code == 200
    assert '<meta name="DC.title" content="1762/QĐ-UBND' in page.text
    assert '<meta name="DC.date" content="2021-08-27">' in page.text
    assert "Amended by" in page.text or "Được sửa đổi bởi" in page.text
    assert "1857/QĐ-UBND" in page.text
    other_side = client.get(amending.get_absolute_url())
    assert "1762/QĐ-UBND" in other_side.text


def test_fallback_abstract_is_marked_vietnamese(client, portal_docs):
    regulation = portal_docs["regulation"]
    url = regulation.get_absolute_url().replace("/vi/", "/en/")
    page = client.get(url)
    assert '<span lang="vi">Ban hành quy chế hoạt động' in page.text


def test_draft_and_other_units_document_answer_404(client, portal_docs, unit_a, body):
    theirs = DocumentFactory(unit=unit_a, issuing_body=body, published=True, number_symbol="7/TB-STP")
    assert client.get(portal_docs["draft"].get_absolute_url()).status_code == 404
    wrong_unit = unit_reverse(portal_docs["regulation"].unit, "documents:detail", pk=theirs.pk)
    assert client.get(wrong_unit).status_code == 404
    assert client.get(theirs.get_absolute_url()).status_code == 200


def test_pdf_viewed_inline_and_downloaded_as_attachment_counted(client, portal_docs):
    attachment = AttachmentFactory(document=portal_docs["regulation"])
    viewed = client.get(attachment.get_view_url())
    assert viewed["Content-Type"] == "application/pdf"
    assert viewed["Content-Disposition"].startswith("inline")
    assert viewed["X-Content-Type-Options"] == "nosniff"
    assert b"".join(viewed.streaming_content) == PDF
    downloaded = client.get(attachment.get_absolute_url())
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert (
        'filename="1762qd-ubnd.pdf"' in downloaded["Content-Disposition"]
        or "1762" in downloaded["Content-Disposition"]
    )
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    attachment.refresh_from_db()
    assert attachment.download_count == 2


def test_files_of_a_draft_are_not_served(client, portal_docs):
    attachment = AttachmentFactory(document=portal_docs["draft"])
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert Attachment.objects.get(pk=attachment.pk).download_count == 0


def test_budget_section_by_fiscal_year(client, main_portal, body):
    for year, kind in [
        (2021, BudgetKind.ESTIMATE),
        (2022, BudgetKind.ESTIMATE),
        (2022, BudgetKind.EXECUTION),
    ]:
        DocumentFactory(
            unit=main_portal,
            issuing_body=body,
            published=True,
            category=Category.BUDGET,
            fiscal_year=year,
            budget_kind=kind,
            issued_on=date(year, 1, 10),
        )
    DocumentFactory(unit=main_portal, issuing_body=body, published=True)
    section = SectionFactory(
        unit=main_portal, kind="documents", category="budget", slug="cong-khai-ngan-sach"
    )
    url = section.get_absolute_url()
    response = client.get(url, {"fiscal_year": 2022})
    assert len(response.context["documents"]) == 2
    facets = {f["name"]: {o["value"]: o["count"] for o in f["options"]} for f in response.context["facets"]}
    assert facets["fiscal_year"] == {"2021": 1, "2022": 2}
    assert facets["budget_kind"] == {"estimate": 1, "execution": 1}


def test_schedule_week_view_previous_next_and_section(client, main_portal):
    schedule = LeaderScheduleFactory(unit=main_portal, published=True)
    ScheduleEntryFactory(schedule=schedule, leader="Chủ tịch UBND tỉnh", content_vi="Tiếp công dân định kỳ")
    week_url = schedule.get_absolute_url()
    page = client.get(week_url)
    assert "Tiếp công dân định kỳ" in page.text
    assert page.context["previous_url"].endswith(
        (schedule.week_start - timedelta(weeks=1)).strftime("/%Y/%-m/%-d/")
    )
    wednesday = schedule.week_start + timedelta(days=2)
    redirect = client.get(
        unit_reverse(
            main_portal,
            "documents:schedule_week",
            year=wednesday.year,
            month=wednesday.month,
            day=wednesday.day,
        )
    )
    assert redirect.status_code == 302 and redirect["Location"] == week_url
    section = SectionFactory(unit=main_portal, kind="schedule", slug="lich-lam-viec")
    assert "Tiếp công dân định kỳ" in client.get(section.get_absolute_url()).text
    empty = client.get(page.context["next_url"])
    assert empty.status_code == 200 and not empty.context["has_entries"]


def test_unpublished_schedule_not_shown(client, main_portal):
    schedule = LeaderScheduleFactory(unit=main_portal)
    ScheduleEntryFactory(schedule=schedule, content_vi="Họp kín")
    assert "Họp kín" not in client.get(schedule.get_absolute_url()).text


def test_feeds_per_category(client, portal_docs, main_portal):
    feed = client.get(unit_reverse(main_portal, "documents:feed_category", category="plan"))
    assert feed.status_code == 200
    assert b"44/KH-UBND" in feed.content and b"1762" not in feed.content
    assert (
        client.get(unit_reverse(main_portal, "documents:feed_category", category="nope")).status_code == 404
    )
    assert b"1762/Q" in client.get(unit_reverse(main_portal, "documents:feed")).content


def test_sitemap_lists_documents_and_weeks(client, portal_docs, main_portal):
    schedule = LeaderScheduleFactory(unit=main_portal, published=True)
    documents = client.get("/sitemap-documents.xml")
    assert documents.status_code == 200
    assert portal_docs["regulation"].get_absolute_url().encode() in documents.content
    assert str(portal_docs["draft"].pk).encode() + b"/</loc>" not in documents.content
    weeks = client.get("/sitemap-schedules.xml")
    assert schedule.get_absolute_url().encode() in weeks.content


def test_site_search_matches_numbers(client, portal_docs, main_portal):
    response = client.get(
        unit_reverse(main_portal, "search:search"), {"q": "1762/qd-ubnd", "type": "documents"}
    )
    assert [d.number_symbol for d in response.context["results"]] == ["1762/QĐ-UBND"]


def test_home_blocks(client, portal_docs, main_portal):
    schedule = LeaderScheduleFactory(unit=main_portal, published=True)
    ScheduleEntryFactory(schedule=schedule, date=timezone.localdate(), content_vi="Làm việc với Sở Y tế")
    home = client.get(unit_reverse(main_portal, "home"))
    assert "1762/QĐ-UBND" in home.text
    assert "Làm việc với Sở Y tế" in home.text
