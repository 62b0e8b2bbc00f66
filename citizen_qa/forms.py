from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.public_forms import EMAIL_ERRORS, PublicSubmissionMixin
from portal.uploads import validate_upload

from . import conf
from .enums import DisplayMode
from .models import Field


def _consent_text() -> str:
    return gettext(
        "I agree that the portal keeps my name, e-mail, phone, address and organisation to answer this "
        "question and to tell me about it, for %(years)s years after it is closed. They are never "
        "published (Decree 13/2023/NĐ-CP)."
    ) % {"years": conf.retention_years()}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        if len(cleaned) > conf.max_attachments():
            raise ValidationError(_("At most %(n)s files may be attached.") % {"n": conf.max_attachments()})
        for upload in cleaned:
            validate_upload(upload, kinds=("document", "image"), max_bytes=conf.attachment_max_bytes())
        return cleaned


class AskForm(PublicSubmissionMixin, forms.Form):
    """The public question form (hỏi đáp), on the main portal and on every unit's site."""

    rate_scope = "question"
    email_field = "email"
    consent_text = lazy(_consent_text, str)()

    field = forms.ModelChoiceField(
        label=_("Field"), queryset=Field.objects.none(), empty_label=_("— choose the field —")
    )
    title = forms.CharField(label=_("Title of your question"), max_length=300)
    body = forms.CharField(
        label=_("Your question"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )
    attachments = MultipleFileField(
        label=_("Attached files (optional)"),
        required=False,
        help_text=_("Up to 3 files: PDF, Word, Excel, OpenDocument or images, 5 MB each."),
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation link and the answer here."),
        error_messages=EMAIL_ERRORS,
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=32, required=False)
    address = forms.CharField(label=_("Address (optional)"), max_length=300, required=False)
    organization = forms.CharField(
        label=_("Organisation or business (optional)"), max_length=200, required=False
    )
    display_mode = forms.ChoiceField(
        label=_("Show me on the portal"),
        choices=DisplayMode.choices,
        initial=DisplayMode.INITIALS,
        widget=forms.RadioSelect,
    )
    display_name = forms.CharField(
        label=_("Name to show (if you choose one)"), max_length=100, required=False
    )
    allow_publication = forms.BooleanField(
        label=_("The question and the answer may be published on the portal, without my personal data."),
        required=False,
        initial=True,
    )

    field_order = [
        "field",
        "title",
        "body",
        "attachments",
        "name",
        "email",
        "phone",
        "address",
        "organization",
        "display_mode",
        "display_name",
        "allow_publication",
        "consent",
        "website",
        "started",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.active()
        if "captcha" in self.fields:
            self.order_fields([*self.field_order[:-2], "captcha", "website", "started"])

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("display_mode") == DisplayMode.CHOSEN
            and not (cleaned.get("display_name") or "").strip()
        ):
            self.add_error("display_name", _("Type the name to show, or choose initials."))
        return cleaned


class LookupForm(forms.Form):
    """The asker's status look-up: tracking code and e-mail."""

    code = forms.CharField(label=_("Tracking code"), max_length=16, help_text=_("For example HD-7KQ4M2XA."))
    email = forms.EmailField(label=_("The e-mail you asked with"), error_messages=EMAIL_ERRORS)


class WithdrawForm(LookupForm):
    pass
