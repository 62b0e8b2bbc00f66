"""--language: the operator reads the messages in vi, en or km; the prefix and the content stay the same."""

import os

import pytest
from django.core.management import CommandError, call_command

from citizen_qa.models import Question
from documents.models import LeaderSchedule
from exchange.models import ExchangeKey
from portal.models import AuditEntry
from subsites.models import Unit

from .conftest import SAMPLE_FILES, png, sample_lines, write_folder
from .test_questions import _question, _units

pytestmark = pytest.mark.django_db


def _refused_while_checking(tmp_path):
    """Pass 1: a file whose content is not what its extension claims (the editors' upload validator)."""
    return write_folder(tmp_path / "in", sample_lines(), {**SAMPLE_FILES, "files/20.pdf": png()})


def _refused_while_writing(tmp_path):
    """Pass 2: a rule of the question service and one of Django's own validators."""
    bad_email = _question("q-email", asker={"name": "Bình", "email": "binh.tran"})
    return write_folder(tmp_path / "in", [*_units(), _question("q-early", published=True), bad_email])


BAD_FILES = {
    "checking": (
        _refused_while_checking,
        {
            "en": [
                "content.jsonl:6: files[0].file: “20.pdf” ends in .pdf but its content is image/png, "
                "not what the extension claims."
            ],
            "vi": [
                "content.jsonl:6: files[0].file: “20.pdf” có phần mở rộng .pdf nhưng nội dung thực tế là "
                "image/png, không đúng với phần mở rộng."
            ],
        },
    ),
    "writing": (
        _refused_while_writing,
        {
            "en": [
                "content.jsonl:3: published: "
                "Only an answered question can be published (answered_at is missing).",
                "content.jsonl:4: asker.email: Enter a valid email address.",
            ],
            "vi": [
                "content.jsonl:3: published: Chỉ câu hỏi đã trả lời mới được đăng (thiếu answered_at).",
                "content.jsonl:4: asker.email: Nhập địa chỉ email.",
            ],
        },
    ),
}


def _import(folder, capsys, **language) -> list[str]:
    with pytest.raises(CommandError) as failure:
        call_command("import_portal", str(folder), **language)
    assert failure.value.returncode == 1
    return capsys.readouterr().err.splitlines()


def _prefix(line: str) -> list[str]:
    """`content.jsonl:LINE: field:`, the part a program reads."""
    return line.split(": ", 2)[:2]


@pytest.mark.parametrize("stage", BAD_FILES)
def test_the_same_bad_file_in_vietnamese_and_in_english(stage, tmp_path, capsys, settings):
    build, expected = BAD_FILES[stage]
    folder = build(tmp_path)

    reported = {language: _import(folder, capsys, language=language) for language in ("vi", "en")}

    assert reported == expected
    assert [_prefix(line) for line in reported["vi"]] == [_prefix(line) for line in reported["en"]]
    assert _import(folder, capsys) == reported["vi"]  # by default, the portal's language
    assert not Unit.objects.exists() and not Question.objects.exists()
    assert not AuditEntry.objects.exists() and not ExchangeKey.objects.exists()
    for folder in (settings.MEDIA_ROOT, settings.PORTAL_PRIVATE_ROOT):
        assert [name for _dir, _sub, names in os.walk(folder) for name in names] == []


def test_the_summary_of_a_failure_in_english(tmp_path, capsys):
    with pytest.raises(CommandError, match=r"^nothing was imported: 2 errors$"):
        call_command("import_portal", str(_refused_while_writing(tmp_path)), language="en")


def test_the_content_is_written_the_same_whatever_the_operator_reads(sample, capsys):
    """Model text is stored in the active language's column: the import writes in Vietnamese."""
    call_command("import_portal", str(sample), language="en")

    assert "unit      created      2" in capsys.readouterr().out
    assert Unit.objects.get(key="sotp").name_en == "Department of Justice"
    schedule = LeaderSchedule.objects.get()
    assert schedule.entries.get().content_en == "Weekly meeting"
    assert schedule.search_text.startswith("tuan ")


def test_an_unknown_user_is_refused_in_the_operators_language(sample):
    with pytest.raises(CommandError, match="^there is no active superuser “nobody”$"):
        call_command("import_portal", str(sample), user="nobody", language="en")
    assert not Unit.objects.exists()


def test_the_export_summary_in_english(sample, tmp_path, capsys):
    call_command("import_portal", str(sample))
    capsys.readouterr()

    call_command("export_portal", str(tmp_path / "out"), language="en")

    assert "unit      exported       2" in capsys.readouterr().out.splitlines()
