"""Demo units of a province like the seed report's: the main portal and 40 component sites."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from portal.services import SYSTEM

from . import services
from .enums import PageRole, Role, SectionKind, UnitType
from .models import Banner, Page, Section, Unit

PROVINCE = "Trà Vinh"

MAIN = {
    "key": "tinh",
    "name": {
        "vi": "Cổng thông tin điện tử tỉnh Trà Vinh",
        "en": "Tra Vinh Province Electronic Portal",
        "km": "វិបផតថលព័ត៌មានអេឡិចត្រូនិកខេត្តត្រាវិញ",
    },
    "address": "Số 1 đường 19/5, phường 1, thành phố Trà Vinh",
    "phone": "0294 3862 000",
    "email": "congttdt@travinh.gov.vn",
    "responsible": "Nguyễn Thanh Tâm, Phó Chánh Văn phòng UBND tỉnh, Phó Trưởng Ban Biên tập",
}

# key, Vietnamese, English and Khmer names, type. Departments and bodies are translated; the names of
# the city, the town and the districts are transliterated into Khmer script.
COMPONENT_SITES = [
    ("stp", "Sở Tư pháp", "Department of Justice", "មន្ទីរយុត្តិធម៌", UnitType.DEPARTMENT),
    ("syt", "Sở Y tế", "Department of Health", "មន្ទីរសុខាភិបាល", UnitType.DEPARTMENT),
    ("snv", "Sở Nội vụ", "Department of Home Affairs", "មន្ទីរកិច្ចការផ្ទៃក្នុង", UnitType.DEPARTMENT),
    (
        "skhdt",
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        "មន្ទីរផែនការ និងវិនិយោគ",
        UnitType.DEPARTMENT,
    ),
    (
        "stttt",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        "មន្ទីរព័ត៌មាន និងទំនាក់ទំនង",
        UnitType.DEPARTMENT,
    ),
    ("stc", "Sở Tài chính", "Department of Finance", "មន្ទីរហិរញ្ញវត្ថុ", UnitType.DEPARTMENT),
    (
        "sgddt",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        "មន្ទីរអប់រំ និងបណ្តុះបណ្តាល",
        UnitType.DEPARTMENT,
    ),
    (
        "sct",
        "Sở Công Thương",
        "Department of Industry and Trade",
        "មន្ទីរឧស្សាហកម្ម និងពាណិជ្ជកម្ម",
        UnitType.DEPARTMENT,
    ),
    (
        "snnptnt",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        "មន្ទីរកសិកម្ម និងអភិវឌ្ឍន៍ជនបទ",
        UnitType.DEPARTMENT,
    ),
    (
        "stnmt",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "មន្ទីរធនធានធម្មជាតិ និងបរិស្ថាន",
        UnitType.DEPARTMENT,
    ),
    ("sxd", "Sở Xây dựng", "Department of Construction", "មន្ទីរសំណង់", UnitType.DEPARTMENT),
    ("sgtvt", "Sở Giao thông vận tải", "Department of Transport", "មន្ទីរចរាចរណ៍ និងដឹកជញ្ជូន", UnitType.DEPARTMENT),
    (
        "sldtbxh",
        "Sở Lao động - Thương binh và Xã hội",
        "Department of Labour, Invalids and Social Affairs",
        "មន្ទីរការងារ យុទ្ធជនពិការ និងសង្គមកិច្ច",
        UnitType.DEPARTMENT,
    ),
    (
        "svhttdl",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "មន្ទីរវប្បធម៌ កីឡា និងទេសចរណ៍",
        UnitType.DEPARTMENT,
    ),
    (
        "skhcn",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "មន្ទីរវិទ្យាសាស្ត្រ និងបច្ចេកវិទ្យា",
        UnitType.DEPARTMENT,
    ),
    ("sngv", "Sở Ngoại vụ", "Department of Foreign Affairs", "មន្ទីរការបរទេស", UnitType.DEPARTMENT),
    ("thanhtra", "Thanh tra tỉnh", "Provincial Inspectorate", "អធិការកិច្ចខេត្ត", UnitType.DEPARTMENT),
    ("bdt", "Ban Dân tộc", "Ethnic Minorities Committee", "គណៈកម្មការជនជាតិខេត្ត", UnitType.DEPARTMENT),
    (
        "bqlkkt",
        "Ban Quản lý Khu kinh tế",
        "Economic Zone Authority",
        "គណៈគ្រប់គ្រងតំបន់សេដ្ឋកិច្ច",
        UnitType.DEPARTMENT,
    ),
    (
        "vpdbqh",
        "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        "Office of the National Assembly Delegation and People's Council",
        "ការិយាល័យក្រុមតំណាងរាស្ត្រ និងក្រុមប្រឹក្សាប្រជាជនខេត្ត",
        UnitType.DEPARTMENT,
    ),
    ("tptv", "Thành phố Trà Vinh", "Tra Vinh City", "ទីក្រុងត្រាវិញ", UnitType.DISTRICT),
    ("txdh", "Thị xã Duyên Hải", "Duyen Hai Town", "ក្រុងឌុយយ៉េនហាយ", UnitType.DISTRICT),
    ("cangl", "Huyện Càng Long", "Cang Long District", "ស្រុកកាំងឡុង", UnitType.DISTRICT),
    ("chauth", "Huyện Châu Thành", "Chau Thanh District", "ស្រុកចូវថាញ់", UnitType.DISTRICT),
    ("cauke", "Huyện Cầu Kè", "Cau Ke District", "ស្រុកកៅកែ", UnitType.DISTRICT),
    ("tieuc", "Huyện Tiểu Cần", "Tieu Can District", "ស្រុកទៀវកឹន", UnitType.DISTRICT),
    ("caung", "Huyện Cầu Ngang", "Cau Ngang District", "ស្រុកកៅង៉ាង", UnitType.DISTRICT),
    ("tracu", "Huyện Trà Cú", "Tra Cu District", "ស្រុកត្រាគូ", UnitType.DISTRICT),
    ("duyenh", "Huyện Duyên Hải", "Duyen Hai District", "ស្រុកឌុយយ៉េនហាយ", UnitType.DISTRICT),
    (
        "hhdn",
        "Hiệp hội Doanh nghiệp tỉnh",
        "Provincial Business Association",
        "សមាគមសហគ្រាសខេត្ត",
        UnitType.ORGANIZATION,
    ),
    (
        "hctd",
        "Hội Chữ thập đỏ tỉnh",
        "Provincial Red Cross Society",
        "សមាគមកាកបាទក្រហមខេត្ត",
        UnitType.ORGANIZATION,
    ),
    (
        "lhtchn",
        "Liên hiệp các tổ chức hữu nghị tỉnh",
        "Union of Friendship Organizations",
        "សហភាពអង្គការមិត្តភាពខេត្ត",
        UnitType.ORGANIZATION,
    ),
    ("baotv", "Báo Trà Vinh", "Tra Vinh Newspaper", "កាសែតត្រាវិញ", UnitType.ORGANIZATION),
    (
        "dptth",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Provincial Radio and Television",
        "ស្ថានីយវិទ្យុ និងទូរទស្សន៍ខេត្ត",
        UnitType.ORGANIZATION,
    ),
    (
        "lmhtx",
        "Liên minh Hợp tác xã tỉnh",
        "Provincial Cooperative Alliance",
        "សម្ព័ន្ធសហករណ៍ខេត្ត",
        UnitType.ORGANIZATION,
    ),
    ("hnd", "Hội Nông dân tỉnh", "Provincial Farmers' Union", "សមាគមកសិករខេត្ត", UnitType.ORGANIZATION),
    ("tinhdoan", "Tỉnh Đoàn", "Provincial Youth Union", "សម្ព័ន្ធយុវជនខេត្ត", UnitType.ORGANIZATION),
    ("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", "Provincial Women's Union", "សហភាពនារីខេត្ត", UnitType.ORGANIZATION),
    (
        "bhxh",
        "Bảo hiểm xã hội tỉnh",
        "Provincial Social Security",
        "ធានារ៉ាប់រងសង្គមខេត្ត",
        UnitType.ORGANIZATION,
    ),
    ("dhtv", "Trường Đại học Trà Vinh", "Tra Vinh University", "សាកលវិទ្យាល័យត្រាវិញ", UnitType.ORGANIZATION),
]

# slug, (vi, en, km), kind, category, required by law
UNIT_SECTIONS = [
    ("gioi-thieu", ("Giới thiệu", "Introduction", "សេចក្តីផ្តើម"), SectionKind.PAGE, "", True),
    ("tin-tuc", ("Tin tức, sự kiện", "News and events", "ព័ត៌មាន និងព្រឹត្តិការណ៍"), SectionKind.ARTICLES, "", True),
    (
        "chi-dao-dieu-hanh",
        ("Thông tin chỉ đạo, điều hành", "Direction and administration", "ព័ត៌មានដឹកនាំ និងគ្រប់គ្រង"),
        SectionKind.DOCUMENTS,
        "direction",
        True,
    ),
    (
        "lich-lam-viec",
        ("Lịch làm việc của lãnh đạo", "Leaders' working schedule", "កាលវិភាគការងាររបស់ថ្នាក់ដឹកនាំ"),
        SectionKind.SCHEDULE,
        "",
        True,
    ),
    ("van-ban", ("Văn bản", "Documents", "ឯកសារ"), SectionKind.DOCUMENTS, "", True),
    (
        "ke-hoach",
        ("Chiến lược, quy hoạch, kế hoạch", "Strategies, plans", "យុទ្ធសាស្ត្រ ផែនការ"),
        SectionKind.DOCUMENTS,
        "plan",
        True,
    ),
    (
        "dau-thau",
        ("Dự án, đấu thầu, mua sắm công", "Projects and procurement", "គម្រោង និងលទ្ធកម្មសាធារណៈ"),
        SectionKind.DOCUMENTS,
        "procurement",
        True,
    ),
    (
        "lay-y-kien",
        ("Lấy ý kiến dự thảo", "Consultation on drafts", "ការពិគ្រោះយោបល់លើសេចក្តីព្រាង"),
        SectionKind.CONSULTATIONS,
        "",
        True,
    ),
    ("hoi-dap", ("Hỏi đáp", "Questions and answers", "សំណួរ និងចម្លើយ"), SectionKind.QA, "", True),
    (
        "cong-khai-ngan-sach",
        ("Công khai ngân sách", "Budget disclosure", "ការបង្ហាញថវិកាជាសាធារណៈ"),
        SectionKind.DOCUMENTS,
        "budget",
        True,
    ),
    ("lien-he", ("Liên hệ", "Contact", "ទំនាក់ទំនង"), SectionKind.PAGE, "", True),
]
# The main portal's channels (kênh thông tin) and special pages (chuyên trang).
MAIN_CHANNELS = [
    ("chinh-quyen", ("Chính quyền", "Government", "រដ្ឋអំណាច")),
    ("doanh-nghiep", ("Doanh nghiệp", "Business", "សហគ្រាស")),
    ("cong-dan", ("Công dân", "Citizens", "ពលរដ្ឋ")),
    ("du-lich", ("Du lịch", "Tourism", "ទេសចរណ៍")),
    ("chuyen-trang", ("Chuyên trang", "Special pages", "ទំព័រពិសេស")),
]
MAIN_EXTRA_SECTIONS = [
    (
        "doanh-nghiep-nha-nuoc",
        (
            "Công bố thông tin doanh nghiệp nhà nước",
            "State-owned enterprise disclosures",
            "ការបង្ហាញព័ត៌មានសហគ្រាសរដ្ឋ",
        ),
        SectionKind.DOCUMENTS,
        "soe_report",
        True,
        "doanh-nghiep",
    ),
    (
        "van-ban-qppl",
        ("Văn bản quy phạm pháp luật", "Legal normative documents", "ឯកសារគតិយុត្ត"),
        SectionKind.DOCUMENTS,
        "legal",
        True,
        "chinh-quyen",
    ),
    (
        "pho-bien-phap-luat",
        ("Tuyên truyền, phổ biến pháp luật", "Legal information", "ការផ្សព្វផ្សាយច្បាប់"),
        SectionKind.ARTICLES,
        "phap-luat",
        True,
        "cong-dan",
    ),
    (
        "thu-tuc-hanh-chinh",
        ("Thủ tục hành chính", "Administrative procedures", "នីតិវិធីរដ្ឋបាល"),
        SectionKind.PROCEDURES,
        "",
        True,
        "cong-dan",
    ),
    (
        "30-nam-tai-lap-tinh",
        ("30 năm tái lập tỉnh", "30 years since the province was re-established", "៣០ឆ្នាំនៃការបង្កើតខេត្តឡើងវិញ"),
        SectionKind.ARTICLES,
        "30-nam",
        False,
        "chuyen-trang",
    ),
    (
        "nong-thon-moi",
        ("Chung sức xây dựng nông thôn mới", "Building new rural areas together", "រួមគ្នាកសាងជនបទថ្មី"),
        SectionKind.ARTICLES,
        "nong-thon-moi",
        False,
        "chuyen-trang",
    ),
    (
        "du-lich-tra-vinh",
        ("Khám phá Trà Vinh", "Discover Tra Vinh", "ស្វែងយល់ពីត្រាវិញ"),
        SectionKind.ARTICLES,
        "du-lich",
        False,
        "du-lich",
    ),
]

# English and Khmer addresses of the sections and pages above, by their Vietnamese one (empty: the
# Vietnamese address). Khmer ones only where a Khmer word is what a reader would type.
OTHER_SLUGS = {
    "gioi-thieu": ("about", "អំពីយើង"),
    "tin-tuc": ("news", "ព័ត៌មាន"),
    "chi-dao-dieu-hanh": ("direction", ""),
    "lich-lam-viec": ("schedule", "កាលវិភាគ"),
    "van-ban": ("documents", "ឯកសារ"),
    "ke-hoach": ("plans", ""),
    "dau-thau": ("procurement", ""),
    "lay-y-kien": ("consultation", ""),
    "hoi-dap": ("questions", "សំណួរ"),
    "cong-khai-ngan-sach": ("budget", "ថវិកា"),
    "lien-he": ("contact", "ទំនាក់ទំនង"),
    "chinh-quyen": ("government", "រដ្ឋអំណាច"),
    "doanh-nghiep": ("business", "សហគ្រាស"),
    "cong-dan": ("citizens", "ពលរដ្ឋ"),
    "du-lich": ("tourism", "ទេសចរណ៍"),
    "chuyen-trang": ("special-pages", ""),
    "doanh-nghiep-nha-nuoc": ("state-owned-enterprises", ""),
    "van-ban-qppl": ("legal-documents", ""),
    "pho-bien-phap-luat": ("legal-information", ""),
    "thu-tuc-hanh-chinh": ("administrative-procedures", ""),
    "30-nam-tai-lap-tinh": ("30-years", ""),
    "nong-thon-moi": ("new-rural-areas", ""),
    "du-lich-tra-vinh": ("discover-tra-vinh", ""),
}

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - printed for the local demo only


def _tr(obj, field: str, texts: tuple[str, ...] | dict) -> None:
    values = texts if isinstance(texts, dict) else dict(zip(("vi", "en", "km"), texts, strict=False))
    for code, text in values.items():
        setattr(obj, f"{field}_{code}", text)


def _unit(key: str, names: dict, unit_type: str, parent: Unit | None, **extra) -> Unit:
    unit = Unit.objects.filter(key=key).first() or Unit(key=key)
    _tr(unit, "name", names)
    unit.type, unit.parent = unit_type, parent
    for name, value in extra.items():
        setattr(unit, name, value)
    return services.unit_save(unit=unit, acting_user=SYSTEM)


def _slugs(obj, slug: str) -> None:
    """The Vietnamese slug (which finds the object again on the next run) and the other languages'."""
    _tr(obj, "slug", (slug, *OTHER_SLUGS.get(slug, ())))


def _page(unit: Unit, slug: str, role: str, titles: tuple, bodies: tuple) -> Page:
    page = Page.objects.filter(unit=unit, slug_vi=slug).first() or Page(unit=unit, role=role)
    _slugs(page, slug)
    _tr(page, "title", titles)
    _tr(page, "body", bodies)
    return services.page_save(page=page, acting_user=SYSTEM)


def _section(unit, slug, titles, kind, category="", required=False, parent=None, page=None, order=0):
    section = Section.objects.filter(unit=unit, slug_vi=slug).first() or Section(unit=unit)
    _slugs(section, slug)
    _tr(section, "title", titles)
    section.kind, section.category, section.required = kind, category, required
    section.parent, section.page, section.order = parent, page, order
    return services.section_save(section=section, acting_user=SYSTEM)


def _unit_sections(unit: Unit, pages: dict[str, Page], parent=None, order_start=0) -> None:
    for order, (slug, titles, kind, category, required) in enumerate(UNIT_SECTIONS, start=order_start):
        if category == "budget" and not unit.requires_budget_disclosure:
            continue
        _section(
            unit, slug, titles, kind, category, required, parent=parent, page=pages.get(slug), order=order
        )


def _intro_pages(unit: Unit) -> dict[str, Page]:
    name_en = unit.name_en or unit.name_vi
    intro = _page(
        unit,
        "gioi-thieu",
        PageRole.INTRODUCTION,
        ("Giới thiệu", "Introduction", "សេចក្តីផ្តើម"),
        (
            f"<p>{unit.name_vi}: chức năng, nhiệm vụ, cơ cấu tổ chức và lãnh đạo.</p>",
            f"<p>{name_en}: functions, duties, organisation and leaders.</p>",
            f"<p>{unit.name_km or unit.name_vi}៖ មុខងារ ភារកិច្ច និងរចនាសម្ព័ន្ធ។</p>",
        ),
    )
    address = unit.address_vi or MAIN["address"]
    contact = _page(
        unit,
        "lien-he",
        PageRole.CONTACT,
        ("Liên hệ", "Contact", "ទំនាក់ទំនង"),
        (
            f"<p>Địa chỉ: {address}. Điện thoại: {unit.phone}. Thư điện tử: {unit.email}.</p>",
            f"<p>Address: {address}. Phone: {unit.phone}. E-mail: {unit.email}.</p>",
            f"<p>អាសយដ្ឋាន៖ {address}។ ទូរស័ព្ទ៖ {unit.phone}។</p>",
        ),
    )
    return {"gioi-thieu": intro, "lien-he": contact}


@transaction.atomic
def seed() -> dict:
    main = _unit(
        MAIN["key"],
        MAIN["name"],
        UnitType.PORTAL,
        None,
        address_vi=MAIN["address"],
        phone=MAIN["phone"],
        email=MAIN["email"],
        responsible_person=MAIN["responsible"],
    )
    main_pages = _intro_pages(main)
    channels = {
        slug: _section(main, slug, titles, SectionKind.GROUP, order=10 + i)
        for i, (slug, titles) in enumerate(MAIN_CHANNELS)
    }
    _unit_sections(main, main_pages, parent=channels["chinh-quyen"], order_start=0)
    for order, (slug, titles, kind, category, required, parent) in enumerate(MAIN_EXTRA_SECTIONS, start=20):
        _section(main, slug, titles, kind, category, required, parent=channels[parent], order=order)
    _banner(main)
    units = {
        key: component_site(key, {"vi": name_vi, "en": name_en, "km": name_km}, unit_type, main, number)
        for number, (key, name_vi, name_en, name_km, unit_type) in enumerate(COMPONENT_SITES, start=1)
    }
    return {"main": main, "units": units, "users": _users(main, units)}


def component_site(key: str, names: dict, unit_type: str, parent: Unit, number: int) -> Unit:
    """A component site with its contacts, introduction and the sections every unit has (seed_bench's too)."""
    unit = _unit(
        key,
        names,
        unit_type,
        parent,
        phone=f"0294 38{number % 100:02d} 100",
        email=f"{key}@travinh.gov.vn",
        address_vi=f"Thành phố {PROVINCE}",
    )
    _unit_sections(unit, _intro_pages(unit))
    return unit


def _banner(main: Unit) -> None:
    """The campaign's banner leads to its special section in each language's own address."""
    slug = "30-nam-tai-lap-tinh"
    slugs = dict(zip(("vi", "en", "km"), (slug, *OTHER_SLUGS[slug]), strict=True))
    links = tuple(f"/{code}/muc/{slugs[code] or slug}/" for code in ("vi", "en", "km"))
    banner = Banner.objects.filter(unit=main, link_vi=links[0]).first() or Banner(
        unit=main, starts_on=timezone.localdate() - timedelta(days=7)
    )
    _tr(banner, "link", links)
    _tr(
        banner,
        "title",
        (
            "Chào mừng 30 năm tái lập tỉnh Trà Vinh (5/1992 – 5/2022)",
            "30 years since Tra Vinh province was re-established (1992–2022)",
            "អបអរសាទរ ៣០ឆ្នាំនៃការបង្កើតខេត្តត្រាវិញឡើងវិញ",
        ),
    )
    services.banner_save(banner=banner, acting_user=SYSTEM)


def _users(main: Unit, units: dict[str, Unit]) -> list[tuple[str, str]]:
    User = get_user_model()
    board, _created = Group.objects.get_or_create(name="Ban biên tập")
    board.permissions.add(Permission.objects.get(codename="view_every_unit"))
    accounts = [
        ("admin", "superuser", None, None, ""),
        ("bbt", "editorial board (Ban biên tập)", None, None, ""),
        ("bientap", "editor of the main portal", main, Role.EDITOR, ""),
        ("duyet", "approver of the main portal", main, Role.APPROVER, ""),
        ("dich-km", "Khmer translator of the main portal", main, Role.TRANSLATOR, "km"),
        ("quantri", "unit administrator of the main portal", main, Role.UNIT_ADMIN, ""),
        ("stp-bientap", "editor of the Department of Justice", units["stp"], Role.EDITOR, ""),
        ("stp-duyet", "approver of the Department of Justice", units["stp"], Role.APPROVER, ""),
        ("syt-bientap", "editor of the Department of Health", units["syt"], Role.EDITOR, ""),
    ]
    for username, _label, unit, role, language in accounts:
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = username == "admin"
            user.save()
        if username == "bbt":
            user.groups.add(board)
        if unit is not None:
            services.membership_grant(user=user, unit=unit, role=role, language=language, acting_user=SYSTEM)
    return [(username, label) for username, label, *_rest in accounts]
