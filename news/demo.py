# ruff: noqa: E501 - long lines of demo text read better unbroken
"""Demo news: articles of the main portal (some in Khmer and English) and of a few units, via the services.

Idempotent: an article is keyed by its unit and Vietnamese title; existing ones are left alone.
"""

from __future__ import annotations

import io
import random
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
     {"km": ("គណៈកម្មាធិការប្រជាជនខេត្តសន្ទនាជាមួយសហគ្រាស", "ថ្នាក់ដឹកនាំខេត្តឆ្លើយសំណើចំនួន ៣៥ របស់សហគ្រាស។"),
      "en": ("Provincial People's Committee meets businesses on obstacles to production", "Provincial leaders answer 35 requests from businesses on land, tax and investment procedures.")},
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
     {"km": ("ខេត្តត្រាវិញមានឃុំចំនួន ៥ បន្ថែមទៀតសម្រេចស្តង់ដារជនបទថ្មី", "បច្ចុប្បន្ន ខេត្តទាំងមូលមាន ៨៦ ឃុំសម្រេចស្តង់ដារ។"),
      "en": ("Five more communes of Tra Vinh meet the new-rural standard", "86 communes of the province now meet the standard, 30 of them the advanced one.")},
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

# The main portal's special sections (chuyên trang), by the Vietnamese slug of their section: the
# campaign banner of the home leads to the first. (title, summary, translations {lang: (title, summary)})
SECTION_ARTICLES = {
    "30-nam-tai-lap-tinh": [
        ("Lễ kỷ niệm 30 năm tái lập tỉnh Trà Vinh (1992–2022)",
         "Từ một tỉnh nghèo, Trà Vinh đã trở thành tỉnh có tốc độ tăng trưởng kinh tế khá của vùng Đồng bằng sông Cửu Long.",
         {"en": ("Tra Vinh celebrates 30 years since the province was re-established (1992–2022)",
                 "Once a poor province, Tra Vinh now grows faster than most of the Mekong Delta."),
          "km": ("ពិធីរំលឹកខួប ៣០ ឆ្នាំនៃការបង្កើតខេត្តត្រាវិញឡើងវិញ (១៩៩២–២០២២)",
                 "ពីខេត្តក្រីក្រមួយ ត្រាវិញបានក្លាយជាខេត្តដែលមានកំណើនសេដ្ឋកិច្ចល្អនៅតំបន់ដីសណ្តទន្លេមេគង្គ។")}),
        ("Triển lãm ảnh “Trà Vinh – 30 năm xây dựng và phát triển”",
         "Hơn 200 bức ảnh tư liệu về những đổi thay của quê hương được trưng bày tại Bảo tàng tỉnh.",
         {"en": ("Photo exhibition: Tra Vinh, 30 years of building and growth",
                 "More than 200 archive photographs of the province's changes are on show at the provincial museum."),
          "km": ("ពិព័រណ៍រូបថត “ត្រាវិញ – ៣០ ឆ្នាំនៃការកសាង និងអភិវឌ្ឍ”",
                 "រូបថតឯកសារជាង ២០០ សន្លឹកអំពីការផ្លាស់ប្តូររបស់ស្រុកកំណើត ត្រូវបានដាក់តាំងបង្ហាញនៅសារមន្ទីរខេត្ត។")}),
        ("Ba mươi năm, kết cấu hạ tầng Trà Vinh thay đổi toàn diện",
         "Luồng cho tàu biển trọng tải lớn vào sông Hậu, Trung tâm Điện lực Duyên Hải và cầu Cổ Chiên nối Trà Vinh với Bến Tre.",
         {"en": ("Thirty years that transformed Tra Vinh's infrastructure",
                 "The deep-water channel into the Hau River, the Duyen Hai power centre and the Co Chien bridge to Ben Tre."),
          "km": ("សាមសិបឆ្នាំ ហេដ្ឋារចនាសម្ព័ន្ធខេត្តត្រាវិញផ្លាស់ប្តូរទាំងស្រុង",
                 "ប្រឡាយសម្រាប់នាវាធំចូលទន្លេបាសាក់ មជ្ឈមណ្ឌលអគ្គិសនីយ៉ាន់ហាយ និងស្ពានកូចៀនភ្ជាប់ត្រាវិញជាមួយបេនត្រែ។")}),
    ],
    "nong-thon-moi": [
        ("Xã Long Hòa đạt chuẩn nông thôn mới kiểu mẫu",
         "Thu nhập bình quân đạt 68 triệu đồng/người/năm; 100% tuyến đường xã đã được cứng hóa.",
         {"en": ("Long Hoa commune meets the model new-rural standard",
                 "Average income reaches 68 million dong a person a year, and every commune road is paved."),
          "km": ("ឃុំឡុងហ័រសម្រេចស្តង់ដារជនបទថ្មីគំរូ",
                 "ប្រាក់ចំណូលមធ្យមដល់ ៦៨ លានដុងក្នុងមួយនាក់ក្នុងមួយឆ្នាំ ហើយផ្លូវឃុំទាំងអស់ត្រូវបានចាក់បេតុង។")}),
        ("Người dân hiến hơn 12.000 m² đất làm đường giao thông nông thôn",
         "Phong trào chung sức xây dựng nông thôn mới ở huyện Cầu Kè được nhân dân đồng tình hưởng ứng.",
         {"en": ("Residents give more than 12,000 m² of land for rural roads",
                 "In Cau Ke district, people join the campaign to build new rural areas together."),
          "km": ("ប្រជាជនបរិច្ចាគដីជាង ១២០០០ ម៉ែត្រការ៉េ ដើម្បីសាងសង់ផ្លូវជនបទ",
                 "ចលនារួមគ្នាកសាងជនបទថ្មី ទទួលបានការគាំទ្រយ៉ាងទូលំទូលាយពីប្រជាជន។")}),
        ("Trồng dừa sáp kết hợp du lịch nâng cao thu nhập cho nông dân",
         "Hợp tác xã dừa sáp liên kết tiêu thụ, giá bán ổn định 150.000 đồng/trái.",
         {"en": ("Wax coconut farming and tourism raise farmers' incomes",
                 "A wax coconut cooperative guarantees sales at a stable 150,000 dong a fruit."),
          "km": ("ការដាំដូងក្រមួនរួមជាមួយទេសចរណ៍ បង្កើនប្រាក់ចំណូលកសិករ",
                 "សហករណ៍ដូងក្រមួនធានាការលក់ ក្នុងតម្លៃថេរ ១៥០០០០ ដុងក្នុងមួយផ្លែ។")}),
    ],
    "du-lich-tra-vinh": [
        ("Ao Bà Om – thắng cảnh quốc gia giữa lòng thành phố Trà Vinh",
         "Hồ nước rộng hơn 6 ha, bao quanh là hàng cây dầu cổ thụ hàng trăm năm tuổi, gắn với truyền thuyết của đồng bào Khmer.",
         {"en": ("Ba Om Pond, a national scenic site in Tra Vinh city",
                 "A lake of more than 6 ha ringed by centuries-old trees and tied to a Khmer legend."),
          "km": ("ស្រះបាអុំ – ទីតាំងទេសចរណ៍ជាតិនៅក្រុងត្រាវិញ",
                 "ស្រះទឹកទំហំជាង ៦ ហិកតា ហ៊ុំព័ទ្ធដោយដើមឈើចាស់ៗរាប់រយឆ្នាំ និងភ្ជាប់ជាមួយរឿងព្រេងរបស់ជនជាតិខ្មែរ។")}),
        ("Chùa Âng – ngôi chùa Khmer cổ kính hơn 1.000 năm tuổi",
         "Kiến trúc chùa Khmer đặc sắc, được công nhận di tích kiến trúc nghệ thuật cấp quốc gia.",
         {"en": ("Ang Pagoda, a Khmer pagoda more than a thousand years old",
                 "A fine example of Khmer temple architecture, listed as a national architectural and artistic monument."),
          "km": ("វត្តអង្គ – វត្តខ្មែរបុរាណមានអាយុជាង ១០០០ ឆ្នាំ",
                 "ស្ថាបត្យកម្មវត្តខ្មែរដ៏ល្អប្លែក ត្រូវបានទទួលស្គាល់ជាបូជនីយដ្ឋានស្ថាបត្យកម្ម និងសិល្បៈថ្នាក់ជាតិ។")}),
        ("Biển Ba Động – điểm đến nghỉ dưỡng mùa hè",
         "Bãi biển dài hơn 10 km ở thị xã Duyên Hải với rừng phi lao, hải sản tươi và điện gió ven biển.",
         {"en": ("Ba Dong beach, a summer getaway",
                 "More than 10 km of beach in Duyen Hai town, with casuarina woods, fresh seafood and coastal wind farms."),
          "km": ("ឆ្នេរបាដុង – គោលដៅសម្រាកលំហែរដូវក្តៅ",
                 "ឆ្នេរវែងជាង ១០ គីឡូម៉ែត្រ នៅក្រុងយ៉ាន់ហាយ មានព្រៃស្រល់ អាហារសមុទ្រស្រស់ និងកង្ហារខ្យល់ផលិតអគ្គិសនី។")}),
    ],
}  # fmt: skip

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
# The units whose sites the demo fills (directory.demo.PROFILES): their news in the three languages.
# (title, summary, translations {lang: (title, summary)})
UNIT_STORIES = {
    "stc": [
        ("Công khai dự toán ngân sách tỉnh năm 2026 trên Cổng thông tin điện tử",
         "Sở Tài chính đăng tải đầy đủ các biểu mẫu dự toán theo Thông tư 343/2016/TT-BTC để người dân theo dõi.",
         {"en": ("The province's 2026 budget estimate published on the portal",
                 "The Department of Finance posts every estimate table required by Circular 343/2016/TT-BTC."),
          "km": ("ផ្សព្វផ្សាយថវិកាប៉ាន់ស្មានរបស់ខេត្តឆ្នាំ ២០២៦ នៅលើវិបផតថល",
                 "មន្ទីរហិរញ្ញវត្ថុបានដាក់ផ្សាយតារាងថវិកាប៉ាន់ស្មានទាំងអស់ ដើម្បីឱ្យប្រជាជនតាមដាន។")}),
        ("Tập huấn quản lý, sử dụng tài sản công cho các đơn vị dự toán",
         "Hơn 120 kế toán các sở, ngành, huyện được hướng dẫn Luật Quản lý, sử dụng tài sản công.",
         {"en": ("Training on public assets for budget-using units",
                 "More than 120 accountants of departments and districts learn the Law on Public Assets."),
          "km": ("វគ្គបណ្តុះបណ្តាលស្តីពីការគ្រប់គ្រងទ្រព្យសម្បត្តិសាធារណៈ",
                 "គណនេយ្យករជាង ១២០ នាក់នៃមន្ទីរ និងស្រុក បានទទួលការណែនាំអំពីច្បាប់ទ្រព្យសម្បត្តិសាធារណៈ។")}),
    ],
    "sgddt": [
        ("Trà Vinh có 98% học sinh tốt nghiệp trung học phổ thông",
         "Kỳ thi năm nay diễn ra an toàn; nhiều trường phổ thông dân tộc nội trú đạt tỷ lệ 100%.",
         {"en": ("98% of Tra Vinh's students pass the upper-secondary exam",
                 "This year's exam ran smoothly; several ethnic boarding schools reached a 100% pass rate."),
          "km": ("សិស្ស ៩៨% នៃខេត្តត្រាវិញប្រឡងជាប់មធ្យមសិក្សាទុតិយភូមិ",
                 "ការប្រឡងឆ្នាំនេះប្រព្រឹត្តទៅដោយសុវត្ថិភាព សាលាអន្តេវាសិកដ្ឋានជនជាតិជាច្រើនជាប់ ១០០%។")}),
        ("Khai giảng lớp dạy tiếng Khmer hè cho học sinh",
         "Hơn 1.200 lớp học tiếng Khmer được mở tại các chùa Khmer trong ba tháng hè.",
         {"en": ("Summer Khmer classes open for pupils",
                 "More than 1,200 Khmer-language classes open in Khmer pagodas over the three summer months."),
          "km": ("បើកថ្នាក់រៀនភាសាខ្មែររដូវក្តៅសម្រាប់សិស្ស",
                 "ថ្នាក់រៀនភាសាខ្មែរជាង ១២០០ ថ្នាក់ត្រូវបានបើកនៅវត្តខ្មែរក្នុងរយៈពេលបីខែរដូវក្តៅ។")}),
    ],
    "sct": [
        ("Phiên chợ hàng Việt về nông thôn tại huyện Trà Cú",
         "Gần 60 gian hàng giới thiệu sản phẩm OCOP, hàng tiêu dùng giá ưu đãi cho người dân.",
         {"en": ("Vietnamese goods fair in rural Tra Cu district",
                 "Nearly 60 stalls bring OCOP products and discounted consumer goods to residents."),
          "km": ("ផ្សារទំនិញវៀតណាមទៅកាន់ជនបទនៅស្រុកត្រាគូ",
                 "តូបជិត ៦០ បង្ហាញផលិតផល OCOP និងទំនិញប្រើប្រាស់ក្នុងតម្លៃអនុគ្រោះ។")}),
        ("Kiểm tra an toàn điện tại các nhà máy điện gió ven biển",
         "Đoàn kiểm tra làm việc tại 4 nhà máy điện gió ở thị xã Duyên Hải và huyện Duyên Hải.",
         {"en": ("Electrical safety checks at coastal wind farms",
                 "Inspectors visit four wind farms in Duyen Hai town and Duyen Hai district."),
          "km": ("ត្រួតពិនិត្យសុវត្ថិភាពអគ្គិសនីនៅរោងចក្រថាមពលខ្យល់តាមឆ្នេរ",
                 "ក្រុមត្រួតពិនិត្យបានធ្វើការនៅរោងចក្រថាមពលខ្យល់ចំនួន ៤ នៅយ៉ាន់ហាយ។")}),
    ],
    "tptv": [
        ("Thành phố Trà Vinh ra mắt mô hình “Tuyến phố văn minh đô thị”",
         "Người dân đường Phạm Ngũ Lão cam kết giữ vệ sinh, không lấn chiếm vỉa hè.",
         {"en": ("Tra Vinh City launches its “civilised street” model",
                 "Residents of Pham Ngu Lao Street pledge to keep it clean and the pavements clear."),
          "km": ("ក្រុងត្រាវិញដាក់ឱ្យដំណើរការគំរូ «ផ្លូវអរិយធម៌ទីក្រុង»",
                 "ប្រជាជននៅផ្លូវ Pham Ngu Lao សន្យារក្សាអនាម័យ និងមិនរំលោភចិញ្ចើមផ្លូវ។")}),
        ("Tiếp nhận hồ sơ cấp giấy phép xây dựng trực tuyến toàn trình",
         "Từ tháng này, người dân nộp hồ sơ và nhận kết quả qua Cổng dịch vụ công, không phải đến trụ sở.",
         {"en": ("Building permits applied for fully online",
                 "From this month, residents apply and receive permits through the public-service portal."),
          "km": ("ទទួលពាក្យសុំលិខិតអនុញ្ញាតសាងសង់តាមអនឡាញទាំងស្រុង",
                 "ចាប់ពីខែនេះ ប្រជាជនដាក់ពាក្យ និងទទួលលទ្ធផលតាមវិបផតថលសេវាសាធារណៈ។")}),
    ],
    "cangl": [
        ("Huyện Càng Long thu hoạch lúa đông xuân đạt năng suất 7 tấn/ha",
         "Giá lúa ổn định, nông dân lãi khoảng 25 triệu đồng mỗi héc-ta.",
         {"en": ("Cang Long harvests winter-spring rice at 7 tonnes a hectare",
                 "With stable prices, farmers earn about 25 million dong a hectare."),
          "km": ("ស្រុកកាំងឡុងប្រមូលផលស្រូវរដូវរងា-និទាឃរដូវបាន ៧ តោនក្នុងមួយហិកតា",
                 "តម្លៃស្រូវមានស្ថិរភាព កសិករចំណេញប្រហែល ២៥ លានដុងក្នុងមួយហិកតា។")}),
        ("Khởi công đường giao thông nông thôn xã Mỹ Cẩm",
         "Tuyến đường dài 3,2 km do Nhà nước và nhân dân cùng làm, hoàn thành trong 6 tháng.",
         {"en": ("Work begins on a rural road in My Cam commune",
                 "The 3.2 km road, built by the State and residents together, will take six months."),
          "km": ("ចាប់ផ្តើមសាងសង់ផ្លូវជនបទនៅឃុំមីកឹម",
                 "ផ្លូវប្រវែង ៣,២ គីឡូម៉ែត្រ ដែលរដ្ឋ និងប្រជាជនរួមគ្នាសាងសង់ នឹងបញ្ចប់ក្នុងរយៈពេល ៦ ខែ។")}),
    ],
}  # fmt: skip

# Skies and fields of the Mekong delta at different hours: (sky, far sky, sun, trees, field, near field, water).
SCENES = [
    ("#8ec9ee", "#d8eefb", "#fff4c2", "#2f5d34", "#7fb24a", "#5e9a35", "#5b8fb0"),
    ("#f2a65a", "#fbd9a6", "#fff1d0", "#3b4a2a", "#b7a43c", "#8f8a2c", "#c98a5a"),
    ("#6fa8dc", "#c9e2f5", "#ffffff", "#244d2b", "#9cc65b", "#6da83f", "#4f7fa3"),
    ("#e8857a", "#f8c9a8", "#ffe6b8", "#3a3f2b", "#a8b94a", "#7d9236", "#9a7a8c"),
]


def _photo(text: str, index: int) -> SimpleUploadedFile:
    """A drawn landscape (sky, sun, tree line, rice fields, a river, coconut palms), different for each
    index; no words in the picture: the caption and alt text carry them."""
    rng = random.Random(f"{index}:{text}")
    sky, far, sun, trees, field, near, water = SCENES[index % len(SCENES)]
    image = Image.new("RGB", (960, 640), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 200, 960, 330), fill=far)
    x = rng.randint(120, 840)
    draw.ellipse((x - 45, 110, x + 45, 200), fill=sun)
    skyline = [(0, 330)] + [(px, 300 - rng.randint(0, 40)) for px in range(0, 1000, 40)] + [(960, 330)]
    draw.polygon(skyline, fill=trees)
    for band in range(6):
        top = 330 + band * 52
        draw.rectangle((0, top, 960, top + 52), fill=field if band % 2 else near)
        draw.line((0, top, 960, top), fill=trees, width=2)
    bend = rng.randint(200, 700)
    draw.polygon([(bend, 330), (bend + 60, 330), (bend + 420, 640), (bend - 180, 640)], fill=water)
    for _palm in range(rng.randint(2, 4)):
        _palm_tree(draw, rng.randint(40, 920), rng.randint(430, 600), rng.randint(150, 260), trees)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"anh-{index}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _palm_tree(draw, x: int, foot: int, height: int, colour: str) -> None:
    crown = (x + height // 6, foot - height)
    draw.line([(x, foot), (x + height // 12, foot - height // 2), crown], fill="#5a4632", width=9)
    for dx, dy in ((-90, 30), (-70, -20), (0, -45), (70, -20), (95, 35), (-30, 60), (40, 60)):
        draw.polygon(
            [crown, (crown[0] + dx, crown[1] + dy), (crown[0] + dx // 2, crown[1] + dy // 2 + 8)], fill=colour
        )


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
    for slug, articles in SECTION_ARTICLES.items():
        section = main.sections.filter(slug_vi=slug).first()
        for number, (title, summary, translations) in enumerate(articles, start=len(MAIN_ARTICLES)):
            _write(
                main, main_users, number, title, summary, translations, sections=[section] if section else []
            )
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
    # Units without demo accounts: the superuser writes, translates and publishes.
    everyone = (admin, admin, {"en": admin, "km": admin})
    for key, stories in UNIT_STORIES.items():
        unit = seeded["units"].get(key)
        if unit is None:
            continue
        sections = list(unit.sections.filter(kind=SectionKind.ARTICLES)[:1])
        for number, (title, summary, translations) in enumerate(stories):
            _write(unit, everyone, number, title, summary, translations, sections=sections)
