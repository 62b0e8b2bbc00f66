"""CSV and XLSX of a news list (a unit's, a section's): every row its pages show, newest first, safely."""

import html
import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from news.models import Article
from subsites.models import UnitName
from tests.downloads import csv_rows as _csv
from tests.downloads import xlsx_rows as _xlsx

from ..factories.news import ArticleFactory, TranslationFactory
from ..factories.subsites import SectionFactory

pytestmark = pytest.mark.django_db

HEADERS_EN = ["Title", "Published on", "Sections", "Unit", "Summary", "Address on the portal"]
UNIT_NEWS = "/don-vi/sotp/{lang}/tin-tuc/"
SECTION_PAGE = "/don-vi/sotp/{lang}/muc/tin-tuc/"
SECTION_EXPORT = "/don-vi/sotp/{lang}/tin-tuc/muc/tin-tuc/"
CARD = re.compile(r'<h2 class="card-title"><a href="([^"]+)">(.*?)</a></h2>')


@pytest.fixture(autouse=True)
def _small_pages(settings):
    """Several pages of a few articles: the export must hold all of them, not the first."""
    settings.PORTAL_NEWS_PER_PAGE = 3
    settings.PORTAL_EXPORTS_PER_MINUTE = 1000  # the limit has its own test


def _published(unit, title: str, hours_ago: int, **fields) -> Article:
    at = timezone.now() - timedelta(hours=hours_ago)
    return ArticleFactory(unit=unit, published=True, published_at=at, title_vi=title, **fields)


def _translate(article: Article, language: str, title: str) -> None:
    Article.objects.filter(pk=article.pk).update(**{f"title_{language}": title})
    TranslationFactory(article=article, language=language, title=title)


@pytest.fixture
def news(main_portal, unit_a, unit_b, news_section_a):
    filed = [_published(unit_a, f"Tin chuyên mục số {n}", hours_ago=n + 1) for n in range(5)]
    for article in filed:
        article.sections.add(news_section_a)
    for n, article in enumerate(filed[:4]):
        _translate(article, "km", f"ព័ត៌មានលេខ {n}")
    unfiled = [
        _published(unit_a, f"Tin đơn vị số {n}", hours_ago=n + 10, promoted_to_main=True) for n in range(3)
    ]
    promoted = _published(unit_b, "Tin Sở Y tế lên Cổng tỉnh", hours_ago=2, promoted_to_main=True)
    own_main = _published(main_portal, "Tin của Cổng tỉnh", hours_ago=3)
    hidden = {
        "draft": ArticleFactory(unit=unit_a, title_vi="Bản nháp chưa đăng"),
        "scheduled": ArticleFactory(unit=unit_a, scheduled=True, title_vi="Tin hẹn giờ đăng ngày mai"),
        "archived": ArticleFactory(unit=unit_a, archived=True, title_vi="Tin đã lưu trữ"),
        "other_unit": _published(unit_b, "Tin riêng của Sở Y tế", hours_ago=4),
    }
    hidden["other_unit"].sections.add(SectionFactory(unit=unit_b, kind="articles", slug="tin-tuc"))
    return {"filed": filed, "unfiled": unfiled, "promoted": promoted, "main": own_main, "hidden": hidden}


def _listed(client, url: str, params=None) -> list[tuple[str, str]]:
    """(title, absolute address) of every card of every page of the list, as a reader sees them."""
    first = client.get(url, params or {})
    assert first.status_code == 200
    cards = []
    for number in range(1, first.context["page_obj"].paginator.num_pages + 1):
        page = client.get(url, {**(params or {}), "page": number})
        cards += [
            (html.unescape(title), f"http://testserver{href}") for href, title in CARD.findall(page.text)
        ]
    return cards


def _exported(rows: list[list]) -> list[tuple[str, str]]:
    return [(row[0], row[-1]) for row in rows[1:]]


@pytest.mark.parametrize(
    ("list_url", "export_url"),
    [
        (UNIT_NEWS.format(lang="vi"), UNIT_NEWS.format(lang="vi")),
        (SECTION_PAGE.format(lang="vi"), SECTION_EXPORT.format(lang="vi")),
        (UNIT_NEWS.format(lang="km"), UNIT_NEWS.format(lang="km")),
        (SECTION_PAGE.format(lang="km"), SECTION_EXPORT.format(lang="km")),
        ("/vi/tin-tuc/", "/vi/tin-tuc/"),  # the main portal's: its own and the promoted ones
    ],
)
def test_csv_and_xlsx_hold_every_page_the_list_shows(client, news, list_url, export_url):
    listed = _listed(client, list_url)
    assert len(listed) > 3  # more than one page: the export is not the first page
    table = _csv(client.get(export_url + "tai-ve.csv"))
    assert _exported(table) == listed
    sheet = _xlsx(client.get(export_url + "tai-ve.xlsx"))
    assert _exported(sheet) == listed
    for hidden in news["hidden"].values():
        assert hidden.title_vi not in {title for title, _url in listed}


def test_the_lists_are_newest_first_and_hold_only_their_own_articles(client, news):
    titles = [row[0] for row in _csv(client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.csv"))[1:]]
    assert titles == [a.title_vi for a in news["filed"] + news["unfiled"]]
    section = [row[0] for row in _csv(client.get(SECTION_EXPORT.format(lang="vi") + "tai-ve.csv"))[1:]]
    assert section == [a.title_vi for a in news["filed"]]
    main = [row[0] for row in _csv(client.get("/vi/tin-tuc/tai-ve.csv"))[1:]]
    assert main == [news["promoted"].title_vi, news["main"].title_vi] + [a.title_vi for a in news["unfiled"]]


def test_drafts_scheduled_and_other_units_articles_never_appear_even_for_staff(client, news, editor_a):
    client.force_login(editor_a)
    for url in (UNIT_NEWS, SECTION_EXPORT, "/{lang}/tin-tuc/", "/don-vi/soyt/{lang}/tin-tuc/muc/tin-tuc/"):
        for extension in ("csv", "xlsx"):
            response = client.get(url.format(lang="vi") + f"tai-ve.{extension}")
            assert response.status_code == 200
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            text = raw.decode("utf-8-sig") if extension == "csv" else _xlsx_text(raw)
            for key in ("draft", "scheduled", "archived"):
                assert news["hidden"][key].title_vi not in text
            if "soyt" not in url:
                assert news["hidden"]["other_unit"].title_vi not in text
    other = _csv(client.get("/don-vi/soyt/vi/tin-tuc/muc/tin-tuc/tai-ve.csv"))
    assert [row[0] for row in other[1:]] == [news["hidden"]["other_unit"].title_vi]
    # Unit A's section is no section of unit B's site.
    assert client.get("/don-vi/soyt/vi/tin-tuc/muc/khong-co/tai-ve.csv").status_code == 404


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return html.unescape("".join(archive.read(name).decode() for name in archive.namelist()))


def test_every_column_as_the_list_and_the_article_show_it(client, unit_a, news_section_a):
    old_section = SectionFactory(unit=unit_a, kind="articles", slug="su-kien", title_vi="Sự kiện")
    old_section.title_en = "Events"
    old_section.save()
    closed = SectionFactory(unit=unit_a, kind="articles", slug="cu", title_vi="Mục đã đóng", active=False)
    news_section_a.title_en = "News"
    news_section_a.save()
    # 18:30 UTC on 1 March is 01:30 on 2 March in Trà Vinh: the local date is the one a reader sees.
    before = ArticleFactory(
        unit=unit_a,
        published=True,
        published_at=datetime(2025, 3, 1, 18, 30, tzinfo=UTC),
        title_vi="Hội nghị tổng kết năm 2024",
        title_en="Review conference of 2024",
        summary_vi="Tóm tắt <b>không</b> phải mã HTML.",
        summary_en="",
    )
    before.sections.add(news_section_a, old_section, closed)
    _translate(before, "en", "Review conference of 2024")
    after = ArticleFactory(
        unit=unit_a, published=True, published_at=datetime(2025, 8, 1, 3, 0, tzinfo=UTC), title_vi="Tin mới"
    )
    _translate(after, "en", "Tin mới")
    # The unit was renamed after the first article: the export keeps the name it was published under.
    UnitName.objects.create(
        unit=unit_a, valid_until=date(2025, 6, 30), name_vi="Sở Tư pháp cũ", name_en="Old DoJ"
    )
    rows = _csv(client.get(UNIT_NEWS.format(lang="en") + "tai-ve.csv"))
    assert rows[0] == HEADERS_EN
    by_title = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_title["Review conference of 2024"] == {
        "Title": "Review conference of 2024",
        "Published on": "2025-03-02",
        "Sections": "News, Events",  # the closed section is not public
        "Unit": "Old DoJ",
        "Summary": "Tóm tắt <b>không</b> phải mã HTML.",  # no English summary: the Vietnamese one, as text
        "Address on the portal": f"http://testserver/don-vi/sotp/en/tin-tuc/{before.slug}/",
    }
    assert by_title["Tin mới"]["Unit"] == "Department of Justice"
    assert by_title["Tin mới"]["Sections"] == ""
    vi = _csv(client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.csv"))
    assert vi[0] == ["Tiêu đề", "Ngày đăng", "Chuyên mục", "Đơn vị", "Tóm tắt", "Địa chỉ trên Cổng"]
    assert [row[3] for row in vi[1:]] == ["Sở Tư pháp", "Sở Tư pháp cũ"]
    assert client.get(after.get_absolute_url()).status_code == 200
    sheet = _xlsx(client.get(UNIT_NEWS.format(lang="en") + "tai-ve.xlsx"))
    cells = {row[0]: dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]}
    assert cells["Review conference of 2024"]["Published on"] == datetime(2025, 3, 2)  # a date cell
    assert cells["Review conference of 2024"]["Unit"] == "Old DoJ"


def test_a_language_lists_only_the_articles_translated_into_it(client, unit_a):
    vietnamese = _published(unit_a, "Chỉ có tiếng Việt", hours_ago=1)
    translated = _published(unit_a, "Có bản tiếng Khmer", hours_ago=2)
    _translate(translated, "km", "មានការបកប្រែ")
    km = _csv(client.get(UNIT_NEWS.format(lang="km") + "tai-ve.csv"))
    assert km[0][0] == "ចំណងជើង"
    assert (
        [row[0] for row in km[1:]]
        == ["មានការបកប្រែ"]
        == [t for t, _u in _listed(client, "/don-vi/sotp/km/tin-tuc/")]
    )
    assert vietnamese.title_vi not in str(km)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "99999999999999999999999999"},
        {"page": "-1"},
        {"page": "\x00"},
        {"page": "2\x1b[31m", "q": "<script>alert(1)</script>"},
        {"section": "=1+1", "date": "@SUM(A1)", "words": "\u202e\x07"},
    ],
)
def test_hostile_parameters_change_nothing(client, news, params):
    expected = _csv(client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.csv"))
    for extension in ("csv", "xlsx"):
        response = client.get(UNIT_NEWS.format(lang="vi") + f"tai-ve.{extension}", params)
        rows = _csv(response) if extension == "csv" else _xlsx(response)
        assert [row[0] for row in rows] == [row[0] for row in expected]
    assert client.get(SECTION_EXPORT.format(lang="vi") + "tai-ve.csv", params).status_code == 200


@hsettings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    params=st.dictionaries(
        st.sampled_from(["page", "q", "section", "from", "sort"]),
        st.text(st.characters(blacklist_categories=["Cs"]), max_size=200),
        max_size=4,
    )
)
def test_any_parameters_give_the_lists_rows(client, news, params):
    rows = _csv(client.get(SECTION_EXPORT.format(lang="vi") + "tai-ve.csv", params))
    assert [row[0] for row in rows[1:]] == [a.title_vi for a in news["filed"]]


@pytest.mark.parametrize("slug", ["%00", "%3Cb%3E", "a%0Db", "x" * 300, "khong-co"])
def test_a_hostile_or_unknown_section_is_not_found(client, news, slug):
    assert client.get(f"/don-vi/sotp/vi/tin-tuc/muc/{slug}/tai-ve.csv").status_code == 404


@pytest.mark.parametrize(
    "title",
    ['=HYPERLINK("http://evil.example","Xem")', "+84 939 111 222", "-1+2", "@SUM(A1:A9)", "  =1+1", "\t=1"],
)
def test_a_title_typed_as_a_formula_is_text_in_both_files(client, unit_a, title):
    _published(unit_a, title, hours_ago=1, summary_vi="=cmd|' /C calc'!A0")
    row = _csv(client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.csv"))[1]
    assert row[0].startswith("'") and row[0][1:] == title
    assert row[4] == "'=cmd|' /C calc'!A0"
    response = client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "s" and sheet["E2"].data_type == "s"
    assert sheet["A2"].value == title
    assert "<f>" not in _xlsx_text(response.content)


def test_control_characters_and_html_in_a_title_are_plain_text(client, unit_a):
    # Not NUL: PostgreSQL refuses it in a row (its removal from a cell is tried unsaved in documents').
    _published(unit_a, "Tin\x01 có\x07 ký tự <script>alert(1)</script>", hours_ago=1)
    row = _csv(client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.csv"))[1]
    assert row[0] == "Tin có ký tự <script>alert(1)</script>"
    sheet = _xlsx(client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.xlsx"))
    assert sheet[1][0] == "Tin có ký tự <script>alert(1)</script>"


def test_the_pages_link_to_their_downloads(client, news):
    page = client.get(UNIT_NEWS.format(lang="vi"))
    assert 'href="/don-vi/sotp/vi/tin-tuc/tai-ve.csv"' in page.text
    assert ">Tải về CSV</a>" in page.text and ">Tải về XLSX</a>" in page.text
    section = client.get(SECTION_PAGE.format(lang="km"))
    assert 'href="/don-vi/sotp/km/tin-tuc/muc/tin-tuc/tai-ve.xlsx"' in section.text
    assert ">ទាញយកជា XLSX</a>" in section.text
    english = client.get(UNIT_NEWS.format(lang="en"))
    assert "tai-ve.csv" not in english.text  # nothing listed in English: nothing to download


def test_above_the_row_limit_the_page_and_the_export_say_why(client, news, settings):
    settings.PORTAL_EXPORT_MAX_ROWS = 7
    page = client.get(UNIT_NEWS.format(lang="vi"))
    assert "tai-ve.csv" not in page.text
    message = "Danh sách này có 8 tin bài; mỗi lần tải về được tối đa 7."
    assert message in page.text
    for extension in ("csv", "xlsx"):
        refused = client.get(UNIT_NEWS.format(lang="vi") + f"tai-ve.{extension}")
        assert refused.status_code == 422
        assert message in refused.text and "Hãy tải về danh sách của từng chuyên mục." in refused.text
        assert 'href="/don-vi/sotp/vi/tin-tuc/"' in refused.text
    assert len(_csv(client.get(SECTION_EXPORT.format(lang="vi") + "tai-ve.csv"))) == 6  # 5: within the limit
    settings.PORTAL_EXPORT_MAX_ROWS = 3
    khmer = client.get(SECTION_EXPORT.format(lang="km") + "tai-ve.csv")
    assert khmer.status_code == 422 and "បញ្ជីនេះមានអត្ថបទចំនួន 4" in khmer.text


def test_rate_limited_for_anonymous_addresses_not_for_staff(client, news, settings, editor_a):
    settings.PORTAL_EXPORTS_PER_MINUTE = 2
    assert client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.csv").status_code == 200
    assert client.get(SECTION_EXPORT.format(lang="vi") + "tai-ve.xlsx").status_code == 200
    refused = client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.xlsx")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Địa chỉ của bạn đã tải về quá nhiều lần" in refused.text
    client.force_login(editor_a)
    assert client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.xlsx").status_code == 200


def test_files_are_named_and_never_cached_publicly(client, news):
    response = client.get(UNIT_NEWS.format(lang="vi") + "tai-ve.xlsx")
    assert f'filename="tin-tuc-sotp-{timezone.localdate():%Y-%m-%d}.xlsx"' in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    assert client.post(UNIT_NEWS.format(lang="vi") + "tai-ve.csv").status_code == 405


@pytest.mark.parametrize("url", [UNIT_NEWS, SECTION_EXPORT, "/{lang}/tin-tuc/"])
def test_queries_do_not_grow_with_the_rows(
    client, unit_a, unit_b, news_section_a, url, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for _ in range(n):
            article = _published(unit_a, "Tin", hours_ago=1, promoted_to_main=True)
            article.sections.add(news_section_a)
        _published(unit_b, "Tin khác", hours_ago=1, promoted_to_main=True).sections.add(
            SectionFactory(unit=unit_b, kind="articles")
        )

    address = url.format(lang="vi") + "tai-ve.xlsx"
    add(3)
    client.get(address)  # the unit look-ups are cached by the first request
    with django_assert_max_num_queries(8) as few:
        assert client.get(address).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(address)
    assert len(_xlsx(response)) > 30
