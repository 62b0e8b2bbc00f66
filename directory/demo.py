"""The demo's footers, contacts, leaders and introductions: the main portal's and two departments'.
The Department of Home Affairs and the rest are left without, so that their pages show the fallback
footer and the compliance page has something to point at. Idempotent: keyed by unit and name."""

from __future__ import annotations

from portal.services import SYSTEM

from . import services
from .models import Contact, Footer, Introduction, Leader

CITATION = {
    "vi": "Ghi rõ nguồn “Cổng thông tin điện tử tỉnh Trà Vinh” khi phát hành lại thông tin từ cổng này.",
    "en": "Cite “Tra Vinh Province Portal” as the source when reusing information from this portal.",
    "km": "សូមដកស្រង់ប្រភព «វិបផតថលខេត្តត្រាវិញ» នៅពេលប្រើព័ត៌មានពីវិបផតថលនេះឡើងវិញ។",
}

FOOTERS = {
    None: {
        "managing_agency": (
            "Ủy ban nhân dân tỉnh Trà Vinh",
            "People's Committee of Tra Vinh Province",
            "គណៈកម្មាធិការប្រជាជនខេត្តត្រាវិញ",
        ),
        "address": (
            "Số 1 Lê Lợi, phường 1, thành phố Trà Vinh",
            "1 Le Loi Street, Ward 1, Tra Vinh City",
            "លេខ ១ ផ្លូវ Le Loi សង្កាត់ ១ ក្រុងត្រាវិញ",
        ),
        "licence": (
            "Giấy phép số 15/GP-TTĐT do Sở Thông tin và Truyền thông cấp",
            "Licence No. 15/GP-TTĐT issued by the Department of Information and Communications",
            "អាជ្ញាប័ណ្ណលេខ 15/GP-TTĐT ចេញដោយមន្ទីរព័ត៌មាន និងទំនាក់ទំនង",
        ),
        "responsible_person": "Nguyễn Minh Tâm, Chánh Văn phòng UBND tỉnh",
        "phone": "0294 3862 318",
        "hotline": "1900 9090",
        "email": "congthongtin@travinh.gov.vn",
        "links": {
            "public_services_url": "https://dichvucong.travinh.gov.vn/",
            "feedback_url": "https://dichvucong.gov.vn/p/home/dvc-phan-anh-kien-nghi.html",
            "facebook_url": "https://www.facebook.com/congthongtindientutravinh",
            "zalo_url": "https://zalo.me/congthongtindientutravinh",
        },
    },
    "stp": {
        "managing_agency": (
            "Sở Tư pháp tỉnh Trà Vinh",
            "Department of Justice of Tra Vinh Province",
            "មន្ទីរយុត្តិធម៌ខេត្តត្រាវិញ",
        ),
        "address": (
            "Số 6 Phạm Thái Bường, phường 4, thành phố Trà Vinh",
            "6 Pham Thai Buong Street, Ward 4, Tra Vinh City",
            "",
        ),
        "licence": ("", "", ""),
        "responsible_person": "Trần Văn Lâm, Giám đốc Sở",
        "phone": "0294 3862 547",
        "hotline": "",
        "email": "stp@travinh.gov.vn",
        "links": {"facebook_url": "https://www.facebook.com/sotuphaptravinh"},
    },
    "syt": {
        "managing_agency": (
            "Sở Y tế tỉnh Trà Vinh",
            "Department of Health of Tra Vinh Province",
            "មន្ទីរសុខាភិបាលខេត្តត្រាវិញ",
        ),
        "address": (
            "Số 16A Nguyễn Thái Học, phường 1, thành phố Trà Vinh",
            "16A Nguyen Thai Hoc Street, Ward 1, Tra Vinh City",
            "",
        ),
        "licence": ("", "", ""),
        "responsible_person": "Huỳnh Văn Bảo, Giám đốc Sở",
        "phone": "0294 3862 264",
        "hotline": "1900 9095",
        "email": "syt@travinh.gov.vn",
    },
}

LEADERS = {
    None: [
        (
            "Lê Văn Hẳn",
            (
                "Phó Chủ tịch UBND tỉnh",
                "Vice Chairman of the Provincial People's Committee",
                "អនុប្រធានគណៈកម្មាធិការប្រជាជនខេត្ត",
            ),
            (
                "Phụ trách lĩnh vực kinh tế, tài chính, xây dựng.",
                "In charge of the economy, finance and construction.",
            ),
            "<p>Sinh năm 1969 tại Cầu Kè. Thạc sĩ Kinh tế.</p>",
            "<p>Born in 1969 in Cau Ke. Master of Economics.</p>",
        ),
        (
            "Kim Ngọc Thái",
            (
                "Phó Chủ tịch UBND tỉnh",
                "Vice Chairman of the Provincial People's Committee",
                "អនុប្រធានគណៈកម្មាធិការប្រជាជនខេត្ត",
            ),
            (
                "Phụ trách lĩnh vực văn hóa, xã hội, dân tộc.",
                "In charge of culture, social affairs and ethnic minorities.",
            ),
            "<p>Sinh năm 1972 tại Trà Cú. Tiến sĩ Quản lý công.</p>",
            "<p>Born in 1972 in Tra Cu. Doctor of Public Administration.</p>",
        ),
    ],
    "stp": [
        (
            "Trần Văn Lâm",
            ("Giám đốc Sở", "Director", "នាយកមន្ទីរ"),
            ("Lãnh đạo, điều hành chung.", "Overall direction of the department."),
            "<p>Sinh năm 1975. Cử nhân Luật.</p>",
            "<p>Born in 1975. Bachelor of Law.</p>",
        ),
    ],
    "syt": [
        (
            "Huỳnh Văn Bảo",
            ("Giám đốc Sở", "Director", "នាយកមន្ទីរ"),
            ("Lãnh đạo, điều hành chung.", "Overall direction of the department."),
            "<p>Sinh năm 1970. Bác sĩ chuyên khoa II.</p>",
            "<p>Born in 1970. Specialist doctor, level II.</p>",
        ),
    ],
}

CONTACTS = {
    None: [
        (
            "Nguyễn Minh Tâm",
            ("Chánh Văn phòng UBND tỉnh", "Chief of the Provincial Office", "ប្រធានការិយាល័យខេត្ត"),
            "0294 3862 318",
            "vanphong@travinh.gov.vn",
        ),
        (
            "Thạch Thị Sa Ri",
            ("Chuyên viên Cổng thông tin", "Portal officer", "មន្ត្រីវិបផតថល"),
            "0294 3862 319",
            "congthongtin@travinh.gov.vn",
        ),
    ],
    "stp": [
        ("Trần Văn Lâm", ("Giám đốc Sở", "Director", "នាយកមន្ទីរ"), "0294 3862 547", "tvlam@travinh.gov.vn"),
        (
            "Lý Thị Hồng",
            ("Chánh Văn phòng Sở", "Chief of Office", "ប្រធានការិយាល័យ"),
            "0294 3862 548",
            "lthong@travinh.gov.vn",
        ),
    ],
    "syt": [
        ("Huỳnh Văn Bảo", ("Giám đốc Sở", "Director", "នាយកមន្ទីរ"), "0294 3862 264", "hvbao@travinh.gov.vn"),
    ],
}

INTRODUCTIONS = {
    None: {
        "functions": (
            "<p>Ủy ban nhân dân tỉnh là cơ quan hành chính nhà nước ở địa phương.</p>",
            "<p>The Provincial People's Committee is the local body of state administration.</p>",
        ),
        "history": (
            "<p>Tỉnh Trà Vinh được tái lập từ ngày 5 tháng 5 năm 1992.</p>",
            "<p>Tra Vinh Province was re-established on 5 May 1992.</p>",
        ),
        "natural_conditions": (
            "<p>Diện tích tự nhiên 2.390 km², giáp biển Đông với 65 km bờ biển.</p>",
            "<p>A land area of 2,390 km², on the East Sea with 65 km of coastline.</p>",
        ),
        "culture": (
            "<p>Nơi sinh sống của người Kinh, Khmer và Hoa, với hơn 140 chùa Khmer.</p>",
            "<p>Home to Kinh, Khmer and Chinese people, with over 140 Khmer pagodas.</p>",
        ),
    },
    "stp": {
        "functions": (
            "<p>Tham mưu, giúp UBND tỉnh quản lý nhà nước về công tác tư pháp.</p>",
            "<p>Advises the Provincial People's Committee on the state management of justice.</p>",
        ),
        "history": ("<p>Thành lập năm 1992.</p>", "<p>Established in 1992.</p>"),
    },
    "syt": {
        "functions": (
            "<p>Tham mưu, giúp UBND tỉnh quản lý nhà nước về y tế.</p>",
            "<p>Advises the Provincial People's Committee on the state management of health.</p>",
        ),
    },
}

LANGUAGES = ("vi", "en", "km")


def _footer(unit, data) -> None:
    footer = Footer.objects.filter(unit=unit).first() or Footer(unit=unit)
    for name in ("managing_agency", "address", "licence"):
        for code, text in zip(LANGUAGES, data[name], strict=True):
            setattr(footer, f"{name}_{code}", text)
    for code in LANGUAGES:
        setattr(footer, f"citation_rule_{code}", CITATION[code])
    for name in ("responsible_person", "phone", "hotline", "email"):
        setattr(footer, name, data[name])
    for name, url in data.get("links", {}).items():
        setattr(footer, name, url)
    services.directory_save(footer, acting_user=SYSTEM)


def _leaders(unit, leaders) -> None:
    for order, (name, positions, duties, bio_vi, bio_en) in enumerate(leaders):
        leader = Leader.objects.filter(unit=unit, name=name).first() or Leader(unit=unit, name=name)
        leader.order = order
        for code, text in zip(LANGUAGES, positions, strict=True):
            setattr(leader, f"position_{code}", text)
        leader.duties_vi, leader.duties_en = duties
        leader.biography_vi, leader.biography_en = bio_vi, bio_en
        services.directory_save(leader, acting_user=SYSTEM)


def _contacts(unit, contacts) -> None:
    for order, (name, positions, phone, email) in enumerate(contacts):
        contact = Contact.objects.filter(unit=unit, name=name).first() or Contact(unit=unit, name=name)
        contact.order, contact.office_phone, contact.email = order, phone, email
        for code, text in zip(LANGUAGES, positions, strict=True):
            setattr(contact, f"position_{code}", text)
        services.directory_save(contact, acting_user=SYSTEM)


def _introduction(unit, data) -> None:
    introduction = Introduction.objects.filter(unit=unit).first() or Introduction(unit=unit)
    for name, (vi, en) in data.items():
        setattr(introduction, f"{name}_vi", vi)
        setattr(introduction, f"{name}_en", en)
    services.directory_save(introduction, acting_user=SYSTEM)


def seed(seeded: dict) -> None:
    for key in FOOTERS:
        unit = seeded["units"][key] if key else seeded["main"]
        _footer(unit, FOOTERS[key])
        _leaders(unit, LEADERS[key])
        _contacts(unit, CONTACTS[key])
        _introduction(unit, INTRODUCTIONS[key])
