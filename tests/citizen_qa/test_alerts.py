"""E-mail alerts on the answers of a Q&A field: a question published with its answer reaches who follows
its field (or every field) on the site that received it, the one that answered it or the main portal,
once; never with anything of the asker."""

import pytest
from django.core import mail
from django.utils import translation

from alerts.models import Filter
from citizen_qa import alerts, services
from citizen_qa.enums import QuestionState as S
from portal.public_forms import new_form_token

from ..factories.alerts import SubscriptionFactory
from ..factories.citizen_qa import FieldFactory
from ..factories.subsites import UnitFactory

pytestmark = pytest.mark.django_db

ASKER = ("Trần Thị Bình", "binh.tran@example.com", "0987654321", "0987 654 321", "Ấp Long Bình", "T.T.B.")


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://cong.example"
    settings.PORTAL_FORM_MIN_SECONDS = 0


def _follow(unit, language="vi", **params):
    return SubscriptionFactory(
        filter__kind="questions",
        filter__unit=unit,
        filter__params=params,
        subscriber__language=language,
        confirmed=True,
    )


def _alerts_to(subscription):
    return [m for m in mail.outbox if m.to == [subscription.subscriber.email]]


def test_a_published_answer_reaches_who_follows_its_field_once_and_nothing_of_the_asker(
    advance, unit_a, unit_b, main_portal, field_land, approver_a, django_capture_on_commit_callbacks
):
    health = FieldFactory(slug="y-te", name_vi="Y tế")
    where_asked = _follow(unit_b, **{"linh-vuc": "dat-dai"})  # received on unit B's site
    who_answers = _follow(unit_a)  # unit A answers it (routing rule)
    everywhere = _follow(main_portal, language="en")
    other_field = _follow(unit_b, **{"linh-vuc": health.slug})
    other_unit = _follow(UnitFactory(key="syt"))
    with django_capture_on_commit_callbacks(execute=True):
        question = advance(S.PUBLISHED)
    for follower in (where_asked, who_answers, everywhere):
        assert len(_alerts_to(follower)) == 1
    assert _alerts_to(other_field) == [] and _alerts_to(other_unit) == []
    (alert,) = _alerts_to(where_asked)
    assert alert.subject == "Mới: Thủ tục chuyển mục đích sử dụng đất — đã có trả lời"
    with translation.override("vi"):
        assert f"https://cong.example{question.get_absolute_url()}" in alert.body
    assert f"Hỏi đáp – {unit_b.name}: Lĩnh vực: Đất đai" in alert.body
    (english,) = _alerts_to(everywhere)
    assert "Thủ tục chuyển mục đích sử dụng đất — answered" in english.body and "/en/" in english.body
    item = alerts.item(question.pk)
    for sent in (alert, english):
        for data in ASKER:
            assert data not in sent.subject and data not in sent.body and data not in repr(item)

    # Unpublished and published again: no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.question_unpublish(question=question, acting_user=approver_a, reason="Sửa lỗi chính tả.")
        services.question_publish(question=question, acting_user=approver_a)
    assert len(_alerts_to(where_asked)) == 1 and len(_alerts_to(who_answers)) == 1


def test_approving_and_publishing_at_once_sends_the_alert_after_the_commit(
    advance, unit_a, approver_a, django_capture_on_commit_callbacks
):
    follower = _follow(unit_a)
    question = advance(S.ANSWER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.answer_approve_and_publish(question=question, acting_user=approver_a)
        assert _alerts_to(follower) == []  # nothing before the commit
    assert callbacks and len(_alerts_to(follower)) == 1


def test_an_answer_kept_private_sends_nothing(
    advance, unit_a, approver_a, django_capture_on_commit_callbacks
):
    follower = _follow(unit_a)
    question = advance(S.ANSWER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_approve_and_publish(question=question, acting_user=approver_a, publish=False)
    assert _alerts_to(follower) == [] and alerts.item(question.pk) is None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"linh-vuc": "khong-co"}, "Field: there is no such field of questions."),
        ({"linh-vuc": "dat-dai\x00"}, "Field: there is no such field of questions."),
        ({"linh-vuc": "\x01\x1f"}, "Field: there is no such field of questions."),
        ({"linh-vuc": "9" * 10_000}, "Field: there is no such field of questions."),
        ({"linh-vuc": "<script>"}, "Field: there is no such field of questions."),
        ({"don-vi": "khong-co"}, "Answered by: there is no such unit."),
        ({"don-vi": "x" * 10_000}, "Answered by: there is no such unit."),
        ({"don-vi": "sotp\x00"}, "Answered by: there is no such unit."),
    ],
)
def test_a_bad_filter_is_refused_with_its_name(unit_a, field_land, params, message):
    with translation.override("en"), pytest.raises(ValueError) as raised:
        alerts.normalise(params)
    assert str(raised.value) == message


def test_the_filter_keeps_the_lists_own_parameters_and_is_stable(unit_a, field_land):
    params = {
        "linh-vuc": "dat-dai",
        "don-vi": unit_a.key,
        "q": "  chuyển\x00  đất ",
        "page": "2",
        "kind": "x",
    }
    clean = alerts.normalise(params)
    assert (
        clean == {"linh-vuc": "dat-dai", "don-vi": unit_a.key, "q": "chuyển đất"} == alerts.normalise(clean)
    )
    assert alerts.normalise({"linh-vuc": "", "q": "\x00\x01"}) == {}


@pytest.mark.parametrize(
    ("language", "every", "field"),
    [
        ("vi", "mọi lĩnh vực", "Lĩnh vực: Đất đai"),
        ("en", "every field", "Field: Land"),
        ("km", "គ្រប់វិស័យ", "វិស័យ៖ "),
    ],
)
def test_the_filter_in_words_in_three_languages(field_land, language, every, field):
    with translation.override(language):
        assert alerts.describe({}) == every
        assert alerts.describe({"linh-vuc": "dat-dai"}).startswith(field)


def test_the_list_links_to_the_subscription_with_its_filters_and_the_page_subscribes(
    client, unit_b, field_land
):
    page = client.get(f"/don-vi/{unit_b.key}/vi/hoi-dap/?linh-vuc=dat-dai")
    assert page.status_code == 200
    link = f"/don-vi/{unit_b.key}/vi/thong-bao/?kind=questions&linh-vuc=dat-dai"
    assert f'href="{link.replace("&", "&amp;")}"' in page.content.decode()
    subscribe = client.get(link)
    assert subscribe.status_code == 200
    assert f"Hỏi đáp – {unit_b.name}: Lĩnh vực: Đất đai" in subscribe.content.decode()
    data = {"email": "an@mail.example", "frequency": "weekly", "consent": "on", "started": new_form_token()}
    assert client.post(link, data).status_code == 200
    followed = Filter.objects.get()
    assert (followed.kind, followed.unit, followed.params) == ("questions", unit_b, {"linh-vuc": "dat-dai"})


@pytest.mark.parametrize("value", ["khong-co", "x%00", "9" * 5_000, "%3Cscript%3E"])
def test_the_subscribe_page_names_a_bad_field(client, unit_b, field_land, value):
    response = client.get(f"/don-vi/{unit_b.key}/vi/thong-bao/?kind=questions&linh-vuc={value}")
    assert response.status_code == 400
    assert "Lĩnh vực: không có lĩnh vực hỏi đáp này." in response.content.decode()
    assert not Filter.objects.exists()


def test_a_search_alert_on_the_qa_type_follows_the_answers(
    advance, field_land, django_capture_on_commit_callbacks, client
):
    response = client.get("/vi/thong-bao/?kind=search&q=m%E1%BB%A5c+%C4%91%C3%ADch&type=qa")
    assert response.status_code == 200 and "Hỏi đáp" in response.content.decode()
    follower = SubscriptionFactory(
        filter__kind="search",
        filter__unit=None,
        filter__params={"q": "mục đích", "type": "questions"},
        confirmed=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        advance(S.PUBLISHED)
    (alert,) = _alerts_to(follower)
    assert "— đã có trả lời" in alert.subject


def test_on_the_main_portal_the_answering_unit_chosen_is_followed(client, main_portal, unit_a, field_land):
    page = client.get(f"/vi/hoi-dap/?don-vi={unit_a.key}").content.decode()
    link = f"/vi/thong-bao/?kind=questions&don-vi={unit_a.key}"
    assert f'href="{link.replace("&", "&amp;")}"' in page
    subscribe = client.get(link)
    assert subscribe.status_code == 200
    assert f"Hỏi đáp – {main_portal.name}: Cơ quan trả lời: {unit_a.name}" in subscribe.content.decode()
