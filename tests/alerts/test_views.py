"""The public pages: subscribing (with hostile input), confirming, the subscriptions page, unsubscribing;
bad, expired and forged links get a clear message and change nothing; no page shows an address."""

import time

import pytest
from django.core import mail, signing
from django.test import Client

from alerts import services
from alerts.models import Filter, Subscriber, Subscription
from portal.public_forms import new_form_token

from ..factories.alerts import SubscriptionFactory

pytestmark = pytest.mark.django_db

BASE = "/don-vi/stp/vi/thong-bao/"
EN_BASE = "/don-vi/stp/en/thong-bao/"


def post_subscribe(client, email, query="kind=documents&doc_type=QĐ", **extra):
    data = {"email": email, "frequency": "immediate", "consent": "on", "started": new_form_token(), **extra}
    return client.post(f"{BASE}?{query}", data)


def test_the_finder_offers_alerts_on_its_current_filters(alerts_setup, client):
    field = alerts_setup["field"]
    page = client.get(f"/don-vi/stp/vi/van-ban/?doc_type=QĐ&field={field.pk}&page=2").content.decode()
    assert "Nhận thông báo" in page
    link = f"/don-vi/stp/vi/thong-bao/?kind=documents&amp;doc_type=Q%C4%90&amp;field={field.pk}"
    assert f'href="{link}"' in page


def test_subscribe_page_describes_the_filter(alerts_setup, client):
    field = alerts_setup["field"]
    page = client.get(f"{EN_BASE}?kind=documents&field={field.pk}&doc_type=QĐ").content.decode()
    assert "Documents – Department of Justice: Type: Decision; Field: Education" in page
    assert 'name="consent"' in page and "Decree 13/2023" in page


def test_subscribing_sends_a_confirmation_and_shows_no_address(alerts_setup, client, committed):
    with committed():
        response = post_subscribe(client, "Nguoi.Dan@Mail.example")
    page = response.content.decode()
    assert response.status_code == 200 and "một thư có liên kết xác nhận đang được gửi tới" in page
    assert "nguoi.dan@mail.example" not in page.lower()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["nguoi.dan@mail.example"]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and "Nghị định 13/2023" in subscription.consent_text


@pytest.mark.parametrize("email", ["an\x00@mail.example", "a\x07n@mail.ex\x1bample"])
def test_control_characters_never_reach_the_address(alerts_setup, client, committed, email):
    with committed():
        assert post_subscribe(client, email).status_code == 200
    assert Subscriber.objects.get().email == "an@mail.example"
    assert mail.outbox[0].to == ["an@mail.example"]


@pytest.mark.parametrize(
    "email",
    [
        "an@mail.example\r\nBcc: victim@mail.example",
        "an@mail.example\nSubject: spam",
        "a" * 10_000 + "@mail.example",
        "<script>alert(1)</script>@mail.example",
        '=HYPERLINK("http://x")@mail.example',
    ],
)
def test_hostile_addresses_are_refused_with_a_message_and_nothing_is_written(alerts_setup, client, email):
    response = post_subscribe(client, email)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Địa chỉ thư điện tử" in page and 'class="errorlist' in page
    assert "<script>alert" not in page
    assert not Subscriber.objects.exists() and not Filter.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("kind=documents&doc_type=XYZ", "Loại"),
        ("kind=documents&field=abc", "Lĩnh vực"),
        ("kind=documents&year=" + "9" * 10_000, "Năm"),
        ("kind=nothing", "Không thể nhận thông báo cho loại danh sách này"),
    ],
)
def test_a_bad_filter_is_named_and_nothing_is_written(alerts_setup, client, query, named):
    response = post_subscribe(client, "an@mail.example", query=query)
    assert response.status_code == 400
    assert named in response.content.decode()
    assert not Subscriber.objects.exists()


def test_words_with_control_characters_are_kept_printable_and_short(alerts_setup, client):
    query = "kind=documents&q=" + "quy%00ch%E1%BA%BF%1B " + "x" * 10_000
    assert post_subscribe(client, "an@mail.example", query=query).status_code == 200
    words = Filter.objects.get().params["q"]
    assert words.startswith("quychế x") and len(words) == 200


def test_the_honeypot_and_the_consent_are_required(alerts_setup, client):
    assert post_subscribe(client, "an@mail.example", website="http://spam").status_code == 400
    data = {"email": "an@mail.example", "frequency": "immediate", "started": new_form_token()}
    assert client.post(f"{BASE}?kind=documents", data).status_code == 400
    assert not Subscriber.objects.exists()


def test_the_address_limit_of_the_public_forms_applies(alerts_setup, client, settings):
    settings.PORTAL_RATE_LIMIT_PER_IP = 2
    settings.PORTAL_CAPTCHA_AFTER = 100
    for n in range(2):
        assert post_subscribe(client, f"an{n}@mail.example").status_code == 200
    response = post_subscribe(client, "an9@mail.example")
    assert response.status_code == 400 and "đã gửi quá nhiều lần" in response.content.decode()
    assert Subscriber.objects.count() == 2


# --- confirmation ---


def test_confirming_takes_a_button_press(alerts_setup, client):
    subscription = SubscriptionFactory(filter__unit=alerts_setup["unit"], filter__params={"doc_type": "QĐ"})
    url = f"{BASE}xac-nhan/{services.confirm_token(subscription.subscriber)}/"
    page = client.get(url).content.decode()
    assert "Loại: Quyết định" in page and "Xác nhận đăng ký" in page
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a mail scanner opening the link confirms nothing
    assert "đã được xác nhận" in client.post(url).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def _forged(subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "t": subscriber.token[:12]}, salt="another.salt")


@pytest.mark.parametrize("kind", ["forged", "garbage", "expired", "other_secret"])
def test_bad_confirmation_links_explain_and_change_nothing(alerts_setup, client, monkeypatch, kind):
    subscription = SubscriptionFactory(filter__unit=alerts_setup["unit"])
    subscriber = subscription.subscriber
    token = {
        "forged": _forged(subscriber),
        "garbage": "abc.def:ghi",
        "expired": services.confirm_token(subscriber),
        "other_secret": signing.dumps({"s": subscriber.pk, "t": "x" * 12}, salt="alerts.confirm"),
    }[kind]
    if kind == "expired":
        later = time.time() + 8 * 86400
        monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(f"{BASE}xac-nhan/{token}/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Liên kết này không dùng được" in page and "Không có gì bị thay đổi." in page
    expected = {
        "forged": "không hợp lệ",
        "garbage": "không hợp lệ",
        "expired": "đã hết hạn",
        "other_secret": "không còn dẫn tới",
    }[kind]
    assert expected in page
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


# --- the subscriptions page and unsubscribing ---


def test_the_subscriptions_page_lists_them_without_the_address(alerts_setup, client):
    unit = alerts_setup["unit"]
    first = SubscriptionFactory(filter__unit=unit, filter__params={"doc_type": "QĐ"}, confirmed=True)
    SubscriptionFactory(subscriber=first.subscriber, filter__unit=alerts_setup["unit"])
    page = client.get(f"{EN_BASE}quan-ly/{first.subscriber.token}/").content.decode()
    assert "Type: Decision" in page and "waiting for your confirmation" in page
    assert first.subscriber.email not in page
    assert page.count('class="alert-subscriptions"') == 1


@pytest.mark.parametrize("token", ["nope", "x" * 200, "a.b:c"])
def test_an_unknown_secret_answers_a_clear_404(alerts_setup, client, token):
    SubscriptionFactory(filter__unit=alerts_setup["unit"], confirmed=True)
    for url in (f"quan-ly/{token}/", f"quan-ly/{token}/huy/", f"quan-ly/{token}/huy/1/"):
        response = client.post(BASE + url)
        assert response.status_code == 404
        assert "Liên kết này không dẫn tới đăng ký nào" in response.content.decode()
    assert Subscription.objects.count() == 1


def test_one_click_unsubscribe_without_signing_in_or_csrf(alerts_setup):
    subscription = SubscriptionFactory(filter__unit=alerts_setup["unit"], confirmed=True)
    client = Client(enforce_csrf_checks=True)
    url = f"{BASE}quan-ly/{subscription.subscriber.token}/huy/{subscription.pk}/"
    assert "Hủy đăng ký" in client.get(url).content.decode()
    assert Subscription.objects.exists()  # opening the link changes nothing
    # What a mail program sends for List-Unsubscribe-Post (RFC 8058).
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Địa chỉ của bạn đã bị xóa" in response.content.decode()
    assert not Subscriber.objects.exists() and not Filter.objects.exists()


def test_a_secret_cannot_end_another_persons_subscription(alerts_setup, client):
    mine = SubscriptionFactory(filter__unit=alerts_setup["unit"], confirmed=True)
    theirs = SubscriptionFactory(filter__unit=alerts_setup["unit"], confirmed=True)
    response = client.post(f"{BASE}quan-ly/{mine.subscriber.token}/huy/{theirs.pk}/")
    assert response.status_code == 404
    assert Subscription.objects.count() == 2


def test_ending_every_alert_erases_the_address(alerts_setup, client):
    first = SubscriptionFactory(filter__unit=alerts_setup["unit"], confirmed=True)
    unit = alerts_setup["unit"]
    SubscriptionFactory(subscriber=first.subscriber, filter__unit=unit, filter__params={"q": "a"})
    other = SubscriptionFactory(filter__unit=alerts_setup["unit"], confirmed=True)
    client.post(f"{BASE}quan-ly/{first.subscriber.token}/huy/")
    assert list(Subscriber.objects.all()) == [other.subscriber]
    assert list(Filter.objects.all()) == [other.filter]
