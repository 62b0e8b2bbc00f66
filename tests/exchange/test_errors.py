import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from exchange.importer import ImportFailed, import_folder
from news.models import Article
from portal.models import AuditEntry
from subsites.models import Unit

from .conftest import PDF, SAMPLE_FILES, png, sample_lines, write_folder

pytestmark = pytest.mark.django_db


def _errors(folder) -> list[str]:
    """The errors as an English-speaking operator reads them (the messages' own text)."""
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        import_folder(folder)
    return failure.value.errors


def _with(change, files=SAMPLE_FILES):
    def build(tmp_path):
        lines = sample_lines()
        change(lines)
        return write_folder(tmp_path / "in", lines, files)

    return build


def _article(lines):
    return next(line for line in lines if line.get("key") == "a-1")


def _document(lines):
    return next(line for line in lines if line.get("key") == "d-2")


CASES = {
    "unknown kind": (lambda ls: ls.append({"kind": "poll", "key": "p"}), 10, "kind: unknown kind “poll”"),
    "unknown field": (lambda ls: _article(ls).update(colour="red"), 4, "colour: unknown field"),
    "missing field": (lambda ls: _article(ls).pop("body"), 4, "body: required field is missing"),
    "missing vi": (lambda ls: _article(ls).update(title={"en": "x"}), 4, "title: the Vietnamese text (vi)"),
    "unknown unit": (lambda ls: _article(ls).update(unit="soyt"), 4, "unit: no unit has the key “soyt”"),
    "unknown target": (
        lambda ls: _document(ls)["relations"][0].update(target="d-9"),
        6,
        "relations[0].target: no document has the key “d-9”",
    ),
    "naive datetime": (
        lambda ls: _article(ls).update(published_at="2022-03-01T08:00:00"),
        4,
        "published_at: “2022-03-01T08:00:00” has no offset",
    ),
    "bad date": (
        lambda ls: _document(ls).update(issued_on="01/02/2022"),
        6,
        "issued_on: “01/02/2022” is not",
    ),
    "doc type mismatch": (
        lambda ls: _document(ls).update(doc_type="KH"),
        6,
        "doc_type: “KH”, but 20/QĐ-UBND",
    ),
    "missing file": (
        lambda ls: _article(ls)["photos"][0].update(file="photos/none.png"),
        4,
        "photos[0].file: “photos/none.png” is missing",
    ),
    "leaving the folder": (
        lambda ls: _article(ls)["photos"][0].update(file="../x.png"),
        4,
        "photos[0].file: “../x.png” leaves the folder",
    ),
    "absolute path": (
        lambda ls: _article(ls)["photos"][0].update(file="/etc/passwd"),
        4,
        "photos[0].file: “/etc/passwd” is an absolute path",
    ),
    "wrong content": (
        lambda ls: _document(ls)["files"][0].update(file="photos/1.png"),
        6,
        "files[0].file: “1.png”",  # the upload validator's message, in the operator's language
    ),
    "duplicate key": (lambda ls: ls.append(dict(_article(ls))), 10, "key: “a-1” is already used"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_error_is_reported_with_its_line_and_field(case, tmp_path):
    change, line, message = CASES[case]
    errors = _errors(_with(change)(tmp_path))
    assert any(e.startswith(f"content.jsonl:{line}: {message}") for e in errors), errors


def test_a_file_whose_content_is_not_what_its_extension_claims(tmp_path):
    folder = _with(lambda ls: None, {**SAMPLE_FILES, "files/20.pdf": png()})(tmp_path)
    assert any(
        e.startswith("content.jsonl:6: files[0].file: “20.pdf”") and "image/png" in e for e in _errors(folder)
    )


def test_a_file_over_the_size_limit(tmp_path, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 40
    folder = _with(lambda ls: None)(tmp_path)
    assert any(e.startswith("content.jsonl:6: files[0].file: “20.pdf”") for e in _errors(folder))


def test_a_link_pointing_outside_the_folder(tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(PDF)
    folder = _with(lambda ls: _document(ls)["files"][0].update(file="files/link.pdf"))(tmp_path)
    os.symlink(outside, folder / "files" / "link.pdf")
    assert (
        "content.jsonl:6: files[0].file: “files/link.pdf” is a link pointing outside the folder"
        in _errors(folder)
    )


def test_every_error_of_the_file_is_reported_at_once(tmp_path):
    def break_three(lines):
        _article(lines).pop("body")
        _document(lines).update(doc_type="KH")
        lines.append({"kind": "poll"})

    errors = _errors(_with(break_three)(tmp_path))
    assert len(errors) == 3 and [e.split(":")[1] for e in errors] == ["4", "6", "10"]


def test_a_database_whose_main_portal_has_another_key(tmp_path, main_portal):
    main_portal.key = "cong"
    main_portal.save()
    errors = _errors(_with(lambda ls: None)(tmp_path))
    assert errors == ["content.jsonl:3: key: the database's main portal is “cong”, the file's is “tinh”"]


def test_a_refusal_by_a_service_rolls_everything_back_and_removes_the_files(tmp_path, settings):
    """Pass 1 accepts the week; the model refuses it in pass 2, after the photo was stored."""
    folder = _with(lambda ls: ls[7].update(week_start="2022-03-01"))(tmp_path)
    errors = _errors(folder)
    assert len(errors) == 1 and errors[0].startswith("content.jsonl:8: week_start: ")
    assert "01/03/2022" in errors[0] and "28/02/2022" in errors[0]
    assert not Unit.objects.exists() and not Article.objects.exists() and not AuditEntry.objects.exists()
    for folder in (settings.MEDIA_ROOT, settings.PORTAL_PRIVATE_ROOT):
        assert [f for _d, _s, names in os.walk(folder) for f in names] == []


def test_the_command_exits_non_zero_listing_the_errors(tmp_path, capsys):
    folder = _with(lambda ls: _article(ls).update(colour="red"))(tmp_path)
    with pytest.raises(CommandError, match="nothing was imported: 1 error"):
        call_command("import_portal", str(folder), language="en")
    assert "content.jsonl:4: colour: unknown field" in capsys.readouterr().err
