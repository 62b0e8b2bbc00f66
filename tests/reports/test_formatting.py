from datetime import date

import pytest

from reports.formatting import next_period_label, period_label, preset_period, vn_date_line, vn_number


@pytest.mark.parametrize(
    ("value", "pad", "expected"),
    [
        (6636328, False, "6.636.328"),
        (7620, False, "7.620"),
        (453, False, "453"),
        (0, False, "0"),
        (6, True, "06"),
        (9, True, "09"),
        (10, True, "10"),
        (0, True, "0"),
        (None, False, "0"),
    ],
)
def test_vn_number(value, pad, expected):
    assert vn_number(value, pad=pad) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 7, 5), "Trà Vinh, ngày 05 tháng 7 năm 2022"),
        (date(2022, 1, 15), "Trà Vinh, ngày 15 tháng 01 năm 2022"),
        (date(2022, 2, 9), "Trà Vinh, ngày 09 tháng 02 năm 2022"),
        (date(2022, 3, 10), "Trà Vinh, ngày 10 tháng 3 năm 2022"),
        (date(2022, 12, 31), "Trà Vinh, ngày 31 tháng 12 năm 2022"),
    ],
)
def test_date_line(day, expected):
    assert vn_date_line("Trà Vinh", day) == expected


def test_period_labels():
    assert period_label(*preset_period("first_half", 2022)) == "6 tháng đầu năm 2022"
    assert next_period_label(*preset_period("first_half", 2022)) == "6 tháng cuối năm 2022"
    assert next_period_label(*preset_period("second_half", 2022)) == "6 tháng đầu năm 2023"
    assert period_label(*preset_period("year", 2022)) == "năm 2022"
    assert period_label(date(2022, 1, 1), date(2022, 3, 15)) == "từ ngày 01/01/2022 đến ngày 15/03/2022"
    with pytest.raises(ValueError):
        preset_period("quarter", 2022)
