"""Site-wide search: accents, Khmer, numbers, languages, filters, groups, highlighting, paging."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from search.engine import highlight, snippet
from tests.factories.consultations import DraftFactory
from tests.factories.documents import DocumentFactory
from tests.factories.news import ArticleFactory, TranslationFactory

pytestmark = pytest.mark.django_db

SEARCH = "/{lang}/tim-kiem/"


def article(unit, **kwargs):
    item = ArticleFactory(unit=unit, published=True, **kwargs)
    item.refresh_search_text()
    item.save(update_fields=["search_text"])
    return item


def get(client, lang="vi", **params):
    return client.get(SEARCH.format(lang=lang), params)


def titles(response) -> list[str]:
    return [item["url"] for item in response.context["items"]]


def test_accent_insensitive_vietnamese(client, main_portal):
    found = article(main_portal, title_vi="Du lịch Trà Vinh mùa lễ hội", slug="du-lich")
    shouted = article(main_portal, title_vi="Hội nghị về chuyển đổi số của tỉnh", slug="cds")
    article(main_portal, title_vi="Tin không liên quan", slug="khac")

    response = get(client, q="tra vinh", type="news")
    assert titles(response) == [found.get_absolute_url()]
    response = get(client, q="CHUYỂN ĐỔI SỐ", type="news")
    assert titles(response) == [shouted.get_absolute_url()]


def test_khmer_substring_inside_a_word(client, main_portal):
    item = article(main_portal, title_vi="Lễ hội Ok Om Bok", slug="ok-om-bok")
    item.title_km = "ពិធីបុណ្យអកអំបុកនៅខេត្តត្រាវិញ"
    item.refresh_search_text()
    item.save()
    TranslationFactory(article=item, language="km", title=item.title_km)

    response = get(client, "km", q="អកអំបុក", type="news")
    assert titles(response) == [item.get_absolute_url()]
    assert "<mark>អកអំបុក</mark>" in response.content.decode()


def test_document_number_finds_the_document(client, main_portal):
    wanted = DocumentFactory(unit=main_portal, published=True, number_symbol="1234/QĐ-UBND")
    DocumentFactory(unit=main_portal, published=True, number_symbol="99/KH-UBND")
    response = get(client, q="1234/QĐ-UBND", type="documents")
    assert titles(response) == [wanted.get_absolute_url()]
    response = get(client, q="1234/qd-ubnd", type="documents")
    assert titles(response) == [wanted.get_absolute_url()]


def test_news_only_in_languages_where_the_translation_is_published(client, main_portal):
    item = article(main_portal, title_vi="Khánh thành cầu Cổ Chiên", slug="cau")
    item.title_en = "Co Chien bridge opened"
    item.refresh_search_text()
    item.save()
    assert titles(get(client, "en", q="co chien", type="news")) == []
    TranslationFactory(article=item, language="en", title=item.title_en)
    response = get(client, "en", q="co chien", type="news")
    assert titles(response) == [item.get_absolute_url()]
    assert "Co Chien bridge opened" in response.content.decode().replace("<mark>", "").replace("</mark>", "")


def test_documents_fall_back_to_vietnamese_marked_as_such(client, main_portal):
    DocumentFactory(unit=main_portal, published=True, title_vi="Quyết định về giá đất")
    response = get(client, "en", q="gia dat", type="documents")
    assert len(response.context["items"]) == 1
    assert 'lang="vi"' in response.content.decode().split('class="results"')[1]


def test_groups_by_type_with_counts(client, main_portal):
    for n in range(4):
        article(main_portal, title_vi=f"Nông thôn mới bài {n}", slug=f"ntm-{n}")
    DocumentFactory(unit=main_portal, published=True, title_vi="Kế hoạch xây dựng nông thôn mới")
    DraftFactory(unit=main_portal, scheduled=True, title_vi="Dự thảo tiêu chí nông thôn mới")

    response = get(client, q="nong thon moi")
    counts = {g.provider.key: g.count for g in response.context["groups"]}
    assert counts["news"] == 4 and counts["documents"] == 1 and counts["consultations"] == 1
    assert response.context["total"] == 6
    news = next(g for g in response.context["groups"] if g.provider.key == "news")
    assert len(news.preview) == 3  # a preview per type; the link shows all of them
    body = response.content.decode()
    assert "type=news" in body and "(4)" in body


def test_filter_by_type_and_unit(client, main_portal, unit_a, unit_b):
    mine = article(unit_a, title_vi="Phổ biến pháp luật cho đồng bào", slug="pbpl-a")
    article(unit_b, title_vi="Phổ biến pháp luật tại trạm y tế", slug="pbpl-b")
    DocumentFactory(unit=unit_a, published=True, title_vi="Kế hoạch phổ biến pháp luật")

    response = get(client, q="pho bien phap luat", type="news", unit=unit_a.key)
    assert titles(response) == [mine.get_absolute_url()]
    counts = {g.provider.key: g.count for g in response.context["groups"]}
    assert counts == {**counts, "news": 1, "documents": 1}


def test_a_component_sites_search_defaults_to_its_own_content(client, unit_a, unit_b):
    mine = article(unit_a, title_vi="Trợ giúp pháp lý lưu động", slug="tgpl-a")
    article(unit_b, title_vi="Trợ giúp pháp lý tại bệnh viện", slug="tgpl-b")
    response = client.get(f"/don-vi/{unit_a.key}/vi/tim-kiem/", {"q": "tro giup phap ly", "type": "news"})
    assert titles(response) == [mine.get_absolute_url()]
    response = client.get(
        f"/don-vi/{unit_a.key}/vi/tim-kiem/", {"q": "tro giup phap ly", "type": "news", "unit": "all"}
    )
    assert len(titles(response)) == 2


def test_filter_by_local_dates(client, main_portal):
    def at_local(day, hour):
        return timezone.make_aware(datetime(2024, 3, day, hour, 0))

    # 23:30 on 10 March local time is 16:30 UTC: it belongs to the 10th, not the 11th.
    late = article(main_portal, title_vi="Bão số 1 đêm mùng 10", slug="bao-10", published_at=at_local(10, 23))
    early = article(
        main_portal, title_vi="Bão số 1 sáng mùng 11", slug="bao-11", published_at=at_local(11, 0)
    )
    response = get(client, q="bao so 1", type="news", date_from="2024-03-10", date_to="2024-03-10")
    assert titles(response) == [late.get_absolute_url()]
    response = get(client, q="bao so 1", type="news", date_from="11/03/2024")
    assert titles(response) == [early.get_absolute_url()]


def test_bad_dates_are_named_not_a_500(client, main_portal):
    response = get(client, q="bao", date_from="2024-13-45")
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"]
    response = get(client, q="bao", date_from="2024-03-10", date_to="2024-03-01")
    assert response.context["form"].errors["date_to"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_paginated_in_the_database(client, main_portal, django_assert_max_num_queries):
    for n in range(25):
        article(main_portal, title_vi=f"Thông báo tuyển dụng đợt {n}", slug=f"td-{n}")
    with django_assert_max_num_queries(20):
        response = get(client, q="tuyen dung", type="news", page=2)
    assert response.context["results"].number == 2
    assert len(response.context["items"]) == 5
    assert 'href="?q=tuyen+dung&amp;unit=all&amp;type=news&amp;page=1"' in response.content.decode()


def test_query_count_does_not_grow_with_results(client, main_portal, django_assert_max_num_queries):
    for n in range(10):
        article(main_portal, title_vi=f"Giá lúa hôm nay {n}", slug=f"lua-{n}")
    with django_assert_max_num_queries(20):
        get(client, q="gia lua")
    for n in range(10, 100):
        article(main_portal, title_vi=f"Giá lúa hôm nay {n}", slug=f"lua-{n}")
    with django_assert_max_num_queries(20):
        get(client, q="gia lua")
        get(client, q="gia lua", type="news")


def test_matches_are_highlighted_and_escaped(client, main_portal):
    article(main_portal, title_vi="<script>alert(1)</script> Trà Vinh & Cần Thơ", slug="xss")
    response = get(client, q="tra vinh", type="news")
    body = response.content.decode()
    assert "<mark>Trà Vinh</mark> &amp; Cần Thơ" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_the_query_is_echoed_escaped(client, main_portal):
    body = get(client, q='"><img src=x onerror=alert(1)>').content.decode()
    assert "<img src=x" not in body


def test_highlight_keeps_the_original_text():
    assert (
        highlight("Chuyển đổi số tỉnh Trà Vinh", "CHUYEN DOI SO")
        == "<mark>Chuyển đổi số</mark> tỉnh Trà Vinh"
    )
    assert highlight("Đường Điện Biên Phủ", "duong") == "<mark>Đường</mark> Điện Biên Phủ"
    # Decomposed accents (NFD input) stay inside the mark.
    decomposed = "Tra\u0300 Vinh"
    assert highlight(decomposed, "tra") == "<mark>Tra\u0300</mark> Vinh"
    assert highlight("a < b", "b") == "a &lt; <mark>b</mark>"


def test_snippet_shows_the_match_in_a_long_text():
    text = "Mở đầu. " + "Nội dung dài " * 60 + "kết luận về chuyển đổi số." + " Thêm nữa" * 30
    piece = snippet(text, "chuyen doi so")
    assert "<mark>chuyển đổi số</mark>" in piece
    assert piece.startswith("… ") and len(piece) < 300


def test_empty_and_missing_query(client, main_portal):
    assert get(client).status_code == 200
    assert get(client, q="   ").context["groups"] == []


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_search_box_on_every_page(client, main_portal, lang):
    body = client.get(f"/{lang}/").content.decode()
    assert 'role="search"' in body and 'name="q"' in body


def test_unknown_type_or_unit_is_named(client, main_portal):
    response = get(client, q="x", type="nope")
    assert response.status_code == 200 and "type" in response.context["form"].errors


def test_scheduled_items_never_found(client, main_portal):
    item = ArticleFactory(unit=main_portal, scheduled=True, title_vi="Tin hẹn giờ", slug="hen-gio")
    item.refresh_search_text()
    item.save()
    assert titles(get(client, q="hen gio", type="news")) == []
    assert timezone.now() < item.published_at + timedelta(days=2)


def test_questions_and_answers_found_across_the_portal(client, main_portal, unit_a):
    from tests.factories.citizen_qa import QuestionFactory

    answered = QuestionFactory(unit=unit_a, published=True, title="Thủ tục đăng ký khai sinh cho trẻ")
    QuestionFactory(unit=unit_a, title="Câu hỏi đăng ký khai sinh chưa trả lời")  # not public yet
    response = get(client, q="dang ky khai sinh")
    counts = {g.provider.key: g.count for g in response.context["groups"]}
    assert counts["qa"] == 1
    response = get(client, q="dang ky khai sinh", type="qa")
    assert titles(response) == [answered.get_absolute_url()]
    assert "<mark>đăng ký khai sinh</mark>" in response.content.decode()


def test_a_question_in_vietnamese_is_marked_on_the_english_results(client, main_portal):
    from tests.factories.citizen_qa import QuestionFactory

    QuestionFactory(unit=main_portal, published=True, title="Hỏi về học bổng cho sinh viên", language="vi")
    body = get(client, "en", q="hoc bong", type="qa").content.decode()
    assert 'lang="vi"' in body.split('class="results"')[1]


def test_counts_past_the_cap_are_shown_as_a_floor(client, main_portal, monkeypatch):
    from search import engine

    monkeypatch.setattr(engine, "COUNT_CAP", 3)
    monkeypatch.setattr(engine, "OVERVIEW_COUNT_CAP", 2)
    for n in range(5):
        article(main_portal, title_vi=f"Cải cách hành chính số {n}")
    response = client.get("/vi/tim-kiem/?q=cai+cach&unit=all")
    assert "Tin tức (2+)" in response.text
    assert "2+ kết quả cho" in response.text
    listing = client.get("/vi/tim-kiem/?q=cai+cach&unit=all&type=news")
    assert "Tin tức (3+)" in listing.text  # the type chosen counts as far as its pages go
    assert len(listing.context["items"]) == 4  # the capped count still lists what it counted


def test_a_common_word_is_read_newest_first_by_walking_with_the_same_results(
    client, main_portal, monkeypatch
):
    """A capped group's first pages are read walking the publication order (on PostgreSQL): the
    same items, in the same order, as the plain query; the planner setting is put back after."""
    from django.db import connection

    from search import engine

    monkeypatch.setattr(engine, "COUNT_CAP", 3)
    monkeypatch.setattr(engine, "OVERVIEW_COUNT_CAP", 3)
    now = timezone.now()
    made = [
        article(
            main_portal,
            title_vi=f"Cải cách hành chính {n}",
            slug=f"cchc-{n}",
            published_at=now - timedelta(hours=n),
        )
        for n in range(6)
    ]
    news = next(g for g in engine.search_groups("cải cách hành chính", "vi") if g.provider.key == "news")
    assert news.capped
    assert engine.newest(news, 0, 4) == list(news.queryset[:4]) == made[:4]
    response = get(client, q="cải cách hành chính", type="news")
    assert titles(response) == [a.get_absolute_url() for a in made[:4]]  # a capped count pages that far
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for setting in ("enable_bitmapscan", "enable_seqscan", "enable_sort"):
                cursor.execute(f"SHOW {setting}")
                assert cursor.fetchone()[0] == "on"
