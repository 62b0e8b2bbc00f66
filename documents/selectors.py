"""Public reads of the registry: a unit's documents, their relations and files, the leaders' week."""

from __future__ import annotations

from datetime import date

from django.http import Http404

from . import conf
from .models import Attachment, Document, Field, IssuingBody, LeaderSchedule


def document_get_in_unit(unit, pk: int) -> Document:
    """A public document of `unit`: the same 404 for missing, unpublished and another unit's."""
    document = (
        Document.objects.visible()
        .in_unit(unit)
        .with_validity()
        .select_related("issuing_body", "field", "unit")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404("no such document")
    return document


def finder_documents(unit, category: str = ""):
    """The finder's base: the unit's public documents (of `category` when given), with their validity."""
    return Document.objects.visible().in_unit(unit).of_category(category).with_validity()


def document_relations(document: Document):
    """(outgoing, incoming) relations of `document` with public documents, by kind then issue date."""
    visible = Document.objects.visible()
    outgoing = (
        document.relations_out.among(visible)
        .select_related("target__unit")
        .order_by("kind", "target__issued_on")
    )
    incoming = (
        document.relations_in.among(visible)
        .select_related("source__unit")
        .order_by("kind", "source__issued_on")
    )
    return outgoing, incoming


def document_attachments(document: Document) -> list[Attachment]:
    return list(document.attachments.all())


def attachment_get_public(unit, pk: int) -> Attachment:
    """A file of a public document of `unit`: the same 404 for missing, unpublished and another unit's."""
    documents = Document.objects.visible().in_unit(unit).values("pk")
    attachment = Attachment.objects.select_related("document").filter(pk=pk, document__in=documents).first()
    if attachment is None:
        raise Http404("no such file")
    return attachment


def schedule_of_week(unit, week_start: date, *, with_unit: bool = False) -> LeaderSchedule | None:
    """`unit`'s public schedule of the week starting `week_start`, with its entries (None: none)."""
    schedules = LeaderSchedule.objects.visible().in_unit(unit).for_week(week_start)
    if with_unit:
        schedules = schedules.select_related("unit")  # its address names the unit
    return schedules.prefetch_related("entries").first()


def issuing_body_names(pks) -> dict:
    """{pk: name} of the issuing bodies `pks`: a facet's labels."""
    return {b.pk: b.name for b in IssuingBody.objects.filter(pk__in=list(pks))}


def field_names(pks) -> dict:
    """{pk: name} of the fields `pks`: a facet's labels."""
    return {f.pk: f.name for f in Field.objects.filter(pk__in=list(pks))}


def recent_documents(unit, category: str = "", *, limit: int | None = None):
    """`unit`'s public documents (of `category` when given), newest posted first."""
    documents = (
        Document.objects.visible()
        .in_unit(unit)
        .of_category(category)
        .select_related("unit", "issuing_body")
        .order_by("-posted_at", "-pk")
    )
    return documents[: conf.home_items() if limit is None else limit]


def documents_matching(query: str, language: str, unit):
    """Search: public documents in `language` matching `query` (in `unit` when given), newest first."""
    documents = Document.objects.visible(language).matching(query)
    if unit is not None:
        documents = documents.in_unit(unit)
    return documents.order_by("-issued_on", "-pk")
