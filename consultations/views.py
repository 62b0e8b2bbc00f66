"""Public pages: the lists by phase, a draft with its text and the comment form, confirmation, withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.uploads import file_response

from . import exports, permissions, services
from .enums import ArticleKind, Phase
from .forms import CommentForm
from .models import Comment, Draft

PER_PAGE = 20
COMMENTS_PER_PAGE = 50
LIST_PHASES = {
    Phase.OPEN: "closes_at",
    Phase.UPCOMING: "opens_at",
    Phase.CLOSED: "-closes_at",
    Phase.CONCLUDED: "-outcome__published_at",
}


def _unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no unit")
    return request.unit


def drafts_for(request, phase: str):
    """The visible drafts of a phase: the unit's own on a component site, every unit's on the main portal."""
    unit = _unit(request)
    qs = Draft.objects.visible(get_language()).in_phase(phase).select_related("unit")
    if not unit.is_main_portal:
        qs = qs.in_unit(unit)
    return qs.order_by(LIST_PHASES[phase], "pk")


def _render_list(request, phase: str, section=None):
    page = Paginator(drafts_for(request, phase), PER_PAGE).get_page(request.GET.get("page"))
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
    return get_object_or_404(
        Draft.objects.visible(get_language()).select_related("unit"), pk=pk, unit=_unit(request)
    )


@require_http_methods(["GET", "POST"])
def draft_detail(request, pk: int):
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
                messages.success(
                    request,
                    _(
                        "Thank you. Your comment (reference %(ref)s) is recorded: open the link we sent "
                        "to your e-mail address to confirm it. Until then it does not count."
                    )
                    % {"ref": comment.reference},
                )
                return redirect(draft.get_absolute_url() + "#gop-y")
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
    articles = list(draft.articles.all())
    public = draft.comments.public()
    counts = dict(
        public.filter(article__isnull=False).values_list("article").annotate(n=Count("pk")).order_by()
    )
    clauses: dict[int, list] = {}
    for article in articles:
        article.public_comments = counts.get(article.pk, 0)
        if article.kind == ArticleKind.CLAUSE:
            clauses.setdefault(article.parent_id, []).append(article)
    for article in articles:
        article.clauses = clauses.get(article.pk, [])
    comments = None
    if draft.show_comments:
        related = ["article", "disposition"] if draft.dispositions_public else ["article"]
        comments = Paginator(public.select_related(*related), COMMENTS_PER_PAGE).get_page(
            request.GET.get("trang")
        )
    outcome = getattr(draft, "outcome", None) if draft.dispositions_public else None
    return {
        "draft": draft,
        "phase": draft.phase(),
        "articles": [a for a in articles if a.kind != ArticleKind.CLAUSE or a.parent_id is None],
        "files": list(draft.files.all()),
        "comments": comments,
        "form": form,
        "outcome": outcome,
        "closed_message": None if form is not None else services.closed_message(draft),
        "Phase": Phase,
    }


@require_GET
def draft_file(request, pk: int, file_pk: int):
    draft = _draft(request, pk)
    attachment = get_object_or_404(draft.files.all(), pk=file_pk)
    return file_response(
        attachment.file,
        download_name=attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type,
    )


@require_GET
def outcome_file(request, pk: int):
    draft = _draft(request, pk)
    outcome = getattr(draft, "outcome", None) if draft.dispositions_public else None
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
    return get_object_or_404(
        Comment.objects.select_related("draft__unit", "article"), token=token, draft__unit=_unit(request)
    )


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
    return render(
        request, "consultations/confirm.html", {"comment": comment, "draft": comment.draft, "error": error}
    )


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
