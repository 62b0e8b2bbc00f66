"""Public forms say what happened, in the visitor's language: the receipt and where it is, every refusal
(hidden fields included), the captcha's question in words, and the mailbox that has confirmed before."""

from __future__ import annotations

import re
from html import unescape

import pytest
from captcha.models import CaptchaStore
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from consultations.models import Comment
from portal import ratelimit
from portal.public_forms import new_form_token

from ..factories.consultations import DraftFactory, add_text

pytestmark = pytest.mark.django_db
VISITOR = "203.0.113.77"
LANGUAGES = ["vi", "en", "km"]
# The sum's numbers as each language writes them: what the visitor reads.
WORDS = {
    "vi": ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"],
    "en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "km": ["មួយ", "ពីរ", "បី", "បួន", "ប្រាំ", "ប្រាំមួយ", "ប្រាំពីរ", "ប្រាំបី", "ប្រាំបួន"],
}


@pytest.fixture
def draft(unit_a, settings):
    settings.PORTAL_FORM_MIN_SECONDS = 0
    settings.PORTAL_CAPTCHA_AFTER = 10_000
    draft = DraftFactory(unit=unit_a, scheduled=True, premoderated=True)
    add_text(draft)
    return draft


def _url(draft, language: str) -> str:
    with translation.override(language):
        return draft.get_absolute_url()


def _in(language: str, msgid: str) -> str:
    with translation.override(language):
        return escape(gettext(msgid))


def _comment(**overrides) -> dict:
    data = {
        "text": "Đề nghị bổ sung quy định về tiếng Khmer.",
        "name": "Thạch Thị Sa Rươl",
        "kind": "individual",
        "email": "sa.ruol@mail.example",
        "consent": "on",
        "started": new_form_token(),
        "article": "",
    }
    return {**data, **overrides}


def _post(client, draft, language="vi", address=VISITOR, **overrides):
    return client.post(_url(draft, language), _comment(**overrides), REMOTE_ADDR=address)


# --- 1 and 5: the receipt, where the visitor lands, and when the comment shows ---


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_comment_lands_on_its_receipt_which_says_it_appears_after_review(client, draft, language):
    response = _post(client, draft, language)
    assert response.status_code == 302
    assert response["Location"] == _url(draft, language) + "#thong-bao"
    page = client.get(response["Location"]).text
    receipt = re.search(r'<ul class="messages" id="thong-bao"[^>]*>(.*?)</ul>', page, re.S)[1]
    assert Comment.objects.get().reference in receipt
    review = (
        "Comments appear on this page only after the e-mail address is confirmed and a moderator "
        "has reviewed them."
    )
    assert _in(language, review) in receipt
    # The same sentence stands with the form, before anyone sends anything.
    assert _in(language, review) in client.get(_url(draft, language)).text


def test_the_note_follows_the_draft_settings(client, draft):
    draft.premoderated = False
    draft.save()
    page = client.get(_url(draft, "en")).text
    assert "Comments appear on this page once the e-mail address is confirmed" in page
    draft.show_comments = False
    draft.save()
    assert "Comments on this draft are not shown on this page" in client.get(_url(draft, "en")).text


def test_the_e_mailed_receipt_says_when_the_comment_appears(
    client, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, draft, "km")
    link = re.search(r"https?://\S+/xac-nhan/\S+/", mailoutbox[-1].body)[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link.split("testserver", 1)[-1])
    receipt = mailoutbox[-1].body
    assert Comment.objects.get().reference in receipt
    with translation.override("km"):
        assert gettext(
            "Comments appear on this page only after the e-mail address is confirmed and a moderator "
            "has reviewed them."
        ) in unescape(receipt)


# --- 2: refusals of the fields nobody sees ---

HIDDEN_REFUSALS = {
    "honeypot": (
        {"website": "http://spam.example"},
        "A field that people do not see was filled in, perhaps by your browser's automatic filling, so "
        "the form was not accepted. Check your message and send it again.",
    ),
    "forged token": (
        {"started": "forged"},
        "The form was open too long and has expired. What you typed is kept below: check it and send it "
        "again.",
    ),
    "no token": (
        {"started": ""},
        "The form was open too long and has expired. What you typed is kept below: check it and send it "
        "again.",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", sorted(HIDDEN_REFUSALS))
def test_a_hidden_field_refusal_is_shown_in_the_visitors_language(client, draft, language, case):
    overrides, message = HIDDEN_REFUSALS[case]
    response = _post(client, draft, language, **overrides)
    assert response.status_code == 200
    alert = re.search(
        r'<div role="alert" class="form-errors"[^>]*data-announce>(.*?)</div>', response.text, re.S
    )
    assert _in(language, message) in alert[1]
    assert "Đề nghị bổ sung quy định về tiếng Khmer." in response.text  # what they typed is kept
    assert not Comment.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_sent_too_fast_says_so(client, draft, settings, language):
    settings.PORTAL_FORM_MIN_SECONDS = 3600
    response = _post(client, draft, language)
    message = (
        "The form was sent within a few seconds of opening it, faster than a person fills it in, so it "
        "was not accepted. Check your message and send it again."
    )
    assert _in(language, message) in response.text
    assert not Comment.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_used_token_says_it_was_sent_already(client, draft, language):
    token = new_form_token()
    assert _post(client, draft, language, started=token).status_code == 302
    again = _post(client, draft, language, started=token)
    message = (
        "This form has already been sent once, so it was not sent again. To send another message, "
        "check the form below and send it."
    )
    assert _in(language, message) in again.text
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "hostile",
    [
        "x" * 100_000,
        "<script>alert(1)</script>",
        "\x00forged\x01",
        "'; DROP TABLE consultations_comment; --",
        "🙂" * 50,
    ],
)
def test_hostile_hidden_values_are_refused_with_a_message_and_never_echoed(client, draft, hostile):
    for field in ("website", "started"):
        response = _post(client, draft, "en", **{field: hostile})
        assert response.status_code == 200
        assert 'class="form-errors"' in response.text
        assert "<script>alert(1)</script>" not in response.text
    assert not Comment.objects.exists()


# --- 4: hints read by screen readers, a bad e-mail, a long search ---


def _described_inputs(page: str) -> list[tuple[str, list[str]]]:
    return [
        (tag, ids.split())
        for tag, ids in re.findall(r'(<(?:input|textarea|select)[^>]*aria-describedby="([^"]+)"[^>]*>)', page)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form", ["comment", "question"])
def test_every_aria_describedby_points_at_a_hint_on_the_page(client, draft, field_qa, language, form):
    if form == "comment":
        page = client.get(_url(draft, language)).text
    else:
        page = client.get(f"/{language}/hoi-dap/dat-cau-hoi/").text
    described = _described_inputs(page)
    assert described, "no input is described: the test would prove nothing"
    for tag, ids in described:
        for target in ids:
            assert f'id="{target}"' in page, f"{tag} points at {target}, which is not on the page"
    email = next(ids for tag, ids in described if 'name="email"' in tag)
    hint = re.search(rf'id="{email[0]}">([^<]+)<', page)[1]
    assert hint.strip()


@pytest.fixture
def field_qa(db):
    from tests.factories.citizen_qa import FieldFactory

    return FieldFactory()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "typed", ["not-an-address", "a@b", "an@@mail.example", "<b>x</b>@mail.example", "@" * 300]
)
def test_a_bad_e_mail_is_called_not_valid(client, draft, language, typed):
    response = _post(client, draft, language, email=typed)
    assert _in(
        language, "This is not a valid e-mail address: check it (it looks like name@example.com)."
    ) in (response.text)
    with translation.override(language):
        assert escape(gettext("Enter a valid email address.")) not in response.text
    assert _in(language, "Enter your e-mail address.") not in response.text
    assert "<b>x</b>" not in response.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_e_mail_asks_for_one(client, draft, language):
    response = _post(client, draft, language, email="")
    assert _in(language, "Enter your e-mail address.") in response.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("length", [1001, 5000, 60_000])
def test_a_search_over_a_thousand_characters_says_it_is_too_long(client, main_portal, language, length):
    response = client.get(f"/{language}/tim-kiem/", {"q": "tránh " * (length // 6 + 1)})
    assert response.status_code == 200
    with translation.override(language):
        assert escape(gettext("Please correct the dates above.")) not in response.text
        too_long = gettext(
            "The search text is too long (%(show_value)d characters): shorten it to the words you are "
            "looking for and search again."
        )
    head = escape(too_long.split("%(show_value)d")[0])
    assert head in response.text
    assert 'aria-describedby="search-q-error"' in response.text


def test_a_search_of_a_thousand_characters_is_searched(client, main_portal):
    response = client.get("/en/tim-kiem/", {"q": "a" * 1000})
    assert response.status_code == 200
    assert "too long" not in response.text


# --- 3: captcha, its question in words, and the mailbox that confirmed ---


def _question(page: str, language: str) -> int:
    """The sum asked in the label, read as the visitor reads it: two number words in a sentence."""
    label = unescape(re.search(r'<label for="id_captcha_answer">([^<]+)</label>', page)[1])
    with translation.override(language):
        sentence = gettext("How much is %(a)s plus %(b)s? Write the answer in digits.")
    pattern = re.escape(sentence).replace(re.escape("%(a)s"), r"(\S+)").replace(re.escape("%(b)s"), r"(\S+)")
    a, b = re.search(pattern, label).groups()
    return WORDS[language].index(a) + 1 + WORDS[language].index(b) + 1


def _captcha_form(client, draft, language) -> dict:
    page = client.get(_url(draft, language), REMOTE_ADDR=VISITOR).text
    fields = dict(
        re.findall(r'<input type="hidden" name="(started|captcha_question|captcha_0)" value="([^"]*)"', page)
    )
    fields["page"] = page
    return fields


@pytest.fixture
def captcha_on(draft, settings):
    settings.PORTAL_CAPTCHA_AFTER = 1
    ratelimit.take(ratelimit.Limit("consultation_comment:ip", VISITOR, 3600, 100))
    return draft


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_captcha_offers_a_question_in_words_in_the_pages_language(client, captcha_on, language):
    form = _captcha_form(client, captcha_on, language)
    page = form["page"]
    assert _in(language, "Show another picture") in page and "captcha-refresh" in page
    assert f'alt="{_in(language, "Picture of the characters to type")}"' in page
    answer = _question(page, language)
    response = _post(
        client, captcha_on, language, started=form["started"], captcha_question=form["captcha_question"],
        captcha_0=form["captcha_0"], captcha_1="", captcha_answer=str(answer),
    )  # fmt: skip
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_khmer_digits_answer_too(client, captcha_on):
    form = _captcha_form(client, captcha_on, "km")
    answer = str(_question(form["page"], "km")).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    response = _post(
        client, captcha_on, "km", started=form["started"], captcha_question=form["captcha_question"],
        captcha_0=form["captcha_0"], captcha_1="", captcha_answer=answer,
    )  # fmt: skip
    assert response.status_code == 302


def test_the_picture_alone_is_enough(client, captcha_on):
    form = _captcha_form(client, captcha_on, "vi")
    typed = CaptchaStore.objects.get(hashkey=form["captcha_0"]).response
    response = _post(
        client, captcha_on, "vi", started=form["started"], captcha_question=form["captcha_question"],
        captcha_0=form["captcha_0"], captcha_1=typed, captcha_answer="",
    )  # fmt: skip
    assert response.status_code == 302


@pytest.mark.parametrize(
    "wrong", ["", "99", "-0", "1e3", "٩٩٩٩٩٩٩٩٩", "x" * 500, "<img src=x onerror=alert(1)>"]
)
def test_a_wrong_or_missing_answer_is_refused_with_a_new_question(client, captcha_on, wrong):
    form = _captcha_form(client, captcha_on, "en")
    response = _post(
        client, captcha_on, "en", started=form["started"], captcha_question=form["captcha_question"],
        captcha_0=form["captcha_0"], captcha_1="", captcha_answer=wrong,
    )  # fmt: skip
    assert response.status_code == 200
    assert "<img src=x onerror" not in response.text
    assert (
        "This is not the answer to the question." in response.text
        or "Type the characters in the picture, or answer the question below." in response.text
        or "Ensure this value has at most 8 characters" in response.text
    )
    assert not Comment.objects.exists()


def test_an_answer_serves_the_form_it_was_asked_with_only(client, captcha_on):
    form = _captcha_form(client, captcha_on, "en")
    answer = str(_question(form["page"], "en"))
    # The same signed question and answer with another form token: refused.
    response = _post(
        client, captcha_on, "en", started=new_form_token(), captcha_question=form["captcha_question"],
        captcha_0=form["captcha_0"], captcha_1="", captcha_answer=answer,
    )  # fmt: skip
    assert response.status_code == 200
    assert "This is not the answer to the question." in response.text
    assert not Comment.objects.exists()


def test_a_confirmed_mailbox_is_counted_by_its_own_limit_not_by_the_address(
    client, draft, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """A commune office behind one address: its people are not refused for each other's messages."""
    settings.PORTAL_RATE_LIMIT_PER_IP = 1
    settings.PORTAL_RATE_LIMIT_PER_EMAIL = 3
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, draft, "en", email="can.bo@xa.example").status_code == 302
    link = re.search(r"https?://\S+/xac-nhan/\S+/", mailoutbox[-1].body)[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link.split("testserver", 1)[-1])
    # Someone else at the same address, whose mailbox never confirmed: refused by the address's limit.
    refused = _post(client, draft, "en", email="nguoi.moi@mail.example")
    assert "Too many submissions from your address in the last hour." in refused.text
    # The confirmed mailbox, spelled with a tag: counted by its own limit (3 a day).
    for _ in range(2):
        assert _post(client, draft, "en", email="Can.Bo+gop-y@xa.example").status_code == 302
    again = _post(client, draft, "en", email="can.bo@xa.example")
    assert "Too many submissions with this e-mail address today." in again.text
    assert Comment.objects.count() == 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_picture_says_so_in_the_visitors_language(client, captcha_on, language):
    form = _captcha_form(client, captcha_on, language)
    response = _post(
        client, captcha_on, language, started=form["started"], captcha_question=form["captcha_question"],
        captcha_0=form["captcha_0"], captcha_1="sai", captcha_answer="",
    )  # fmt: skip
    message = (
        "The characters do not match the picture. Type those of the new picture, or answer the question "
        "below."
    )
    assert _in(language, message) in response.text
    assert not Comment.objects.exists()
