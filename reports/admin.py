"""The board's reports (create, edit the narrative, follow generation, download) and the compliance page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from subsites import permissions

from . import compliance, conf, services
from .enums import FileFormat
from .forms import ReportAddForm
from .models import ComplianceUnit, Report
from .views import report_download

GENERATION_FIELDS = ("status", "progress", "error", "generated_at", "downloads")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "period_start",
        "period_end",
        "status",
        "progress",
        "generated_at",
        "downloads",
    )
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
        services.report_generate(report=report, acting_user=request.user)
        obj.pk = report.pk
        obj.refresh_from_db()

    @admin.action(description=_("Generate the figures and files again"))
    def generate(self, request, queryset):
        for report in queryset:
            services.report_generate(report=report, acting_user=request.user)
        self.message_user(request, _("Generation queued: the progress shows on each report."), messages.INFO)

    # --- downloads ---
    def get_urls(self):
        download = self.admin_site.admin_view(report_download)
        return [
            path("<int:pk>/download/<str:file_format>/", download, name="reports_report_download"),
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
        units = list(permissions.units_user_can_see(request.user).order_by("tree_id", "lft"))
        if not permissions.user_is_board(request.user) and len(units) == 1:
            return redirect("admin:reports_complianceunit_change", units[0].pk)
        source = compliance.current_figures()
        order = request.GET.get("o", "key")
        rows = compliance.sort_rows(compliance.unit_compliance(units, source), order)
        columns = [
            ("key", _("key")),
            ("name", _("unit")),
            ("last", _("last posted")),
            ("gap", _("longest gap (days)")),
            ("stale", _("stale")),
            ("budget", _("budget estimate missing")),
            ("english", _("English pages")),
            ("sections", _("required sections")),
            ("late", _("documents posted late")),
            ("questions", _("questions past deadline")),
            ("consultations", _("consultations without outcome")),
            ("problems", _("problems")),
        ]
        context = self._context(
            request,
            title=_("Compliance of the sites"),
            rows=rows,
            source=source,
            order=order,
            columns=[(key, label, f"-{key}" if order == key else key) for key, label in columns],
            checks=conf.CHECKS,
        )
        return TemplateResponse(request, "reports/admin/compliance_list.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        unit = permissions.units_user_can_see(request.user).filter(pk=object_id).first()
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
