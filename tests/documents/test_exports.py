"""CSV and XLSX of the document finder: what the page lists for the same filter, safe to open."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime, time, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from documents import exports as document_exports
from documents.enums import Category, Validity
from portal import exports
from subsites.routing import unit_reverse
from tests.downloads import csv_rows as _csv
from tests.downloads import xlsx_rows as _xlsx

from ..factories.documents import (
    DocumentFactory,
    FieldFactory,
    IssuingBodyFactory,
    LeaderScheduleFactory,
    ScheduleEntryFactory,
)
from ..factories.subsites import SectionFactory

pytestmark = pytest.mark.django_db

HEADERS_EN = [
    "Number and symbol",
    "Abstract",
    "Type",
    "Issuing body",
    "Signer",
    "Issued on",
    "Effective on",
    "No longer in force from",
    "Validity",
    "Field",
    "Category",
    "Posted on",
    "Address on the portal",
]


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    """Most tests download many times from one address; the limit has its own test."""
    settings.PORTAL_EXPORTS_PER_MINUTE = 1000
    settings.PORTAL_DOCUMENTS_PER_PAGE = 100  # the whole result on one page, to compare with


@pytest.fixture
def docs(main_portal):
    ubnd = IssuingBodyFactory()
    finance = IssuingBodyFactory(name_vi="Sở Tài chính", name_en="Department of Finance", code="STC")
    land = FieldFactory(slug="dat-dai", name_vi="Đất đai", name_en="Land")
    return {
        "regulation": DocumentFactory(
            unit=main_portal,
            issuing_body=ubnd,
            published=True,
            number_symbol="1762/QĐ-UBND",
            issued_on=date(2021, 8, 27),
            effective_on=date(2021, 9, 10),
            title_vi="Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh",
            title_en="Rules of operation of the provincial web portal",
            title_km="បទបញ្ជាប្រតិបត្តិការនៃវិបផតថលខេត្ត",
            signer="Lê Văn Hẳn, Phó Chủ tịch",
            field=land,
        ),
        "plan": DocumentFactory(
            unit=main_portal,
            issuing_body=ubnd,
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
            field=land,
        ),
        "expired": DocumentFactory(
            unit=main_portal,
            issuing_body=finance,
            published=True,
            number_symbol="12/QĐ-STC",
            issued_on=date(2019, 1, 2),
            expires_on=date(2020, 1, 1),
            title_vi="Quyết định hết hiệu lực",
        ),
        "draft": DocumentFactory(unit=main_portal, issuing_body=ubnd, number_symbol="9/QĐ-UBND"),
    }


def _url(unit, name: str, language: str = "en") -> str:
    return unit_reverse(unit, name).replace("/en/", f"/{language}/", 1)


def _page(client, url: str, params: dict) -> list:
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["documents"])


FILTERS = [
    {},
    {"doc_type": "QĐ"},
    {"category": Category.PLAN},
    {"validity": Validity.EXPIRED},
    {"year": "2021", "sort": "oldest"},
    {"q": "ngan sach"},
    {"sort": "number"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_csv_and_xlsx_hold_the_rows_the_finder_lists_for_the_same_filter(client, main_portal, docs, params):
    listed = _page(client, _url(main_portal, "documents:finder"), params)
    assert listed  # every filter here lists something: an empty comparison proves nothing
    expected = [[d.number_symbol, d.localized_title()["text"]] for d in listed]
    table = _csv(client.get(_url(main_portal, "documents:export_csv"), params))
    assert table[0] == HEADERS_EN
    assert [row[:2] for row in table[1:]] == expected
    sheet = _xlsx(client.get(_url(main_portal, "documents:export_xlsx"), params))
    assert sheet[0] == HEADERS_EN
    assert [row[:2] for row in sheet[1:]] == expected


def test_every_column_of_a_row_as_the_documents_page_shows_it(client, main_portal, docs):
    regulation = docs["regulation"]
    regulation.published_at = regulation.posted_at = datetime(2021, 9, 1, 18, 30, tzinfo=UTC)  # 01:30 local
    regulation.save()
    table = _csv(client.get(_url(main_portal, "documents:export_csv"), {"q": "1762"}))
    detail = client.get(_url(main_portal, "documents:finder").rstrip("/") + f"/{regulation.pk}/").text
    row = dict(zip(table[0], table[1], strict=True))
    assert row == {
        "Number and symbol": "1762/QĐ-UBND",
        "Abstract": "Rules of operation of the provincial web portal",
        "Type": "Decision",
        "Issuing body": "Tra Vinh Provincial People's Committee",
        "Signer": "Lê Văn Hẳn, Phó Chủ tịch",
        "Issued on": "2021-08-27",
        "Effective on": "2021-09-10",
        "No longer in force from": "",
        "Validity": "In force",
        "Field": "Land",
        "Category": row["Category"],
        "Posted on": "2021-09-02",  # the local date in Asia/Ho_Chi_Minh, not UTC's 1 September
        "Address on the portal": f"http://testserver/en/van-ban/{regulation.pk}/",
    }
    for shown in ("Decision", "Lê Văn Hẳn, Phó Chủ tịch", "Land", "In force", row["Category"]):
        assert shown in detail
    sheet = _xlsx(client.get(_url(main_portal, "documents:export_xlsx"), {"q": "1762"}))
    cells = dict(zip(sheet[0], sheet[1], strict=True))
    assert cells["Issued on"] == datetime(2021, 8, 27)  # a date cell: sortable in the spreadsheet
    assert cells["Posted on"] == datetime(2021, 9, 2)
    assert cells["Address on the portal"] == row["Address on the portal"]


@pytest.mark.parametrize(
    ("language", "header", "abstract", "validity"),
    [
        ("vi", "Số, ký hiệu", "Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh", "Còn hiệu lực"),
        ("en", "Number and symbol", "Rules of operation of the provincial web portal", "In force"),
        ("km", "លេខ និងនិមិត្តសញ្ញា", "បទបញ្ជាប្រតិបត្តិការនៃវិបផតថលខេត្ត", None),
    ],
)
def test_the_export_speaks_the_pages_language(main_portal, docs, language, header, abstract, validity):
    client = Client()
    params = {"doc_type": "QĐ", "sort": "oldest"}
    finder = client.get(_url(main_portal, "documents:finder", language), params)
    assert finder.status_code == 200
    table = _csv(client.get(_url(main_portal, "documents:export_csv", language), params))
    sheet = _xlsx(client.get(_url(main_portal, "documents:export_xlsx", language), params))
    assert table[0][0] == sheet[0][0] == header
    by_number = {row[0]: row for row in table[1:]}
    assert by_number["1762/QĐ-UBND"][1] == abstract
    # Without its own translation the abstract is the Vietnamese original, as on the page.
    assert by_number["12/QĐ-STC"][1] == "Quyết định hết hiệu lực"
    for row in table[1:]:
        assert row[1] in finder.text and row[8] in finder.text  # abstract and validity as the page shows
    if validity:
        assert by_number["1762/QĐ-UBND"][8] == validity
    assert f"/{language}/van-ban/" in by_number["1762/QĐ-UBND"][-1]


def test_drafts_and_other_units_documents_never_appear(client, main_portal, docs, unit_a):
    DocumentFactory(unit=unit_a, published=True, number_symbol="5/TB-STP", title_vi="Của Sở Tư pháp")
    DocumentFactory(unit=unit_a, number_symbol="6/TB-STP", title_vi="Bản nháp của Sở Tư pháp")
    for params in ({}, {"q": "STP"}, {"q": "9/QĐ-UBND"}):
        numbers = [row[0] for row in _csv(client.get(_url(main_portal, "documents:export_csv"), params))[1:]]
        assert not {"9/QĐ-UBND", "5/TB-STP", "6/TB-STP"} & set(numbers)
    own = _csv(client.get(_url(unit_a, "documents:export_csv")))
    assert [row[0] for row in own[1:]] == ["5/TB-STP"]


@pytest.mark.parametrize("who", ["editor_a", "translator_a_km", "board", "unit_admin_a"])
def test_a_signed_in_person_gets_only_the_public_rows_too(request, main_portal, unit_a, unit_b, who):
    DocumentFactory(unit=unit_b, published=True, number_symbol="1/TB-SYT")
    DocumentFactory(unit=unit_b, number_symbol="2/TB-SYT")
    DocumentFactory(unit=unit_a, number_symbol="3/TB-STP")
    client = Client()
    client.force_login(request.getfixturevalue(who))
    for unit, expected in ((unit_b, ["1/TB-SYT"]), (unit_a, [])):
        table = _csv(client.get(_url(unit, "documents:export_csv")))
        assert [row[0] for row in table[1:]] == expected


HOSTILE = [
    '=HYPERLINK("http://evil.example","Bấm vào đây")',
    "+84 cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "<script>alert(1)</script> & <b>đậm</b>",
    "Chuông\x07 và thoát\x1b[31m đỏ",
]


def test_hostile_abstracts_stay_text_in_both_formats(client, main_portal):
    for n, title in enumerate(HOSTILE):
        DocumentFactory(
            unit=main_portal, published=True, number_symbol=f"{n + 1}/TB-UBND", title_vi=title, title_en=""
        )
    huge = DocumentFactory(
        unit=main_portal, published=True, number_symbol="99/TB-UBND", title_vi="Dài " * 20000
    )
    params = {"sort": "number"}
    table = _csv(client.get(_url(main_portal, "documents:export_csv"), params))
    abstracts = [row[1] for row in table[1:]]
    assert abstracts[:4] == ["'" + HOSTILE[0], "'" + HOSTILE[1], "'-2+3", "'@SUM(1+1)"]
    assert abstracts[4] == "'\t=1+1"
    assert abstracts[5] == "'\n=1+1"  # a carriage return is a line break; trimmed, it bared a formula
    assert abstracts[6] == HOSTILE[6]  # text in a spreadsheet, never markup
    assert abstracts[7] == "Chuông và thoát[31m đỏ"
    assert len(abstracts[8]) == exports.CELL_MAX and abstracts[8].endswith("…")
    assert huge.title_vi.startswith(abstracts[8][:-1])

    response = client.get(_url(main_portal, "documents:export_xlsx"), params)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    column = [row[1] for row in book.active.iter_rows(min_row=2)]
    assert [cell.value for cell in column[:4]] == HOSTILE[:4]
    assert all(cell.data_type == "s" for cell in column)
    assert all(cell.quotePrefix for cell in column[:6]) and not column[6].quotePrefix
    assert column[7].value == "Chuông và thoát[31m đỏ"
    assert len(column[8].value) == exports.CELL_MAX
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


def test_nul_and_control_characters_are_dropped_from_every_cell(main_portal):
    """PostgreSQL refuses NUL in a row, so rows stored elsewhere (SQLite, an import) are tried unsaved."""
    document = DocumentFactory.build(
        unit=main_portal, number_symbol="1/QĐ-UBND", title_vi="a\x00b\x08c\x7fd\x9fe", signer="=\x00cmd"
    )
    document.validity_state = Validity.IN_FORCE
    document.issuing_body.pk = None
    columns = document_exports.columns(lambda d: "http://testserver/")
    [row] = exports.rows([document], columns)
    assert row[1] == "abcde"
    lines = b"".join(exports.csv_lines(exports.headers(columns), [row])).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(lines)))
    assert parsed[1][1] == "abcde" and parsed[1][4] == "'=cmd"
    content = exports.xlsx_bytes("Văn bản", columns, exports.headers(columns), [row])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["B2"].value == "abcde" and sheet["E2"].value == "=cmd" and sheet["E2"].data_type == "s"


def test_beyond_the_row_limit_the_page_says_how_many_and_how_to_narrow(client, main_portal, docs, settings):
    settings.PORTAL_EXPORT_MAX_ROWS = 2
    finder = client.get(_url(main_portal, "documents:finder"))
    assert "These filters match 4 documents; a download holds at most 2." in finder.text
    assert "tai-ve.csv" not in finder.text
    refused = client.get(_url(main_portal, "documents:export_csv"), {"sort": "oldest"})
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("text/html")
    assert "These filters match 4 documents; a download holds at most 2." in refused.text
    assert 'href="/en/van-ban/?sort=oldest"' in refused.text  # back to the same filters
    assert client.get(_url(main_portal, "documents:export_xlsx")).status_code == 422
    narrowed = client.get(_url(main_portal, "documents:finder"), {"year": "2021"})
    assert 'href="/en/van-ban/tai-ve.csv?year=2021"' in narrowed.text
    assert len(_csv(client.get(_url(main_portal, "documents:export_csv"), {"year": "2021"}))) == 3


def test_the_links_carry_the_pages_filter_and_a_sections_category(client, main_portal, docs):
    finder = client.get(_url(main_portal, "documents:finder"), {"q": "quy chế", "field": "", "page": "1"})
    assert 'href="/en/van-ban/tai-ve.csv?q=quy+ch%E1%BA%BF"' in finder.text
    assert 'href="/en/van-ban/tai-ve.xlsx?q=quy+ch%E1%BA%BF"' in finder.text
    section = SectionFactory(unit=main_portal, kind="documents", category=Category.PLAN, slug="ke-hoach")
    page = client.get(section.get_absolute_url())
    assert page.status_code == 200
    assert 'href="/en/van-ban/tai-ve.csv?category=plan"' in page.text
    table = _csv(client.get(_url(main_portal, "documents:export_csv"), {"category": "plan"}))
    assert [row[0] for row in table[1:]] == [d.number_symbol for d in page.context["documents"]]


def test_the_file_is_named_by_unit_and_local_date(client, main_portal, docs, unit_a, monkeypatch):
    # 18:00 in UTC on 7 December is 01:00 on 8 December in Trà Vinh.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 7, 18, 0, tzinfo=UTC))
    response = client.get(_url(unit_a, "documents:export_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="van-ban-sotp-2026-12-08.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    response = client.get(_url(main_portal, "documents:export_xlsx"))
    assert response["Content-Disposition"].endswith(f'-{main_portal.key}-2026-12-08.xlsx"')


def test_anonymous_downloads_are_rate_limited_per_address(client, main_portal, docs, settings):
    settings.PORTAL_EXPORTS_PER_MINUTE = 2
    url = _url(main_portal, "documents:export_csv")
    assert client.get(url).status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200  # another address
    assert client.get(_url(main_portal, "documents:export_xlsx")).status_code == 200
    refused = client.get(url, {"year": "2021"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many downloads from your address: try again in a minute." in refused.text


def test_exports_are_never_stored_by_the_page_cache(client, main_portal, docs, settings, page_cache):
    settings.PORTAL_EXPORTS_PER_MINUTE = 2
    url = _url(main_portal, "documents:export_xlsx")
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in second
    assert "private" in first["Cache-Control"]
    assert client.get(url).status_code == 429  # a stored copy would have skipped the limit


def _queries(client, url) -> int:
    client.get(url)  # warm the unit cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(queries)


@pytest.mark.parametrize("name", ["documents:export_csv", "documents:export_xlsx"])
def test_an_export_costs_the_same_queries_at_5_and_50_rows(client, main_portal, name):
    fields, bodies = [FieldFactory() for _ in range(3)], [IssuingBodyFactory() for _ in range(3)]

    def add(n: int) -> None:
        for i in range(n):
            DocumentFactory(unit=main_portal, published=True, field=fields[i % 3], issuing_body=bodies[i % 3])

    add(5)
    at_5 = _queries(client, _url(main_portal, name))
    add(45)
    at_50 = _queries(client, _url(main_portal, name))
    assert at_5 == at_50
    assert at_50 <= 5  # the count, the rows; the rate counter's UPDATE in its savepoint


VALUES = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=300),
    st.builds(lambda ch, n: ch * n, st.characters(blacklist_categories=["Cs"]), st.integers(10_000, 60_000)),
    st.sampled_from(["", "\x00", "\r\n", "' OR 1=1 --", "<script>", "%00", "9" * 40, "QĐ", "2021"]),
)


@hsettings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "doc_type", "issuing_body", "field", "year", "validity", "category", "sort"]),
        VALUES,
        max_size=4,
    )
)
def test_any_filter_value_gives_the_rows_the_page_lists_or_says_what_it_left_out(
    client, main_portal, docs, params
):
    page = client.get(_url(main_portal, "documents:finder"), params)
    assert page.status_code == 200
    listed = [d.number_symbol for d in page.context["documents"]]
    exported = client.get(_url(main_portal, "documents:export_csv"), params)
    if page.context["not_understood"]:
        assert 'role="alert"' in page.content.decode()
        assert exported.status_code == 400
        return
    assert [row[0] for row in _csv(exported)[1:]] == listed


def test_a_week_of_the_leaders_schedule_as_its_page_shows_it(client, main_portal, unit_a):
    schedule = LeaderScheduleFactory(unit=main_portal, published=True)
    monday = schedule.week_start
    ScheduleEntryFactory(
        schedule=schedule,
        date=monday + timedelta(days=1),
        time=time(14, 0),
        leader="Chủ tịch UBND tỉnh",
        content_vi="Tiếp công dân định kỳ",
        content_en="Regular reception of citizens",
        participants="=cmd|' /C calc'!A0",
    )
    ScheduleEntryFactory(schedule=schedule, content_vi="Họp giao ban", location="Phòng họp số 1")
    hidden = LeaderScheduleFactory(unit=unit_a)  # a draft of another unit, the same week
    ScheduleEntryFactory(schedule=hidden, content_vi="Họp kín")
    week = {"year": monday.year, "month": monday.month, "day": monday.day}
    page = client.get(unit_reverse(main_portal, "documents:schedule_week", **week))
    csv_url = unit_reverse(main_portal, "documents:schedule_export_csv", **week)
    assert f'href="{csv_url}"' in page.text
    table = _csv(client.get(csv_url))
    assert table == [
        ["Day", "Time", "Leader", "Content", "Location", "Participants"],
        [monday.isoformat(), "", "Ông Nguyễn Văn B, Giám đốc", "Họp giao ban", "Phòng họp số 1", ""],
        [
            (monday + timedelta(days=1)).isoformat(),
            "14:00",
            "Chủ tịch UBND tỉnh",
            "Regular reception of citizens",
            "Phòng họp số 1",
            "'=cmd|' /C calc'!A0",
        ],
    ]
    for row in table[1:]:
        assert row[3] in page.text
    sheet = _xlsx(client.get(unit_reverse(main_portal, "documents:schedule_export_xlsx", **week)))
    assert [row[3] for row in sheet[1:]] == ["Họp giao ban", "Regular reception of citizens"]
    own = _csv(client.get(unit_reverse(unit_a, "documents:schedule_export_csv", **week)))
    assert own == [table[0]]  # the draft week of unit A is not public
    tuesday = monday + timedelta(days=1)
    bad = {"year": tuesday.year, "month": tuesday.month, "day": tuesday.day}
    assert client.get(unit_reverse(main_portal, "documents:schedule_export_csv", **bad)).status_code == 404
    assert client.get(csv_url.replace(f"/{monday.month}/", "/13/")).status_code == 404


@pytest.mark.parametrize("name", ["documents:export_csv", "documents:export_xlsx"])
def test_a_filter_that_cannot_be_used_gives_no_file_and_says_which(client, main_portal, docs, name):
    """The page leaves it out and says so; a file would silently hold the wider list: none is sent."""
    response = client.get(_url(main_portal, name), {"doc_type": "XYZ", "year": "2021"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Type:" in page and "XYZ" in page
    assert "?doc_type=XYZ&amp;year=2021" in page  # back to the list with the same filters
