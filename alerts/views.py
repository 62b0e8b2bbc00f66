"""Public pages of e-mail alerts: subscribe to a list's filter, confirm, see and end one's subscriptions.

No page shows an address. The links of the e-mails carry the subscriber's secret; a GET only shows a
button (mail scanners open links), except that the one-click unsubscribe of RFC 8058 is a POST a mail
program sends without a CSRF token: the secret in the address is the proof.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import SubscribeForm
from .models import Subscriber


def _unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no unit")
    return request.unit


def _kind(request) -> str:
    return (request.GET.get("kind") or "documents")[:40]


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    unit = _unit(request)
    kind = _kind(request)
    context = {"unit": unit, "kind": kind}
    try:
        if kind == services.SEARCH:  # the search page's scope, not the site it was reached on
            unit = services.search_scope(request.GET.get("unit"))
        params = services.canonical(kind, request.GET)
    except ValidationError as error:
        context["bad_filter"] = " ".join(error.messages)
        return render(request, "alerts/subscribe.html", context, status=400)
    context["summary"] = services.describe_filter(kind, unit, params, get_language())
    form = SubscribeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_request(
                kind=kind,
                unit=unit,
                params=params,
                email=form.cleaned_data["email"],
                language=get_language(),
                frequency=form.cleaned_data["frequency"],
                consent_text=form.consent_text,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form.record_submission()
            return render(request, "alerts/sent.html", context)
    context["form"] = form
    return render(request, "alerts/subscribe.html", context, status=400 if form.errors else 200)


def _bad_link(request, message: str, status: int = 400):
    return render(request, "alerts/bad_link.html", {"message": message}, status=status)


def _subscriber(token: str) -> Subscriber | None:
    return selectors.subscriber_by_token(token)


NO_SUBSCRIPTION = gettext_lazy(
    "This link does not lead to any subscription: it may have ended already, or the link is incomplete."
)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    try:
        subscriber = services.subscriber_for_confirmation(token)
    except services.BadLink as error:
        return _bad_link(request, str(error))
    pending = [s for s in selectors.subscriptions_of(subscriber) if s.confirmed_at is None]
    confirmed = None
    if request.method == "POST":
        confirmed = services.subscriptions_confirm(subscriber=subscriber)
    context = {
        "pending": [services.describe(s.filter, get_language()) for s in pending],
        "confirmed": confirmed,
        "manage_url": reverse("alerts:manage", kwargs={"token": subscriber.token}),
    }
    return render(request, "alerts/confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    subscriber = _subscriber(token)
    if subscriber is None:
        return _bad_link(request, str(NO_SUBSCRIPTION), 404)
    rows = [
        {"subscription": s, "summary": services.describe(s.filter, get_language())}
        for s in selectors.subscriptions_of(subscriber)
    ]
    return render(request, "alerts/manage.html", {"rows": rows, "token": token})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str, pk: int):
    subscriber = _subscriber(token)
    subscription = None
    if subscriber is not None:
        subscription = subscriber.subscriptions.filter(pk=pk).select_related("filter__unit").first()
    if subscription is None:
        return _bad_link(request, str(NO_SUBSCRIPTION), 404)
    if request.method == "POST":
        erased = services.subscription_end(subscription=subscription)
        return render(request, "alerts/unsubscribed.html", {"erased": erased, "token": token})
    summary = services.describe(subscription.filter, get_language())
    return render(request, "alerts/unsubscribe.html", {"summary": summary, "all": False})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_all(request, token: str):
    subscriber = _subscriber(token)
    if subscriber is None:
        return _bad_link(request, str(NO_SUBSCRIPTION), 404)
    if request.method == "POST":
        services.subscriber_forget(subscriber=subscriber)
        return render(request, "alerts/unsubscribed.html", {"erased": True})
    return render(request, "alerts/unsubscribe.html", {"all": True})
