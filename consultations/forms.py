"""The citizen's comment form and the small forms of the admin's workflow actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.public_forms import EMAIL_ERRORS, PublicSubmissionMixin

from . import conf
from .enums import ArticleKind, CommenterKind, Moderation, Verdict


class CommentForm(PublicSubmissionMixin):
    """Comment on the whole draft or one article; honeypot, fill time, rate limits, captcha, consent."""

    rate_scope = "consultation_comment"
    email_field = "email"

    article = forms.TypedChoiceField(label=_("Comment on"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(
        label=_("Your comment"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Commenting as"), choices=CommenterKind.choices, initial=CommenterKind.INDIVIDUAL
    )
    organization = forms.CharField(
        label=_("Business or organisation"),
        max_length=255,
        required=False,
        help_text=_("If you comment for one."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send a link to confirm your comment. Never shown publicly."),
        error_messages=EMAIL_ERRORS,
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, help_text=_("Optional. Never shown publicly.")
    )

    field_order = ["article", "text", "name", "kind", "organization", "email", "phone"]

    def __init__(self, *args, draft, **kwargs):
        self.draft = draft
        super().__init__(*args, **kwargs)
        articles = [a for a in draft.articles.all() if a.kind == ArticleKind.ARTICLE]
        self.articles = {a.pk: a for a in articles}
        self.fields["article"].choices = [("", gettext("The whole draft"))] + [
            (a.pk, str(a)) for a in articles
        ]

    @property
    def consent_text(self) -> str:
        return gettext(
            "I agree that the portal keeps my name, organisation, e-mail and phone to receive, confirm "
            "and answer this comment. My name and organisation may be shown with my comment; my e-mail "
            "and phone never are. They are kept until %(days)s days after the outcome is published, "
            "then erased (Decree 13/2023/NĐ-CP)."
        ) % {"days": conf.personal_data_retention_days()}

    def clean_article(self):
        value = self.cleaned_data.get("article")
        if value is not None and value not in self.articles:
            raise forms.ValidationError(gettext("This article is not part of the draft."))
        return self.articles.get(value) if value is not None else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in {CommenterKind.BUSINESS, CommenterKind.ORGANIZATION} and not cleaned.get(
            "organization"
        ):
            self.add_error("organization", gettext("Name the business or organisation you comment for."))
        return cleaned


class SplitTextForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        help_text=_(
            "Headings “Chương …”, “Điều …” and “Khoản …” (or “1.” inside an article) are recognised."
        ),
    )
    docx = forms.FileField(label=_("…or upload the DOCX file"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("docx"):
            raise forms.ValidationError(gettext("Paste the text or choose a DOCX file."))
        return cleaned


class ScheduleForm(forms.Form):
    short_window_reason = forms.CharField(
        label=_("Reason for a shorter period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only if the period is shorter than the minimum for this type of document; shown publicly."
        ),
    )


class ExtendForm(forms.Form):
    closes_at = forms.SplitDateTimeField(label=_("New closing moment"))
    reason = forms.CharField(label=_("Reason (shown publicly)"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown publicly)"), widget=forms.Textarea(attrs={"rows": 3}))


class ResumeForm(forms.Form):
    closes_at = forms.SplitDateTimeField(
        label=_("New closing moment"), required=False, help_text=_("Empty: keep the current one.")
    )


class OutcomeForm(forms.Form):
    report = forms.CharField(
        label=_("Report on the comments and how they were taken into account"),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    file = forms.FileField(label=_("Signed report (PDF or Word)"), required=False)


class DispositionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Disposition"), choices=Verdict.choices)
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the comment is not, or only partly, accepted."),
    )


class ModerationForm(forms.Form):
    moderation = forms.ChoiceField(label=_("Moderation"), choices=Moderation.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
