"""The drafting unit's tools: drafts with their text and files, workflow actions, moderation,
dispositions and exports. Every change goes through services; every list is scoped to the user's units."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from portal.admin_services import ServiceAdminMixin
from portal.services import Actor
from portal.uploads import validate_upload
from subsites import permissions as unit_permissions
from subsites.admin_scoping import UnitScopedAdminMixin, UnitScopedInlineMixin

from . import exports, permissions, services
from .enums import Moderation, Verdict
from .forms import (
    DispositionForm,
    ExtendForm,
    OutcomeForm,
    ReasonForm,
    ResumeForm,
    ScheduleForm,
    SplitTextForm,
)
from .models import Comment, Draft, DraftArticle, DraftFile


def _errors_into(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DraftArticleInline(UnitScopedInlineMixin, admin.TabularInline):
    """The text as split; change it by splitting the text again."""

    model = DraftArticle
    fields = ("position", "kind", "label", "heading", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("Text by chapter and article (use “Split text into articles” to change it)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DraftFileForm(forms.ModelForm):
    class Meta:
        model = DraftFile
        fields = ("title", "file", "position")

    def clean_file(self):
        """Judged by its content here, so that a bad file is a message on the form, not an error page."""
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_upload(file, kinds=("document",))
        return file


class DraftFileInline(UnitScopedInlineMixin, admin.TabularInline):
    model = DraftFile
    form = DraftFileForm
    fields = ("title", "file", "position")
    extra = 1

    def _editable(self, request, obj) -> bool:
        return obj is None or permissions.user_can_edit_draft(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class OverdueFilter(admin.SimpleListFilter):
    title = _("outcome")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue"))]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "overdue" else queryset


WORKFLOW = {
    # action: (form, predicate, label)
    "schedule": (ScheduleForm, permissions.user_can_schedule_draft, _("Approve and schedule")),
    "extend": (ExtendForm, permissions.user_can_extend_draft, _("Extend")),
    "suspend": (ReasonForm, permissions.user_can_suspend_draft, _("Suspend")),
    "resume": (ResumeForm, permissions.user_can_resume_draft, _("Resume")),
    "withdraw": (ReasonForm, permissions.user_can_withdraw_draft, _("Withdraw")),
    "outcome": (OutcomeForm, permissions.user_can_publish_outcome, _("Publish the outcome")),
}


def _run(action: str, draft: Draft, data: dict, user):
    if action == "schedule":
        return services.draft_schedule(
            draft=draft, short_window_reason=data["short_window_reason"], acting_user=user
        )
    if action == "extend":
        return services.draft_extend(
            draft=draft, closes_at=data["closes_at"], reason=data["reason"], acting_user=user
        )
    if action == "suspend":
        return services.draft_suspend(draft=draft, reason=data["reason"], acting_user=user)
    if action == "resume":
        return services.draft_resume(draft=draft, closes_at=data["closes_at"], acting_user=user)
    if action == "withdraw":
        return services.draft_withdraw(draft=draft, reason=data["reason"], acting_user=user)
    return services.outcome_publish(draft=draft, report=data["report"], file=data["file"], acting_user=user)


@admin.register(Draft)
class DraftAdmin(ServiceAdminMixin, UnitScopedAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "unit", "draft_type", "state", "phase_label", "opens_at", "closes_at", "overdue")
    list_filter = ("state", "draft_type", OverdueFilter)
    search_fields = ("title", "drafting_agency", "key")
    date_hierarchy = "opens_at"
    inlines = [DraftFileInline, DraftArticleInline]
    change_form_template = "consultations/admin/draft_change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "unit",
                    "key",
                    "title",
                    "summary",
                    "explanatory_note",
                    "draft_type",
                    "drafting_agency",
                )
            },
        ),
        (
            _("Receiving comments"),
            {"fields": ("receiving_address", "receiving_email", "show_comments", "premoderated")},
        ),
        (_("Period"), {"fields": ("opens_at", "closes_at")}),
        (
            _("Workflow"),
            {
                "fields": (
                    "state",
                    "posted_at",
                    "short_window_reason",
                    "original_closes_at",
                    "extension_reason",
                    "suspension_reason",
                    "withdrawal_reason",
                )
            },
        ),
    ]
    readonly_fields = (
        "state",
        "posted_at",
        "short_window_reason",
        "original_closes_at",
        "extension_reason",
        "suspension_reason",
        "withdrawal_reason",
    )

    @admin.display(description=_("phase"))
    def phase_label(self, obj: Draft) -> str:
        return obj.get_phase_display()

    @admin.display(description=_("outcome overdue"), boolean=True)
    def overdue(self, obj: Draft) -> bool:
        return obj.is_overdue()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.user_can_edit_draft(request.user, obj)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.draft_save(draft=obj, acting_user=acting_user)

    def delete_service(self, obj, *, acting_user: Actor):
        services.draft_delete(draft=obj, acting_user=acting_user)

    def save_formset(self, request, form, formset, change):
        """Files go through the services; the text is changed only by splitting it again."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not DraftFile:
            return
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                services.draft_file_delete(attachment=inline_form.instance, acting_user=request.user)
                formset.deleted_objects.append(inline_form.instance)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            attachment = inline_form.save(commit=False)
            attachment.draft = form.instance
            created = attachment.pk is None
            services.draft_file_save(
                attachment=attachment,
                acting_user=request.user,
                file_changed="file" in inline_form.changed_data,
            )
            if created:
                formset.new_objects.append(attachment)
            else:
                formset.changed_objects.append((attachment, inline_form.changed_data))

    # --- the extra pages ---
    def get_urls(self):
        extra = [
            path(
                "<int:pk>/split/",
                self.admin_site.admin_view(self.split_view),
                name="consultations_draft_split",
            ),
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="consultations_draft_workflow",
            ),
            path(
                "<int:pk>/export.<str:fmt>",
                self.admin_site.admin_view(self.export_view),
                name="consultations_draft_export",
            ),
        ]
        return extra + super().get_urls()

    def _scoped_draft(self, request, pk: int) -> Draft:
        """A draft of the user's units; the same 404 for missing and not-yours."""
        draft = self.get_queryset(request).filter(pk=pk).first()
        if draft is None:
            raise Http404("no such draft")
        return draft

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        draft = self.get_queryset(request).filter(pk=object_id).first() if object_id.isdigit() else None
        if draft is not None:
            extra_context["workflow_actions"] = [
                (name, label)
                for name, (_form, allowed, label) in WORKFLOW.items()
                if allowed(request.user, draft)
            ]
            extra_context["can_split"] = permissions.user_can_edit_draft(request.user, draft)
            extra_context["can_export"] = permissions.user_can_export_comments(request.user, draft)
            extra_context["comment_count"] = draft.comments.counted().count()
            extra_context["missing_dispositions"] = draft.comments.without_disposition().count()
        return super().change_view(request, object_id, form_url, extra_context)

    def _page(self, request, draft: Draft, form, title: str):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": draft,
            "title": title,
            "form": form,
            "draft": draft,
            "has_file_field": True,
        }
        return TemplateResponse(request, "consultations/admin/action_form.html", context)

    def _back(self, draft: Draft):
        return HttpResponseRedirect(reverse("admin:consultations_draft_change", args=[draft.pk]))

    def split_view(self, request, pk: int):
        draft = self._scoped_draft(request, pk)
        if not permissions.user_can_edit_draft(request.user, draft):
            raise PermissionDenied
        form = SplitTextForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                parts = services.draft_set_text(
                    draft=draft,
                    text=form.cleaned_data["text"],
                    docx=form.cleaned_data["docx"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                _errors_into(form, error)
            else:
                messages.success(request, gettext("The text was split into %(n)s parts.") % {"n": len(parts)})
                return self._back(draft)
        return self._page(request, draft, form, gettext("Split text into articles"))

    def workflow_view(self, request, pk: int, action: str):
        draft = self._scoped_draft(request, pk)
        if action not in WORKFLOW:
            raise Http404("unknown action")
        form_class, allowed, label = WORKFLOW[action]
        if not allowed(request.user, draft):
            raise PermissionDenied
        form = form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                _run(action, draft, form.cleaned_data, request.user)
            except (ValidationError, PermissionDenied) as error:
                _errors_into(
                    form, error if isinstance(error, ValidationError) else ValidationError(str(error))
                )
            else:
                messages.success(request, gettext("Done: %(action)s.") % {"action": label})
                return self._back(draft)
        return self._page(request, draft, form, f"{label}: {draft}")

    def export_view(self, request, pk: int, fmt: str):
        """Every comment, with e-mail and phone: for the drafting agency only."""
        draft = self._scoped_draft(request, pk)
        if not permissions.user_can_export_comments(request.user, draft):
            raise PermissionDenied
        internal = permissions.user_can_see_commenters_contact(request.user, draft)
        content, content_type = exports.render(draft, fmt=fmt, internal=internal)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="y-kien-du-thao-{draft.pk}.{fmt}"'
        return response


class DraftScopeFilter(admin.SimpleListFilter):
    """The drafts of the user's units only (the stock related filter would list every unit's drafts)."""

    title = _("draft")
    parameter_name = "draft"

    def lookups(self, request, model_admin):
        units = unit_permissions.units_user_can_see(request.user)
        drafts = Draft.objects.filter(unit__in=units).exclude(state="draft").order_by("-opens_at")[:50]
        return [(str(d.pk), str(d)[:80]) for d in drafts]

    def queryset(self, request, queryset):
        return queryset.filter(draft_id=self.value()) if (self.value() or "").isdigit() else queryset


class CommentAdminForm(forms.ModelForm):
    verdict = forms.ChoiceField(label=_("Disposition"), choices=[("", "—"), *Verdict.choices], required=False)
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    acknowledge_personal_data = forms.BooleanField(
        label=_("I checked: what remains may be published"), required=False
    )

    acting_user = None

    class Meta:
        model = Comment
        fields = ("moderation", "moderation_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        disposition = self.instance.disposition if self.instance.pk else None
        if disposition is not None:
            self.initial.update(verdict=disposition.verdict, explanation=disposition.explanation)

    def moderation_changed(self) -> bool:
        return bool({"moderation", "moderation_reason"} & set(self.changed_data))

    def disposition_changed(self) -> bool:
        return bool(self.cleaned_data.get("verdict")) and bool(
            {"verdict", "explanation"} & set(self.changed_data)
        )

    def clean(self):
        """The services' own checks, before anything is saved: a refusal is an error on this form."""
        cleaned = super().clean()
        try:
            if self.moderation_changed():
                services.moderation_check(
                    comment=self.instance,
                    moderation=cleaned.get("moderation"),
                    reason=cleaned.get("moderation_reason", ""),
                    acknowledge_personal_data=cleaned.get("acknowledge_personal_data", False),
                    acting_user=self.acting_user,
                )
            if self.disposition_changed():
                services.disposition_check(
                    comments=[self.instance],
                    verdict=cleaned["verdict"],
                    explanation=cleaned.get("explanation", ""),
                    acting_user=self.acting_user,
                )
        except ValidationError as error:
            _errors_into(self, error)
        except PermissionDenied as error:
            self.add_error(None, str(error))
        return cleaned


@admin.register(Comment)
class CommentAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Moderation and dispositions, for the drafting unit."""

    unit_field = "draft__unit"
    form = CommentAdminForm
    list_display = (
        "reference",
        "draft",
        "article",
        "name",
        "kind",
        "submitted_at",
        "confirmed",
        "moderation",
        "verdict",
    )
    list_filter = ("moderation", "kind", DraftScopeFilter)
    search_fields = ("reference", "name", "organization", "text")
    list_select_related = ("draft__unit", "article", "disposition")
    actions = ["publish_selected", "mark_spam", "record_disposition"]
    readonly_fields = (
        "reference",
        "draft",
        "article",
        "name",
        "organization",
        "kind",
        "email",
        "phone",
        "text",
        "submitted_at",
        "confirmed_at",
        "withdrawn_at",
    )
    # The commenter's contact: shown only to whoever may see it (permissions.user_can_see_commenters_contact).
    contact_fields = ("email", "phone")

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "personal_data_found")

    def get_fieldsets(self, request, obj=None):
        shown = obj is not None and permissions.user_can_see_commenters_contact(request.user, obj.draft)
        fields = [f for f in self.readonly_fields if shown or f not in self.contact_fields]
        return [
            (None, {"fields": fields}),
            (
                _("Moderation"),
                {
                    "fields": (
                        "moderation",
                        "moderation_reason",
                        "personal_data_found",
                        "acknowledge_personal_data",
                    )
                },
            ),
            (_("Disposition (after closing)"), {"fields": ("verdict", "explanation")}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    @admin.display(description=_("personal data in the text"))
    def personal_data_found(self, obj: Comment) -> str:
        """What the moderator checks before publishing (the same check as the Q&A's)."""
        findings = services.comment_personal_data(obj) if obj and obj.pk else []
        if not findings:
            return gettext("None found.")
        return format_html_join("; ", "{} ({}): {}", ((f.label, f.where, f.text) for f in findings))

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # A change refused by a service is rolled back: no success message beside its error.
        if getattr(request, "_consultations_refused", False) and level == messages.SUCCESS:
            return
        super().message_user(request, message, level, *args, **kwargs)

    @admin.display(description=_("confirmed"), boolean=True)
    def confirmed(self, obj: Comment) -> bool:
        return obj.confirmed_at is not None

    @admin.display(description=_("disposition"))
    def verdict(self, obj: Comment) -> str:
        return obj.disposition.get_verdict_display() if obj.disposition else "—"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.user_can_moderate(
            request.user, obj.draft
        ) or permissions.user_can_record_disposition(request.user, obj.draft)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        stored = Comment.objects.select_related("draft__unit").get(pk=obj.pk)
        try:
            if form.moderation_changed():
                services.comment_moderate(
                    comment=stored,
                    moderation=data["moderation"],
                    reason=data["moderation_reason"],
                    acknowledge_personal_data=data.get("acknowledge_personal_data", False),
                    acting_user=request.user,
                )
            if form.disposition_changed():
                services.disposition_set(
                    comments=[stored],
                    verdict=data["verdict"],
                    explanation=data["explanation"],
                    acting_user=request.user,
                )
        except (ValidationError, PermissionDenied) as error:
            # Checked by the form already; something changed meanwhile: nothing of this save is kept.
            transaction.set_rollback(True)
            request._consultations_refused = True
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))

    def save_related(self, request, form, formsets, change):
        """Nothing related is edited here."""

    def _moderate_many(self, request, queryset, moderation: str) -> None:
        done = 0
        for comment in queryset.select_related("draft__unit"):
            try:
                services.comment_moderate(comment=comment, moderation=moderation, acting_user=request.user)
                done += 1
            except PermissionDenied:
                continue
            except ValidationError as error:
                # Personal data: published one by one, from the comment's page, after checking it.
                messages.error(request, f"{comment.reference}: {' '.join(error.messages)}")
        self.message_user(request, gettext("%(n)s comments changed.") % {"n": done})

    @admin.action(description=_("Publish the selected comments"))
    def publish_selected(self, request, queryset):
        self._moderate_many(request, queryset, Moderation.PUBLISHED)

    @admin.action(description=_("Mark the selected comments as spam"))
    def mark_spam(self, request, queryset):
        self._moderate_many(request, queryset, Moderation.SPAM)

    @admin.action(description=_("Record one disposition for the selected (identical) comments"))
    def record_disposition(self, request, queryset):
        comments = list(queryset.select_related("draft__unit"))
        form = DispositionForm(request.POST if "verdict" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                services.disposition_set(
                    comments=comments,
                    verdict=form.cleaned_data["verdict"],
                    explanation=form.cleaned_data["explanation"],
                    acting_user=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                _errors_into(
                    form, error if isinstance(error, ValidationError) else ValidationError(str(error))
                )
            else:
                self.message_user(
                    request, gettext("Disposition recorded for %(n)s comments.") % {"n": len(comments)}
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Record one disposition"),
            "form": form,
            "comments": comments,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "consultations/admin/disposition_form.html", context)
