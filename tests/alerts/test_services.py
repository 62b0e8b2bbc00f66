"""Subscribing, confirming, matching a publication and sending: the e-mails people receive."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts import services, tasks
from alerts.enums import Frequency
from alerts.models import Delivery, Filter, Subscriber, Subscription
from documents import services as documents
from documents import tasks as documents_tasks
from portal.services import SYSTEM

from ..factories.alerts import SubscriptionFactory
from .conftest import draft_document

pytestmark = pytest.mark.django_db


def subscribe(unit, params, email="an@mail.example", language="vi", frequency=Frequency.IMMEDIATE):
    return services.subscription_request(
        kind="documents",
        unit=unit,
        params=params,
        email=email,
        language=language,
        frequency=frequency,
        consent_text="Tôi đồng ý.",
    )


def confirm_all():
    for subscriber in Subscriber.objects.all():
        services.subscriptions_confirm(subscriber=subscriber)


def test_equal_filters_written_differently_are_one_row(alerts_setup):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    raw = {"field": str(field.pk), "doc_type": "QĐ", "sort": "oldest", "page": "3"}
    subscribe(unit, raw, "a@mail.example")
    subscribe(unit, {"doc_type": "QĐ", "field": f" {field.pk} ", "q": ""}, "b@mail.example")
    assert Filter.objects.count() == 1
    assert Filter.objects.get().params == {"doc_type": "QĐ", "field": str(field.pk)}
    assert Subscription.objects.count() == 2


def test_a_bad_filter_value_is_named_and_nothing_is_written(alerts_setup):
    with pytest.raises(ValidationError) as error:
        subscribe(alerts_setup["unit"], {"doc_type": "XYZ"})
    assert "Type" in " ".join(error.value.messages) or "Loại" in " ".join(error.value.messages)
    assert not Subscriber.objects.exists() and not Filter.objects.exists()


def test_confirmation_goes_once_an_hour_per_mailbox(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    with committed():
        subscribe(unit, {"doc_type": "QĐ"}, "An.Nguyen@Mail.example")
        subscribe(unit, {"field": str(field.pk)}, "an.nguyen@mail.example")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an.nguyen@mail.example"]
    assert Subscriber.objects.count() == 1
    # The one link confirms both.
    confirm_all()
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2


def test_nothing_is_sent_before_confirmation(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    with committed():
        subscribe(unit, {"doc_type": "QĐ"})
    mail.outbox.clear()
    document = draft_document(unit, field)
    with committed():
        documents.document_publish(document=document, acting_user=SYSTEM)
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_publish_edit_archive_and_republish_sends_one_email(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    SubscriptionFactory(filter__unit=unit, filter__params={"doc_type": "QĐ"}, confirmed=True)
    document = draft_document(unit, field)
    with committed():
        documents.document_publish(document=document, acting_user=SYSTEM)
    assert len(mail.outbox) == 1
    with committed():
        document.title_vi = "Quyết định sửa đổi"
        documents.document_update(document=document, acting_user=SYSTEM)
        documents.document_archive(document=document, acting_user=SYSTEM)
        documents.document_publish(document=document, acting_user=SYSTEM)
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1


def test_a_non_matching_document_sends_nothing(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    SubscriptionFactory(filter__unit=unit, filter__params={"doc_type": "KH"}, confirmed=True)
    document = draft_document(unit, field)
    with committed():
        documents.document_publish(document=document, acting_user=SYSTEM)
    assert mail.outbox == []


def test_two_matching_filters_send_the_item_once(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    first = SubscriptionFactory(filter__unit=unit, filter__params={"doc_type": "QĐ"}, confirmed=True)
    SubscriptionFactory(
        subscriber=first.subscriber,
        filter__unit=unit,
        filter__params={"field": str(field.pk)},
        confirmed=True,
    )
    SubscriptionFactory(filter__unit=unit, filter__params={"q": "quy che"}, confirmed=True)
    document = draft_document(unit, field)
    with committed():
        documents.document_publish(document=document, acting_user=SYSTEM)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [first.subscriber.email, Subscriber.objects.exclude(pk=first.subscriber.pk).get().email]
    )


def test_a_scheduled_document_is_sent_when_it_goes_live(alerts_setup, clock, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    SubscriptionFactory(filter__unit=unit, filter__params={}, confirmed=True)
    document = draft_document(unit, field)
    with committed():
        documents.document_publish(document=document, acting_user=SYSTEM, at=clock.now + timedelta(hours=1))
        documents_tasks.announce_scheduled_documents()
    assert mail.outbox == []
    clock.now += timedelta(hours=2)
    with committed():
        documents_tasks.announce_scheduled_documents()
    assert len(mail.outbox) == 1
    # A run that looks back over the same moment (the cache lost its last run) sends nothing again.
    cache.clear()
    with committed():
        documents_tasks.announce_scheduled_documents()
    assert len(mail.outbox) == 1


def test_the_item_email_in_each_language(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    for language in ("vi", "en", "km"):
        SubscriptionFactory(
            subscriber__language=language,
            subscriber__email=f"{language}@mail.example",
            filter__unit=unit,
            confirmed=True,
        )
    titles = {"title_vi": "Quy chế quản lý & <bảo mật>", "title_en": "Rules & <security>"}
    document = draft_document(unit, field, **titles)
    with committed():
        documents.document_publish(document=document, acting_user=SYSTEM)
    by_language = {m.to[0].split("@")[0]: m for m in mail.outbox}
    vi, en, km = by_language["vi"], by_language["en"], by_language["km"]
    assert vi.subject == "Mới: 12/QĐ-UBND — Quy chế quản lý & <bảo mật>"
    assert en.subject == "New: 12/QĐ-UBND — Rules & <security>"
    assert "ថ្មី" in km.subject
    assert f"https://cong.example/don-vi/stp/en/van-ban/{document.pk}/" in en.body
    assert f"https://cong.example/don-vi/stp/km/van-ban/{document.pk}/" in km.body
    assert "Unsubscribe from this alert with one click" in en.body
    assert "&amp;" not in vi.body
    subscriber = Subscriber.objects.get(email="en@mail.example")
    subscription = subscriber.subscriptions.get()
    unsubscribe = (
        f"https://cong.example/don-vi/stp/en/thong-bao/quan-ly/{subscriber.token}/huy/{subscription.pk}/"
    )
    assert unsubscribe in en.body
    assert en.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert en.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"https://cong.example/don-vi/stp/en/thong-bao/quan-ly/{subscriber.token}/" in en.body
    # The message as it leaves carries the headers too.
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in en.message().as_string()


def test_confirmation_email_in_the_subscribers_language(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    with committed():
        subscribe(unit, {"field": str(field.pk)}, "km@mail.example", language="km")
        subscribe(unit, {"field": str(field.pk)}, "en@mail.example", language="en")
    km, en = mail.outbox
    assert en.subject == "Confirm your e-mail alerts"
    assert km.subject == "បញ្ជាក់ការជូនដំណឹងតាមអ៊ីមែលរបស់អ្នក"
    assert "Documents – Department of Justice: Field: Education" in en.body
    assert "/don-vi/stp/en/thong-bao/xac-nhan/" in en.body
    assert "/don-vi/stp/km/thong-bao/xac-nhan/" in km.body
    assert km.subject != en.subject and "List-Unsubscribe" not in en.extra_headers


def test_daily_digest_gathers_the_items_in_one_email(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    subscription = SubscriptionFactory(filter__unit=unit, frequency=Frequency.DAILY, confirmed=True)
    with committed():
        for number in ("1/QĐ-UBND", "2/QĐ-UBND"):
            document = draft_document(unit, field, number_symbol=number)
            documents.document_publish(document=document, acting_user=SYSTEM)
    assert mail.outbox == []
    with committed():
        assert services.send_digests(Frequency.DAILY) == 1
        assert services.send_digests(Frequency.DAILY) == 0
    (digest,) = mail.outbox
    assert digest.subject == "2 mục mới hôm nay"
    assert "1/QĐ-UBND" in digest.body and "2/QĐ-UBND" in digest.body
    token = subscription.subscriber.token
    assert (
        digest.extra_headers["List-Unsubscribe"]
        == f"<https://cong.example/don-vi/stp/vi/thong-bao/quan-ly/{token}/huy/>"
    )


def test_sending_stops_at_the_hourly_limit_and_resumes(alerts_setup, settings, committed):
    settings.PORTAL_ALERTS_SENDS_PER_HOUR = 2
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    for _n in range(3):
        SubscriptionFactory(filter__unit=unit, confirmed=True)
    with committed():
        documents.document_publish(document=draft_document(unit, field), acting_user=SYSTEM)
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 1
    settings.PORTAL_ALERTS_SENDS_PER_HOUR = 10
    with committed():
        tasks.send_immediate()
    assert len(mail.outbox) == 3


def test_the_last_subscription_ending_erases_the_address(alerts_setup):
    unit = alerts_setup["unit"]
    first = SubscriptionFactory(filter__unit=unit, filter__params={"doc_type": "QĐ"}, confirmed=True)
    second = SubscriptionFactory(subscriber=first.subscriber, filter__unit=unit, confirmed=True)
    assert services.subscription_end(subscription=first) is False
    assert Subscriber.objects.filter(pk=first.subscriber.pk).exists()
    assert services.subscription_end(subscription=second) is True
    assert not Subscriber.objects.exists() and not Filter.objects.exists()


def test_unconfirmed_subscriptions_are_erased_after_the_links_life(alerts_setup):
    old = SubscriptionFactory(consented_at=timezone.now() - timedelta(days=8))
    fresh = SubscriptionFactory()
    kept = SubscriptionFactory(confirmed=True, consented_at=timezone.now() - timedelta(days=30))
    assert services.purge_unconfirmed() == 1
    assert not Subscriber.objects.filter(pk=old.subscriber_id).exists()
    assert Subscription.objects.filter(pk__in=[fresh.pk, kept.pk]).count() == 2


def test_a_broker_that_is_down_costs_the_publication_nothing(alerts_setup, committed, monkeypatch):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    SubscriptionFactory(filter__unit=unit, confirmed=True)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.match_publication, "delay", refuse)
    with committed():
        documents.document_publish(document=draft_document(unit, field), acting_user=SYSTEM)
    assert len(mail.outbox) == 1


def test_a_digest_leaves_out_what_an_ended_subscription_owed(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    kept = SubscriptionFactory(
        filter__unit=unit, filter__params={"q": "quy chế"}, frequency=Frequency.DAILY, confirmed=True
    )
    ended = SubscriptionFactory(
        subscriber=kept.subscriber,
        filter__unit=unit,
        filter__params={"q": "kế hoạch"},
        frequency=Frequency.DAILY,
    )
    ended.confirmed_at = timezone.now()
    ended.save()
    with committed():
        documents.document_publish(document=draft_document(unit, field), acting_user=SYSTEM)
        plan = draft_document(unit, field, number_symbol="3/QĐ-UBND", title_vi="Kế hoạch năm 2027")
        documents.document_publish(document=plan, acting_user=SYSTEM)
    services.subscription_end(subscription=ended)
    with committed():
        assert services.send_digests(Frequency.DAILY) == 1
    (digest,) = mail.outbox
    assert "12/QĐ-UBND" in digest.body and "3/QĐ-UBND" not in digest.body
