from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from consultations.enums import DraftState, Moderation
from consultations.models import Draft
from documents.models import Document, IssuingBody, LeaderSchedule
from exchange.importer import import_folder
from exchange.models import ExchangeKey
from news.models import Article
from portal.enums import Status
from reports.models import DailyVisits
from subsites.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_fresh_database_holds_no_units():
    assert Unit.objects.count() == 0


def test_every_kind_goes_in_through_the_services(sample):
    summary = import_folder(sample)

    assert {k: c["created"] for k, c in summary.counts.items()} == {
        "unit": 2, "article": 2, "document": 2, "schedule": 1, "draft": 1, "visits": 1,
    }  # fmt: skip
    main = Unit.objects.get(key="tinh")
    assert main.is_main_portal and Unit.objects.get(key="sotp").parent == main
    assert Unit.objects.get(key="sotp").name_en == "Department of Justice"

    article = Article.objects.get(title_vi="Hội nghị chuyển đổi số")
    assert article.status == Status.PUBLISHED
    assert article.published_at == datetime(2022, 3, 1, 8, tzinfo=VN)
    assert "<script>" not in article.body_vi and article.slug == "hoi-nghi-chuyen-doi-so"
    km = article.translations.get(language="km")
    assert km.live and km.published_at == datetime(2022, 3, 5, 9, 30, tzinfo=VN)
    assert article.title_km == "សន្និសីទ" and not article.translations.filter(language="en").exists()
    photo = article.photos.get()
    assert photo.alt_text_vi == "Hội trường" and photo.alt_text_km == "សាល" and photo.width == 32
    draft_article = Article.objects.get(title_vi="Bản nháp")
    assert draft_article.status == Status.DRAFT and draft_article.translations.get(language="en").live

    amending = Document.objects.get(number_symbol="20/QĐ-UBND")
    assert amending.doc_type == "QĐ" and amending.posted_at == datetime(2022, 2, 3, 10, tzinfo=VN)
    assert amending.issuing_body == IssuingBody.objects.get(name_vi="Ủy ban nhân dân tỉnh Trà Vinh")
    assert amending.attachments.get().content_type == "application/pdf"
    assert amending.relations_out.get().target.number_symbol == "1762/QĐ-UBND"

    schedule = LeaderSchedule.objects.get()
    assert schedule.status == Status.PUBLISHED and schedule.entries.get().content_en == "Weekly meeting"

    draft = Draft.objects.get(key="dt-1")
    assert draft.state == DraftState.SCHEDULED and draft.files.count() == 1
    moderations = dict(draft.comments.values_list("name", "moderation"))
    assert moderations == {"Nguyễn Văn A": Moderation.PUBLISHED, "Công ty B": Moderation.HIDDEN}
    assert all(c.confirmed_at == c.submitted_at for c in draft.comments.all())

    assert DailyVisits.objects.get(unit__key="sotp", date=date(2022, 3, 1)).count == 1234


def test_importing_twice_changes_nothing(sample):
    import_folder(sample)
    counts = {m: m.objects.count() for m in (Unit, Article, Document, LeaderSchedule, Draft, DailyVisits)}

    summary = import_folder(sample)

    assert {m: m.objects.count() for m in counts} == counts
    assert all(c["created"] == c["updated"] == 0 for c in summary.counts.values())
    assert sum(c["unchanged"] for c in summary.counts.values()) == 9


def test_a_changed_object_is_updated_in_place(sample):
    import_folder(sample)
    article = Article.objects.get(title_vi="Hội nghị chuyển đổi số")
    content = (sample / "content.jsonl").read_text().replace("Hội nghị chuyển đổi số", "Hội nghị số hoá")
    (sample / "content.jsonl").write_text(content)

    summary = import_folder(sample)

    article.refresh_from_db()
    assert article.title_vi == "Hội nghị số hoá" and Article.objects.count() == 2
    assert article.photos.count() == 1 and article.translations.get(language="km").live
    assert summary.counts["article"]["updated"] == 1 and summary.counts["article"]["unchanged"] == 1
    assert ExchangeKey.objects.filter(kind="article").count() == 2


def test_the_command_prints_a_summary(sample, capsys):
    call_command("import_portal", str(sample), language="en")
    out = capsys.readouterr().out
    assert "article   created      2" in out and "visits    created      1" in out
