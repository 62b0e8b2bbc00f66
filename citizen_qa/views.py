"""Public pages of Q&A: the list and the answers, the question form, confirmation and the status look-up.

Nothing here renders the asker's contact data: public templates get `public_asker` only.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import exports, ratelimit
from portal.middleware import client_ip
from portal.storage import storage_errors
from subsites.permissions import current_unit
from subsites.routing import unit_reverse
from subsites.selectors import active_component_sites, unit_by_key

from . import exports as qa_exports
from . import selectors, services
from .enums import ANSWERED_STATES, OPEN_STATES, QuestionState, Visibility
from .forms import AskForm, LookupForm
from .models import Field, Question

log = logging.getLogger(__name__)
STORE_UNAVAILABLE = gettext_noop("Your files could not be stored: nothing was sent. Try again later.")

PER_PAGE = 20
LOOKUP_LIMIT_PER_HOUR = 20
# States whose reason was written for the asker (returning to routing is internal).
ASKER_REASON_STATES = frozenset(
    {
        QuestionState.REJECTED,
        QuestionState.MERGED,
        QuestionState.EXTENDED,
        QuestionState.CLARIFICATION,
        QuestionState.CLOSED,
    }
)


def _unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no main portal yet")
    return request.unit


def _answered(request, unit) -> dict:
    """The published answers the list shows for the request's filters, and the filters as read: one
    reading for the page and its downloads."""
    qs = (
        Question.objects.visible(get_language())
        .in_unit(unit)
        .select_related("unit", "forwarded_to", "field")
        .order_by("-published_at", "-pk")
    )
    fields = list(Field.objects.active())
    not_understood = []
    wanted_field = request.GET.get("linh-vuc", "")
    field = next((f for f in fields if f.slug == wanted_field), None)
    if field is not None:
        qs = qs.filter(field=field)
    elif wanted_field:
        not_understood.append(_("Field: there is no field “%(value)s”.") % {"value": wanted_field[:100]})
    chosen_unit = None
    if unit.is_main_portal and (wanted_unit := request.GET.get("don-vi", "")):
        chosen_unit = unit_by_key(wanted_unit)
        if chosen_unit is not None:
            qs = qs.filter(forwarded_to=chosen_unit)
        else:
            message = _("Answered by: there is no unit “%(value)s”.")
            not_understood.append(message % {"value": wanted_unit[:100]})
    query = "".join(ch for ch in (request.GET.get("q") or "").strip()[:200] if ch.isprintable())
    if query:
        qs = qs.search(query)
    kept = (
        ("q", query),
        ("linh-vuc", field.slug if field else ""),
        ("don-vi", chosen_unit.key if chosen_unit else ""),
    )
    return {
        "questions": qs,
        "fields": fields,
        "field": field,
        "chosen_unit": chosen_unit,
        "query": query,
        "kept": urlencode([(name, value) for name, value in kept if value]),
        "not_understood": not_understood,
    }


def _listing(request, *, section=None):
    unit = _unit(request)
    answered = _answered(request, unit)
    page = Paginator(answered["questions"], PER_PAGE).get_page(request.GET.get("page"))
    suffix = f"?{answered['kept']}" if answered["kept"] else ""
    context = {
        "section": section,
        "page_obj": page,
        "fields": answered["fields"],
        "field": answered["field"],
        "units": active_component_sites() if unit.is_main_portal else [],
        "chosen_unit": answered["chosen_unit"],
        "query": answered["query"],
        "extra": answered["kept"],
        "not_understood": answered["not_understood"],
        "export": {
            "csv": reverse("citizen_qa:export_csv") + suffix,
            "xlsx": reverse("citizen_qa:export_xlsx") + suffix,
            "max_rows": exports.max_rows(),
            "allowed": page.paginator.count <= exports.max_rows(),
            "matched": page.paginator.count,
        },
    }
    return render(request, "citizen_qa/list.html", context)


def _export(request, extension: str):
    """The answered questions the list shows for the same filters, or a page saying why not
    (docs/exports.md). Only what the list and an answer's page show: never the asker's contact data."""
    unit = _unit(request)
    answered = _answered(request, unit)

    def url(question) -> str:
        return request.build_absolute_uri(reverse("citizen_qa:detail", kwargs={"pk": question.pk}))

    export = exports.ListExport(
        scope="qa-export",
        rows=lambda: answered["questions"].select_related("answer"),
        columns=qa_exports.columns(url, get_language()),
        sheet_title=str(_("Questions and answers")),
        name=exports.filename("hoi-dap", unit, extension),
        title=_("Download the answers"),
        back_url=reverse("citizen_qa:index") + (f"?{answered['kept']}" if answered["kept"] else ""),
        back_label=_("Back to the answers with these filters"),
        busy=_("Too many downloads from your address: try again in a minute."),
        too_many=_(
            "These filters match %(matched)s answers; a download holds at most %(limit)s. Narrow them "
            "(a field, a unit or words to search) and download again."
        ),
        not_understood=tuple(answered["not_understood"]),
        cannot_use=_("These filters could not be used, so nothing was downloaded: %(errors)s"),
    )
    return exports.serve(request, extension, export)


export_csv, export_xlsx = exports.views(_export)


def index(request):
    return _listing(request)


def qa_section(request, section):
    """A menu section of kind "qa" shows the same list (registered in apps.py)."""
    return _listing(request, section=section)


def detail(request, pk: int):
    question = selectors.question_get_public(_unit(request), pk)
    answer = getattr(question, "answer", None)
    language = get_language()
    answer_in_language = bool(answer and (getattr(answer, f"body_{language}", "") or "").strip())
    return render(
        request,
        "citizen_qa/detail.html",
        {"question": question, "answer": answer, "answer_fallback": bool(answer) and not answer_in_language},
    )


@require_http_methods(["GET", "POST"])
def ask(request):
    unit = _unit(request)
    if (moved := _ask_the_successor(unit)) is not None:
        return moved
    if request.method == "POST":
        form = AskForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            data = form.cleaned_data
            placeholder = "TOKEN"
            confirm_url = request.build_absolute_uri(
                reverse("citizen_qa:confirm", kwargs={"token": placeholder})
            ).replace(placeholder, "{token}")
            try:
                services.question_submit(
                    unit=unit,
                    field=data["field"],
                    title=data["title"],
                    body=data["body"],
                    asker=services.AskerData(
                        name=data["name"],
                        email=data["email"],
                        phone=data["phone"],
                        address=data["address"],
                        organization=data["organization"],
                    ),
                    display_mode=data["display_mode"],
                    display_name=data["display_name"],
                    allow_publication=data["allow_publication"],
                    attachments=data["attachments"],
                    language=get_language(),
                    confirm_url=confirm_url,
                )
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as refused:  # a unit that ceased without a successor
                form.add_error(None, str(refused))
            except storage_errors():  # the question was rolled back with its files: the asker sends again
                log.warning("file store unavailable: question not received", exc_info=True)
                form.add_error(None, _(STORE_UNAVAILABLE))
            else:
                form.record_submission()
                return HttpResponseRedirect(reverse("citizen_qa:sent"))
    else:
        form = AskForm(request=request)
    return render(request, "citizen_qa/ask.html", {"form": form})


def _ask_the_successor(unit):
    """A ceased unit takes no questions: its form sends the citizen to the unit that took over."""

    heir = current_unit(unit) if unit.is_ceased else None
    return HttpResponsePermanentRedirect(unit_reverse(heir, "citizen_qa:ask")) if heir is not None else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def sent(request):
    return render(request, "citizen_qa/sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners follow links); POST confirms and shows the tracking code."""
    if request.method == "POST":
        try:
            question = services.question_confirm(token=token)
        except ValidationError as error:
            return render(request, "citizen_qa/confirm.html", {"error": error.messages[0]}, status=400)
        return render(request, "citizen_qa/confirmed.html", {"question": question})
    return render(request, "citizen_qa/confirm.html", {"token": token})


def _lookup_limited(request) -> bool:
    address = client_ip(request) or "unknown"
    if ratelimit.count("qa-lookup:ip", address, 3600) >= LOOKUP_LIMIT_PER_HOUR:
        return True
    ratelimit.hit("qa-lookup:ip", address, 3600)
    return False


@require_http_methods(["GET", "POST"])
def lookup(request):
    """The asker's status page. A wrong code and a wrong e-mail give the same message."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _lookup_limited(request):
            form.add_error(None, _("Too many look-ups from your address. Please try again in an hour."))
        else:
            question = selectors.question_lookup(form.cleaned_data["code"], form.cleaned_data["email"])
            if question is None:
                form.add_error(None, _("No question matches this tracking code and e-mail address."))
            elif request.POST.get("action") == "withdraw":
                return _withdraw(request, question, form)
            else:
                return _status(request, question, form)
    return render(request, "citizen_qa/lookup.html", {"form": form})


def _withdraw(request, question: Question, form):
    try:
        question = services.question_withdraw(question=question, email=form.cleaned_data["email"])
    except (ValidationError, PermissionDenied):
        messages.error(request, _("This question can no longer be withdrawn."))
    else:
        messages.success(request, _("Your question has been withdrawn."))
    return _status(request, question, form)


def _status(request, question: Question, form):
    events = [
        {
            "at": e.at,
            "state": QuestionState(e.to_state).label,
            "reason": e.reason if e.to_state in ASKER_REASON_STATES else "",
        }
        for e in question.events.order_by("at", "id")
    ]
    answer = None
    if question.state in ANSWERED_STATES and question.visibility != Visibility.PRIVATE:
        answer = getattr(question, "answer", None)
    context = {
        "question": question,
        "events": events,
        "answer": answer,
        "can_withdraw": question.state in OPEN_STATES,
        "form": form,
        "is_public": question.state == QuestionState.PUBLISHED and question.visibility == Visibility.PUBLIC,
    }
    return render(request, "citizen_qa/status.html", context)


# --- plugged into the shared pages (registered in apps.py) ---


def home_block(request, unit):
    questions = selectors.latest_published(unit, get_language())
    if not questions:
        return None
    return "citizen_qa/home_block.html", {"questions": questions}


def search(query: str, language: str, unit):
    questions = Question.objects.visible(language).search(query)
    # No unit: the portal-wide search, across every unit's published answers.
    questions = questions.in_unit(unit) if unit is not None else questions
    return questions.order_by("-published_at", "-pk")
