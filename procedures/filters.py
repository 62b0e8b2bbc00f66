"""The public list's search and filters: django-filter parses them; a value that is not an option is
ignored with the form's message, never an error page."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from subsites.models import Unit

from .enums import Level
from .models import Field, Procedure

# No code or name is longer; a longer query is cut rather than refused.
QUERY_LIMIT = 200


class ProcedureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Code or name of the procedure"))
    field = django_filters.ModelChoiceFilter(queryset=Field.objects.all(), label=_("Field"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.filter(active=True), label=_("Unit"))

    class Meta:
        model = Procedure
        fields = ("q", "field", "level", "unit")

    def filter_q(self, queryset, name: str, value: str):
        return queryset.search(value[:QUERY_LIMIT])
