"""Factories of e-mail alerts: a document-finder filter in a unit, subscribers, their subscriptions."""

import factory
from django.utils import timezone

from alerts.enums import Frequency
from alerts.matching import canonical_key
from alerts.models import Delivery, Filter, Subscriber, Subscription

from .subsites import UnitFactory


class FilterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Filter
        django_get_or_create = ("key",)

    kind = "documents"
    unit = factory.SubFactory(UnitFactory)
    params = factory.LazyFunction(dict)
    key = factory.LazyAttribute(lambda o: canonical_key(o.kind, o.unit.pk if o.unit else None, o.params))


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"nguoi-dung-{n}@mail.example")
    language = "vi"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """Waiting for its confirmation by default; `confirmed=True` makes it active."""

    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    filter = factory.SubFactory(FilterFactory)
    frequency = Frequency.IMMEDIATE
    consent_text = "Tôi đồng ý."

    class Params:
        confirmed = factory.Trait(confirmed_at=factory.LazyFunction(timezone.now))


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    subscription = factory.SubFactory(SubscriptionFactory, confirmed=True)
    subscriber = factory.SelfAttribute("subscription.subscriber")
    item_key = factory.Sequence(lambda n: f"documents:{n + 1}")
    frequency = Frequency.IMMEDIATE
