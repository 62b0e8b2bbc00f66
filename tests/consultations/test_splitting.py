"""Headings "Chương", "Điều", "Khoản" recognised from pasted text or a DOCX file."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from consultations.enums import ArticleKind
from consultations.splitting import docx_lines, split_text

from ..factories.consultations import SAMPLE_TEXT


def test_sample_text_is_split_into_chapters_articles_and_clauses():
    parts = split_text(SAMPLE_TEXT)
    kinds = [(p.kind, p.label) for p in parts]
    assert kinds[0] == (ArticleKind.PREAMBLE, "")
    assert (ArticleKind.CHAPTER, "Chương I") in kinds
    assert [label for kind, label in kinds if kind == ArticleKind.ARTICLE] == [
        "Điều 1",
        "Điều 2",
        "Điều 3",
        "Điều 4",
    ]
    chapter_one = next(p for p in parts if p.label == "Chương I")
    assert chapter_one.heading == "QUY ĐỊNH CHUNG"
    article_3 = next(i for i, p in enumerate(parts) if p.label == "Điều 3")
    clauses = [p for p in parts if p.parent == article_3]
    assert [c.label for c in clauses] == ["Khoản 1", "Khoản 2"]
    assert clauses[0].body == "Cơ quan cung cấp thông tin đúng thời hạn."
    assert parts[article_3].heading == "Cung cấp thông tin"
    assert parts[article_3].parent == next(i for i, p in enumerate(parts) if p.label == "Chương II")


def test_numbered_clauses_and_body_text():
    parts = split_text(SAMPLE_TEXT)
    article_2 = next(i for i, p in enumerate(parts) if p.label == "Điều 2")
    assert [p.label for p in parts if p.parent == article_2] == ["1.", "2."]
    article_4 = next(p for p in parts if p.label == "Điều 4")
    assert article_4.body == "Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký."


def test_latin_eth_and_decomposed_accents_are_recognised():
    import unicodedata

    text = "\u00d0iều 1. Phạm vi\nNội dung\n" + unicodedata.normalize("NFD", "Điều 2. Đối tượng")
    parts = split_text(text)
    assert [p.label for p in parts] == ["Điều 1", "Điều 2"]
    assert parts[1].heading == "Đối tượng"


def test_numbered_lines_outside_an_article_are_not_clauses():
    parts = split_text("Căn cứ:\n1. Luật Tổ chức chính quyền địa phương;\nĐiều 1. Phạm vi")
    assert parts[0].kind == ArticleKind.PREAMBLE
    assert "1. Luật Tổ chức" in parts[0].body


def test_docx_paragraphs_become_lines():
    document = Document()
    for line in SAMPLE_TEXT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.name = "du-thao.docx"
    parts = split_text(docx_lines(buffer))
    assert [p.label for p in parts if p.kind == ArticleKind.ARTICLE] == [
        "Điều 1",
        "Điều 2",
        "Điều 3",
        "Điều 4",
    ]


def test_a_broken_docx_is_a_clear_error():
    with pytest.raises(ValidationError, match="Word"):
        docx_lines(io.BytesIO(b"PK\x03\x04 not really a docx"))
