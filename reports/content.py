"""The text of the report, built once from the figures and the narrative, rendered as DOCX and as PDF.

The report is an administrative document of a Vietnamese body (Decree 30/2020/NĐ-CP): it is written
in Vietnamese whatever the language of the person generating it, like the seed report, so its fixed
sentences are Vietnamese text here rather than interface strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from . import conf
from .formatting import next_period_label, period_label, vn_date_line, vn_number

HEADING, SUBHEADING, BODY = "heading", "subheading", "body"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CATEGORY_WORDS = {
    "direction": "văn bản chỉ đạo điều hành",
    "legal": "văn bản quy phạm pháp luật",
    "admin_procedure": "quyết định về công bố, bãi bỏ thủ tục hành chính",
    "procurement": "thông báo về đấu thầu - mua sắm công",
    "leader_schedule": "lịch làm việc của lãnh đạo tỉnh",
    "plan": "kế hoạch",
    "notice": "thông báo",
    "other": "văn bản khác",
}
LANGUAGE_WORDS = {"km": "tiếng Khmer", "en": "tiếng Anh"}


@dataclass
class ReportMeta:
    """Everything of the document that is not a figure: heading, narrative, social channels, signer."""

    period_start: date
    period_end: date
    issuer_parent: str = ""
    issuer: str = ""
    number_line: str = ""
    place: str = ""
    report_date: date = field(default_factory=timezone.localdate)
    abstract: str = ""
    situation: str = ""
    advantages: str = ""
    limitations: str = ""
    directions: str = ""
    facebook_followers: int | None = None
    facebook_reach: int | None = None
    facebook_visits: int | None = None
    zalo_followers: int | None = None
    zalo_monthly_views: int | None = None
    signer_authority: str = ""
    signer_position: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)

    @classmethod
    def defaults(cls, start: date, end: date) -> ReportMeta:
        """The settings' heading and signer, for `manage.py build_report` (no Report row)."""
        values = conf.issuer()
        return cls(
            period_start=start,
            period_end=end,
            issuer_parent=values["issuer_parent"],
            issuer=values["issuer"],
            number_line=f"   /{values['symbol']}",
            place=values["place"],
            signer_authority=values["signer_authority"],
            signer_position=values["signer_position"],
            signer_title=values["signer_title"],
            signer_name=values["signer_name"],
            recipients=_lines(values["recipients"]),
        )

    @classmethod
    def from_report(cls, report) -> ReportMeta:
        names = [
            f.name for f in cls.__dataclass_fields__.values() if f.name not in {"recipients", "number_line"}
        ]
        return cls(
            **{name: getattr(report, name) for name in names},
            number_line=report.number_line,
            recipients=_lines(report.recipients),
        )


@dataclass
class Paragraph:
    text: str
    kind: str = BODY


@dataclass
class Chart:
    title: str
    png: bytes


@dataclass
class ReportDocument:
    meta: ReportMeta
    date_line: str
    abstract: str
    blocks: list[Paragraph | Chart]


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-").strip() for line in (text or "").splitlines() if line.strip()]


def _narrative(text: str) -> list[Paragraph]:
    return [Paragraph(line if line.startswith("-") else f"- {line}") for line in _lines_kept(text)]


def _lines_kept(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _names(figures: dict, keys: list[str]) -> str:
    by_key = {u["unit"]: u["name"] for u in figures["subsites"]["units"]}
    return ", ".join(by_key.get(key, key) for key in keys)


def _ceased_sentence(units: list[dict], end: str) -> str:
    """The component sites that ceased during the period (reorganisation), each with its successor."""
    parts = []
    for unit in units:
        # ISO dates compare as text; a unit ceasing after the period was whole in it.
        if not unit.get("ceased_on") or unit["ceased_on"] > end:
            continue
        day = date.fromisoformat(unit["ceased_on"]).strftime("%d/%m/%Y")
        successor = f", chuyển giao cho {unit['successor_name']}" if unit.get("successor_name") else ""
        parts.append(f"{unit['name']} (từ ngày {day}{successor})")
    if not parts:
        return ""
    return (
        "Do sắp xếp tổ chức bộ máy, các trang TTĐT thành phần sau đã ngừng hoạt động; số liệu của "
        f"các trang này được tính đến ngày trước ngày ngừng hoạt động: {'; '.join(parts)}."
    )


def _documents_sentence(portal: dict) -> str:
    parts = [
        f"{vn_number(n, pad=True)} {CATEGORY_WORDS.get(key, key)}"
        for key, n in portal["documents"]["by_category"].items()
        if n
    ]
    detail = f" (trong đó có {', '.join(parts)})" if parts else ""
    return f"- Bên cạnh đó, đã cập nhật {vn_number(portal['documents']['total'], pad=True)} văn bản{detail}."


def _portal_paragraphs(figures: dict, meta: ReportMeta, period: str) -> list[Paragraph]:
    portal = figures["portal"]
    translations = [
        f"{vn_number(n, pad=True)} tin, bài sang {LANGUAGE_WORDS.get(code, code)}"
        for code, n in portal["translations"].items()
        if n
    ]
    questions = portal["questions"]
    paragraphs = [
        Paragraph(
            f"- Cổng thông tin điện tử tỉnh đã đăng tải {vn_number(portal['articles'], pad=True)} tin, bài "
            f"với {vn_number(portal['photos'], pad=True)} ảnh."
            + (f" Biên dịch {' và '.join(translations)}." if translations else "")
        ),
        Paragraph(_documents_sentence(portal)),
        Paragraph(
            f"- Đăng tải {vn_number(portal['soe_reports'], pad=True)} văn bản là các báo cáo của doanh "
            "nghiệp nhà nước theo đúng quy định."
        ),
        Paragraph(
            "- Chuyên mục Công khai ngân sách đã đăng tải "
            f"{vn_number(portal['budget_disclosures'], pad=True)} văn bản."
        ),
        Paragraph(
            "- Chuyên mục Lấy ý kiến nhân dân về dự thảo văn bản đã đăng tải "
            f"{vn_number(portal['consultation_drafts'], pad=True)} dự thảo văn bản để lấy ý kiến nhân dân "
            "theo luật định."
        ),
        Paragraph(
            "- Chuyên mục “Công dân, doanh nghiệp hỏi – Cơ quan chức năng trả lời”: trong "
            f"{period} đã tiếp nhận {vn_number(questions['received'], pad=True)} câu hỏi của người dân và "
            f"doanh nghiệp; đã chuyển đến cơ quan chức năng {vn_number(questions['forwarded'], pad=True)}, "
            f"đã trả lời {vn_number(questions['answered'], pad=True)} và công khai "
            f"{vn_number(questions['published'], pad=True)} câu trả lời."
        ),
        Paragraph(_audience_sentence(portal, meta, period)),
    ]
    return paragraphs


def _audience_sentence(portal: dict, meta: ReportMeta, period: str) -> str:
    text = (
        f"- Trong {period}, Cổng TTĐT tỉnh đã thu hút được {vn_number(portal['visits'])} lượt người "
        "truy cập, tìm kiếm thông tin."
    )
    if meta.facebook_followers is not None:
        text += (
            " Trang Facebook chính thức của Cổng TTĐT tỉnh có "
            f"{vn_number(meta.facebook_followers)} lượt người theo dõi"
        )
        if meta.facebook_reach is not None:
            text += f" với trên {vn_number(meta.facebook_reach)} lượt tiếp cận"
        if meta.facebook_visits is not None:
            text += f" và {vn_number(meta.facebook_visits)} lượt truy cập"
        text += " trong kỳ báo cáo."
    if meta.zalo_followers is not None:
        text += f" Kênh Zalo official thu hút trên {vn_number(meta.zalo_followers)} lượt người quan tâm"
        if meta.zalo_monthly_views is not None:
            text += f" với trung bình hơn {vn_number(meta.zalo_monthly_views)} lượt xem hàng tháng"
        text += "."
    return text


def _subsite_paragraphs(figures: dict, period: str) -> list[Paragraph]:
    subsites = figures["subsites"]
    paragraphs = [
        Paragraph(
            f"Cổng TTĐT tỉnh hiện có {vn_number(subsites['count'], pad=True)} trang TTĐT thành phần. "
            f"Trong {period}, các trang TTĐT thành phần đã cập nhật {vn_number(subsites['items'])} tin, bài, "
            "văn bản các loại (đính kèm phụ lục thống kê hoạt động thông tin tuyên truyền trang TTĐT "
            "thành phần)."
        )
    ]
    ceased = _ceased_sentence(subsites["units"], figures["period"]["end"])
    if ceased:
        paragraphs.append(Paragraph(ceased))
    if subsites["stale_units"]:
        paragraphs.append(
            Paragraph(
                "Tuy nhiên, một số trang chưa thường xuyên cập nhật thông tin (quá "
                f"{vn_number(subsites.get('stale_threshold_days', conf.stale_days()))} ngày liên tục không "
                f"đăng tin, bài, văn bản) như: {_names(figures, subsites['stale_units'])}."
            )
        )
    else:
        paragraphs.append(Paragraph("Các trang TTĐT thành phần đều cập nhật thông tin thường xuyên."))
    year = figures["period"]["end"][:4]
    if subsites["missing_budget_estimate"]:
        paragraphs.append(
            Paragraph(
                f"Các đơn vị chưa đăng công khai dự toán ngân sách năm {year}: "
                f"{_names(figures, subsites['missing_budget_estimate'])}."
            )
        )
    else:
        paragraphs.append(
            Paragraph(f"Các đơn vị phải công khai ngân sách đều đã đăng dự toán ngân sách năm {year}.")
        )
    return paragraphs


def build_document(figures: dict, meta: ReportMeta) -> ReportDocument:
    start, end = meta.period_start, meta.period_end
    period, following = period_label(start, end), next_period_label(start, end)
    abstract = meta.abstract or (
        f"Sơ kết hoạt động Cổng Thông tin điện tử tỉnh {period} và phương hướng nhiệm vụ {following}"
    )
    from . import charts  # matplotlib: loaded only where a report is built

    blocks: list[Paragraph | Chart] = [
        Paragraph("I. ĐẶC ĐIỂM, TÌNH HÌNH", HEADING),
        *_narrative(meta.situation),
        Paragraph(f"II. KẾT QUẢ HOẠT ĐỘNG {period.upper()}", HEADING),
        Paragraph("1. Hoạt động thông tin tuyên truyền của Cổng TTĐT tỉnh:", SUBHEADING),
        *_portal_paragraphs(figures, meta, period),
        Paragraph("2. Hoạt động cung cấp thông tin của các Trang TTĐT thành phần:", SUBHEADING),
        *_subsite_paragraphs(figures, period),
        Chart("Biểu đồ 1. Số tin, bài, văn bản đăng tải theo tháng", charts.items_per_month(figures)),
        Chart(
            "Biểu đồ 2. Số tin, bài, văn bản của từng trang TTĐT thành phần", charts.items_per_unit(figures)
        ),
        Paragraph("III. NHẬN XÉT, ĐÁNH GIÁ", HEADING),
        Paragraph("1. Thuận lợi:", SUBHEADING),
        *_narrative(meta.advantages),
        Paragraph("2. Hạn chế:", SUBHEADING),
        *_narrative(meta.limitations),
        Paragraph(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {following.upper()}", HEADING),
        *_narrative(meta.directions),
        Paragraph(
            f"Trên đây là báo cáo kết quả hoạt động {period} và phương hướng, nhiệm vụ {following} của "
            "Ban Biên tập Cổng TTĐT tỉnh./."
        ),
    ]
    return ReportDocument(
        meta=meta, date_line=vn_date_line(meta.place, meta.report_date), abstract=abstract, blocks=blocks
    )
