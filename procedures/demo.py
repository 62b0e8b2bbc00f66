"""The demo's administrative procedures: the province's own and those of a handful of units (Justice,
Health, Construction, Planning and Investment, Tra Vinh City), each with its national code, field,
level, fees, processing time and link to the public-service portal, in three languages; and a menu
section "Thủ tục hành chính" on each of those units' sites. The other units are left without, as the
compliance page expects some to be. Idempotent: keyed by unit and code."""

from __future__ import annotations

from portal.enums import Status
from portal.services import SYSTEM
from subsites import services as unit_services
from subsites.enums import SectionKind
from subsites.models import Section

from . import services
from .enums import Level, OnlineLevel
from .models import Field, Procedure

LANGUAGES = ("vi", "en", "km")
PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="

# slug: (vi, en, km)
FIELDS = {
    "ly-lich-tu-phap": ("Lý lịch tư pháp", "Judicial records", "ប្រវត្តិតុលាការ"),
    "ho-tich": ("Hộ tịch", "Civil status", "ស្ថានភាពស៊ីវិល"),
    "chung-thuc": ("Chứng thực", "Certification", "ការបញ្ជាក់"),
    "xay-dung": ("Hoạt động xây dựng", "Construction", "សំណង់"),
    "kham-chua-benh": ("Khám bệnh, chữa bệnh", "Medical examination and treatment", "ការពិនិត្យ និងព្យាបាលជំងឺ"),
    "thanh-lap-doanh-nghiep": ("Thành lập và hoạt động doanh nghiệp", "Enterprises", "សហគ្រាស"),
    "dau-tu": ("Đầu tư tại Việt Nam", "Investment in Viet Nam", "ការវិនិយោគនៅវៀតណាម"),
    "dat-dai": ("Đất đai", "Land", "ដីធ្លី"),
}

FREE = ("Miễn lệ phí", "Free of charge", "មិនគិតថ្លៃ")


def _days(n: int, khmer: str) -> tuple[str, str, str]:
    return f"{n:02d} ngày làm việc", f"{n} working days", f"{khmer} ថ្ងៃធ្វើការ"


# unit key (None: the main portal): [(code, names, field, level, fees, time, online level)]
PROCEDURES = {
    None: [
        (
            "1.009645",
            (
                "Quyết định chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh",
                "Investment policy decision of the provincial People's Committee",
                "សេចក្តីសម្រេចលើគោលនយោបាយវិនិយោគរបស់គណៈកម្មាធិការប្រជាជនខេត្ត",
            ),
            "dau-tu",
            Level.PROVINCIAL,
            FREE,
            _days(35, "៣៥"),
            OnlineLevel.PARTIAL,
        ),
        (
            "1.004227",
            (
                "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
                "First issue of a land use right certificate",
                "ការចេញវិញ្ញាបនបត្រសិទ្ធិប្រើប្រាស់ដីជាលើកដំបូង",
            ),
            "dat-dai",
            Level.SEVERAL,
            ("100.000 đồng/giấy", "VND 100,000 per certificate", "១០០.០០០ ដុង ក្នុងមួយវិញ្ញាបនបត្រ"),
            _days(30, "៣០"),
            OnlineLevel.PARTIAL,
        ),
    ],
    "stp": [
        (
            "2.000488",
            (
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                "Issuing a judicial record certificate to a Vietnamese citizen",
                "ការចេញលិខិតបញ្ជាក់ប្រវត្តិតុលាការជូនពលរដ្ឋវៀតណាម",
            ),
            "ly-lich-tu-phap",
            Level.PROVINCIAL,
            ("200.000 đồng/lần", "VND 200,000 per request", "២០០.០០០ ដុង ក្នុងមួយដង"),
            _days(10, "១០"),
            OnlineLevel.FULL,
        ),
        (
            "1.001193",
            ("Đăng ký khai sinh", "Birth registration", "ការចុះបញ្ជីកំណើត"),
            "ho-tich",
            Level.COMMUNE,
            FREE,
            ("Ngay trong ngày tiếp nhận", "The day the file is received", "ក្នុងថ្ងៃទទួលឯកសារ"),
            OnlineLevel.FULL,
        ),
        (
            "1.000894",
            ("Đăng ký kết hôn", "Marriage registration", "ការចុះបញ្ជីអាពាហ៍ពិពាហ៍"),
            "ho-tich",
            Level.COMMUNE,
            FREE,
            _days(5, "៥"),
            OnlineLevel.PARTIAL,
        ),
        (
            "2.000815",
            (
                "Chứng thực bản sao từ bản chính",
                "Certifying a copy from the original",
                "ការបញ្ជាក់ច្បាប់ចម្លងពីច្បាប់ដើម",
            ),
            "chung-thuc",
            Level.SEVERAL,
            ("2.000 đồng/trang", "VND 2,000 per page", "២.០០០ ដុង ក្នុងមួយទំព័រ"),
            ("Ngay trong ngày tiếp nhận", "The day the file is received", "ក្នុងថ្ងៃទទួលឯកសារ"),
            "",
        ),
    ],
    "syt": [
        (
            "1.004606",
            (
                "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
                "Issuing a medical practice certificate",
                "ការចេញវិញ្ញាបនបត្រអនុញ្ញាតធ្វើវិជ្ជាជីវៈពិនិត្យ និងព្យាបាលជំងឺ",
            ),
            "kham-chua-benh",
            Level.PROVINCIAL,
            ("360.000 đồng/hồ sơ", "VND 360,000 per file", "៣៦០.០០០ ដុង ក្នុងមួយឯកសារ"),
            _days(20, "២០"),
            OnlineLevel.PARTIAL,
        ),
    ],
    "sxd": [
        (
            "1.009994",
            (
                "Cấp giấy phép xây dựng mới đối với công trình cấp II, cấp III",
                "Issuing a construction permit for new grade II and III works",
                "ការចេញលិខិតអនុញ្ញាតសាងសង់សំណង់ថ្មីថ្នាក់ II និង III",
            ),
            "xay-dung",
            Level.PROVINCIAL,
            ("150.000 đồng/giấy phép", "VND 150,000 per permit", "១៥០.០០០ ដុង ក្នុងមួយលិខិតអនុញ្ញាត"),
            _days(20, "២០"),
            OnlineLevel.PARTIAL,
        ),
    ],
    "skhdt": [
        (
            "2.001610",
            (
                "Đăng ký thành lập doanh nghiệp tư nhân",
                "Registering a private enterprise",
                "ការចុះបញ្ជីបង្កើតសហគ្រាសឯកជន",
            ),
            "thanh-lap-doanh-nghiep",
            Level.PROVINCIAL,
            ("50.000 đồng/lần", "VND 50,000 per registration", "៥០.០០០ ដុង ក្នុងមួយដង"),
            _days(3, "៣"),
            OnlineLevel.FULL,
        ),
    ],
    "tptv": [
        (
            "1.009999",
            (
                "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
                "Issuing a construction permit for a new detached house",
                "ការចេញលិខិតអនុញ្ញាតសាងសង់ផ្ទះលំនៅដ្ឋានឯកជនថ្មី",
            ),
            "xay-dung",
            Level.SEVERAL,
            ("75.000 đồng/giấy phép", "VND 75,000 per permit", "៧៥.០០០ ដុង ក្នុងមួយលិខិតអនុញ្ញាត"),
            _days(15, "១៥"),
            OnlineLevel.PARTIAL,
        ),
        (
            "1.001193",
            ("Đăng ký khai sinh", "Birth registration", "ការចុះបញ្ជីកំណើត"),
            "ho-tich",
            Level.COMMUNE,
            FREE,
            ("Ngay trong ngày tiếp nhận", "The day the file is received", "ក្នុងថ្ងៃទទួលឯកសារ"),
            OnlineLevel.FULL,
        ),
    ],
}
SECTION_TITLES = ("Thủ tục hành chính", "Administrative procedures", "នីតិវិធីរដ្ឋបាល")
SECTION_SLUGS = ("thu-tuc-hanh-chinh", "administrative-procedures", "")


def _set(obj, name: str, texts) -> None:
    for code, text in zip(LANGUAGES, texts, strict=True):
        setattr(obj, f"{name}_{code}", text)


def _fields() -> dict[str, Field]:
    fields = {}
    for order, (slug, names) in enumerate(FIELDS.items()):
        field = Field.objects.filter(slug=slug).first() or Field(slug=slug)
        field.order = order
        _set(field, "name", names)
        fields[slug] = services.field_save(field=field, acting_user=SYSTEM)
    return fields


def _procedure(unit, fields, row) -> None:
    code, names, field, level, fees, time, online = row
    procedure = Procedure.objects.filter(unit=unit, code=code).first() or Procedure(unit=unit, code=code)
    _set(procedure, "name", names)
    _set(procedure, "fees", fees)
    _set(procedure, "processing_time", time)
    procedure.field, procedure.level, procedure.online_level = fields[field], level, online
    procedure.url = f"{PORTAL}{code}"
    procedure.status = Status.PUBLISHED
    save = services.procedure_update if procedure.pk else services.procedure_create
    save(procedure=procedure, acting_user=SYSTEM)


def _section(unit) -> None:
    """The menu entry that lists the unit's procedures (the main portal's is the subsites demo's)."""
    section = Section.objects.filter(unit=unit, slug_vi=SECTION_SLUGS[0]).first() or Section(unit=unit)
    _set(section, "title", SECTION_TITLES)
    _set(section, "slug", SECTION_SLUGS)
    section.kind, section.required, section.order = SectionKind.PROCEDURES, True, 95
    unit_services.section_save(section=section, acting_user=SYSTEM)


def seed(seeded: dict) -> None:
    fields = _fields()
    for key, rows in PROCEDURES.items():
        unit = seeded["units"][key] if key else seeded["main"]
        for row in rows:
            _procedure(unit, fields, row)
        if key:
            _section(unit)
