"""The number and symbol grammar of Decree 30/2020 Điều 15: shapes, normalisation, and clear refusals."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from documents.enums import DocType, SymbolForm
from documents.symbols import fold_number, normalize, parse


@pytest.mark.parametrize(
    ("raw", "text", "doc_type", "body", "units", "form"),
    [
        ("1762/QĐ-UBND", "1762/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("1857/QĐ-UBND", "1857/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("44/KH-UBND", "44/KH-UBND", DocType.KH, "UBND", (), SymbolForm.ADMINISTRATIVE),
        (
            "1128/KH-STTTT-TTCNTTTT",
            "1128/KH-STTTT-TTCNTTTT",
            DocType.KH,
            "STTTT",
            ("TTCNTTTT",),
            SymbolForm.ADMINISTRATIVE,
        ),
        ("12/BC-BBT", "12/BC-BBT", DocType.BC, "BBT", (), SymbolForm.ADMINISTRATIVE),
        ("05/TB-VP", "05/TB-VP", DocType.TB, "VP", (), SymbolForm.ADMINISTRATIVE),
        ("3/HĐ-STC", "3/HĐ-STC", DocType.HOPDONG, "STC", (), SymbolForm.ADMINISTRATIVE),
        ("3/HD-STC", "3/HD-STC", DocType.HD, "STC", (), SymbolForm.ADMINISTRATIVE),
        ("8/ĐA-UBND", "8/ĐA-UBND", DocType.DEAN, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("8/DA-BQLDA", "8/DA-BQLDA", DocType.DA, "BQLDA", (), SymbolForm.ADMINISTRATIVE),
        ("9505/BTC-NSNN", "9505/BTC-NSNN", DocType.CV, "BTC", ("NSNN",), SymbolForm.OFFICIAL_LETTER),
        ("3181/STC-NS", "3181/STC-NS", DocType.CV, "STC", ("NS",), SymbolForm.OFFICIAL_LETTER),
        ("1234/UBND-VP", "1234/UBND-VP", DocType.CV, "UBND", ("VP",), SymbolForm.OFFICIAL_LETTER),
        ("42/2022/NĐ-CP", "42/2022/NĐ-CP", DocType.ND, "CP", (), SymbolForm.LEGAL),
        ("343/2016/TT-BTC", "343/2016/TT-BTC", DocType.TT, "BTC", (), SymbolForm.LEGAL),
        ("80/2015/QH13", "80/2015/QH13", DocType.LUAT, "QH13", (), SymbolForm.LEGAL),
        ("01/2022/UBTVQH15", "01/2022/UBTVQH15", DocType.PL, "UBTVQH15", (), SymbolForm.LEGAL),
        ("15/2021/QĐ-UBND", "15/2021/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.LEGAL),
        ("01/2016/TTLT-BTC-BTP", "01/2016/TTLT-BTC-BTP", DocType.TTLT, "BTC", ("BTP",), SymbolForm.LEGAL),
        # Mixed-case types keep their case whatever was typed.
        ("5/QyĐ-UBND", "5/QyĐ-UBND", DocType.QYD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("5/QYĐ-UBND", "5/QyĐ-UBND", DocType.QYD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("7/CTr-UBND", "7/CTr-UBND", DocType.CTR, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("12/TTR-UBND", "12/TTr-UBND", DocType.TTR, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("2/trs-vp", "2/TrS-VP", DocType.TRS, "VP", (), SymbolForm.ADMINISTRATIVE),
        # Normalisation: "Số:", spaces around separators, lower case, U+00D0, dashes, NFD input.
        ("Số: 1762/QĐ-UBND", "1762/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("SỐ 1762 / QĐ - UBND", "1762/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("số:1762/qđ-ubnd", "1762/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("1762/QÐ-UBND", "1762/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("1762/QĐ–UBND", "1762/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("1762/Q\u0110-UBND", "1762/QĐ-UBND", DocType.QD, "UBND", (), SymbolForm.ADMINISTRATIVE),
        ("  44/KH-UBND  ", "44/KH-UBND", DocType.KH, "UBND", (), SymbolForm.ADMINISTRATIVE),
    ],
)
def test_valid_numbers(raw, text, doc_type, body, units, form):
    parsed = parse(raw)
    assert parsed.text == text
    assert parsed.doc_type == doc_type
    assert parsed.body == body
    assert parsed.units == units
    assert parsed.form == form


def test_parts_of_a_legal_number():
    parsed = parse("01/2022/NĐ-CP")
    assert (parsed.number, parsed.number_text, parsed.year, parsed.symbol) == (1, "01", 2022, "2022/NĐ-CP")


def test_decomposed_input_is_composed_first():
    typed = unicodedata.normalize("NFD", "Số: 1762/QĐ-UBND")
    assert typed != "Số: 1762/QĐ-UBND"
    assert normalize(typed) == "1762/QĐ-UBND"
    assert parse(typed).text == "1762/QĐ-UBND"


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("", "empty", "1762/QĐ-UBND"),
        ("   ", "empty", "Enter"),
        ("1762", "no_slash", "“/”"),
        ("1762 QĐ UBND", "space", "space"),
        ("1762/QĐ UBND", "space", "“-”"),
        ("1762/QĐ-UBND!", "character", "“!”"),
        ("1762/QĐ_UBND", "character", "“_”"),
        ("/QĐ-UBND", "no_number", "number is missing"),
        ("a12/QĐ-UBND", "number", "digits"),
        ("12a/QĐ-UBND", "number", "“12a”"),
        ("0/QĐ-UBND", "number_range", "start at 1"),
        ("12345678/QĐ-UBND", "number_range", "12345678"),
        ("1762/", "no_symbol", "type and the issuing body"),
        ("1762/QĐ", "no_body", "issuing body"),
        ("1762/QĐ-", "empty_group", "empty part"),
        ("1762/QĐ--UBND", "empty_group", "QĐ--UBND"),
        ("1762/-UBND", "empty_group", "empty part"),
        ("1762/QD-UBND", "type_spelling", "did you mean QĐ"),
        ("1762/qd-ubnd", "type_spelling", "QĐ"),
        ("1762/CD-UBND", "type_spelling", "CĐ"),
        ("1762/ABC", "no_type", "must start with a document type such as QĐ, KH, TB"),
        ("1762/UBND", "no_type", "9505/BTC-NSNN"),
        ("1/2/3/4", "too_many_slashes", "too many"),
        ("42/22/NĐ-CP", "year", "four digits"),
        ("42/abcd/NĐ-CP", "year", "four digits"),
        ("42/1900/NĐ-CP", "year_range", "1900"),
        ("42/2999/NĐ-CP", "year_range", "2999"),
        ("42/2022/KH-UBND", "not_legal_type", "not a type of legal normative document"),
        ("42/2022/NĐ", "no_body", "issuing body"),
        ("42/2022/BTC-NSNN", "legal_type", "names its type and issuing body"),
        ("42/2022/ND-CP", "type_spelling", "NĐ"),
        ("١٢/QĐ-UBND", "number", "digits"),
    ],
)
def test_invalid_numbers_are_explained(raw, code, fragment):
    with pytest.raises(ValidationError) as error:
        parse(raw)
    assert error.value.code == code
    assert fragment in error.value.messages[0]


def test_year_limit_is_configurable():
    assert parse("1/2030/NĐ-CP", max_year=2030).year == 2030
    with pytest.raises(ValidationError):
        parse("1/2031/NĐ-CP", max_year=2030)


@pytest.mark.parametrize(
    ("typed", "stored", "matches"),
    [
        ("1762/qd-ubnd", "1762/QĐ-UBND", True),
        ("1762 QĐ", "1762/QĐ-UBND", True),
        ("1762/QĐ-UBND", "1762/QĐ-UBND", True),
        ("Số: 1762 / QĐ - UBND", "1762/QĐ-UBND", True),
        ("1762", "1762/QĐ-UBND", True),
        ("qd-ubnd", "1762/QĐ-UBND", True),
        ("62/QĐ", "1762/QĐ-UBND", False),
        ("176", "1762/QĐ-UBND", False),
        ("1762/KH", "1762/QĐ-UBND", False),
        ("ttr", "12/TTr-UBND", True),
        ("9505 btc", "9505/BTC-NSNN", True),
        ("42/2022/nd-cp", "42/2022/NĐ-CP", True),
    ],
)
def test_fold_number_matches_whole_parts(typed, stored, matches):
    assert (fold_number(typed) in fold_number(stored)) is matches


def test_fold_number_of_nothing_is_empty():
    assert fold_number("") == "" and fold_number(" / ") == ""
