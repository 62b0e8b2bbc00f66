"""The public pages: lists by phase, the draft with its text and form, confirmation, privacy, abuse limits."""

import io
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from consultations import services
from consultations.enums import Moderation, Verdict
from consultations.hooks import open_drafts_block, search_drafts
from consultations.models import Comment
from subsites.routing import unit_reverse

from ..factories.consultations import CommentFactory, DraftFactory, article
from ..factories.subsites import SectionFactory

pytestmark = pytest.mark.django_db


def url(unit, name, **kwargs):
    with translation.override("vi"):
        return unit_reverse(unit, f"consultations:{name}", **kwargs)


def form_data(**extra):
    data = {
        "article": "",
        "text": "Đề nghị quy định rõ thời hạn trả lời.",
        "name": "Lê Văn Cường",
        "kind": "individual",
        "organization": "",
        "email": "cuong@mail.example",
        "phone": "0987 654 321",
        "website": "",
        "started": signing.dumps(time.time() - 60, salt="portal.public_forms.started"),
        "consent": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def open_draft(unit_a):
    return DraftFactory(unit=unit_a, scheduled=True, text=True, title_vi="Dự thảo quy chế quản lý cổng")


# --- lists ----------------------------------------------------------------------------------------
def test_lists_by_phase_on_the_units_site(client, unit_a, unit_b, open_draft):
    upcoming = DraftFactory(unit=unit_a, upcoming=True, title_vi="Dự thảo sắp lấy ý kiến")
    closed = DraftFactory(unit=unit_a, closed=True, title_vi="Dự thảo đã hết hạn")
    concluded = DraftFactory(unit=unit_a, concluded=True, title_vi="Dự thảo đã có kết quả")
    elsewhere = DraftFactory(unit=unit_b, scheduled=True, title_vi="Dự thảo của đơn vị khác")
    hidden = DraftFactory(unit=unit_a, title_vi="Dự thảo chưa duyệt")
    pages = {name: client.get(url(unit_a, name)).text for name in ("list", "upcoming", "closed", "concluded")}
    assert open_draft.title in pages["list"] and f"{open_draft.days_left} " in pages["list"]
    assert upcoming.title in pages["upcoming"] and upcoming.title not in pages["list"]
    assert closed.title in pages["closed"] and concluded.title in pages["concluded"]
    assert all(elsewhere.title not in page and hidden.title not in page for page in pages.values())


def test_the_main_portal_lists_every_units_drafts(client, main_portal, open_draft, unit_b):
    other = DraftFactory(unit=unit_b, scheduled=True)
    page = client.get("/vi/lay-y-kien/").text
    assert open_draft.title in page and other.title in page
    assert open_draft.get_absolute_url() in page


def test_list_query_count_does_not_grow(client, unit_a, django_assert_max_num_queries):
    DraftFactory.create_batch(10, unit=unit_a, scheduled=True)
    with django_assert_max_num_queries(12):
        client.get(url(unit_a, "list"))
    DraftFactory.create_batch(90, unit=unit_a, scheduled=True)
    with django_assert_max_num_queries(12):
        assert client.get(url(unit_a, "list")).status_code == 200


def test_section_of_kind_consultations_shows_the_open_drafts(client, unit_a, open_draft):
    SectionFactory(unit=unit_a, slug="lay-y-kien", kind="consultations", title_vi="Lấy ý kiến dự thảo")
    with translation.override("vi"):
        response = client.get(unit_reverse(unit_a, "subsites:section", slug="lay-y-kien"))
    assert response.status_code == 200
    assert "Lấy ý kiến dự thảo" in response.text and open_draft.title in response.text


# --- the draft's page -------------------------------------------------------------------------------
def test_draft_page_shows_text_deadline_receiving_unit_and_form(client, open_draft):
    response = client.get(open_draft.get_absolute_url())
    page = response.text
    assert response.status_code == 200
    for text in (
        "Điều 3",
        "Cung cấp thông tin",
        "Khoản 1",
        "Chương II",
        open_draft.receiving_address,
        open_draft.receiving_email,
        'name="DC.title"',
        "gop-y",
    ):
        assert text in page
    assert f"?dieu={article(open_draft, 'Điều 3').pk}" in page
    assert 'name="website"' in page and 'name="consent"' in page


def test_other_units_draft_is_a_404_like_a_missing_one(client, unit_b, open_draft):
    assert client.get(url(unit_b, "detail", pk=open_draft.pk)).status_code == 404
    assert client.get(url(unit_b, "detail", pk=999999)).status_code == 404


def test_a_draft_being_prepared_is_not_public(client, unit_a):
    draft = DraftFactory(unit=unit_a)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_detail_query_count_does_not_grow(client, open_draft, django_assert_max_num_queries):
    CommentFactory.create_batch(10, draft=open_draft, published=True, article=article(open_draft, "Điều 1"))
    with django_assert_max_num_queries(14):
        client.get(open_draft.get_absolute_url())
    CommentFactory.create_batch(90, draft=open_draft, published=True, article=article(open_draft, "Điều 2"))
    with django_assert_max_num_queries(14):
        assert client.get(open_draft.get_absolute_url()).status_code == 200


def test_comment_on_article_3_is_recorded_unconfirmed_and_mailed(
    client, open_draft, mailoutbox, django_capture_on_commit_callbacks
):
    target = article(open_draft, "Điều 3")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_draft.get_absolute_url(), form_data(article=str(target.pk)), follow=True)
    comment = Comment.objects.get()
    assert comment.article == target and comment.confirmed_at is None
    assert comment.reference in response.text
    assert "cuong@mail.example" not in response.text
    assert len(mailoutbox) == 1 and comment.token in mailoutbox[0].body


def test_the_confirmation_mail_quotes_nothing_the_sender_typed(
    client, open_draft, mailoutbox, django_capture_on_commit_callbacks
):
    """The address is not confirmed yet: the province's mail must not relay the sender's words."""
    lure = "Xác minh thuế tại https://evil.example/thue"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_draft.get_absolute_url(), form_data(name=lure, organization=lure))
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "evil.example" not in message.body and "evil.example" not in message.subject
    assert Comment.objects.get().token in message.body


def test_honeypot_filled_saves_nothing(client, open_draft, mailoutbox):
    response = client.post(open_draft.get_absolute_url(), form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert not Comment.objects.exists() and not mailoutbox


def test_sent_too_fast_saves_nothing(client, open_draft):
    started = signing.dumps(time.time(), salt="portal.public_forms.started")
    response = client.post(open_draft.get_absolute_url(), form_data(started=started))
    assert response.status_code == 200 and not Comment.objects.exists()


def test_consent_is_required_and_names_purpose_and_retention(client, open_draft):
    page = client.get(open_draft.get_absolute_url()).text
    assert "365" in page and "13/2023" in page
    data = form_data()
    del data["consent"]
    client.post(open_draft.get_absolute_url(), data)
    assert not Comment.objects.exists()


def test_rate_limit_per_address(client, open_draft, settings):
    settings.PORTAL_RATE_LIMIT_PER_IP = 2
    settings.PORTAL_CAPTCHA_AFTER = 100
    for n in range(2):
        client.post(open_draft.get_absolute_url(), form_data(email=f"a{n}@mail.example"))
    response = client.post(open_draft.get_absolute_url(), form_data(email="a9@mail.example"))
    assert Comment.objects.count() == 2
    assert "quá nhiều" in response.text.lower()


def test_rate_limit_per_email(client, open_draft, settings):
    settings.PORTAL_RATE_LIMIT_PER_EMAIL = 1
    settings.PORTAL_CAPTCHA_AFTER = 100
    client.post(open_draft.get_absolute_url(), form_data(), REMOTE_ADDR="10.0.0.1")
    client.post(open_draft.get_absolute_url(), form_data(), REMOTE_ADDR="10.0.0.2")
    assert Comment.objects.count() == 1


def test_captcha_after_repeated_submissions(client, open_draft, settings):
    settings.PORTAL_CAPTCHA_AFTER = 1
    client.post(open_draft.get_absolute_url(), form_data())
    assert 'name="captcha_0"' in client.get(open_draft.get_absolute_url()).text


def test_a_closed_draft_says_so_and_takes_no_comment(client, unit_a):
    draft = DraftFactory(unit=unit_a, closed=True, text=True)
    page = client.get(draft.get_absolute_url()).text
    assert "gop-y" in page and 'name="consent"' not in page
    response = client.post(draft.get_absolute_url(), form_data(), follow=True)
    assert not Comment.objects.exists()
    assert "no longer accepted" in response.text or "không còn" in response.text


def test_confirmation_needs_a_post(client, open_draft):
    comment = CommentFactory(draft=open_draft)
    confirm = url(open_draft.unit, "confirm", token=comment.token)
    assert client.get(confirm).status_code == 200
    comment.refresh_from_db()
    assert comment.confirmed_at is None
    response = client.post(confirm)
    comment.refresh_from_db()
    assert comment.confirmed_at is not None and comment.reference in response.text


def test_confirmation_token_of_another_unit_is_a_404(client, open_draft, unit_b):
    comment = CommentFactory(draft=open_draft)
    assert client.get(url(unit_b, "confirm", token=comment.token)).status_code == 404


def test_commenter_withdraws_with_the_link(client, open_draft):
    comment = CommentFactory(draft=open_draft, confirmed=True)
    client.post(url(open_draft.unit, "withdraw", token=comment.token))
    comment.refresh_from_db()
    assert comment.withdrawn_at is not None


# --- privacy --------------------------------------------------------------------------------------
@pytest.fixture
def concluded_with_comments(unit_a, editor_a, approver_a, clock):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True, title_vi="Dự thảo có kết quả")
    comments = [
        CommentFactory(
            draft=draft,
            published=True,
            email="rieng.tu@mail.example",
            phone="0909 111 222",
            article=article(draft, "Điều 3"),
            organization="Công ty TNHH Ánh Dương",
            kind="business",
        ),
        CommentFactory(
            draft=draft,
            confirmed=True,
            moderation=Moderation.HIDDEN,
            moderation_reason="Xúc phạm",
            email="an.danh@mail.example",
            phone="0909 333 444",
        ),
    ]
    clock.set(draft.closes_at + timedelta(days=1))
    services.disposition_set(comments=comments[:1], verdict=Verdict.ACCEPTED, acting_user=editor_a)
    services.disposition_set(
        comments=comments[1:],
        verdict=Verdict.NOT_ACCEPTED,
        explanation="Không liên quan.",
        acting_user=editor_a,
    )
    services.outcome_publish(
        draft=draft, report="<p>Báo cáo tiếp thu, giải trình.</p>", acting_user=approver_a
    )
    return draft


PRIVATE = ("rieng.tu@mail.example", "0909 111 222", "an.danh@mail.example", "0909 333 444", "0909111222")


def test_no_email_or_phone_on_any_public_page(client, concluded_with_comments, main_portal):
    draft = concluded_with_comments
    pages = [
        client.get(draft.get_absolute_url()).text,
        client.get(url(draft.unit, "concluded")).text,
        client.get("/vi/tim-kiem/?q=ket+qua").text,
        client.get("/vi/sitemap.xml" if False else "/sitemap.xml").content.decode(),
    ]
    detail = pages[0]
    assert "Công ty TNHH Ánh Dương" in detail and "Báo cáo tiếp thu" in detail
    assert "Accepted" in detail or "Tiếp thu" in detail or "Chấp nhận" in detail
    for page in pages:
        for private in PRIVATE:
            assert private not in page


def test_dispositions_are_not_public_before_the_outcome(client, unit_a, editor_a, clock):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True)
    comment = CommentFactory(draft=draft, published=True)
    clock.set(draft.closes_at)
    services.disposition_set(
        comments=[comment],
        verdict=Verdict.NOT_ACCEPTED,
        explanation="Lý do bí mật nội bộ",
        acting_user=editor_a,
    )
    page = client.get(draft.get_absolute_url()).text
    assert comment.text in page and "Lý do bí mật nội bộ" not in page
    assert client.get(url(unit_a, "public_export", pk=draft.pk, fmt="xlsx")).status_code == 404


def test_public_exports_have_dispositions_but_no_email_or_phone(client, concluded_with_comments):
    draft = concluded_with_comments
    xlsx = client.get(url(draft.unit, "public_export", pk=draft.pk, fmt="xlsx"))
    cells = [
        str(c)
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    text = "\n".join(cells)
    assert "Điều 3. Cung cấp thông tin" in text and "Không liên quan." in text and "Xúc phạm" in text
    docx = client.get(url(draft.unit, "public_export", pk=draft.pk, fmt="docx"))
    document = Document(io.BytesIO(docx.content))
    doc_text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Không liên quan." in doc_text
    for private in PRIVATE:
        assert private not in text and private not in doc_text


def test_comments_are_not_shown_when_the_unit_chooses_so(client, unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, show_comments=False)
    comment = CommentFactory(draft=draft, published=True)
    assert comment.text not in client.get(draft.get_absolute_url()).text


def test_premoderated_comments_wait_for_the_moderator(client, open_draft):
    pending = CommentFactory(draft=open_draft, confirmed=True)
    published = CommentFactory(draft=open_draft, published=True)
    page = client.get(open_draft.get_absolute_url()).text
    assert published.text in page and pending.text not in page


# --- the shared pages ------------------------------------------------------------------------------
def test_home_block_search_and_sitemap(client, rf, main_portal, open_draft):
    request = rf.get("/")
    template, context = open_drafts_block(request, main_portal)
    assert context["drafts"] == [open_draft]
    assert open_drafts_block(request, DraftFactory(unit=main_portal).unit) is not None
    assert list(search_drafts("quy che quan ly", "vi", None)) == [open_draft]
    assert list(search_drafts("quy che", "en", open_draft.unit)) == [open_draft]
    assert open_draft.get_absolute_url() in client.get("/sitemap-consultations.xml").content.decode()
    assert open_draft.title in client.get("/vi/").text


def test_home_block_is_absent_without_open_drafts(rf, unit_a):
    assert open_drafts_block(rf.get("/"), unit_a) is None


def test_english_page_marks_the_vietnamese_fallback(client, open_draft):
    with translation.override("en"):
        page = client.get(unit_reverse(open_draft.unit, "consultations:detail", pk=open_draft.pk)).text
    assert f'<h1 lang="vi">{open_draft.title}</h1>' in page
