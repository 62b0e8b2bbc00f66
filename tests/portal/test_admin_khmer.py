"""An editor working in Khmer sees Khmer in the admin: no Vietnamese or English fallback.

Django's own Khmer catalogues cover about a third of the admin; locale/admin/km supplies the rest
(and locale/admin/vi the few strings Django's Vietnamese lacks). These tests read the msgids from
Django's catalogues themselves, so a Django upgrade that adds admin strings fails here until they
are translated.
"""

import json
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation
from django.views.i18n import JavaScriptCatalog

DJANGO_DIR = Path(django.__file__).parent
ADMIN_VI = DJANGO_DIR / "contrib/admin/locale/vi/LC_MESSAGES/django.po"

# Texts that are the same in every language: placeholders only, protocol names, punctuation.
SAME_IN_EVERY_LANGUAGE = {
    "%(class_name)s %(instance)s",
    "IPv4",
    "IPv6",
    "…",
    ", ",
    "%(truncated_text)s…",
}


def translate(language, entry, count=1):
    """The text Django shows for a catalogue entry in `language`."""
    with translation.override(language):
        if entry.msgid_plural and entry.msgctxt:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
        if entry.msgid_plural:
            return translation.ngettext(entry.msgid, entry.msgid_plural, count)
        if entry.msgctxt:
            return translation.pgettext(entry.msgctxt, entry.msgid)
        return translation.gettext(entry.msgid)


def fallbacks(entry):
    """Entries whose Khmer text is still the English or the Vietnamese one."""
    if entry.msgid in SAME_IN_EVERY_LANGUAGE:
        return []
    problems = []
    for count in (1, 5) if entry.msgid_plural else (1,):
        khmer = translate("km", entry, count)
        english = {entry.msgid, entry.msgid_plural} if entry.msgid_plural else {entry.msgid}
        if khmer in english or khmer == translate("vi", entry, count):
            problems.append(f"{entry.msgctxt or ''}|{entry.msgid} (n={count}) → {khmer!r}")
    return problems


def entries(relative_path):
    return [e for e in polib.pofile(str(DJANGO_DIR / relative_path)) if not e.obsolete]


def test_supplement_is_on_the_locale_paths_and_compiled():
    admin_dir = Path(settings.BASE_DIR) / "locale" / "admin"
    assert admin_dir in [Path(p) for p in settings.LOCALE_PATHS]
    for language in ("km", "vi"):
        for domain in ("django", "djangojs"):
            assert (admin_dir / language / "LC_MESSAGES" / f"{domain}.mo").exists(), (
                "run `python manage.py compile_catalogues` (make install does it)"
            )


def test_every_admin_string_is_khmer():
    problems = [p for entry in entries(ADMIN_VI) for p in fallbacks(entry)]
    assert not problems, f"{len(problems)} admin strings not in Khmer:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize(
    "catalogue",
    [
        "contrib/auth/locale/en/LC_MESSAGES/django.po",
        "contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
        "contrib/sessions/locale/en/LC_MESSAGES/django.po",
    ],
)
def test_every_string_of_the_admin_apps_is_khmer(catalogue):
    problems = [p for entry in entries(catalogue) for p in fallbacks(entry)]
    assert not problems, f"{len(problems)} strings not in Khmer:\n" + "\n".join(problems[:20])


# Core strings an editor meets in the admin: validation, pagination, dates, file sizes.
CORE_SAMPLE = [
    "This field is required.",
    "Enter a valid date.",
    "Enter a valid email address.",
    "Enter a valid URL.",
    "Enter a number.",
    "This field cannot be blank.",
    "Select a valid choice. That choice is not one of the available choices.",
    "%(model_name)s with this %(field_label)s already exists.",
    "Please correct the duplicate values below.",
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "That page contains no results",
    "Clear",
    "Currently",
    "Change",
    "Yes",
    "No",
    "Unknown",
    "January",
    "March",
    "December",
    "Monday",
    "Sunday",
    "midnight",
    "noon",
    "%(size)d byte",
    "%s MB",
    "%(num)d day",
    "or",
    "Vietnamese",
    "Khmer",
    "English",
    "Forbidden",
    "CSRF verification failed. Request aborted.",
]


@pytest.mark.parametrize("msgid", CORE_SAMPLE)
def test_core_strings_shown_in_the_admin_are_khmer(msgid):
    catalogue = entries("conf/locale/en/LC_MESSAGES/django.po")
    entry = next(e for e in catalogue if e.msgid == msgid and not e.msgctxt)
    assert not fallbacks(entry)


def test_core_month_abbreviations_are_khmer():
    catalogue = entries("conf/locale/en/LC_MESSAGES/django.po")
    months = [e for e in catalogue if e.msgctxt in {"abbrev. month", "alt. month"}]
    assert len(months) == 24
    assert not [p for e in months for p in fallbacks(e) if e.msgid != "May"]
    with translation.override("km"):
        assert translation.pgettext("abbrev. month", "May") == "ឧសភា"


@pytest.mark.parametrize(
    ("msgid", "khmer"),
    [
        ("Add %(name)s", "បន្ថែម %(name)s"),
        ("Delete", "លុប"),
        ("Save", "រក្សាទុក"),
        ("Log out", "ចាកចេញ"),
        ("Filter", "តម្រង"),
        ("Search", "ស្វែងរក"),
        ("users", "អ្នកប្រើប្រាស់"),
        ("Password", "ពាក្យសម្ងាត់"),
        # mptt's tree admin, axes' lock-out message, captcha
        ("Collapse tree", "បង្រួមមែកធាង"),
        ("move node to child position", "ផ្លាស់ថ្នាំងទៅទីតាំងកូន"),
        (
            "Account locked: too many login attempts. Please try again later.",
            "គណនីត្រូវបានចាក់សោ៖ ការព្យាយាមចូលច្រើនដងពេក។ សូមព្យាយាមម្តងទៀតនៅពេលក្រោយ។",
        ),
        ("Invalid CAPTCHA", "CAPTCHA មិនត្រឹមត្រូវ"),
    ],
)
def test_standard_khmer_vocabulary(msgid, khmer):
    with translation.override("km"):
        assert translation.gettext(msgid) == khmer


def test_vietnamese_supplement_fills_what_django_lacks():
    with translation.override("vi"):
        assert translation.gettext("Sessions") == "Phiên làm việc"
        assert translation.gettext("Toggle navigation") == "Ẩn/hiện thanh điều hướng"
        assert translation.gettext("Collapse tree") == "Thu gọn cây"
        # Django's own Vietnamese still wins where it exists.
        assert translation.gettext("Add %(name)s") == "Thêm vào %(name)s"


def javascript_catalogue(view, language):
    request = RequestFactory().get("/admin/jsi18n/")
    with translation.override(language):
        response = view(request)
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index("const newcatalog = ") + len("const newcatalog = ")
    end = content.index(";\n", start)
    return json.loads(content[start:end])


@pytest.mark.parametrize(
    "view",
    [JavaScriptCatalog.as_view(packages=["django.contrib.admin"]), admin.site.i18n_javascript],
    ids=["JavaScriptCatalog", "admin.site.i18n_javascript"],
)
def test_admin_javascript_strings_reach_the_browser_in_khmer(view):
    catalogue = javascript_catalogue(view, "km")
    missing = []
    for entry in entries("contrib/admin/locale/en/LC_MESSAGES/djangojs.po"):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        value = catalogue.get(key)
        texts = value if isinstance(value, list) else [value]
        if not value or any(t in {entry.msgid, entry.msgid_plural} for t in texts):
            missing.append(key)
    assert not missing, f"{len(missing)} admin JavaScript strings not in Khmer: {missing[:10]}"
    assert catalogue["Choose a Date"] == "ជ្រើសរើសកាលបរិច្ឆេទ"
    assert catalogue["abbrev. month January\x04Jan"] == "មករា"
