"""Admin forms: every bad input becomes a field error, never a server error."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.editor import RichTextWidget
from portal.uploads import validate_upload
from subsites.enums import SectionKind

from .models import Article, Photo


class CoverChoice(forms.RadioSelect):
    """The cover as the editor recognises it: each photo's thumbnail and caption (else its file's name)."""

    option_template_name = "news/admin/cover_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        photo = getattr(value, "instance", None)
        option["thumbnail"] = photo.image.url if photo is not None and photo.image else ""
        return option


class CoverField(forms.ModelChoiceField):
    def label_from_instance(self, photo):
        return photo.caption_vi or photo.alt_text_vi or photo.image.name.rsplit("/", 1)[-1]


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "unit",
            "title_vi",
            "summary_vi",
            "body_vi",
            "sections",
            "cover",
            "author",
            "source",
            "featured",
            "main_portal_requested",
        ]
        widgets = {
            "summary_vi": forms.Textarea(attrs={"rows": 3}),
            "body_vi": RichTextWidget(attrs={"rows": 18}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sections" in self.fields:
            qs = self.fields["sections"].queryset.filter(kind=SectionKind.ARTICLES)
            if self.instance.pk:
                qs = qs.filter(unit_id=self.instance.unit_id)
            self.fields["sections"].queryset = qs
        if "cover" in self.fields:
            self.fields["cover"] = CoverField(
                queryset=Photo.objects.filter(article=self.instance)
                if self.instance.pk
                else Photo.objects.none(),
                required=False,
                widget=CoverChoice,
                empty_label=_("The first photo"),
                blank=True,
                label=self.fields["cover"].label,
                help_text=self.fields["cover"].help_text,
            )

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit") or (self.instance.unit if self.instance.unit_id else None)
        if self.instance.pk and unit is not None and unit.pk != self.instance.unit_id:
            self.add_error("unit", _("An article cannot move to another unit."))
        foreign = [s for s in cleaned.get("sections") or [] if unit is not None and s.unit_id != unit.pk]
        if foreign:
            self.add_error(
                "sections",
                _("These sections belong to another unit: %(names)s.")
                % {"names": ", ".join(str(s) for s in foreign)},
            )
        return cleaned


class PhotoInlineForm(forms.ModelForm):
    # A plain file field: the portal's validator judges the content and words the message.
    image = forms.FileField(label=_("image"), help_text=_("JPEG, PNG or WebP."), allow_empty_file=True)

    class Meta:
        model = Photo
        fields = ["image", "caption_vi", "alt_text_vi", "order"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload is not None and hasattr(upload, "content_type"):
            validate_upload(upload, kinds=("image",))
        return upload


class PublishForm(forms.Form):
    """Publish now, or at a chosen local date and time."""

    publish_date = forms.DateField(
        label=_("date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "form": "workflow-form"}),
    )
    publish_time = forms.TimeField(
        label=_("time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "form": "workflow-form"}),
    )

    def moment(self) -> datetime | None:
        day: date | None = self.cleaned_data.get("publish_date")
        if day is None:
            return None
        at: time = self.cleaned_data.get("publish_time") or time(0, 0)
        return timezone.make_aware(datetime.combine(day, at))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publish_time") and not cleaned.get("publish_date"):
            raise ValidationError(_("Choose the date as well as the time."))
        return cleaned


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("body"), required=False, widget=RichTextWidget(attrs={"rows": 18}))

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.photos = list(photos)
        for photo in self.photos:
            self.fields[f"photo_{photo.pk}_caption"] = forms.CharField(
                label=_("caption of photo %(n)s") % {"n": photo.pk}, required=False, max_length=500
            )
            self.fields[f"photo_{photo.pk}_alt_text"] = forms.CharField(
                label=_("alternative text of photo %(n)s") % {"n": photo.pk}, required=False, max_length=300
            )

    def photo_texts(self) -> dict[str, dict[str, str]]:
        return {
            str(p.pk): {
                "caption": self.cleaned_data.get(f"photo_{p.pk}_caption", ""),
                "alt_text": self.cleaned_data.get(f"photo_{p.pk}_alt_text", ""),
            }
            for p in self.photos
        }

    def photo_rows(self):
        return [(p, self[f"photo_{p.pk}_caption"], self[f"photo_{p.pk}_alt_text"]) for p in self.photos]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise ValidationError(_("The period ends before it starts."))
        return cleaned
