"""The open-data API over HTTP: only public content, no personal data, pages, ETags, limits, hostile input."""

import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citizen_qa.enums import QuestionState
from consultations.enums import Moderation
from documents.models import Relation
from tests.factories.citizen_qa import QuestionFactory
from tests.factories.consultations import CommentFactory, DraftFactory, article
from tests.factories.documents import (
    AttachmentFactory,
    DocumentFactory,
    LeaderScheduleFactory,
    ScheduleEntryFactory,
)
from tests.factories.news import ArticleFactory
from tests.factories.subsites import UnitFactory

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    return client.get(f"/api/v1/{path}", params)


def test_units_lists_the_active_units_with_cors_open(client, unit_a):
    UnitFactory(key="dong", inactive=True)
    response = get(client, "units")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    keys = [u["key"] for u in response.json()["items"]]
    assert keys == ["tinh", "sotp"]
    preflight = client.options("/api/v1/units", headers={"origin": "https://bao.example"})
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/v1/units").status_code in (403, 405)  # read only


def test_news_lists_a_units_published_articles_in_the_language_asked(client, unit_a, unit_b):
    shown = ArticleFactory(unit=unit_a, published=True, title_vi="Tin công khai")
    ArticleFactory(unit=unit_a, title_vi="Bản nháp chưa duyệt")
    ArticleFactory(unit=unit_a, scheduled=True, title_vi="Tin hẹn giờ")
    ArticleFactory(unit=unit_b, published=True, title_vi="Tin của đơn vị khác")
    response = get(client, "news", unit="sotp")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [a["title"] for a in items] == ["Tin công khai"]
    assert items[0]["url"].endswith(f"/tin-tuc/{shown.slug}/")
    assert "chưa duyệt" not in response.content.decode()
    shown.refresh_search_text()  # as the publishing service does
    shown.save(update_fields=["search_text"])
    assert get(client, "news", unit="sotp", q="cong khai").json()["items"][0]["id"] == shown.pk
    assert get(client, "news", unit="sotp", q="khác").json()["items"] == []
    assert get(client, "news", unit="sotp", lang="xx").status_code == 400
    assert get(client, "news", unit="khong-co").status_code == 404


def test_cursor_pages_cover_every_item_once(client, unit_a):
    ids = {ArticleFactory(unit=unit_a, published=True).pk for _ in range(5)}
    seen, cursor, pages = [], "", 0
    while True:
        body = get(client, "news", unit="sotp", limit=2, cursor=cursor).json()
        seen += [a["id"] for a in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 5 and set(seen) == ids
    assert seen == sorted(seen, reverse=True)
    assert get(client, "news", unit="sotp", cursor="abc").status_code == 400


def test_documents_filter_like_the_finder_with_files_and_relations(client, unit_a, unit_b):
    decision = DocumentFactory(unit=unit_a, published=True, number_symbol="12/QĐ-UBND", title_vi="Quy chế A")
    plan = DocumentFactory(unit=unit_a, published=True, number_symbol="3/KH-UBND", title_vi="Kế hoạch B")
    hidden = DocumentFactory(unit=unit_a, number_symbol="99/QĐ-UBND")
    DocumentFactory(unit=unit_b, published=True, number_symbol="7/QĐ-UBND")
    file = AttachmentFactory(document=decision)
    Relation.objects.create(source=plan, target=decision, kind="guides")
    Relation.objects.create(source=hidden, target=decision, kind="amends")

    listed = get(client, "documents", unit="sotp").json()["items"]
    assert {d["number_symbol"] for d in listed} == {"12/QĐ-UBND", "3/KH-UBND"}
    by_type = get(client, "documents", unit="sotp", doc_type="QĐ").json()["items"]
    assert [d["number_symbol"] for d in by_type] == ["12/QĐ-UBND"]
    assert by_type[0]["files"][0]["download_url"].endswith(f"/van-ban/tep/{file.pk}/tai-ve/")
    by_words = get(client, "documents", unit="sotp", q="kế hoạch").json()["items"]
    assert [d["id"] for d in by_words] == [plan.pk]
    assert get(client, "documents", unit="sotp", year=str(date.today().year + 5)).json()["items"] == []
    assert get(client, "documents", unit="sotp", issuing_body="999999").status_code == 400

    detail = get(client, f"documents/{decision.pk}", unit="sotp").json()
    assert detail["relations"] == [
        {"kind": "guides", "direction": "incoming", "document_id": plan.pk, "number_symbol": "3/KH-UBND"}
    ]
    assert get(client, f"documents/{hidden.pk}", unit="sotp").status_code == 404
    assert get(client, f"documents/{decision.pk}", unit="tinh").status_code == 404


def test_schedule_of_a_week_only_when_published(client, unit_a):
    entry = ScheduleEntryFactory(schedule=LeaderScheduleFactory(unit=unit_a, published=True))
    LeaderScheduleFactory(unit=unit_a, week_start=entry.schedule.week_start - timedelta(days=7))
    body = get(client, "schedules", unit="sotp").json()
    assert body["entries"][0]["leader"] == "Ông Nguyễn Văn B, Giám đốc"
    last_week = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert get(client, "schedules", unit="sotp", week=last_week).status_code == 404


def test_drafts_count_published_comments_per_article_and_show_no_commenter(client, unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True, show_comments=True)
    first, second = article(draft, "Điều 1"), article(draft, "Điều 2")
    for _ in range(3):
        CommentFactory(draft=draft, article=first, published=True, email="ban.doc@mail.example")
    CommentFactory(draft=draft, article=second, published=True)
    CommentFactory(draft=draft, article=second)  # e-mail never confirmed
    CommentFactory(draft=draft, article=second, confirmed=True, moderation=Moderation.SPAM)
    DraftFactory(unit=unit_a, title_vi="Dự thảo chưa đăng")

    response = get(client, "drafts", unit="sotp", phase="open")
    items = response.json()["items"]
    assert [d["id"] for d in items] == [draft.pk]
    assert items[0]["comments"] == 4
    assert sorted((c["article"], c["comments"]) for c in items[0]["comments_by_article"]) == [
        ("Điều 1", 3),
        ("Điều 2", 1),
    ]
    assert items[0]["outcome"] is None
    text = response.content.decode()
    assert "ban.doc@mail.example" not in text and "0912 345" not in text and "Nguyễn Văn 0" not in text
    assert get(client, "drafts", unit="sotp", phase="draft").status_code == 400


def test_questions_are_published_ones_without_personal_data(client, unit_a):
    question = QuestionFactory(unit=unit_a, forwarded_to=unit_a, published=True, display_mode="name")
    QuestionFactory(unit=unit_a, title="Câu hỏi đang xử lý", state=QuestionState.SCREENING)
    response = get(client, "questions", unit="sotp")
    items = response.json()["items"]
    assert [q["id"] for q in items] == [question.pk]
    assert "hồ sơ gồm đơn" in items[0]["answer"]["body"]
    text = response.content.decode()
    for personal in (question.asker_name, question.asker_email, question.asker_phone, question.asker_address):
        assert personal not in text
    assert "đang xử lý" not in text
    assert get(client, "questions", unit="sotp", q="không có từ này").json()["items"] == []


def test_figures_of_a_past_half_year_only(client, main_portal):
    year = timezone.localdate().year
    body = get(client, f"figures/{year - 1}/2").json()
    assert body["period"]["start"] == f"{year - 1}-07-01" and "portal" in body and "subsites" in body
    assert get(client, f"figures/{year + 1}/1").status_code == 404
    assert get(client, f"figures/{year - 1}/3").status_code == 400


def test_etag_answers_304_to_a_conditional_get(client, unit_a):
    ArticleFactory(unit=unit_a, published=True)
    first = get(client, "news", unit="sotp")
    again = client.get("/api/v1/news", {"unit": "sotp"}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    ArticleFactory(unit=unit_a, published=True)
    changed = client.get("/api/v1/news", {"unit": "sotp"}, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200


def test_rate_limit_per_address_answers_429_with_retry_after(client, main_portal, settings):
    settings.PORTAL_API_REQUESTS_PER_MINUTE = 2
    assert [get(client, "units").status_code for _ in range(2)] == [200, 200]
    refused = get(client, "units")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    other = client.get("/api/v1/units", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


HOSTILE = ["a\x00b", "\x01\x1f\x7f", "x" * 10_000, "<script>alert(1)</script>", "' OR 1=1 --", "-1", "9" * 40]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_query_values_give_400_or_200_never_500(client, unit_a, value):
    ArticleFactory(unit=unit_a, published=True)
    for path, name in [
        ("news", "cursor"),
        ("news", "lang"),
        ("news", "limit"),
        ("documents", "q"),
        ("documents", "year"),
        ("documents", "issuing_body"),
        ("documents", "validity"),
        ("documents", "unit"),
        ("drafts", "phase"),
        ("questions", "field"),
        ("questions", "q"),
        ("news", "q"),
        ("schedules", "week"),
    ]:
        response = get(client, path, **{name: value})
        assert response.status_code in (200, 400, 404), (path, name, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        assert "<script>" not in response.content.decode()


def test_openapi_states_the_configured_licence_and_the_page_uses_local_assets(client, settings):
    settings.PORTAL_API_LICENCE = "Giấy phép dữ liệu mở của tỉnh"
    schema = get(client, "openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["license"]["name"] == "Giấy phép dữ liệu mở của tỉnh"
    assert "Giấy phép dữ liệu mở của tỉnh" in schema["info"]["description"]
    page = get(client, "docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    # The page's assets are the site's own static files (ninja is not an installed app: config/settings.py).
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', page)
    assert len(assets) == 4 and all(finders.find(asset) for asset in assets)
    settings_json = json.loads(re.search(r'id="swagger-settings"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert settings_json["url"] == "/api/v1/openapi.json"


@pytest.mark.parametrize("path", ["documents", "news", "questions"])
def test_a_list_costs_the_same_queries_for_one_item_or_many(client, unit_a, path):
    def add():
        AttachmentFactory(document=DocumentFactory(unit=unit_a, published=True))
        ArticleFactory(unit=unit_a, published=True)
        QuestionFactory(unit=unit_a, forwarded_to=unit_a, published=True)

    add()
    get(client, path, unit="sotp")  # warms the unit index and the rate counter's row
    with CaptureQueriesContext(connection) as one:
        assert len(get(client, path, unit="sotp").json()["items"]) == 1
    for _ in range(4):
        add()
    with CaptureQueriesContext(connection) as five:
        assert len(get(client, path, unit="sotp").json()["items"]) == 5
    assert len(five) == len(one)


def test_with_the_page_cache_on_every_request_still_counts(client, main_portal, settings, page_cache):
    settings.PORTAL_API_REQUESTS_PER_MINUTE = 2
    answers = [get(client, "units") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert not any(r.has_header("X-Page-Cache") for r in answers)
