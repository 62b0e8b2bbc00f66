"""E-mail alerts on a unit's consultations: each moment of a draft (it opens for comment, it closes, its
outcome is published) is one e-mail to who follows the unit's drafts, sent when the moment comes (not
when the draft is saved), once; a suspended or withdrawn draft sends nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation

from alerts.models import Delivery, Filter
from consultations import alerts, services, tasks
from consultations.enums import Verdict
from portal.public_forms import new_form_token
from portal.registry import published

from ..factories.alerts import SubscriptionFactory
from ..factories.consultations import CommentFactory, DraftFactory
from .conftest import local

pytestmark = pytest.mark.django_db

SAVED = local(2026, 2, 20, 9, 0)
OPENS = local(2026, 3, 2, 7, 30)
CLOSES = local(2026, 4, 2, 17, 0)
TITLE = "Dự thảo Quyết định quy định quản lý chợ"


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://cong.example"
    settings.PORTAL_FORM_MIN_SECONDS = 0


def _follow(unit, language="vi", **params):
    return SubscriptionFactory(
        filter__kind="consultations",
        filter__unit=unit,
        filter__params=params,
        subscriber__language=language,
        confirmed=True,
    )


def _alerts_to(subscription):
    return [m for m in mail.outbox if m.to == [subscription.subscriber.email]]


@pytest.fixture
def scheduled(unit_a, approver_a, clock, django_capture_on_commit_callbacks):
    """A draft of unit A approved on SAVED, opening on OPENS (in the future then)."""
    clock.set(SAVED)
    draft = DraftFactory(unit=unit_a, title_vi=TITLE, opens_at=OPENS, closes_at=CLOSES, text=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_schedule(draft=draft, acting_user=approver_a)
    return draft


def _beat(run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return run()


def _conclude(draft, editor, approver, django_capture_on_commit_callbacks):
    comment = CommentFactory(draft=draft, confirmed=True)
    services.disposition_set(comments=[comment], verdict=Verdict.ACCEPTED, acting_user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_publish(draft=draft, report="<p>Báo cáo tiếp thu.</p>", acting_user=approver)


def test_one_email_per_moment_to_who_follows_the_unit_none_to_another_unit(
    scheduled, unit_a, unit_b, main_portal, editor_a, approver_a, clock, django_capture_on_commit_callbacks
):
    follower = _follow(unit_a)
    on_the_main_portal = _follow(main_portal)  # its list shows every unit's drafts
    elsewhere = _follow(unit_b)
    outcomes_only = _follow(unit_a, phase="concluded")
    # Saved and approved before it opens: nothing yet, even when the signal comes early.
    assert _beat(tasks.notify_opened, django_capture_on_commit_callbacks) == 0
    with django_capture_on_commit_callbacks(execute=True):
        published.send(sender="consultations", pk=alerts.ref(scheduled, alerts.OPENED))
    assert not _alerts_to(follower)

    clock.set(OPENS)
    assert _beat(tasks.notify_opened, django_capture_on_commit_callbacks) == 1
    (opened,) = _alerts_to(follower)
    assert opened.subject == f"Mới: Lấy ý kiến: {TITLE} — đã mở lấy ý kiến đến 02/04/2026"
    # The beat again, and the signal again: no second e-mail.
    assert _beat(tasks.notify_opened, django_capture_on_commit_callbacks) == 0
    with django_capture_on_commit_callbacks(execute=True):
        published.send(sender="consultations", pk=alerts.ref(scheduled, alerts.OPENED))
    assert len(_alerts_to(follower)) == 1

    clock.set(CLOSES)
    assert _beat(tasks.notify_closed, django_capture_on_commit_callbacks) == 1
    closed = _alerts_to(follower)[1]
    assert closed.subject == f"Mới: Lấy ý kiến: {TITLE} — đã hết hạn lấy ý kiến ngày 02/04/2026"

    clock.set(CLOSES + timedelta(days=3))
    _conclude(scheduled, editor_a, approver_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        published.send(sender="consultations", pk=alerts.ref(scheduled, alerts.OUTCOME))
    outcome = _alerts_to(follower)[2]
    assert outcome.subject == f"Mới: Lấy ý kiến: {TITLE} — đã công bố báo cáo tiếp thu, giải trình"

    assert len(_alerts_to(follower)) == 3 and len(_alerts_to(on_the_main_portal)) == 3
    assert _alerts_to(elsewhere) == []
    (only,) = _alerts_to(outcomes_only)
    assert "đã công bố báo cáo tiếp thu, giải trình" in only.subject
    keys = set(Delivery.objects.filter(subscriber=follower.subscriber).values_list("item_key", flat=True))
    assert keys == {f"consultations:{scheduled.pk}:{m}" for m in ("opened", "closed", "outcome")}


def test_the_email_says_the_moment_and_links_the_draft_in_the_subscribers_language(
    scheduled, unit_a, clock, django_capture_on_commit_callbacks
):
    in_vietnamese, in_khmer = _follow(unit_a), _follow(unit_a, language="km")
    clock.set(OPENS)
    _beat(tasks.notify_opened, django_capture_on_commit_callbacks)
    (vi,) = _alerts_to(in_vietnamese)
    (km,) = _alerts_to(in_khmer)
    with translation.override("vi"):
        vi_url = "https://cong.example" + scheduled.get_absolute_url()
    with translation.override("km"):
        km_url = "https://cong.example" + scheduled.get_absolute_url()
    assert f"Lấy ý kiến: {TITLE} — đã mở lấy ý kiến đến 02/04/2026" in vi.body and vi_url in vi.body
    assert "07:30 02/03/2026" in vi.body  # the moment it opened, local time
    assert "Dự thảo lấy ý kiến – " in vi.body
    assert f"ការពិគ្រោះ៖ {TITLE} — បានបើកទទួលមតិរហូតដល់ 02/04/2026" in km.body and km_url in km.body
    assert "/km/" in km_url and vi_url != km_url

    clock.set(CLOSES)
    _beat(tasks.notify_closed, django_capture_on_commit_callbacks)
    assert "đã hết hạn lấy ý kiến ngày 02/04/2026" in _alerts_to(in_vietnamese)[1].body
    assert "បានបិទទទួលមតិនៅថ្ងៃ 02/04/2026" in _alerts_to(in_khmer)[1].body


@pytest.mark.parametrize("how", ["suspend", "withdraw"])
def test_a_suspended_or_withdrawn_draft_sends_nothing(
    scheduled, unit_a, approver_a, clock, django_capture_on_commit_callbacks, how
):
    follower = _follow(unit_a)
    clock.set(OPENS - timedelta(hours=1))
    getattr(services, f"draft_{how}")(
        draft=scheduled, reason="Cần chỉnh sửa nội dung.", acting_user=approver_a
    )
    for moment in (OPENS, CLOSES):
        clock.set(moment)
        assert _beat(tasks.notify_opened, django_capture_on_commit_callbacks) == 0
        assert _beat(tasks.notify_closed, django_capture_on_commit_callbacks) == 0
        for phase in (alerts.OPENED, alerts.CLOSED, alerts.OUTCOME):
            with django_capture_on_commit_callbacks(execute=True):
                published.send(sender="consultations", pk=alerts.ref(scheduled, phase))
    assert _alerts_to(follower) == []
    assert alerts.item(alerts.ref(scheduled, alerts.OPENED)) is None


def test_a_moment_withdrawn_before_the_digest_leaves_is_not_sent(
    scheduled, unit_a, approver_a, clock, django_capture_on_commit_callbacks
):
    from alerts import services as alert_services

    daily = SubscriptionFactory(
        filter__kind="consultations", filter__unit=unit_a, frequency="daily", confirmed=True
    )
    clock.set(OPENS)
    _beat(tasks.notify_opened, django_capture_on_commit_callbacks)
    assert Delivery.objects.filter(subscriber=daily.subscriber, sent_at__isnull=True).count() == 1
    services.draft_withdraw(draft=scheduled, reason="Rút dự thảo để soạn lại.", acting_user=approver_a)
    assert alert_services.send_digests("daily") == 0
    assert _alerts_to(daily) == []


def test_an_imported_draft_announces_no_moment_already_past(unit_a, editor_a, clock):
    clock.set(local(2026, 6, 1))
    draft = DraftFactory.build(unit=unit_a, opens_at=OPENS, closes_at=CLOSES)
    services.draft_import(draft=draft, acting_user=editor_a, posted_at=SAVED)
    assert tasks.notify_opened() == 0 and tasks.notify_closed() == 0


@pytest.mark.parametrize(
    "phase",
    ["upcoming", "draft", "khong-co", "open\x00", "\x01\x02", "9" * 10_000, "-1", "<b>open</b>", "=1+1"],
)
def test_a_bad_phase_is_refused_with_its_name(phase):
    with translation.override("en"), pytest.raises(ValueError, match=r"^Phase: alerts follow the drafts"):
        alerts.normalise({"phase": phase})


def test_the_filter_keeps_only_the_phase_and_is_stable():
    assert alerts.normalise({}) == {} == alerts.normalise({"phase": "", "page": "3", "kind": "consultations"})
    clean = alerts.normalise({"phase": "closed", "page": "2"})
    assert clean == {"phase": "closed"} == alerts.normalise(clean)


@pytest.mark.parametrize(
    ("language", "every", "outcomes"),
    [
        (
            "vi",
            "mọi dự thảo: khi mở lấy ý kiến, khi hết hạn lấy ý kiến, "
            "khi công bố báo cáo tiếp thu, giải trình",
            "dự thảo đã công bố báo cáo tiếp thu, giải trình",
        ),
        (
            "en",
            "every draft: when it opens for comment, when it closes, when its outcome is published",
            "drafts whose outcome is published",
        ),
        (
            "km",
            "សេចក្តីព្រាងទាំងអស់៖ ពេលបើកទទួលមតិ ពេលបិទទទួលមតិ ពេលផ្សព្វផ្សាយលទ្ធផល",
            "សេចក្តីព្រាងដែលបានផ្សព្វផ្សាយលទ្ធផល",
        ),
    ],
)
def test_the_filter_in_words_in_three_languages(language, every, outcomes):
    with translation.override(language):
        assert alerts.describe({}) == every
        assert alerts.describe({"phase": "concluded"}) == outcomes


def test_the_list_links_to_the_subscription_and_the_page_subscribes(client, unit_a, main_portal):
    page = client.get(f"/don-vi/{unit_a.key}/vi/lay-y-kien/")
    assert page.status_code == 200
    link = f"/don-vi/{unit_a.key}/vi/thong-bao/?kind=consultations"
    assert f'href="{link}"' in page.content.decode()
    subscribe = client.get(link)
    assert subscribe.status_code == 200
    assert f"Dự thảo lấy ý kiến – {unit_a.name}: mọi dự thảo" in subscribe.content.decode()
    data = {
        "email": "an@mail.example",
        "frequency": "immediate",
        "consent": "on",
        "started": new_form_token(),
    }
    assert client.post(link, data).status_code == 200
    followed = Filter.objects.get()
    assert (followed.kind, followed.unit, followed.params) == ("consultations", unit_a, {})


@pytest.mark.parametrize("phase", ["khong-co", "x%00", "%01x%7F", "9" * 5_000, "%3Cb%3E"])
def test_the_subscribe_page_names_a_bad_phase(client, unit_a, phase):
    response = client.get(f"/don-vi/{unit_a.key}/vi/thong-bao/?kind=consultations&phase={phase}")
    assert response.status_code == 400
    assert "Giai đoạn: thông báo chỉ theo dõi dự thảo mở lấy ý kiến" in response.content.decode()
    assert not Filter.objects.exists()
