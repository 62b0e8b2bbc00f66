"""Before publication: find personal data in what a citizen wrote or an editor answered (Decree 13/2023).

Phone numbers, e-mail addresses, ID numbers (CMND: 9 digits, CCCD: 12 digits) and the writer's own
name, e-mail, phone and address. One check for every app that publishes what citizens send: the
Q&A (citizen_qa.personal_data) and the comments on drafts (consultations.services).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.text import fold

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese mobile (0 + 9 digits) and landline (0 + 10 digits) numbers, or +84, with spaces, dots, dashes.
_PHONE = re.compile(r"(?<![\d\w])(?:\+84|0084|0)(?:[\s.\-]?\d){9,10}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![\d/])(?<!\d[.,-])(?:\d{12}|\d{9})(?!\d|[/.,-]\d)")

KINDS = {
    "email": _("e-mail address"),
    "phone": _("phone number"),
    "id_number": _("ID card number (CMND/CCCD)"),
    "asker": _("the asker's own data"),
    "commenter": _("the commenter's own data"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    where: str
    text: str

    @property
    def label(self):
        return KINDS[self.kind]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def own_values(*values: str) -> list[str]:
    """The writer's own data worth looking for: a full name, an e-mail, a number of 8 digits or more."""
    return [v for v in values if v and (len(v.split()) >= 2 or "@" in v or len(_digits(v)) >= 8)]


def find_in_text(
    text: str, where: str, asker_values: list[str] = (), own_kind: str = "asker"
) -> list[Finding]:
    found: list[Finding] = []
    for match in _EMAIL.finditer(text):
        found.append(Finding("email", where, match.group()))
    without_emails = _EMAIL.sub(" ", text)
    for match in _PHONE.finditer(without_emails):
        found.append(Finding("phone", where, match.group().strip()))
    without_phones = _PHONE.sub(" ", without_emails)
    for match in _ID_NUMBER.finditer(without_phones):
        found.append(Finding("id_number", where, match.group()))
    folded, digits = fold(text), _digits(text)
    for value in asker_values:
        value_digits = _digits(value)
        if len(value_digits) >= 8 and value_digits in digits:
            found.append(Finding(own_kind, where, value))
        elif len(value_digits) < 8 and len(fold(value)) >= 6 and fold(value) in folded:
            found.append(Finding(own_kind, where, value))
    return found
