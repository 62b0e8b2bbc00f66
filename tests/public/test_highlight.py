"""Search highlighting marks whole words: never a part of another word ("trá" inside "tránh"), and in
Khmer, which has no spaces, never a part of a written cluster (search.engine._whole_word)."""

import pytest

from search.engine import highlight, snippet

from .test_search import article, get


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("Tránh trả lời trá hình", "trá", "Tránh <mark>trả</mark> lời <mark>trá</mark> hình"),
        ("Trade fair in Trà Vinh", "tra", "Trade fair in <mark>Trà</mark> Vinh"),
        ("Trade fair", "Trade", "<mark>Trade</mark> fair"),
        ("Quyết định 1762/QĐ-UBND", "qd", "Quyết định 1762/<mark>QĐ</mark>-UBND"),
        ("Quyết định 1762/QĐ-UBND", "1762/qd-ubnd", "Quyết định <mark>1762/QĐ-UBND</mark>"),
        ("vinhvinh vinh", "vinh", "vinhvinh <mark>vinh</mark>"),
        ("Cầu Cổ Chiên", "co chien", "Cầu <mark>Cổ Chiên</mark>"),
        # Vietnamese typed with combining accents: the accent belongs to the word.
        ("Tra\u0300 Vinh", "tra", "<mark>Tra\u0300</mark> Vinh"),
        ("Tra\u0300nh", "tra", "Tra\u0300nh"),
    ],
)
def test_latin_words_are_marked_whole(text, query, marked):
    assert str(highlight(text, query)) == marked


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        # A word between two clusters, with no space: marked.
        ("ពិធីបុណ្យអកអំបុកនៅខេត្ត", "អកអំបុក", "ពិធីបុណ្យ<mark>អកអំបុក</mark>នៅខេត្ត"),
        ("ការប្រជុំ", "ប្រជុំ", "ការ<mark>ប្រជុំ</mark>"),
        # At the start, after a space or a zero-width space: marked.
        ("ប្រជុំ\u200bថ្ងៃ", "ថ្ងៃ", "ប្រជុំ\u200b<mark>ថ្ងៃ</mark>"),
        # Cutting a cluster: a vowel sign left out, or a subscript consonant taken from its base.
        ("ការប្រជុំ", "ប្រជុ", "ការប្រជុំ"),
        ("ការប្រជុំ", "រជុំ", "ការប្រជុំ"),
        ("ខេត្តត្រាវិញ", "ត្រា", "ខេត្ត<mark>ត្រា</mark>វិញ"),
        ("ខេត្ត", "ត", "ខេត្ត"),
    ],
)
def test_khmer_is_marked_on_cluster_edges(text, query, marked):
    assert str(highlight(text, query)) == marked


@pytest.mark.parametrize(
    "query",
    ["<mark>", "</mark><script>alert(1)</script>", ".*", "(", "\\", "\x00", "a" * 5000, "ៗ", "\u200b"],
)
def test_hostile_queries_are_escaped_and_never_break_the_text(query):
    text = "Lịch <b>tiếp</b> công dân .* ( \\ ៗ"
    out = str(highlight(text, query))
    assert "<script>" not in out and "<b>" not in out
    assert out.replace("<mark>", "").replace("</mark>", "") == str(highlight(text, ""))


def test_a_snippet_marks_whole_words_only():
    body = "Người dân cần tránh đi lại. " * 20 + "Lễ hội Trà Vinh năm nay."
    out = str(snippet(body, "trà"))
    assert "<mark>Trà</mark>" in out
    assert "<mark>trá" not in out.lower()


def test_the_results_page_marks_whole_words(client, main_portal):
    article(main_portal, title_vi="Tránh ùn tắc dịp lễ hội Trà Vinh", slug="tranh")
    page = get(client, "vi", q="trà", type="news").content.decode()
    assert "<mark>Trà</mark> Vinh" in page
    assert "<mark>Trá" not in page
