"""The public document finder: django-filter parses it, aggregate queries count each option."""

from __future__ import annotations

import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .enums import BudgetKind, Category, DocType, Validity
from .models import DocumentQuerySet, Field, IssuingBody

SORTS = {
    "newest": (_("Newest first"), ("-issued_on", "-number", "-pk")),
    "oldest": (_("Oldest first"), ("issued_on", "number", "pk")),
    "posted": (_("Recently posted"), ("-posted_at", "-pk")),
    "number": (_("By number"), ("year", "number", "pk")),
}
# Filter name → the column (or annotation) its options are counted by.
FACETS = {
    "doc_type": "doc_type",
    "issuing_body": "issuing_body",
    "field": "field",
    "category": "category",
    "year": "year",
    "validity": "validity_state",
    "fiscal_year": "fiscal_year",
    "budget_kind": "budget_kind",
}


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Number and symbol, or words of the abstract"))
    doc_type = django_filters.ChoiceFilter(choices=DocType.choices, label=_("Type"))
    issuing_body = django_filters.ModelChoiceFilter(
        queryset=IssuingBody.objects.all(), label=_("Issuing body")
    )
    field = django_filters.ModelChoiceFilter(queryset=Field.objects.all(), label=_("Field"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    year = django_filters.NumberFilter(label=_("Year"))
    validity = django_filters.ChoiceFilter(
        choices=Validity.choices, method="filter_validity", label=_("Validity")
    )
    fiscal_year = django_filters.NumberFilter(label=_("Fiscal year"))
    budget_kind = django_filters.ChoiceFilter(choices=BudgetKind.choices, label=_("Budget disclosure kind"))
    sort = django_filters.ChoiceFilter(
        choices=[(k, label) for k, (label, _order) in SORTS.items()], method="filter_sort", label=_("Sort")
    )

    def filter_q(self, queryset: DocumentQuerySet, name: str, value: str) -> DocumentQuerySet:
        return queryset.matching(value[:200])

    def filter_validity(self, queryset: DocumentQuerySet, name: str, value: str) -> DocumentQuerySet:
        return queryset.filter(validity_state=value)

    def filter_sort(self, queryset: DocumentQuerySet, name: str, value: str) -> DocumentQuerySet:
        return queryset

    def ordered(self) -> DocumentQuerySet:
        queryset = self.qs  # validates the form: cleaned_data holds every valid value
        key = self.form.cleaned_data.get("sort") or "newest"
        return queryset.order_by(*SORTS[key][1])

    def _filtered_except(self, skipped: str) -> DocumentQuerySet:
        self.errors  # noqa: B018 - validates the form so cleaned_data exists
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name in (skipped, "sort") or value in (None, ""):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self, names: list[str]) -> dict[str, dict]:
        """For each facet, the count of every option with every *other* filter applied: one query each."""
        counts = {}
        for name in names:
            column = FACETS[name]
            rows = (
                self._filtered_except(name)
                .order_by()
                .values(column)
                .annotate(n=Count("pk"))
                .values_list(column, "n")
            )
            counts[name] = {value: n for value, n in rows if value not in (None, "")}
        return counts
