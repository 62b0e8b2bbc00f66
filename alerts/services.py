"""Every write of e-mail alerts: subscribing, confirming, unsubscribing, matching and sending.

A subscriber is only an address, a language and a secret; the consent is kept with its text and
moment on each subscription; the subscriber is erased with the last subscription (Decree 13/2023/NĐ-CP,
Điều 9 and 11). Nothing is sent to an address before it confirmed, and a confirmation goes to one
mailbox at most once an hour.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import mail, ratelimit
from portal.audit import record
from portal.public_forms import mailbox, mailbox_confirm
from portal.registry import ALERT_SOURCES, AlertItem, AlertSource
from portal.services import SYSTEM
from subsites.routing import unit_reverse
from subsites.selectors import unit_by_key

from . import conf, matching
from .enums import FREQUENCY_RANK, Frequency
from .models import Delivery, Filter, Subscriber, Subscription

_CONFIRM_SALT = "alerts.confirm"


class BadLink(Exception):
    """A link that is forged, expired or no longer leads anywhere; its message says which."""


def source(kind: str) -> AlertSource:
    try:
        return ALERT_SOURCES[kind]
    except KeyError:
        raise ValidationError(_("Alerts cannot follow this kind of list.")) from None


def canonical(kind: str, params) -> dict[str, str]:
    """The filter as the source keeps it; a bad value is a ValidationError naming it."""
    if kind == SEARCH:
        return _search_params(params)
    try:
        return source(kind).normalise(params)
    except ValueError as error:
        raise ValidationError(str(error)) from None


# Site-wide search is a filter over every source: its words, and perhaps one type (a source's key).
SEARCH = "search"
_MAX_WORDS = 200  # as many characters as the search page searches


def _search_params(params) -> dict[str, str]:
    words = " ".join("".join(ch for ch in str(params.get("q", "")) if ch.isprintable()).split())
    if not words:
        raise ValidationError(_("Search: type the words you want to follow."))
    clean = {"q": words[:_MAX_WORDS].strip()}
    kind = str(params.get("type", "") or "")
    if kind:
        clean["type"] = _source_of_type(kind)
    return clean


def _source_of_type(kind: str) -> str:
    """The alert source of a search page's type (its search provider's key, or the source's own)."""
    for source_ in ALERT_SOURCES.values():
        if kind in (source_.key, source_.search_type):
            return source_.key
    raise ValidationError(_("Type: alerts cannot follow this type of content yet."))


def search_scope(key: str | None):
    """The unit a search alert follows: the one the search page was scoped to; None for every unit."""
    if not key or key == "all":
        return None
    unit = unit_by_key(key[:64])
    if unit is None:
        raise ValidationError(_("Unit: there is no such unit."))
    return unit


# --- links and mails ---


def _link(unit, language: str, viewname: str, **kwargs) -> str:
    with translation.override(language):
        if unit is not None:
            path = unit_reverse(unit, viewname, **kwargs)
        else:
            path = reverse(viewname, kwargs=kwargs)
    return conf.base_url() + path


def confirm_token(subscriber: Subscriber) -> str:
    # Bound to the subscriber's secret: a subscriber erased and created again does not answer old links.
    return signing.dumps({"s": subscriber.pk, "t": subscriber.token[:12]}, salt=_CONFIRM_SALT)


def subscriber_for_confirmation(token: str) -> Subscriber:
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=timedelta(days=conf.confirm_days()))
    except signing.SignatureExpired:
        raise BadLink(
            _("This confirmation link has expired. Subscribe again from the list you want to follow.")
        ) from None
    except signing.BadSignature:
        raise BadLink(
            _("This confirmation link is not valid: open the link exactly as it is in the e-mail.")
        ) from None
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first() if isinstance(data, dict) else None
    if subscriber is None or subscriber.token[:12] != data.get("t"):
        raise BadLink(
            _("This confirmation link no longer leads to a subscription: subscribe again if you wish.")
        )
    return subscriber


def _unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to `url`."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _send(template: str, subscriber: Subscriber, context: dict, headers: dict | None = None) -> None:
    with translation.override(subscriber.language):
        subject = render_to_string(f"alerts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"alerts/email/{template}.txt", context)
    mail.send(subject=subject, body=body, to=[subscriber.email], headers=headers, topic=f"alerts:{template}")


def describe_filter(kind: str, unit, params: dict, language: str) -> str:
    """A filter in words in `language`: "Documents – Department of Justice: Type: QĐ – Decision"."""
    with translation.override(language):
        if kind == SEARCH:
            label = _("Search")
            details = f"“{params['q']}”"
            if "type" in params:
                details += f"; {source(params['type']).label}"
        else:
            label = str(source(kind).label)
            details = source(kind).describe(params)
        where = unit.name if unit is not None else _("every unit")
    return f"{label} – {where}: {details}"


def describe(filter_: Filter, language: str) -> str:
    return describe_filter(filter_.kind, filter_.unit, filter_.params, language)


# --- subscribing ---


@transaction.atomic
def subscription_request(
    *, kind: str, unit, params, email: str, language: str, frequency: str, consent_text: str
) -> Subscription:
    """Record a subscription waiting for its confirmation and send the confirmation (once an hour per
    mailbox). The same answer whoever owns the address and whatever it already follows."""
    clean = canonical(kind, params)
    unit_id = unit.pk if unit is not None else None
    filter_, _created = Filter.objects.get_or_create(
        key=matching.canonical_key(kind, unit_id, clean),
        defaults={"kind": kind, "unit": unit, "params": clean},
    )
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email.strip().lower(), defaults={"language": language}
    )
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber,
        filter=filter_,
        defaults={"frequency": frequency, "consent_text": consent_text, "consented_at": timezone.now()},
    )
    if not created and subscription.confirmed_at is None:
        subscription.frequency, subscription.consent_text = frequency, consent_text
        subscription.consented_at = timezone.now()
        subscription.save(update_fields=["frequency", "consent_text", "consented_at"])
    record(actor=None, action="alerts.subscribe", obj=subscription, unit=unit, changes={"filter": filter_.pk})
    if subscription.confirmed_at is None:
        _ask_confirmation(subscriber, unit)
    return subscription


def _ask_confirmation(subscriber: Subscriber, unit) -> None:
    limit = ratelimit.Limit("alerts-confirm", mailbox(subscriber.email), 3600, conf.confirmations_per_hour())
    if ratelimit.take(limit) is not None:
        return  # the mail of the last hour confirms this subscription too: its link confirms all pending
    pending = list(subscriber.subscriptions.filter(confirmed_at__isnull=True).select_related("filter__unit"))
    context = {
        "filters": [describe(s.filter, subscriber.language) for s in pending],
        "confirm_url": _link(unit, subscriber.language, "alerts:confirm", token=confirm_token(subscriber)),
        "days": conf.confirm_days(),
    }
    _send("confirm", subscriber, context)


@transaction.atomic
def subscriptions_confirm(*, subscriber: Subscriber) -> int:
    """Confirm every subscription of the subscriber still waiting; returns how many."""
    count = subscriber.subscriptions.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    if count:
        record(actor=None, action="alerts.confirm", obj=subscriber, changes={"confirmed": count})
        mailbox_confirm(subscriber.email)  # its owner reads it: the public forms count it as known
    return count


@transaction.atomic
def subscription_end(*, subscription: Subscription) -> bool:
    """Unsubscribe; the subscriber goes with the last subscription. True when the address was erased."""
    subscriber, filter_ = subscription.subscriber, subscription.filter
    record(actor=None, action="alerts.unsubscribe", obj=subscription, unit=filter_.unit)
    subscription.delete()
    _drop_unused_filter(filter_)
    if not subscriber.subscriptions.exists():
        record(actor=None, action="alerts.forget", obj=subscriber)
        subscriber.delete()
        return True
    return False


@transaction.atomic
def subscriber_forget(*, subscriber: Subscriber) -> None:
    """Every subscription ends and the address is erased."""
    filters = list(Filter.objects.filter(subscriptions__subscriber=subscriber))
    record(actor=None, action="alerts.forget", obj=subscriber)
    subscriber.delete()
    for filter_ in filters:
        _drop_unused_filter(filter_)


def _drop_unused_filter(filter_: Filter) -> None:
    if not filter_.subscriptions.exists():
        filter_.delete()


def purge_unconfirmed(*, now: datetime | None = None) -> int:
    """Subscriptions never confirmed within the link's life are erased, and their lone subscribers."""
    cutoff = (now or timezone.now()) - timedelta(days=conf.confirm_days())
    stale = Subscription.objects.filter(confirmed_at__isnull=True, consented_at__lt=cutoff).select_related(
        "subscriber", "filter"
    )
    count = 0
    for subscription in stale:
        subscription_end(subscription=subscription)
        count += 1
    return count


# --- matching and sending ---


def match_publication(*, kind: str, pk: int | str) -> int:
    """Owe the new public item to every confirmed subscriber whose filter it matches, once each;
    returns how many deliveries were written. `pk` is the item's reference (see portal.registry)."""
    item = _item(f"{kind}:{pk}")
    if item is None:
        return 0
    filters = (
        Filter.objects.filter(kind__in=[kind, SEARCH], subscriptions__confirmed_at__isnull=False)
        .distinct()
        .values_list("pk", "unit_id", "params")
    )
    # A search alert may name the type: the item's own kind is one of its attributes.
    item = replace(item, attributes={**item.attributes, "type": kind})
    matched = matching.matching_filters(filters, item)
    if not matched:
        return 0
    best: dict[int, tuple[str, int]] = {}
    rows = Subscription.objects.filter(filter_id__in=matched, confirmed_at__isnull=False).values_list(
        "subscriber_id", "pk", "frequency"
    )
    for subscriber_id, subscription_id, frequency in rows:
        if subscriber_id not in best or FREQUENCY_RANK[frequency] < FREQUENCY_RANK[best[subscriber_id][0]]:
            best[subscriber_id] = (frequency, subscription_id)
    owed = Delivery.objects.filter(item_key=item.key, subscriber_id__in=list(best))
    already = set(owed.values_list("subscriber_id", flat=True))
    new = [
        Delivery(subscriber_id=s, subscription_id=sub, item_key=item.key, frequency=f)
        for s, (f, sub) in best.items()
        if s not in already
    ]
    # ignore_conflicts: a concurrent match of the same item wrote some already; the constraint keeps one.
    Delivery.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        record(actor=SYSTEM, action="alerts.match", changes={"item": item.key, "owed": len(new)})
    return len(new)


def _item(key: str) -> AlertItem | None:
    """The public item of a key "<kind>:<ref>"; the source gets its pk as a number when the reference
    is one, else the reference itself ("<pk>:<moment>")."""
    kind, _sep, ref = key.partition(":")
    if kind not in ALERT_SOURCES or not ref:
        return None
    return ALERT_SOURCES[kind].item(int(ref) if ref.isdigit() else ref)


def _may_send() -> bool:
    return ratelimit.take(ratelimit.Limit("alerts-send", "portal", 3600, conf.sends_per_hour())) is None


def _manage_url(subscriber: Subscriber, unit) -> str:
    return _link(unit, subscriber.language, "alerts:manage", token=subscriber.token)


def send_immediate() -> int:
    """Send each owed item of immediate subscriptions in its own e-mail; returns how many were sent.
    What the hourly limit holds back stays owed and leaves with the next run."""
    sent = 0
    due = Delivery.objects.filter(sent_at__isnull=True, frequency=Frequency.IMMEDIATE).select_related(
        "subscriber", "subscription__filter__unit"
    )
    for delivery in due.order_by("pk")[:1000]:
        item = _item(delivery.item_key)
        if item is None or delivery.subscription is None:  # withdrawn since, or the subscription ended
            Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
            continue
        if not _may_send():
            break
        _send_item(delivery, item)
        sent += 1
    _record_sent(sent, Frequency.IMMEDIATE)
    return sent


def _record_sent(sent: int, frequency: str) -> None:
    """One entry a run, not one a mail: the outbox keeps each mail (and no address goes here)."""
    if sent:
        record(actor=SYSTEM, action="alerts.send", changes={"frequency": frequency, "sent": sent})


@transaction.atomic
def _send_item(delivery: Delivery, item: AlertItem) -> None:
    claimed = Delivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return
    subscriber, subscription = delivery.subscriber, delivery.subscription
    unit = subscription.filter.unit
    language = subscriber.language
    unsubscribe = _link(unit, language, "alerts:unsubscribe", token=subscriber.token, pk=subscription.pk)
    context = {
        "item": _shown(item, language),
        "filter": describe(subscription.filter, language),
        "unsubscribe_url": unsubscribe,
        "manage_url": _manage_url(subscriber, unit),
    }
    _send("item", subscriber, context, _unsubscribe_headers(unsubscribe))


def _shown(item: AlertItem, language: str) -> dict:
    return {
        "title": item.titles.get(language) or item.titles.get("vi", ""),
        "url": conf.base_url() + (item.paths.get(language) or item.paths.get("vi", "")),
        "published_at": item.published_at,
    }


def send_digests(frequency: str) -> int:
    """One e-mail per subscriber with every item owed at `frequency`; returns how many were sent."""
    owed: dict[int, list[Delivery]] = defaultdict(list)
    pending = Delivery.objects.filter(sent_at__isnull=True, frequency=frequency)
    # Owed by a subscription that has ended since: not sent.
    pending.filter(subscription__isnull=True).update(sent_at=timezone.now())
    due = pending.filter(subscription__isnull=False).select_related("subscriber")
    for delivery in due.order_by("subscriber_id", "created_at"):
        owed[delivery.subscriber_id].append(delivery)
    sent = 0
    for deliveries in owed.values():
        if not _may_send():
            break
        sent += _send_digest(deliveries, frequency)
    _record_sent(sent, frequency)
    return sent


@transaction.atomic
def _send_digest(deliveries: list[Delivery], frequency: str) -> int:
    pks = [d.pk for d in deliveries]
    claimed = Delivery.objects.filter(pk__in=pks, sent_at__isnull=True).update(sent_at=timezone.now())
    subscriber = deliveries[0].subscriber
    items = [i for i in (_item(d.item_key) for d in deliveries) if i is not None]
    if claimed != len(pks) or not items:
        return 0
    first = subscriber.subscriptions.select_related("filter__unit").first()
    unit = first.filter.unit if first is not None else None
    unsubscribe = _link(unit, subscriber.language, "alerts:unsubscribe_all", token=subscriber.token)
    context = {
        "items": [_shown(i, subscriber.language) for i in items],
        "weekly": frequency == Frequency.WEEKLY,
        "unsubscribe_url": unsubscribe,
        "manage_url": _manage_url(subscriber, unit),
    }
    _send("digest", subscriber, context, _unsubscribe_headers(unsubscribe))
    return 1
