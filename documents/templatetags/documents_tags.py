"""The finder's table rows, built in Python: a page shows twenty, and the template engine costs several
times as much per row."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

register = template.Library()


def _details(document) -> str:
    details = format_html("{}", document.issuing_body.name if document.issuing_body_id else "")
    if document.fiscal_year:
        details += format_html(
            " · {} {} · {}", gettext("Fiscal year"), document.fiscal_year, document.get_budget_kind_display()
        )
    if document.enterprise:
        details += format_html(" · {}", document.enterprise)
    return details


@register.simple_tag
def document_row(document) -> str:
    title = document.localized_title()
    # data-label names each cell on a phone, where every row is shown as a card (static/css/portal.css).
    return format_html(
        "\n    <tr>\n"
        '      <td data-label="{}"><a href="{}">{}</a><br><span class="meta">{}</span></td>\n'
        '      <td data-label="{}">{}</td>\n'
        '      <td data-label="{}"><span{}>{}</span><br><span class="meta">{}</span></td>\n'
        '      <td data-label="{}"><span class="validity validity-{}">{}</span></td>\n'
        "    </tr>",
        gettext("Number and symbol"),
        reverse("documents:detail", kwargs={"pk": document.pk}),
        document.number_symbol,
        document.get_doc_type_display(),
        gettext("Issued on"),
        dateformat.format(document.issued_on, "d/m/Y") if document.issued_on else "",
        gettext("Abstract"),
        format_html(' lang="{}"', title["lang"]) if title["lang"] != get_language() else "",
        title["text"],
        _details(document),
        gettext("Validity"),
        document.validity_state,
        document.get_validity_display(),
    )
