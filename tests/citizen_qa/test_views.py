"""Public pages: asking (abuse and consent protection), confirming, the status look-up, the published
answers, and that no asker data appears on any public page, feed, sitemap or search result."""

import io
import re
import time

import pytest
from django.core import mail, signing
from django.test import override_settings
from django.utils.html import escape

from citizen_qa.enums import DisplayMode
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import Question
from tests.factories.citizen_qa import FieldFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ASKER = {
    "name": "Lâm Thị Sô Phia",
    "email": "sophia.lam@example.com",
    "phone": "0939 111 222",
    "address": "Ấp Ô Chích A, xã Lương Hòa",
}


def _started(seconds_ago: int = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="portal.public_forms.started")


def _form(field, **overrides):
    data = {
        "field": field.pk,
        "title": "Hồ sơ đăng ký hộ kinh doanh",
        "body": "Tôi muốn đăng ký hộ kinh doanh bán tạp hóa thì cần giấy tờ gì?",
        "name": ASKER["name"],
        "email": ASKER["email"],
        "phone": ASKER["phone"],
        "address": ASKER["address"],
        "organization": "",
        "display_mode": DisplayMode.INITIALS,
        "display_name": "",
        "allow_publication": "on",
        "consent": "on",
        "website": "",
        "started": _started(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def field(field_land):
    return field_land


def test_ask_form_on_the_main_portal_and_a_unit_site(client, unit_b, field):
    for url in ("/vi/hoi-dap/dat-cau-hoi/", "/don-vi/soyt/vi/hoi-dap/dat-cau-hoi/"):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert 'name="website"' in content and 'name="consent"' in content
        assert "13/2023" in content  # the consent names its legal basis, purpose and retention


def test_asking_on_a_unit_site_then_confirming(client, unit_b, field, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/don-vi/soyt/vi/hoi-dap/dat-cau-hoi/", _form(field))
    assert response.status_code == 302 and response["Location"].endswith("/hoi-dap/da-gui/")
    question = Question.objects.get()
    assert question.unit == unit_b and question.state == S.UNCONFIRMED
    link = re.search(r"http://testserver(\S+/xac-nhan/\S+/)", mail.outbox[0].body).group(1)
    assert link.startswith("/don-vi/soyt/vi/hoi-dap/xac-nhan/")
    assert client.get(link).status_code == 200
    assert Question.objects.get().state == S.UNCONFIRMED  # a GET (mail scanners) confirms nothing
    response = client.post(link)
    question.refresh_from_db()
    assert question.state == S.SCREENING
    assert question.tracking_code in response.content.decode()


def test_bad_confirmation_link(client, main_portal):
    response = client.post("/vi/hoi-dap/xac-nhan/forged-token/")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("overrides", "error_field"),
    [
        # Fields nobody sees report their refusal as the form's own error, shown above it.
        ({"website": "http://spam.example"}, "__all__"),
        ({"started": "just now"}, "__all__"),
        ({"started": "forged"}, "__all__"),
        ({"consent": ""}, "consent"),
        ({"email": "not-an-address"}, "email"),
        ({"title": ""}, "title"),
        ({"display_mode": DisplayMode.CHOSEN, "display_name": ""}, "display_name"),
    ],
)
def test_bad_submissions_rerender_with_the_error_and_save_nothing(client, field, overrides, error_field):
    if overrides.get("started") == "just now":
        overrides = {"started": _started(0)}
    response = client.post("/vi/hoi-dap/dat-cau-hoi/", _form(field, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert error_field in errors
    assert all(escape(message) in response.text for message in errors[error_field])
    assert not Question.objects.exists()


def test_attachment_checked_by_content(client, field):
    fake = io.BytesIO(b"MZ\x90\x00 this is a program, not a PDF" * 10)
    fake.name = "giay-to.pdf"
    response = client.post("/vi/hoi-dap/dat-cau-hoi/", {**_form(field), "attachments": fake})
    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert not Question.objects.exists()


def test_valid_attachment_is_kept_privately(client, field):
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    pdf.name = "so-do-thua-dat.pdf"
    response = client.post("/vi/hoi-dap/dat-cau-hoi/", {**_form(field), "attachments": pdf})
    assert response.status_code == 302
    attachment = Question.objects.get().attachments.get()
    assert attachment.content_type == "application/pdf"
    assert "so-do-thua-dat" not in attachment.file.name  # stored under a random name
    attachment.file.delete(save=False)


@override_settings(PORTAL_RATE_LIMIT_PER_EMAIL=2, PORTAL_RATE_LIMIT_PER_IP=100, PORTAL_CAPTCHA_AFTER=100)
def test_rate_limit_per_email(client, field):
    for _ in range(2):
        assert client.post("/vi/hoi-dap/dat-cau-hoi/", _form(field)).status_code == 302
    response = client.post("/vi/hoi-dap/dat-cau-hoi/", _form(field))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["rate_email"]
    assert Question.objects.count() == 2


@override_settings(PORTAL_RATE_LIMIT_PER_IP=1, PORTAL_CAPTCHA_AFTER=100)
def test_rate_limit_per_address(client, field):
    assert client.post("/vi/hoi-dap/dat-cau-hoi/", _form(field)).status_code == 302
    response = client.post("/vi/hoi-dap/dat-cau-hoi/", _form(field, email="other@example.com"))
    assert response.status_code == 200 and Question.objects.count() == 1


@override_settings(PORTAL_CAPTCHA_AFTER=1, PORTAL_RATE_LIMIT_PER_IP=100)
def test_captcha_after_repeated_submissions(client, field):
    assert "captcha" not in client.get("/vi/hoi-dap/dat-cau-hoi/").context["form"].fields
    assert client.post("/vi/hoi-dap/dat-cau-hoi/", _form(field)).status_code == 302
    assert "captcha" in client.get("/vi/hoi-dap/dat-cau-hoi/").context["form"].fields
    response = client.post("/vi/hoi-dap/dat-cau-hoi/", _form(field, email="second@example.com"))
    assert "captcha" in response.context["form"].errors
    assert Question.objects.count() == 1


# --- the asker's status look-up ---


def test_lookup_shows_the_status(client, advance):
    question = advance(S.ASSIGNED)
    response = client.post(
        "/vi/hoi-dap/tra-cuu/", {"code": question.tracking_code.lower(), "email": "Binh.Tran@example.com"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert question.tracking_code in content and "Sở Tư pháp" in content


def test_wrong_code_and_wrong_email_give_the_same_message(client, advance):
    question = advance(S.ASSIGNED)
    wrong_email = client.post(
        "/vi/hoi-dap/tra-cuu/", {"code": question.tracking_code, "email": "x@example.com"}
    )
    wrong_code = client.post(
        "/vi/hoi-dap/tra-cuu/", {"code": "HD-AAAAAAAA", "email": "binh.tran@example.com"}
    )
    assert wrong_email.context["form"].non_field_errors() == wrong_code.context["form"].non_field_errors()
    assert wrong_email.context["form"].non_field_errors()


def test_asker_reads_a_private_answer_and_can_withdraw_open_questions(client, advance):
    answered = advance(S.ANSWERED, allow_publication=False)
    response = client.post(
        "/vi/hoi-dap/tra-cuu/", {"code": answered.tracking_code, "email": "binh.tran@example.com"}
    )
    assert "giấy chứng nhận quyền sử dụng đất" in response.content.decode()
    open_question = advance(S.IN_PROGRESS)
    client.post(
        "/vi/hoi-dap/tra-cuu/",
        {"code": open_question.tracking_code, "email": "binh.tran@example.com", "action": "withdraw"},
    )
    open_question.refresh_from_db()
    assert open_question.state == S.WITHDRAWN


# --- published questions and answers ---


@pytest.fixture
def published(unit_a, unit_b, field):
    return QuestionFactory(
        unit=unit_b,
        forwarded_to=unit_a,
        field=field,
        published=True,
        title="Thời hạn cấp giấy chứng nhận quyền sử dụng đất",
        asker_name=ASKER["name"],
        asker_email=ASKER["email"],
        asker_phone=ASKER["phone"],
        asker_address=ASKER["address"],
        asker_organization="Công ty TNHH Sô Phia",
    )


def _public_urls(question):
    return [
        "/vi/",
        "/don-vi/soyt/vi/",
        "/vi/hoi-dap/",
        "/en/hoi-dap/",
        "/don-vi/soyt/vi/hoi-dap/",
        "/don-vi/sotp/km/hoi-dap/",
        question.get_absolute_url(),
        f"/vi/hoi-dap/cau-hoi/{question.pk}/",
        "/vi/hoi-dap/?q=thoi+han+cap+giay",
        "/vi/tim-kiem/?q=giay+chung+nhan&type=qa",
        "/vi/hoi-dap/rss/",
        "/don-vi/soyt/vi/hoi-dap/rss/",
        "/sitemap.xml",
        "/sitemap-qa.xml",
    ]


def test_no_asker_data_on_any_public_page_feed_sitemap_or_search(client, published):
    secrets = [*ASKER.values(), "Công ty TNHH Sô Phia", "0939111222"]
    seen_title = 0
    for url in _public_urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for secret in secrets:
            assert secret not in content, f"{secret!r} on {url}"
        seen_title += "giấy chứng nhận" in content or f"/cau-hoi/{published.pk}/" in content
    assert seen_title >= 10  # the question itself is there: the check above is not vacuous


def test_asker_shown_by_initials_or_chosen_name(client, published, unit_a, unit_b, field):
    assert "L.T.S.P." in client.get(published.get_absolute_url()).content.decode()
    chosen = QuestionFactory(
        unit=unit_b,
        forwarded_to=unit_a,
        field=field,
        published=True,
        display_mode=DisplayMode.CHOSEN,
        display_name="Bạn đọc Cầu Kè",
    )
    assert "Bạn đọc Cầu Kè" in client.get(chosen.get_absolute_url()).content.decode()


def test_unpublished_and_other_units_questions_are_404(client, published, advance, unit_a, unit_b):
    private = advance(S.ANSWERED, allow_publication=False)
    assert client.get(f"/vi/hoi-dap/cau-hoi/{private.pk}/").status_code == 404
    assert client.get(f"/don-vi/soyt/vi/hoi-dap/cau-hoi/{published.pk}/").status_code == 200  # received there
    assert client.get(f"/don-vi/sotp/vi/hoi-dap/cau-hoi/{published.pk}/").status_code == 200  # answered there
    from tests.factories.subsites import UnitFactory

    UnitFactory(key="sonv")
    assert client.get(f"/don-vi/sonv/vi/hoi-dap/cau-hoi/{published.pk}/").status_code == 404


def test_list_by_field_and_unit(client, published, unit_a, unit_b):
    other_field = FieldFactory(slug="y-te", name_vi="Y tế")
    QuestionFactory(
        unit=unit_a, forwarded_to=unit_b, field=other_field, published=True, title="Tiêm chủng cho trẻ"
    )
    by_field = client.get("/vi/hoi-dap/?linh-vuc=y-te").content.decode()
    assert "Tiêm chủng cho trẻ" in by_field and published.title not in by_field
    by_unit = client.get("/vi/hoi-dap/?don-vi=sotp").content.decode()
    assert published.title in by_unit and "Tiêm chủng cho trẻ" not in by_unit


def test_answer_falls_back_to_vietnamese_marked_lang_vi(client, published):
    content = client.get(f"/en/hoi-dap/cau-hoi/{published.pk}/").content.decode()
    assert 'lang="vi"' in content and "hồ sơ gồm đơn đề nghị" in content


@pytest.mark.parametrize("count", [10, 100])
def test_list_queries_do_not_grow_with_the_number_of_items(
    client, unit_a, unit_b, field, count, django_assert_max_num_queries
):
    for _ in range(count):
        QuestionFactory(unit=unit_b, forwarded_to=unit_a, field=field, published=True)
    client.get("/vi/hoi-dap/")  # warm the unit cache
    with django_assert_max_num_queries(10):
        response = client.get("/vi/hoi-dap/")
    assert len(response.context["page_obj"].object_list) == min(count, 20)
