"""The board's reports (create, edit the narrative, follow generation, download) and the compliance page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from subsites import permissions

from . import compliance, conf, selectors, services
from .enums import FileFormat
from .forms import ReportAddForm
from .models import ComplianceUnit, Report
from .views import report_download, report_progress

GENERATION_FIELDS = ("generation", "error", "generated_at", "downloads")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "period_start",
        "period_end",
        "generation",
        "generated_at",
        "downloads",
    )
    change_form_template = "reports/admin/report_change_form.html"
    change_list_template = "reports/admin/report_change_list.html"
    list_filter = ("status",)
    date_hierarchy = "period_end"
    actions = ["generate"]
    readonly_fields = GENERATION_FIELDS
    fieldsets = (
        (_("Generation"), {"fields": GENERATION_FIELDS}),
        (
            _("Document"),
            {
                "fields": (
                    ("period_start", "period_end"),
                    ("number", "symbol"),
                    "issuer_parent",
                    "issuer",
                    ("place", "report_date"),
                    "abstract",
                )
            },
        ),
        (_("Narrative"), {"fields": ("situation", "advantages", "limitations", "directions")}),
        (
            _("Social channels (entered by hand)"),
            {
                "fields": (
                    ("facebook_followers", "facebook_reach", "facebook_visits"),
                    ("zalo_followers", "zalo_monthly_views"),
                )
            },
        ),
        (
            _("Signature and recipients"),
            {"fields": ("signer_authority", "signer_position", "signer_title", "signer_name", "recipients")},
        ),
    )

    # --- the board only ---
    def has_module_permission(self, request):
        return permissions.user_is_board(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.user_is_board(request.user)

    def has_add_permission(self, request):
        return permissions.user_is_board(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.user_is_board(request.user)

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)

    # --- forms ---
    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportAddForm
            kwargs["fields"] = ("preset", "year", "period_start", "period_end", "number", "report_date")
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return (
                (
                    None,
                    {"fields": ("preset", "year", ("period_start", "period_end"), "number", "report_date")},
                ),
            )
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            services.report_update(report=obj, acting_user=request.user, changes=changes)
            return
        data = form.cleaned_data
        report = services.report_create(
            period_start=data["period_start"],
            period_end=data["period_end"],
            number=data.get("number"),
            report_date=data["report_date"],
            acting_user=request.user,
        )
        obj.pk = report.pk
        obj.refresh_from_db()

    def response_add(self, request, obj, post_url_continue=None):
        """To the new report's page: its narrative and signer come before its files."""
        self.message_user(
            request,
            _("The report is created. Check the narrative and the signer, then press “Save and generate”."),
            messages.SUCCESS,
        )
        return redirect("admin:reports_report_change", obj.pk)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """“Save and generate”: the edits are saved (and committed) first, then the generation queued."""
        response = super().changeform_view(request, object_id, form_url, extra_context)
        saved = request.method == "POST" and response.status_code == 302
        if saved and object_id and "_generate" in request.POST:
            report = self.get_object(request, object_id)
            self._generate(request, report)
            return redirect("admin:reports_report_change", report.pk)
        return response

    def response_change(self, request, obj):
        if "_generate" in request.POST:  # the message comes with the generation, after the commit
            return redirect("admin:reports_report_change", obj.pk)
        return super().response_change(request, obj)

    def _generate(self, request, report) -> None:
        try:
            report = services.report_generate(report=report, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, f"{report}: {message}", messages.ERROR)
            return
        if report.enqueue_pending:
            self.message_user(
                request,
                _(
                    "%(report)s: the task queue is unavailable just now. The generation is recorded and "
                    "will start by itself once the queue is back; nothing else to do."
                )
                % {"report": report},
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                _("%(report)s: generation queued; the progress shows on this page.") % {"report": report},
                messages.INFO,
            )

    @admin.action(description=_("Generate the figures and files"))
    def generate(self, request, queryset):
        for report in queryset:
            self._generate(request, report)

    def changelist_view(self, request, extra_context=None):
        services.report_requeue_pending()  # the queue may be back: send what it refused
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            services.report_requeue_pending()
            context["generation"] = selectors.generation_state(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("generation"))
    def generation(self, obj):
        state = selectors.generation_state(obj)
        notes = format_html_join(
            "", '<br><strong class="generation-note">{}</strong>', ((note,) for note in state["notes"])
        )
        return format_html(
            '<span class="report-generation" data-progress-url="{}" data-running="{}">'
            '<span class="generation-label">{}</span> <progress max="100" value="{}">{}%</progress> '
            '<span class="generation-percent">{}%</span>{}</span>',
            reverse("admin:reports_report_progress", args=[obj.pk]),
            "1" if state["running"] else "",
            state["label"],
            state["progress"],
            state["progress"],
            state["progress"],
            notes,
        )

    # --- downloads ---
    def get_urls(self):
        download = self.admin_site.admin_view(report_download)
        progress = self.admin_site.admin_view(report_progress)
        catalogue = JavaScriptCatalog.as_view(packages=["reports"])
        return [
            path("<int:pk>/download/<str:file_format>/", download, name="reports_report_download"),
            path("<int:pk>/progress/", progress, name="reports_report_progress"),
            path("jsi18n/", catalogue, name="reports_jsi18n"),
            *super().get_urls(),
        ]

    @admin.display(description=_("downloads"))
    def downloads(self, obj):
        links = [
            (reverse("admin:reports_report_download", args=[obj.pk, fmt]), fmt.upper())
            for fmt in FileFormat.values
            if obj.file_for(fmt)
        ]
        return format_html_join(" · ", '<a href="{}" download>{}</a>', links) or "—"


@admin.register(ComplianceUnit)
class ComplianceAdmin(admin.ModelAdmin):
    """The compliance of every unit for the board; of their own units for a unit's people."""

    per_page = 50

    def has_module_permission(self, request):
        return permissions.user_is_board(request.user) or bool(permissions.member_unit_ids(request.user))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return permissions.user_can_view_unit(request.user, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def changelist_view(self, request, extra_context=None):
        if not self.has_module_permission(request):
            raise Http404
        units = list(
            permissions.units_user_can_see(request.user)
            .select_related("successor")
            .order_by("tree_id", "lft")
        )
        if not permissions.user_is_board(request.user) and len(units) == 1:
            return redirect("admin:reports_complianceunit_change", units[0].pk)
        source = compliance.current_figures()
        units = compliance.units_of_period(units, source)
        order = request.GET.get("o", "key")
        show = request.GET.get("show", "all")
        show = show if show in compliance.SHOW_CHOICES else "all"
        query = request.GET.get("q", "")[:100]
        every = compliance.unit_compliance(units, source)
        rows = compliance.sort_rows(compliance.filter_rows(every, show=show, query=query), order)
        # A merged province has some 250 units: one page of them at a time; get_page answers any "p".
        page = Paginator(rows, self.per_page).get_page(request.GET.get("p"))
        columns = [
            ("name", _("unit")),
            ("last", _("last posted")),
            ("gap", _("longest gap (days)")),
            ("stale", _("stale")),
            ("budget", _("budget estimate")),
            ("english", _("English pages")),
            ("sections", _("required sections")),
            ("late", _("late documents")),
            ("questions", _("overdue questions")),
            ("consultations", _("outcomes due")),
            ("problems", _("problems")),
        ]
        filters = {"show": show, "q": query}
        context = self._context(
            request,
            title=_("Compliance of the sites"),
            rows=page.object_list,
            shown=len(rows),
            page=page,
            total=len(every),
            source=source,
            order=order,
            filters=filters,
            show_choices=[
                ("all", _("every unit")),
                ("problems", _("units with problems")),
                ("stale", _("stale units")),
            ],
            columns=[(key, label, f"-{key}" if order == key else key) for key, label in columns],
            checks=conf.CHECKS,
        )
        return TemplateResponse(request, "reports/admin/compliance_list.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Not an id ("abc", "..", 300 letters): no unit, rather than a database error answering 500.
        is_id = object_id.isascii() and object_id.isdigit()
        unit = permissions.units_user_can_see(request.user).filter(pk=object_id).first() if is_id else None
        if unit is None:
            raise Http404
        source = compliance.current_figures()
        (row,) = compliance.unit_compliance([unit], source)
        context = self._context(
            request,
            title=_("Compliance of %(unit)s") % {"unit": unit.name},
            row=row,
            source=source,
            checks=conf.CHECKS,
            stale_days=conf.stale_days(),
            window=compliance.window(),
            **compliance.unit_details(unit),
        )
        return TemplateResponse(request, "reports/admin/compliance_unit.html", context)
