# ruff: noqa: E501 - long lines of demo text read better unbroken
"""The demo's footers, contacts, leaders and introductions: the main portal's, two departments' and
the five units of PROFILES. The Department of Home Affairs and the rest are left without, so that
their pages show the fallback footer and the compliance page has something to point at. Leaders get
a drawn portrait (`_portrait`). Idempotent: keyed by unit and name."""

from __future__ import annotations

import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from portal.services import SYSTEM
from portal.text import ascii_slug

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

# Three departments and two districts that publish what a citizen looks for on a unit's site
# (tests/public/test_demo_units.py): (managing agency vi/en/km, address vi/en/km, phone, e-mail, head,
# deputy, functions vi/en/km, history vi/en); a person is (name, position vi/en/km, duties vi/en,
# biography vi/en).
DIRECTOR = ("Giám đốc Sở", "Director", "នាយកមន្ទីរ")
DEPUTY_DIRECTOR = ("Phó Giám đốc Sở", "Deputy Director", "អនុប្រធានមន្ទីរ")
OVERALL = ("Lãnh đạo, điều hành chung.", "Overall direction.")
PROFILES = {
    "stc": (
        ("Sở Tài chính tỉnh Trà Vinh", "Department of Finance of Tra Vinh Province", "មន្ទីរហិរញ្ញវត្ថុខេត្តត្រាវិញ"),
        ("Số 70 Lê Lợi, phường 3, thành phố Trà Vinh", "70 Le Loi Street, Ward 3, Tra Vinh City",
         "លេខ ៧០ ផ្លូវ Le Loi សង្កាត់ ៣ ក្រុងត្រាវិញ"),
        "0294 3862 239", "stc@travinh.gov.vn",
        ("Phạm Minh Đức", DIRECTOR, OVERALL, ("<p>Sinh năm 1971. Thạc sĩ Tài chính – Ngân hàng.</p>",
                                            "<p>Born in 1971. Master of Finance and Banking.</p>")),
        ("Nguyễn Thị Thanh Hà", DEPUTY_DIRECTOR, ("Phụ trách quản lý ngân sách, giá và công sản.",
                                                  "In charge of the budget, prices and public assets."),
         ("<p>Sinh năm 1978. Cử nhân Kế toán.</p>", "<p>Born in 1978. Bachelor of Accounting.</p>")),
        ("<p>Tham mưu, giúp UBND tỉnh quản lý nhà nước về tài chính, ngân sách nhà nước, giá và tài sản công.</p>",
         "<p>Advises the Provincial People's Committee on public finance, the state budget, prices and public assets.</p>",
         "<p>ផ្តល់យោបល់ដល់គណៈកម្មាធិការប្រជាជនខេត្តលើហិរញ្ញវត្ថុ ថវិការដ្ឋ តម្លៃ និងទ្រព្យសម្បត្តិសាធារណៈ។</p>"),
        ("<p>Thành lập năm 1992, khi tỉnh Trà Vinh được tái lập.</p>",
         "<p>Established in 1992, when Tra Vinh Province was re-established.</p>"),
    ),
    "sgddt": (
        ("Sở Giáo dục và Đào tạo tỉnh Trà Vinh", "Department of Education and Training of Tra Vinh Province",
         "មន្ទីរអប់រំ និងបណ្តុះបណ្តាលខេត្តត្រាវិញ"),
        ("Số 2 Lê Thánh Tôn, phường 2, thành phố Trà Vinh", "2 Le Thanh Ton Street, Ward 2, Tra Vinh City",
         "លេខ ២ ផ្លូវ Le Thanh Ton សង្កាត់ ២ ក្រុងត្រាវិញ"),
        "0294 3863 321", "sgddt@travinh.gov.vn",
        ("Trần Quốc Việt", DIRECTOR, OVERALL, ("<p>Sinh năm 1970. Tiến sĩ Khoa học giáo dục.</p>",
                                             "<p>Born in 1970. Doctor of Education.</p>")),
        ("Thạch Phương Đông", DEPUTY_DIRECTOR, ("Phụ trách giáo dục dân tộc và giáo dục song ngữ Việt – Khmer.",
                                                "In charge of ethnic-minority and Vietnamese–Khmer bilingual education."),
         ("<p>Sinh năm 1976 tại Trà Cú. Thạc sĩ Quản lý giáo dục.</p>",
          "<p>Born in 1976 in Tra Cu. Master of Education Management.</p>")),
        ("<p>Tham mưu, giúp UBND tỉnh quản lý nhà nước về giáo dục mầm non, phổ thông, thường xuyên và giáo dục dân tộc.</p>",
         "<p>Advises the Provincial People's Committee on pre-school, general, continuing and ethnic-minority education.</p>",
         "<p>ផ្តល់យោបល់ដល់គណៈកម្មាធិការប្រជាជនខេត្តលើការអប់រំមត្តេយ្យ ការអប់រំទូទៅ និងការអប់រំជនជាតិ។</p>"),
        ("<p>Thành lập năm 1992; quản lý hơn 450 trường học với 12 trường phổ thông dân tộc nội trú.</p>",
         "<p>Established in 1992; oversees more than 450 schools, 12 of them ethnic boarding schools.</p>"),
    ),
    "sct": (
        ("Sở Công Thương tỉnh Trà Vinh", "Department of Industry and Trade of Tra Vinh Province",
         "មន្ទីរឧស្សាហកម្ម និងពាណិជ្ជកម្មខេត្តត្រាវិញ"),
        ("Số 4 Nguyễn Thị Minh Khai, phường 2, thành phố Trà Vinh", "4 Nguyen Thi Minh Khai Street, Ward 2, Tra Vinh City",
         "លេខ ៤ ផ្លូវ Nguyen Thi Minh Khai សង្កាត់ ២ ក្រុងត្រាវិញ"),
        "0294 3862 453", "sct@travinh.gov.vn",
        ("Lê Thị Ngọc Diễm", DIRECTOR, OVERALL, ("<p>Sinh năm 1974. Thạc sĩ Kinh tế.</p>",
                                               "<p>Born in 1974. Master of Economics.</p>")),
        ("Võ Hoàng Minh", DEPUTY_DIRECTOR, ("Phụ trách năng lượng, điện gió và an toàn thực phẩm.",
                                            "In charge of energy, wind power and food safety."),
         ("<p>Sinh năm 1980. Kỹ sư Điện.</p>", "<p>Born in 1980. Electrical engineer.</p>")),
        ("<p>Tham mưu, giúp UBND tỉnh quản lý nhà nước về công nghiệp, năng lượng, thương mại và xúc tiến thương mại.</p>",
         "<p>Advises the Provincial People's Committee on industry, energy, trade and trade promotion.</p>",
         "<p>ផ្តល់យោបល់ដល់គណៈកម្មាធិការប្រជាជនខេត្តលើឧស្សាហកម្ម ថាមពល និងពាណិជ្ជកម្ម។</p>"),
        ("<p>Thành lập năm 2008 từ Sở Công nghiệp và Sở Thương mại.</p>",
         "<p>Formed in 2008 from the Departments of Industry and of Trade.</p>"),
    ),
    "tptv": (
        ("Ủy ban nhân dân thành phố Trà Vinh", "People's Committee of Tra Vinh City", "គណៈកម្មាធិការប្រជាជនក្រុងត្រាវិញ"),
        ("Số 1 Lê Thánh Tôn, phường 2, thành phố Trà Vinh", "1 Le Thanh Ton Street, Ward 2, Tra Vinh City",
         "លេខ ១ ផ្លូវ Le Thanh Ton សង្កាត់ ២ ក្រុងត្រាវិញ"),
        "0294 3862 112", "tptv@travinh.gov.vn",
        ("Kiên Văn Hùng", ("Chủ tịch UBND thành phố", "Chairman of the City People's Committee",
                           "ប្រធានគណៈកម្មាធិការប្រជាជនក្រុង"), OVERALL,
         ("<p>Sinh năm 1973 tại Châu Thành. Thạc sĩ Quản lý công.</p>",
          "<p>Born in 1973 in Chau Thanh. Master of Public Administration.</p>")),
        ("Huỳnh Thị Bích Ngọc", ("Phó Chủ tịch UBND thành phố", "Vice Chairwoman of the City People's Committee",
                                 "អនុប្រធានគណៈកម្មាធិការប្រជាជនក្រុង"),
         ("Phụ trách văn hóa, xã hội, y tế và giáo dục.", "In charge of culture, social affairs, health and education."),
         ("<p>Sinh năm 1979. Cử nhân Luật.</p>", "<p>Born in 1979. Bachelor of Law.</p>")),
        ("<p>Cơ quan hành chính nhà nước của thành phố Trà Vinh, đô thị loại II, trung tâm chính trị, kinh tế, văn hóa của tỉnh.</p>",
         "<p>The state administration of Tra Vinh City, a class-II city and the province's political, economic and cultural centre.</p>",
         "<p>រដ្ឋបាលនៃក្រុងត្រាវិញ ដែលជាមជ្ឈមណ្ឌលនយោបាយ សេដ្ឋកិច្ច និងវប្បធម៌របស់ខេត្ត។</p>"),
        ("<p>Thị xã Trà Vinh được nâng cấp thành thành phố ngày 4 tháng 3 năm 2010.</p>",
         "<p>Tra Vinh town became a city on 4 March 2010.</p>"),
    ),
    "cangl": (
        ("Ủy ban nhân dân huyện Càng Long", "People's Committee of Cang Long District",
         "គណៈកម្មាធិការប្រជាជនស្រុកកាំងឡុង"),
        ("Khóm 3, thị trấn Càng Long, huyện Càng Long", "Hamlet 3, Cang Long township, Cang Long District",
         "ភូមិ ៣ ទីប្រជុំជនកាំងឡុង ស្រុកកាំងឡុង"),
        "0294 3882 207", "cangl@travinh.gov.vn",
        ("Đặng Văn Khánh", ("Chủ tịch UBND huyện", "Chairman of the District People's Committee",
                            "ប្រធានគណៈកម្មាធិការប្រជាជនស្រុក"), OVERALL,
         ("<p>Sinh năm 1975 tại Càng Long. Kỹ sư Nông nghiệp.</p>",
          "<p>Born in 1975 in Cang Long. Agricultural engineer.</p>")),
        ("Sơn Thị Sô Phia", ("Phó Chủ tịch UBND huyện", "Vice Chairwoman of the District People's Committee",
                             "អនុប្រធានគណៈកម្មាធិការប្រជាជនស្រុក"),
         ("Phụ trách kinh tế, nông nghiệp và xây dựng nông thôn mới.",
          "In charge of the economy, agriculture and new rural development."),
         ("<p>Sinh năm 1981. Thạc sĩ Kinh tế nông nghiệp.</p>", "<p>Born in 1981. Master of Agricultural Economics.</p>")),
        ("<p>Cơ quan hành chính nhà nước của huyện Càng Long, vùng chuyên canh dừa, lúa và cây ăn trái của tỉnh.</p>",
         "<p>The state administration of Cang Long District, the province's coconut, rice and fruit-growing area.</p>",
         "<p>រដ្ឋបាលនៃស្រុកកាំងឡុង តំបន់ដាំដូង ស្រូវ និងដំណាំផ្លែឈើរបស់ខេត្ត។</p>"),
        ("<p>Huyện có 13 xã và 1 thị trấn, diện tích tự nhiên 294 km².</p>",
         "<p>The district has 13 communes and a township over 294 km².</p>"),
    ),
}  # fmt: skip

LANGUAGES = ("vi", "en", "km")


def _mailbox(name: str) -> str:
    """Trần Văn Lâm → tvlam, as the province's mail accounts are named."""
    words = ascii_slug(name).split("-")
    return "".join(word[0] for word in words[:-1]) + words[-1]


def _add_profile(key, agency, address, phone, email, head, deputy, functions, history) -> None:
    """A unit of PROFILES as the footer, leaders, contacts and introduction the seed writes."""
    people = (head, deputy)
    FOOTERS[key] = {
        "managing_agency": agency,
        "address": address,
        "licence": ("", "", ""),
        "responsible_person": f"{head[0]}, {head[1][0]}",
        "phone": phone,
        "hotline": "",
        "email": email,
    }
    LEADERS[key] = [(name, positions, duties, *bios) for name, positions, duties, bios in people]
    domain = email.split("@", 1)[1]
    CONTACTS[key] = [
        (name, positions, phone, f"{_mailbox(name)}@{domain}") for name, positions, *_rest in people
    ]
    INTRODUCTIONS[key] = {"functions": functions, "history": history}


for _key, _profile in PROFILES.items():
    _add_profile(_key, *_profile)


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


# (background, suit, skin, hair): official portraits are taken before a plain backdrop.
PORTRAIT_TONES = [
    ("#c9d6e3", "#1f2a3a", "#e3b995", "#1b1b1b"),
    ("#d8dee6", "#2b2b33", "#d7a77f", "#2a1f1a"),
    ("#bfcfdc", "#243447", "#eac3a0", "#111111"),
    ("#d3dbe3", "#32343d", "#c99a73", "#241a14"),
]


def _portrait(name: str) -> SimpleUploadedFile:
    """A drawn head-and-shoulders portrait (no face, no words): a demo leader is no real person."""
    seed = zlib.crc32(name.encode())
    backdrop, suit, skin, hair = PORTRAIT_TONES[seed % len(PORTRAIT_TONES)]
    image = Image.new("RGB", (240, 300), backdrop)
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 200, 220, 400), fill=suit)  # shoulders
    draw.polygon([(100, 205), (140, 205), (120, 262)], fill="#f4f4f4")  # shirt
    draw.polygon([(114, 212), (126, 212), (123, 258), (117, 258)], fill="#9b1c1c")  # tie
    long_hair = seed % 3 == 0
    draw.rounded_rectangle((68, 60, 172, 215 if long_hair else 150), radius=50, fill=hair)
    draw.rectangle((104, 170, 136, 212), fill=skin)  # neck
    draw.ellipse((76, 78, 164, 190), fill=skin)  # face
    draw.chord((76, 64, 164, 136), 180, 360, fill=hair)  # fringe
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"{ascii_slug(name)}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _leaders(unit, leaders) -> None:
    for order, (name, positions, duties, bio_vi, bio_en) in enumerate(leaders):
        leader = Leader.objects.filter(unit=unit, name=name).first() or Leader(unit=unit, name=name)
        leader.order = order
        if not leader.photo:
            leader.photo = _portrait(name)
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
    for name, texts in data.items():
        for code, text in zip(LANGUAGES, texts, strict=False):
            setattr(introduction, f"{name}_{code}", text)
    services.directory_save(introduction, acting_user=SYSTEM)


def seed(seeded: dict) -> None:
    for key in FOOTERS:
        unit = seeded["units"].get(key) if key else seeded["main"]
        if unit is None:  # a test seeding only some units
            continue
        _footer(unit, FOOTERS[key])
        _leaders(unit, LEADERS[key])
        _contacts(unit, CONTACTS[key])
        _introduction(unit, INTRODUCTIONS[key])
