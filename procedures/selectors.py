"""Public reads of the procedures: the list of a unit (the main portal lists every unit's), one
procedure, the fields and units a list may be filtered by, search."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import Field, Procedure


def _lists_every_unit(unit) -> bool:
    return unit.parent_id is None


def public_procedures(unit) -> QuerySet[Procedure]:
    """What `unit`'s list shows: its own public procedures; the main portal's shows every unit's."""
    procedures = Procedure.objects.visible()
    return procedures if _lists_every_unit(unit) else procedures.in_unit(unit)


def listing(procedures: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """One query for a page of rows, each naming its field and unit."""
    return procedures.select_related("field", "unit").order_by("code", "pk")


def procedure_get(unit, pk: int) -> Procedure:
    """A public procedure shown on `unit`'s site: the same 404 for missing, unpublished and another
    unit's (the main portal shows every unit's)."""
    procedure = listing(public_procedures(unit)).filter(pk=pk).first()
    if procedure is None:
        raise Http404("no such procedure")
    return procedure


def fields_in(procedures: QuerySet[Procedure]) -> QuerySet[Field]:
    """The fields that `procedures` use: a list offers no option that finds nothing."""
    return Field.objects.filter(pk__in=procedures.order_by().values("field_id"))


def procedures_matching(query: str, language: str, unit):
    """Search: public procedures matching `query` by code or name (in `unit` when given)."""
    procedures = Procedure.objects.visible(language).search(query)
    if unit is not None:
        procedures = procedures.in_unit(unit)
    return procedures.order_by("-published_at", "-pk")
