"""How an administrative document writes numbers, dates and periods (Decree 30/2020/NĐ-CP)."""

from __future__ import annotations

from datetime import date


def vn_number(value: int | None, *, pad: bool = False) -> str:
    """6636328 → "6.636.328"; with pad, counts 1–9 take a leading zero as reports write them ("06")."""
    number = int(value or 0)
    if pad and 0 < number < 10:
        return f"0{number}"
    return f"{number:,}".replace(",", ".")


def vn_date(day: date) -> str:
    """ "ngày 05 tháng 7 năm 2022": leading zero for days below 10 and for months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_date_line(place: str, day: date) -> str:
    """The place and date line under the motto: "Trà Vinh, ngày 05 tháng 7 năm 2022"."""
    return f"{place}, {vn_date(day)}"


def short_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _is_year(start: date, end: date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def _half(start: date, end: date) -> int | None:
    if start.year != end.year:
        return None
    if (start.month, start.day, end.month, end.day) == (1, 1, 6, 30):
        return 1
    if (start.month, start.day, end.month, end.day) == (7, 1, 12, 31):
        return 2
    return None


def period_label(start: date, end: date) -> str:
    """ "6 tháng đầu năm 2022", "6 tháng cuối năm 2022", "năm 2022" or "từ ngày … đến ngày …"."""
    half = _half(start, end)
    if half == 1:
        return f"6 tháng đầu năm {start.year}"
    if half == 2:
        return f"6 tháng cuối năm {start.year}"
    if _is_year(start, end):
        return f"năm {start.year}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def next_period_label(start: date, end: date) -> str:
    """The period the directions are for: the next half-year, the next year, or the time ahead."""
    half = _half(start, end)
    if half == 1:
        return f"6 tháng cuối năm {start.year}"
    if half == 2:
        return f"6 tháng đầu năm {start.year + 1}"
    if _is_year(start, end):
        return f"năm {start.year + 1}"
    return "thời gian tới"


def preset_period(preset: str, year: int) -> tuple[date, date]:
    """The dates of a period preset: first_half, second_half or year."""
    if preset == "first_half":
        return date(year, 1, 1), date(year, 6, 30)
    if preset == "second_half":
        return date(year, 7, 1), date(year, 12, 31)
    if preset == "year":
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"Unknown period preset {preset!r}.")
