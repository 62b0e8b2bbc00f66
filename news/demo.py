# ruff: noqa: E501 - long lines of demo text read better unbroken
"""Demo news: articles of the main portal (some in Khmer and English) and of a few units, via the services.

Idempotent: an article is keyed by its unit and Vietnamese title; existing ones are left alone.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from subsites.enums import SectionKind

from . import services
from .models import Article

# (title, summary, translations {lang: (title, summary)}, featured)
MAIN_ARTICLES = [
    ("Trà Vinh tổ chức Lễ hội Ok Om Bok – Đua ghe ngo năm 2026",
     "Lễ hội truyền thống của đồng bào Khmer thu hút hàng chục nghìn lượt khách về Ao Bà Om.",
     {"km": ("ខេត្តត្រាវិញរៀបចំពិធីបុណ្យអកអំបុក និងប្រណាំងទូកង", "ពិធីបុណ្យប្រពៃណីរបស់ជនជាតិខ្មែរ ទាក់ទាញភ្ញៀវរាប់ម៉ឺននាក់។"),
      "en": ("Tra Vinh holds the Ok Om Bok Festival and Ngo boat race", "The Khmer festival draws tens of thousands of visitors to Ba Om Pond.")},
     True),
    ("UBND tỉnh đối thoại với doanh nghiệp về tháo gỡ khó khăn sản xuất kinh doanh",
     "Lãnh đạo tỉnh trả lời 35 kiến nghị của doanh nghiệp về đất đai, thuế và thủ tục đầu tư.",
     {"km": ("គណៈកម្មាធិការប្រជាជនខេត្តសន្ទនាជាមួយសហគ្រាស", "ថ្នាក់ដឹកនាំខេត្តឆ្លើយសំណើចំនួន ៣៥ របស់សហគ្រាស។")},
     False),
    ("Khánh thành cầu Long Bình 3 nối liền hai xã vùng sâu huyện Càng Long",
     "Cây cầu dài 120 m giúp hơn 4.000 hộ dân đi lại thuận tiện, vận chuyển nông sản.",
     {"km": ("សម្ពោធស្ពានឡុងប៊ិញ ៣ ក្នុងស្រុកកាំងឡុង", "ស្ពានប្រវែង ១២០ ម៉ែត្រ ជួយប្រជាជនជាង ៤០០០ គ្រួសារ។")},
     False),
    ("Triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh điện tử",
     "Toàn tỉnh đã kích hoạt hơn 520.000 tài khoản định danh điện tử mức độ 2.", {}, False),
    ("Hội nghị xúc tiến đầu tư vào Khu kinh tế Định An",
     "Nhiều nhà đầu tư trong và ngoài nước quan tâm đến năng lượng tái tạo và cảng biển.",
     {"en": ("Investment promotion conference for Dinh An Economic Zone", "Investors show interest in renewable energy and seaports.")},
     True),
    ("Bản tin ngư trường: khuyến cáo tàu cá tránh vùng biển động",
     "Sóng cao 2–3 m trên vùng biển Trà Vinh – Sóc Trăng trong ba ngày tới.", {}, False),
    ("Phổ biến Luật Phòng, chống bạo lực gia đình đến đồng bào dân tộc thiểu số",
     "Buổi tuyên truyền song ngữ Việt – Khmer tại xã Tập Sơn, huyện Trà Cú.",
     {"km": ("ផ្សព្វផ្សាយច្បាប់ស្តីពីការទប់ស្កាត់អំពើហិង្សាក្នុងគ្រួសារ", "ការផ្សព្វផ្សាយជាពីរភាសា វៀតណាម–ខ្មែរ នៅឃុំតាប់សើន។")},
     False),
    ("Trà Vinh đạt chuẩn nông thôn mới thêm 5 xã",
     "Đến nay toàn tỉnh có 86 xã đạt chuẩn nông thôn mới, 30 xã nâng cao.",
     {"km": ("ខេត្តត្រាវិញមានឃុំចំនួន ៥ បន្ថែមទៀតសម្រេចស្តង់ដារជនបទថ្មី", "បច្ចុប្បន្ន ខេត្តទាំងមូលមាន ៨៦ ឃុំសម្រេចស្តង់ដារ។")},
     False),
    ("Tiêm vắc xin phòng sởi cho trẻ em từ 1 đến 5 tuổi",
     "Ngành y tế triển khai chiến dịch tiêm chủng tại 106 trạm y tế xã, phường.", {}, False),
    ("Khai giảng lớp bồi dưỡng tiếng Khmer cho cán bộ, công chức",
     "Hơn 60 học viên tham gia khóa học 3 tháng tại Trường Chính trị tỉnh.",
     {"km": ("បើកវគ្គបណ្តុះបណ្តាលភាសាខ្មែរដល់មន្ត្រីរាជការ", "សិក្ខាកាមជាង ៦០ នាក់ចូលរួមវគ្គរយៈពេល ៣ ខែ។")},
     False),
    ("Chuyển đổi số trong giải quyết thủ tục hành chính cấp xã",
     "100% hồ sơ được tiếp nhận và trả kết quả qua Hệ thống thông tin giải quyết thủ tục hành chính.", {}, False),
    ("Lễ hội Sene Dolta của đồng bào Khmer được tổ chức trang trọng",
     "Tỉnh thăm, tặng quà các chùa Khmer và gia đình chính sách nhân dịp lễ.",
     {"km": ("ពិធីបុណ្យសែនដូនតារបស់ជនជាតិខ្មែរ", "ខេត្តសួរសុខទុក្ខ និងជូនអំណោយដល់វត្តខ្មែរ។")},
     False),
    ("Ra quân tháng thanh niên với chủ đề chuyển đổi số",
     "Đoàn viên thanh niên hỗ trợ người dân cài đặt ứng dụng VNeID và dịch vụ công trực tuyến.", {}, False),
    ("Kiểm tra công tác phòng, chống hạn mặn vụ đông xuân",
     "Các cống ngăn mặn được vận hành để bảo đảm nước tưới cho 80.000 ha lúa.", {}, False),
    ("Trao 200 căn nhà đại đoàn kết cho hộ nghèo",
     "Kinh phí 10 tỷ đồng do Ủy ban Mặt trận Tổ quốc tỉnh vận động.",
     {"km": ("ប្រគល់ផ្ទះសាមគ្គីចំនួន ២០០ ខ្នងដល់គ្រួសារក្រីក្រ", "ថវិកា ១០ ពាន់លានដុង។")},
     False),
    ("Hội nghị sơ kết hoạt động Cổng thông tin điện tử tỉnh 6 tháng đầu năm",
     "Cổng đăng tải 453 tin, bài với 747 ảnh; biên dịch 148 tin, bài sang tiếng Khmer.", {}, False),
    ("Phát triển du lịch cộng đồng tại cồn Chim, huyện Châu Thành",
     "Mô hình homestay giúp người dân tăng thu nhập từ du lịch sinh thái.",
     {"en": ("Community tourism on Chim islet, Chau Thanh district", "Homestays bring eco-tourism income to residents.")},
     False),
    ("Trà Vinh thu hút 12 dự án đầu tư mới trong 6 tháng",
     "Tổng vốn đăng ký hơn 4.500 tỷ đồng, tập trung vào điện gió và chế biến nông sản.", {}, False),
    ("Tuyên truyền phòng, chống tác hại của thuốc lá trong trường học",
     "Hơn 15.000 học sinh tham gia các hoạt động hưởng ứng.", {}, False),
    ("Sửa chữa, nâng cấp tuyến Quốc lộ 53 đoạn qua thành phố Trà Vinh",
     "Công trình hoàn thành trước Tết, bảo đảm an toàn giao thông cho người dân.", {}, False),
]  # fmt: skip

UNIT_ARTICLES = {
    "stp": ["Sở Tư pháp tổ chức hội nghị tập huấn công tác hộ tịch",
            "Trợ giúp pháp lý miễn phí cho người dân tộc thiểu số tại huyện Trà Cú",
            "Tổng kết công tác phổ biến, giáo dục pháp luật năm 2025"],
    "syt": ["Bệnh viện Đa khoa tỉnh triển khai bệnh án điện tử",
            "Chiến dịch phòng chống sốt xuất huyết mùa mưa",
            "Khám sàng lọc bệnh tim bẩm sinh miễn phí cho trẻ em"],
    "stttt": ["Ra mắt ứng dụng Trà Vinh S trên điện thoại",
              "Tập huấn an toàn thông tin cho cán bộ phụ trách công nghệ thông tin"],
}  # fmt: skip

COLOURS = ["#a50e24", "#0b4f8a", "#2e7d32", "#6a1b9a", "#ef6c00", "#00695c"]


def _caption_font():
    """A font with Vietnamese glyphs (Pillow's default has none): DejaVu Sans, shipped with matplotlib."""
    from pathlib import Path

    import matplotlib
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"), 26)


def _photo(text: str, index: int) -> SimpleUploadedFile:
    image = Image.new("RGB", (960, 640), COLOURS[index % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 480, 920, 600), fill="white")
    draw.text((60, 520), text[:70], fill="black", font=_caption_font())
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"anh-{index}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _body(title: str, summary: str) -> str:
    return (
        f"<p>{summary}</p>"
        f"<p>Theo thông tin từ cơ quan chức năng, {title[0].lower() + title[1:]} là một trong những hoạt động "
        "trọng tâm của tỉnh trong năm, góp phần phát triển kinh tế – xã hội và nâng cao đời sống nhân dân.</p>"
        "<h2>Một số kết quả nổi bật</h2><ul><li>Sự phối hợp chặt chẽ giữa các sở, ngành và địa phương.</li>"
        "<li>Người dân đồng tình, hưởng ứng.</li></ul>"
    )


def _write(unit, users, number, title, summary, translations=None, featured=False, sections=()):
    if Article.objects.filter(unit=unit, title_vi=title).exists():
        return
    editor, approver, translators = users
    article = Article(
        unit=unit, title_vi=title, summary_vi=summary, body_vi=_body(title, summary),
        author="Ban Biên tập", featured=featured,
    )  # fmt: skip
    services.article_create(article=article, acting_user=editor, sections=sections)
    for n in range(1 + number % 2):
        services.photo_add(
            article=article, upload=_photo(title, number + n), acting_user=editor,
            caption=f"{title} (ảnh {n + 1})", alt_text=f"Quang cảnh: {title.lower()}",
        )  # fmt: skip
    services.article_submit(article=article, acting_user=editor)
    services.article_publish(
        article=article, acting_user=approver, at=timezone.now() - timedelta(days=number)
    )
    for language, (t_title, t_summary) in (translations or {}).items():
        translation = services.translation_save(
            article=article, language=language, acting_user=translators[language],
            title=t_title, summary=t_summary, body=f"<p>{t_summary}</p>",
        )  # fmt: skip
        services.translation_submit(translation=translation, acting_user=translators[language])
        services.translation_publish(translation=translation, acting_user=approver)


def seed(seeded: dict) -> None:
    User = get_user_model()
    admin = User.objects.get(username="admin")
    translators = {"km": User.objects.get(username="dich-km"), "en": admin}
    main_users = (User.objects.get(username="bientap"), User.objects.get(username="duyet"), translators)
    main = seeded["main"]
    news_sections = list(main.sections.filter(kind=SectionKind.ARTICLES)[:2])
    for number, (title, summary, translations, featured) in enumerate(MAIN_ARTICLES):
        sections = [news_sections[number % len(news_sections)]] if news_sections else []
        _write(main, main_users, number, title, summary, translations, featured, sections)
    stp_users = (
        User.objects.get(username="stp-bientap"),
        User.objects.get(username="stp-duyet"),
        translators,
    )
    for key, titles in UNIT_ARTICLES.items():
        unit = seeded["units"].get(key)
        if unit is None:
            continue
        # Units without demo accounts: the superuser writes and publishes (logged as without review).
        users = stp_users if key == "stp" else (admin, admin, translators)
        sections = list(unit.sections.filter(kind=SectionKind.ARTICLES)[:1])
        for number, title in enumerate(titles):
            _write(unit, users, number, title, f"{title}: tin từ {unit.name_vi}.", sections=sections)
