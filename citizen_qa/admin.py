"""The Q&A admin: the portal editors' queue, each unit's inbox, every question, fields and routing rules.

Lists and objects are scoped by `citizen_qa.permissions` (a question belongs both to the unit whose
site received it and to the competent unit it was forwarded to). Transitions are buttons that call
the services; the history is read-only.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from portal.templatetags.portal_tags import local_date
from portal.uploads import file_response
from subsites import permissions as unit_perms
from subsites import selectors as unit_selectors
from subsites.admin_scoping import UNIT_FILTER, UnitChooserMixin, UnitScopedAdminMixin
from subsites.models import Unit

from . import permissions, selectors, services
from .deadlines import cutoffs
from .enums import DeadlineStatus, QuestionState
from .models import Answer, Field, InboxQuestion, Question, QuestionEvent, QueuedQuestion, RoutingRule
from .personal_data import check_question
from .workflow import rule_for, targets_from

S = QuestionState


def _mark_saved_by_services(formset) -> None:
    """Inlines are saved through the services; the admin's change message still reads these lists."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class DeadlineFilter(admin.SimpleListFilter):
    """Deadline status is computed: filter with the same cut-off dates the status uses."""

    title = _("deadline status")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [(s.value, s.label) for s in DeadlineStatus]

    def queryset(self, request, queryset):
        value = self.value()
        if value == DeadlineStatus.PAUSED:
            return queryset.filter(state=S.CLARIFICATION)
        if value == DeadlineStatus.ON_TIME:
            return queryset.on_time()
        if value == DeadlineStatus.DUE_SOON:
            return queryset.due_soon()
        if value == DeadlineStatus.OVERDUE:
            return queryset.overdue().exclude(due_date__lte=cutoffs().very_on_or_before)
        if value == DeadlineStatus.VERY_OVERDUE:
            return queryset.very_overdue()
        return queryset


class _RowsOfTheQuestion:
    """Inline rows are those of the question on the page, which the question admin lets the user see.

    InlineModelAdmin.get_queryset asks has_view_permission without the object and empties the rows when
    it says no; these inlines answer only for an object, so the stored answer and history never showed.
    """

    def get_queryset(self, request):
        return self.model._default_manager.get_queryset()


class AnswerInline(_RowsOfTheQuestion, TranslationStackedInline):
    model = Answer
    fields = ("body", "answered_by", "author", "approved_by", "approved_at")
    readonly_fields = ("author", "approved_by", "approved_at")
    extra = 1
    max_num = 1
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return obj is not None and permissions.user_can_view_question(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and permissions.user_can_write_answer(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and permissions.user_can_write_answer(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(_RowsOfTheQuestion, admin.TabularInline):
    """The append-only history: who, when, from which state to which, why."""

    model = QuestionEvent
    fields = ("at", "actor_repr", "from_state", "to_state", "reason", "details")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def has_view_permission(self, request, obj=None):
        return obj is not None and permissions.user_can_view_question(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuestionAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Every question the user may see (the board and the portal's editors: all)."""

    change_form_template = "citizen_qa/admin/question_change_form.html"
    list_display = (
        "tracking_code",
        "title",
        "field",
        "unit",
        "forwarded_to",
        "state",
        "due_on",
        "deadline",
        "received_on",
    )
    list_filter = ("state", DeadlineFilter, "field", "visibility")
    list_select_related = ("unit", "forwarded_to", "field")
    search_fields = ("tracking_code", "title")
    date_hierarchy = "submitted_at"
    ordering = ("due_date", "-submitted_at")
    inlines = [AnswerInline, EventInline]
    editable = ("title", "body", "field", "visibility")
    readonly_always = (
        "tracking_code",
        "state",
        "deadline",
        "due_date",
        "unit",
        "forwarded_to",
        "submitted_at",
        "confirmed_at",
        "forwarded_at",
        "answered_at",
        "published_at",
        "extension_days",
        "extension_reason",
        "duplicate_of",
        "language",
        "asker_name",
        "asker_email",
        "asker_phone",
        "asker_address",
        "asker_organization",
        "asker_data_erased_at",
        "display_mode",
        "display_name",
        "allow_publication",
        "attachment_links",
    )
    fieldsets = (
        (None, {"fields": ("tracking_code", "state", "deadline", "due_date", "unit", "forwarded_to")}),
        (_("Question"), {"fields": ("field", "title", "body", "language", "visibility", "attachment_links")}),
        (
            _("Asker (private: never published)"),
            {
                "fields": (
                    "asker_name",
                    "asker_email",
                    "asker_phone",
                    "asker_address",
                    "asker_organization",
                    "asker_data_erased_at",
                )
            },
        ),
        (_("Publication"), {"fields": ("display_mode", "display_name", "allow_publication")}),
        (
            _("Dates"),
            {
                "fields": (
                    "submitted_at",
                    "confirmed_at",
                    "forwarded_at",
                    "answered_at",
                    "published_at",
                    "extension_days",
                    "extension_reason",
                    "duplicate_of",
                )
            },
        ),
    )

    # --- scoping through the app's predicates ---
    def scope(self, request, queryset):
        return permissions.questions_user_can_see(request.user, queryset)

    def get_queryset(self, request):
        return self.scope(request, admin.ModelAdmin.get_queryset(self, request))

    def has_module_permission(self, request):
        return unit_perms.user_is_board(request.user) or bool(unit_perms.member_unit_ids(request.user))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return permissions.user_can_view_question(request.user, obj)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return permissions.user_can_edit_question(request.user, obj) or permissions.user_can_write_answer(
            request.user, obj
        )

    def has_delete_permission(self, request, obj=None):
        return False

    # --- the asker's data: only for those who handle the question ---
    asker_only = frozenset(
        {
            "asker_name",
            "asker_email",
            "asker_phone",
            "asker_address",
            "asker_organization",
            "attachment_links",
        }
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and permissions.user_may_see_asker(request.user, obj):
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = tuple(f for f in options["fields"] if f not in self.asker_only)
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_search_results(self, request, queryset, search_term):
        """Title and code for everyone; the asker's e-mail only among questions whose asker the user sees."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if "@" in term:
            by_email = permissions.questions_with_visible_asker(request.user, queryset)
            found = found | by_email.filter(asker_email__iexact=term)
        return found, duplicates

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and permissions.user_can_edit_question(request.user, obj):
            return self.readonly_always
        return self.readonly_always + self.editable

    class Media:
        css = {"all": ["citizen_qa/admin.css"]}

    # --- computed columns ---
    # Dates as dd/mm/yyyy: the long local formats ("23 ធ្នូ 2026, 10:15 ព្រឹក") pushed the inbox's last
    # columns out of sight in Khmer.
    @admin.display(description=_("due date"), ordering="due_date")
    def due_on(self, obj):
        return local_date(obj.due_date) or "—"

    @admin.display(description=_("received at"), ordering="submitted_at")
    def received_on(self, obj):
        return local_date(obj.submitted_at)

    @admin.display(description=_("deadline status"))
    def deadline(self, obj):
        status = obj.deadline_status
        if status is None:
            return "—"
        return format_html('<span class="qa-deadline qa-deadline-{}">{}</span>', status.value, status.label)

    @admin.display(description=_("attached files"))
    def attachment_links(self, obj):
        items = [
            (
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_attachment", args=[obj.pk, a.pk]
                ),
                a.name,
            )
            for a in obj.attachments.all()
        ]
        return format_html_join(", ", '<a href="{}">{}</a>', items) if items else "—"

    # --- saving through the services ---
    def save_model(self, request, obj, form, change):
        if not form.changed_data:
            return
        services.question_update(
            question=obj,
            acting_user=request.user,
            title=obj.title,
            body=obj.body,
            field=obj.field,
            visibility=obj.visibility,
        )

    def save_formset(self, request, form, formset, change):
        _mark_saved_by_services(formset)
        if formset.model is not Answer:
            return
        for answer_form in formset.forms:
            if not answer_form.has_changed():
                continue
            data = answer_form.cleaned_data
            services.answer_save(
                question=form.instance,
                body={code: data.get(f"body_{code}", "") for code in ("vi", "en", "km")},
                answered_by={code: data.get(f"answered_by_{code}", "") for code in ("vi", "en", "km")},
                acting_user=request.user,
            )

    # --- transitions as buttons ---
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<int:pk>/attachment/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="{}_{}_attachment".format(*info),
            ),
            *super().get_urls(),
        ]

    def _get_visible(self, request, pk: int) -> Question:
        question = self.get_queryset(request).filter(pk=pk).first()
        if question is None:
            raise Http404("no such question")
        return question

    def attachment_view(self, request, pk: int, attachment_id: int):
        question = self._get_visible(request, pk)
        if not permissions.user_may_see_asker(request.user, question):
            raise Http404("no such attachment")
        attachment = get_object_or_404(question.attachments, pk=attachment_id)
        return file_response(
            attachment.file, download_name=attachment.name, content_type=attachment.content_type
        )

    def transition_view(self, request, pk: int):
        question = self._get_visible(request, pk)
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        try:
            self._run_transition(request, question)
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
            return HttpResponseRedirect(change_url)
        messages.success(
            request, gettext("The question is now: %(state)s.") % {"state": question.get_state_display()}
        )
        if self.get_queryset(request).filter(pk=pk).exists():
            return HttpResponseRedirect(change_url)
        # The step moved it out of this list (accepted, returned, forwarded, approved): back to the list,
        # not to a change page that would answer "does not exist".
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return HttpResponseRedirect(changelist)

    def _run_transition(self, request, question: Question) -> None:
        post, user = request.POST, request.user
        to_state, reason = post.get("to_state", ""), post.get("reason", "")
        acknowledge = post.get("acknowledge_personal_data") == "1"
        if to_state == S.ROUTING and question.state == S.SCREENING:
            services.question_accept(question=question, acting_user=user)
        elif to_state == S.ASSIGNED:
            unit = Unit.objects.filter(pk=post.get("forward_to") or None, active=True).first()
            services.question_route(question=question, unit=unit, acting_user=user)
        elif to_state == S.MERGED:
            original = Question.objects.filter(
                tracking_code=post.get("duplicate_of", "").strip().upper()
            ).first()
            if original is None:
                raise ValidationError(_("No question has that tracking code."))
            services.question_merge(question=question, duplicate_of=original, acting_user=user, reason=reason)
        elif to_state == S.EXTENDED:
            try:
                days = int(post.get("extension_days") or 0)
            except ValueError:
                days = 0
            services.question_extend_deadline(
                question=question, working_days=days, reason=reason, acting_user=user
            )
        elif to_state == S.ANSWERED and question.state == S.ANSWER_REVIEW:
            services.answer_approve_and_publish(
                question=question,
                acting_user=user,
                acknowledge_personal_data=acknowledge,
                answer_version=post.get("answer_version", ""),
            )
        elif to_state == S.PUBLISHED:
            services.question_publish(
                question=question, acting_user=user, acknowledge_personal_data=acknowledge
            )
        else:
            services.question_transition(
                question=question, to_state=to_state, acting_user=user, reason=reason
            )
        question.refresh_from_db()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["transitions"] = self._transitions_for(request, obj)
            context["stored_answer"] = selectors.stored_answer(obj)
            if obj.state in {S.ANSWER_REVIEW, S.ANSWERED, S.PUBLISHED}:
                context["personal_data"] = check_question(obj)
            context["transition_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_transition", args=[obj.pk]
            )
            context["main_portal"] = unit_selectors.main_portal()
            context["unit_groups"] = _forward_choices()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _transitions_for(self, request, obj: Question) -> list[dict]:
        offered = []
        for to_state in targets_from(obj.state):
            rule = rule_for(obj.state, to_state)
            if rule.actor == "asker" or not permissions.user_can_transition(request.user, obj, to_state):
                continue
            offered.append(
                {
                    "to_state": to_state,
                    "label": _transition_label(obj.state, to_state),
                    "reason_required": rule.reason_required,
                    "needs_unit": to_state == S.ASSIGNED,
                    "needs_duplicate": to_state == S.MERGED,
                    "needs_days": to_state == S.EXTENDED,
                    "approves": to_state == S.ANSWERED and obj.state == S.ANSWER_REVIEW,
                    "publishes": to_state == S.PUBLISHED
                    or (to_state == S.ANSWERED and obj.state == S.ANSWER_REVIEW),
                }
            )
        return offered


def _transition_label(from_state: str, to_state: str) -> str:
    labels = {
        (S.SCREENING, S.ROUTING): _("Accept (route by the field's rule where one exists)"),
        (S.ROUTING, S.ASSIGNED): _("Forward to the competent unit"),
        (S.ASSIGNED, S.IN_PROGRESS): _("Take up the question"),
        (S.IN_PROGRESS, S.ANSWER_REVIEW): _("Send the answer for review"),
        (S.EXTENDED, S.ANSWER_REVIEW): _("Send the answer for review"),
        (S.ANSWER_REVIEW, S.ANSWERED): _("Approve the answer (and publish it if public)"),
        (S.ANSWER_REVIEW, S.IN_PROGRESS): _("Send the answer back to the editor"),
        (S.ANSWERED, S.PUBLISHED): _("Publish"),
        (S.PUBLISHED, S.ANSWERED): _("Unpublish"),
        (S.CLARIFICATION, S.IN_PROGRESS): _("Clarification received: resume"),
    }
    if (from_state, to_state) in labels:
        return labels[(from_state, to_state)]
    by_target = {
        S.REJECTED: _("Reject (out of scope, spam)"),
        S.MERGED: _("Merge with an earlier question"),
        S.ROUTING: _("Return: not competent"),
        S.CLARIFICATION: _("Ask the asker to clarify (pauses the deadline)"),
        S.EXTENDED: _("Extend the deadline (once)"),
        S.CLOSED: _("Close"),
    }
    return by_target.get(to_state, S(to_state).label)


admin.site.register(Question, QuestionAdmin)


@admin.register(QueuedQuestion)
class QueueAdmin(QuestionAdmin):
    """The portal editors' queue: questions to screen and route, oldest deadline first."""

    list_filter = ("state", DeadlineFilter, "field", UNIT_FILTER)

    def scope(self, request, queryset):
        return permissions.queue_of(request.user, queryset)

    def has_module_permission(self, request):
        return permissions.user_is_portal_editor(request.user)


@admin.register(InboxQuestion)
class InboxAdmin(QuestionAdmin):
    """Each unit's inbox: questions forwarded to it, still to answer."""

    list_display = (
        "tracking_code",
        "title",
        "field",
        "forwarded_to",
        "state",
        "due_on",
        "deadline",
        "received_on",
    )
    list_filter = ("state", DeadlineFilter, "field", ("forwarded_to", admin.RelatedOnlyFieldListFilter))

    def scope(self, request, queryset):
        return permissions.inbox_of(request.user, queryset)

    def get_list_display(self, request):
        # Answering for one unit, the column would repeat its name on every row: room for the others.
        if unit_perms.units_user_can_edit(request.user).count() == 1:
            return tuple(c for c in self.list_display if c != "forwarded_to")
        return self.list_display

    def has_module_permission(self, request):
        return unit_perms.user_edits_some_unit(request.user)


def _forward_choices() -> list[tuple[str, list[Unit]]]:
    """The units a question may be forwarded to, by province (a merged province has ~250 units,
    ceased ones left out: they take no new question)."""
    return [
        (portal.name if portal is not None else gettext("Units of the province"), units)
        for portal, units in unit_selectors.open_units_by_province()
    ]


class RoutingRuleInline(UnitChooserMixin, admin.StackedInline):
    model = RoutingRule
    extra = 1
    max_num = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return unit_perms.user_is_board(request.user) or permissions.user_can_manage_fields(request.user)

    def has_add_permission(self, request, obj=None):
        return permissions.user_can_manage_fields(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.user_can_manage_fields(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.user_can_manage_fields(request.user)


@admin.register(Field)
class FieldAdmin(TabbedTranslationAdmin):
    """Fields (lĩnh vực) and the competent unit each is routed to: kept by the portal's editors."""

    list_display = ("name", "slug", "routed_to", "order", "active")
    list_filter = ("active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_vi",)}
    inlines = [RoutingRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("routing_rule__unit")

    @admin.display(description=_("competent unit"))
    def routed_to(self, obj):
        rule = getattr(obj, "routing_rule", None)
        return rule.unit if rule is not None else "—"

    def has_module_permission(self, request):
        return unit_perms.user_is_board(request.user) or permissions.user_can_manage_fields(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return permissions.user_can_manage_fields(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.user_can_manage_fields(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.field_save(field=obj, acting_user=request.user)

    def save_formset(self, request, form, formset, change):
        _mark_saved_by_services(formset)
        for rule_form in formset.forms:
            if not rule_form.has_changed() and not rule_form.cleaned_data.get("DELETE"):
                continue
            rule = rule_form.instance
            if rule_form.cleaned_data.get("DELETE"):
                if rule.pk:
                    services.routing_rule_delete(rule=rule, acting_user=request.user)
                continue
            rule.field = form.instance
            services.routing_rule_save(rule=rule, acting_user=request.user)
