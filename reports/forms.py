from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import PeriodPreset
from .formatting import preset_period
from .models import Report


class ReportAddForm(forms.ModelForm):
    """A new report: a period preset (a half-year, a year) or any two dates."""

    preset = forms.ChoiceField(
        label=_("period"), choices=PeriodPreset.choices, initial=PeriodPreset.FIRST_HALF
    )
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)

    class Meta:
        model = Report
        fields = ("period_start", "period_end", "number", "report_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["period_start"].required = False
        self.fields["period_end"].required = False
        self.fields["period_start"].help_text = _("Only for “any two dates”.")
        self.fields["period_end"].help_text = _("Only for “any two dates”.")

    def clean(self):
        data = super().clean()
        preset = data.get("preset")
        if preset == PeriodPreset.CUSTOM:
            start, end = data.get("period_start"), data.get("period_end")
            if not start or not end:
                raise forms.ValidationError(
                    _("For any two dates, give both the start and the end of the period.")
                )
            if end < start:
                self.add_error("period_end", _("The period ends before it starts."))
        elif preset:
            if not data.get("year"):
                self.add_error("year", _("Give the year of the period."))
                return data
            data["period_start"], data["period_end"] = preset_period(preset, data["year"])
        return data
