"""Before publication: find personal data in the question and the answer (Decree 13/2023/NĐ-CP).

Phone numbers, e-mail addresses, ID numbers (CMND: 9 digits, CCCD: 12 digits) and the asker's own
name, e-mail, phone and address. The approver is warned and must confirm before publishing.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.personal_data import KINDS, Finding, _digits, find_in_text  # noqa: F401 (the shared check)
from portal.text import strip_tags_for_search


def check_question(question) -> list[Finding]:
    """Every piece of personal data in what would be published: title, question, answer in each language."""
    asker_values = [
        v
        for v in (question.asker_name, question.asker_email, question.asker_phone, question.asker_address)
        if v and (len(v.split()) >= 2 or "@" in v or len(_digits(v)) >= 8)
    ]
    texts = [(str(_("title")), question.title), (str(_("question")), question.body)]
    answer = getattr(question, "answer", None) if question.pk else None
    if answer is not None:
        for code, name in settings.LANGUAGES:
            body = strip_tags_for_search(getattr(answer, f"body_{code}", "") or "")
            texts.append((f"{_('answer')} ({name})", body))
    findings: list[Finding] = []
    for where, text in texts:
        findings.extend(find_in_text(text or "", where, asker_values))
    return findings
