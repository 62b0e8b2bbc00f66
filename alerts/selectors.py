"""Reads of e-mail alerts: a subscriber by the secret of their link, their subscriptions, the filters."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import Filter, Subscriber, Subscription


def subscriber_by_token(token: str) -> Subscriber | None:
    if not token or len(token) > 64:
        return None
    return Subscriber.objects.filter(token=token).first()


def subscriptions_of(subscriber: Subscriber) -> list[Subscription]:
    return list(subscriber.subscriptions.select_related("filter__unit").order_by("pk"))


def filters_with_counts():
    """Every filter with its confirmed and waiting subscriptions counted (the admin's list)."""
    return Filter.objects.select_related("unit").annotate(
        confirmed=Count("subscriptions", filter=Q(subscriptions__confirmed_at__isnull=False)),
        waiting=Count("subscriptions", filter=Q(subscriptions__confirmed_at__isnull=True)),
    )
