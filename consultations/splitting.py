"""Split a draft's text into chapters, articles and clauses from its headings.

Vietnamese legal drafts are written "Chương I" (often with its title on the next line), "Điều 3. Title",
and clauses either "Khoản 1." or simply "1. ..." inside an article. The text comes pasted or from a
DOCX file (python-docx); both end up as a list of lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import ArticleKind

_CHAPTER = re.compile(r"^chương\s+([ivxlcdm]+|\d+)\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^điều\s+(\d+[a-z]?)\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_CLAUSE_NAMED = re.compile(r"^khoản\s+(\d+)\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_CLAUSE_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


@dataclass
class Part:
    kind: str
    label: str
    heading: str = ""
    body_lines: list[str] = field(default_factory=list)
    parent: int | None = None

    @property
    def body(self) -> str:
        return "\n".join(self.body_lines).strip()


def _normalise(line: str) -> str:
    # "Ð" (U+00D0) is often typed for "Đ" (U+0110); NFC so that "Điều" matches however it was composed.
    return unicodedata.normalize("NFC", line.replace("\u00d0", "\u0110")).strip()


def split_text(text: str) -> list[Part]:
    """Parts in reading order, each naming its parent's index; text before any heading is a preamble."""
    parts: list[Part] = []
    chapter = article = None
    awaiting_chapter_title = False
    for raw in (text or "").splitlines():
        line = _normalise(raw)
        if not line:
            continue
        if match := _CHAPTER.match(line):
            parts.append(Part(ArticleKind.CHAPTER, f"Chương {match[1].upper()}", match[2].strip()))
            chapter, article = len(parts) - 1, None
            awaiting_chapter_title = not match[2].strip()
            continue
        if match := _ARTICLE.match(line):
            parts.append(Part(ArticleKind.ARTICLE, f"Điều {match[1]}", match[2].strip(), parent=chapter))
            article, awaiting_chapter_title = len(parts) - 1, False
            continue
        if awaiting_chapter_title:
            parts[chapter].heading, awaiting_chapter_title = line, False
            continue
        clause = _CLAUSE_NAMED.match(line) if article is not None else None
        if clause:
            parts.append(
                Part(ArticleKind.CLAUSE, f"Khoản {clause[1]}", body_lines=[clause[2]], parent=article)
            )
            continue
        clause = _CLAUSE_NUMBERED.match(line) if article is not None else None
        if clause:
            parts.append(Part(ArticleKind.CLAUSE, f"{clause[1]}.", body_lines=[clause[2]], parent=article))
            continue
        if parts:
            parts[-1].body_lines.append(line)
        else:
            parts.append(Part(ArticleKind.PREAMBLE, "", body_lines=[line]))
    return parts


def docx_lines(file) -> str:
    """The paragraphs of a DOCX file as text, one a line."""
    from docx import Document

    try:
        file.seek(0)
        document = Document(file)
    except Exception:
        raise ValidationError(
            _("The file could not be read as a Word (DOCX) document."), code="docx"
        ) from None
    finally:
        file.seek(0)
    return "\n".join(p.text for p in document.paragraphs)
