"""Public pages: the lists by phase, a draft with its text and the comment form, confirmation, withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.uploads import file_response
from subsites.permissions import current_unit

from . import exports, permissions, selectors, services
from .enums import ArticleKind, Phase
from .forms import CommentForm
from .models import Comment, Draft
from .selectors import LIST_PHASES

PER_PAGE = 20
COMMENTS_PER_PAGE = 50


def _unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no unit")
    return request.unit


def _render_list(request, phase: str, section=None):
    page = Paginator(selectors.drafts_in_phase(_unit(request), phase), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "phase": phase,
        "phases": list(LIST_PHASES),
        "section": section,
        "Phase": Phase,
    }
    return render(request, "consultations/list.html", context)


@require_GET
def draft_list(request, phase: str = Phase.OPEN):
    if phase not in LIST_PHASES:
        raise Http404("unknown phase")
    return _render_list(request, phase)


def section(request, section):
    """A menu section of kind "consultations": the drafts open for comment, with the other tabs."""
    return _render_list(
        request, request.GET.get("phase") if request.GET.get("phase") in LIST_PHASES else Phase.OPEN, section
    )


def _draft(request, pk: int) -> Draft:
    """A draft of the current unit that the public may see; the same 404 for missing and not-yours."""
    return selectors.draft_get_in_unit(_unit(request), pk)


def _handed_over(request, pk: int):
    """A ceased unit's draft that was still open went to its successor: the old address follows it."""

    unit = _unit(request)
    heir = current_unit(unit) if unit.is_ceased else None
    if heir is None or Draft.objects.filter(pk=pk, unit=unit).exists():
        return None
    return HttpResponsePermanentRedirect(selectors.draft_get_in_unit(heir, pk).get_absolute_url())


@require_http_methods(["GET", "POST"])
def draft_detail(request, pk: int):
    if (moved := _handed_over(request, pk)) is not None:
        return moved
    draft = _draft(request, pk)
    can_comment = permissions.user_can_comment(draft)
    form = None
    if request.method == "POST":
        if not can_comment:
            messages.error(request, services.closed_message(draft))
            return redirect(draft.get_absolute_url())
        form = CommentForm(request.POST, request=request, draft=draft)
        if form.is_valid():
            try:
                comment = _submit(request, draft, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                receipt = _(
                    "Thank you. Your comment (reference %(ref)s) is recorded: open the link we sent "
                    "to your e-mail address to confirm it. Until then it does not count."
                ) % {"ref": comment.reference}
                messages.success(request, f"{receipt} {services.publication_note(draft)}")
                # Land on the message, not on the form: on a phone the form is far below it.
                return redirect(draft.get_absolute_url() + "#thong-bao")
    elif can_comment:
        initial = {"article": request.GET.get("dieu")} if request.GET.get("dieu", "").isdigit() else {}
        form = CommentForm(request=request, draft=draft, initial=initial)
    return render(request, "consultations/detail.html", _detail_context(request, draft, form))


def _submit(request, draft: Draft, form: CommentForm) -> Comment:
    data = form.cleaned_data
    comment = services.comment_submit(
        draft=draft,
        article=data["article"],
        name=data["name"],
        organization=data["organization"],
        kind=data["kind"],
        email=data["email"],
        phone=data["phone"],
        text=data["text"],
        language=get_language(),
        base_url=request.build_absolute_uri("/"),
    )
    form.record_submission()
    return comment


def _detail_context(request, draft: Draft, form) -> dict:
    articles = selectors.draft_articles(draft)
    counts = selectors.draft_public_comment_counts(draft)
    clauses: dict[int, list] = {}
    for article in articles:
        article.public_comments = counts.get(article.pk, 0)
        if article.kind == ArticleKind.CLAUSE:
            clauses.setdefault(article.parent_id, []).append(article)
    for article in articles:
        article.clauses = clauses.get(article.pk, [])
    comments = None
    if draft.show_comments:
        public = selectors.draft_public_comments(draft, with_dispositions=draft.dispositions_public)
        comments = Paginator(public, COMMENTS_PER_PAGE).get_page(request.GET.get("trang"))
    outcome = selectors.draft_public_outcome(draft)
    return {
        "draft": draft,
        "phase": draft.phase(),
        "articles": [a for a in articles if a.kind != ArticleKind.CLAUSE or a.parent_id is None],
        "files": selectors.draft_files(draft),
        "comments": comments,
        "form": form,
        "outcome": outcome,
        "closed_message": None if form is not None else services.closed_message(draft),
        "publication_note": services.publication_note(draft),
        "Phase": Phase,
    }


@require_GET
def draft_file(request, pk: int, file_pk: int):
    draft = _draft(request, pk)
    attachment = selectors.draft_file_get(draft, file_pk)
    return file_response(
        attachment.file,
        download_name=attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type,
    )


@require_GET
def outcome_file(request, pk: int):
    draft = _draft(request, pk)
    outcome = selectors.draft_public_outcome(draft)
    if outcome is None or not outcome.file:
        raise Http404("no outcome file")
    return file_response(
        outcome.file,
        download_name=outcome.file.name.rsplit("/", 1)[-1],
        content_type=outcome.file_content_type,
    )


@require_GET
def public_export(request, pk: int, fmt: str):
    """The comments and their dispositions, once the outcome is public: no e-mail, no phone."""
    draft = _draft(request, pk)
    if not draft.dispositions_public:
        raise Http404("no outcome yet")
    content, content_type = exports.render(draft, fmt=fmt, internal=False)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="gop-y-du-thao-{draft.pk}.{fmt}"'
    return response


def _comment(request, token: str) -> Comment:
    return selectors.comment_get_by_token(_unit(request), token)


@require_http_methods(["GET", "POST"])
def comment_confirm(request, token: str):
    """A GET only shows the button: mail scanners that open links must not confirm for the citizen."""
    comment = _comment(request, token)
    error = None
    if request.method == "POST":
        try:
            services.comment_confirm(comment=comment, base_url=request.build_absolute_uri("/"))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "comment": comment,
        "draft": comment.draft,
        "error": error,
        "publication_note": services.publication_note(comment.draft),
    }
    return render(request, "consultations/confirm.html", context)


@require_http_methods(["GET", "POST"])
def comment_withdraw(request, token: str):
    comment = _comment(request, token)
    error = None
    if request.method == "POST":
        try:
            services.comment_withdraw(comment=comment)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    can_withdraw = permissions.user_can_withdraw_comment(comment)
    context = {"comment": comment, "draft": comment.draft, "error": error, "can_withdraw": can_withdraw}
    return render(request, "consultations/withdraw.html", context)
