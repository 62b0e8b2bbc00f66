"""CSV and XLSX of the answered questions: the list's rows for the same filters, never an asker's contact."""

import html
import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizen_qa.enums import DisplayMode, Visibility
from tests.downloads import csv_rows as _csv
from tests.downloads import xlsx_rows as _xlsx
from tests.factories.citizen_qa import FieldFactory, QuestionFactory
from tests.factories.subsites import UnitFactory

pytestmark = pytest.mark.django_db

ASKER = {
    "asker_name": "Lâm Thị Sô Phia",
    "asker_email": "sophia.lam@example.com",
    "asker_phone": "0939111222",
    "asker_address": "Ấp Ô Chích A, xã Lương Hòa",
    "asker_organization": "Công ty TNHH Sô Phia",
}


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.PORTAL_EXPORTS_PER_MINUTE = 1000


@pytest.fixture
def answered(unit_a, unit_b, field_land):
    health = FieldFactory(slug="y-te", name_vi="Y tế", name_en="Health")
    land = QuestionFactory(
        unit=unit_b,
        forwarded_to=unit_a,
        field=field_land,
        published=True,
        title="Thời hạn cấp giấy chứng nhận quyền sử dụng đất",
        submitted_at=datetime(2026, 3, 1, 20, 0, tzinfo=UTC),  # 2 March in Trà Vinh
        answered_at=datetime(2026, 3, 5, 2, 0, tzinfo=UTC),
        **ASKER,
    )
    vaccines = QuestionFactory(
        unit=unit_a,
        forwarded_to=unit_b,
        field=health,
        published=True,
        title='=HYPERLINK("http://evil.example","Tiêm chủng")',
        display_mode=DisplayMode.CHOSEN,
        display_name="Bạn đọc Cầu Kè",
        answer="<p>Trẻ được tiêm <b>miễn phí</b> &amp; đúng lịch.</p>",
    )
    vaccines.answer.body_en = "<p>Children are vaccinated free.</p>"
    vaccines.answer.save()
    hidden = QuestionFactory(
        unit=unit_b, forwarded_to=unit_a, field=field_land, published=True, title="Riêng tư"
    )
    Question = type(hidden)
    Question.objects.filter(pk=hidden.pk).update(visibility=Visibility.PRIVATE)
    QuestionFactory(unit=unit_b, field=field_land, title="Chưa trả lời")  # screening: not public
    return {"land": land, "vaccines": vaccines}


@pytest.mark.parametrize(
    ("list_url", "params"),
    [
        ("/vi/hoi-dap/", {}),
        ("/vi/hoi-dap/", {"linh-vuc": "y-te"}),
        ("/vi/hoi-dap/", {"don-vi": "sotp"}),
        ("/vi/hoi-dap/", {"q": "giay chung nhan"}),
        ("/vi/hoi-dap/", {"don-vi": "\x00"}),  # nothing left once the control character is dropped
        ("/don-vi/sotp/vi/hoi-dap/", {}),
        ("/don-vi/sotp/km/hoi-dap/", {}),
    ],
)
def test_the_export_holds_the_answers_the_list_shows(client, answered, list_url, params):
    page = client.get(list_url, params)
    titles = [q.title for q in page.context["page_obj"].object_list]
    assert titles
    table = _csv(client.get(list_url + "tai-ve.csv", params))
    assert [row[0] for row in table[1:]] == ["'" + t if t.startswith("=") else t for t in titles]
    sheet = _xlsx(client.get(list_url + "tai-ve.xlsx", params))
    assert [row[0] for row in sheet[1:]] == titles
    assert "Riêng tư" not in titles and "Chưa trả lời" not in titles


def test_columns_in_the_pages_language_and_local_dates(client, answered):
    land, vaccines = answered["land"], answered["vaccines"]
    table = _csv(client.get("/en/hoi-dap/tai-ve.csv"))
    assert table[0] == [
        "Question",
        "Asked by",
        "Asked on",
        "Field",
        "Answering unit",
        "Answered on",
        "Text of the question",
        "Answer",
        "Address on the portal",
    ]
    rows = {row[-1]: row for row in table[1:]}
    row = rows[f"http://testserver/en/hoi-dap/cau-hoi/{land.pk}/"]
    assert row[1:6] == ["L.T.S.P.", "2026-03-02", "Land", "Department of Justice", "2026-03-05"]
    # Without an English answer, the Vietnamese original, as the answer's page shows it.
    assert row[7] == "Trả lời: hồ sơ gồm đơn đề nghị và bản sao giấy tờ liên quan."
    row = rows[f"http://testserver/en/hoi-dap/cau-hoi/{vaccines.pk}/"]
    assert row[1] == "Bạn đọc Cầu Kè" and row[7] == "Children are vaccinated free."
    vi = {row[-1]: row for row in _csv(client.get("/vi/hoi-dap/tai-ve.csv"))[1:]}
    vaccines_vi = vi[f"http://testserver/vi/hoi-dap/cau-hoi/{vaccines.pk}/"]
    assert vaccines_vi[7] == "Trẻ được tiêm miễn phí & đúng lịch."  # text, not markup
    km = _csv(client.get("/km/hoi-dap/tai-ve.csv"))
    assert km[0][0] == "សំណួរ"


def test_no_asker_contact_in_either_file(client, answered):
    csv_text = b"".join(client.get("/vi/hoi-dap/tai-ve.csv").streaming_content).decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(client.get("/vi/hoi-dap/tai-ve.xlsx").content)) as archive:
        xlsx_text = html.unescape("".join(archive.read(name).decode() for name in archive.namelist()))
    assert answered["land"].title in csv_text and answered["land"].title in xlsx_text
    for secret in ASKER.values():
        assert secret not in csv_text and secret not in xlsx_text
    assert "<f>" not in xlsx_text  # the title typed as a formula is text
    assert answered["vaccines"].title in xlsx_text


def test_the_list_links_carry_its_filters_and_the_row_limit(client, answered, settings):
    page = client.get("/vi/hoi-dap/", {"linh-vuc": "y-te", "q": "tiêm"})
    assert 'href="/vi/hoi-dap/tai-ve.csv?q=ti%C3%AAm&amp;linh-vuc=y-te"' in page.text
    settings.PORTAL_EXPORT_MAX_ROWS = 1
    page = client.get("/vi/hoi-dap/")
    assert "tai-ve.csv" not in page.text
    refused = client.get("/en/hoi-dap/tai-ve.xlsx")
    assert refused.status_code == 422
    assert "These filters match 2 answers; a download holds at most 1." in refused.text
    assert len(_csv(client.get("/vi/hoi-dap/tai-ve.csv", {"linh-vuc": "y-te"}))) == 2


def test_rate_limited_for_anonymous_addresses_not_for_staff(client, answered, settings, editor_a):
    settings.PORTAL_EXPORTS_PER_MINUTE = 1
    assert client.get("/vi/hoi-dap/tai-ve.csv").status_code == 200
    refused = client.get("/vi/hoi-dap/tai-ve.xlsx")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    client.force_login(editor_a)
    assert client.get("/vi/hoi-dap/tai-ve.xlsx").status_code == 200


def test_another_units_site_exports_only_what_it_received_or_answered(client, answered):
    UnitFactory(key="sonv")
    assert _csv(client.get("/don-vi/sonv/vi/hoi-dap/tai-ve.csv"))[1:] == []


def test_queries_do_not_grow_with_the_rows(client, unit_a, unit_b, field_land):
    def count() -> int:
        client.get("/vi/hoi-dap/tai-ve.xlsx")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/vi/hoi-dap/tai-ve.xlsx").status_code == 200
        return len(queries)

    QuestionFactory.create_batch(3, unit=unit_b, forwarded_to=unit_a, field=field_land, published=True)
    at_3 = count()
    QuestionFactory.create_batch(30, unit=unit_b, forwarded_to=unit_a, field=field_land, published=True)
    assert count() == at_3 <= 8


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"linh-vuc": "khong-co"}, "Lĩnh vực: không có lĩnh vực “khong-co”."),
        ({"don-vi": "<b>sở</b>"}, "Cơ quan trả lời: không có đơn vị “&lt;b&gt;sở&lt;/b&gt;”."),
    ],
)
def test_a_filter_the_list_cannot_use_is_named_and_gives_no_file(client, answered, params, said):
    page = client.get("/vi/hoi-dap/", params)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="form-errors" role="alert"' in html and said in html
    assert len(page.context["page_obj"].object_list) == 2  # the rest of the list, the filter left out
    for extension in ("csv", "xlsx"):
        refused = client.get(f"/vi/hoi-dap/tai-ve.{extension}", params)
        assert refused.status_code == 400
        assert said in refused.content.decode()
