import factory

from directory.models import Contact, Footer, Introduction, Leader

from .subsites import UnitFactory


class FooterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footer
        django_get_or_create = ("unit",)

    unit = factory.SubFactory(UnitFactory)
    managing_agency_vi = "Ủy ban nhân dân tỉnh Trà Vinh"
    managing_agency_en = "People's Committee of Tra Vinh Province"
    managing_agency_km = "គណៈកម្មាធិការប្រជាជនខេត្តត្រាវិញ"
    responsible_person = "Nguyễn Văn A"
    address_vi = "Số 1 Lê Lợi, phường 1, Trà Vinh"
    address_en = "1 Le Loi Street, Ward 1, Tra Vinh"
    phone = "0294 3862 000"
    hotline = "1900 0000"
    email = factory.LazyAttribute(lambda o: f"ttdt.{o.unit.key}@example.gov.vn")
    licence_vi = "Giấy phép số 01/GP-TTĐT"
    citation_rule_vi = "Ghi rõ nguồn khi phát hành lại thông tin từ cổng này."
    citation_rule_en = "Cite this portal as the source when reusing its content."
    citation_rule_km = "សូមដកស្រង់ប្រភពពីវិបផតថលនេះ។"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Trần Thị {n}")
    position_vi = "Chánh Văn phòng"
    position_en = "Chief of Office"
    position_km = "ប្រធានការិយាល័យ"
    office_phone = "0294 3862 111"
    email = factory.Sequence(lambda n: f"canbo{n}@example.gov.vn")


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Lê Văn {n}")
    position_vi = "Giám đốc"
    position_en = "Director"
    position_km = "នាយក"
    duties_vi = "Phụ trách chung."
    biography_vi = "<p>Sinh năm 1970.</p>"


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction
        django_get_or_create = ("unit",)

    unit = factory.SubFactory(UnitFactory)
    functions_vi = "<p>Tham mưu cho Ủy ban nhân dân tỉnh.</p>"
    functions_en = "<p>Advises the Provincial People's Committee.</p>"
    history_vi = "<p>Thành lập năm 1992.</p>"
