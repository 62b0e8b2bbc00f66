"""Factories for articles and photos: every article belongs to a unit; traits give its state."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.enums import Status
from news.models import Article, ArticleTranslationState, Photo

from .subsites import UnitFactory


def jpeg_upload(
    name: str = "anh.jpg", size=(64, 48), color="navy", mode="RGB", exif=None
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new(mode, size, color if mode == "RGB" else None)
    image.save(buffer, "JPEG", **({"exif": exif} if exif is not None else {}))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class ArticleFactory(factory.django.DjangoModelFactory):
    """Saved directly (not through services): for read-side tests that need many rows fast."""

    class Meta:
        model = Article

    unit = factory.SubFactory(UnitFactory)
    title_vi = factory.Sequence(lambda n: f"Tin tức số {n} về tỉnh Trà Vinh")
    summary_vi = "Tóm tắt bài viết."
    body_vi = "<p>Nội dung bài viết.</p>"
    slug = factory.Sequence(lambda n: f"tin-tuc-so-{n}")
    status = Status.DRAFT

    class Params:
        pending = factory.Trait(status=Status.PENDING)
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=1)),
        )
        archived = factory.Trait(status=Status.ARCHIVED)


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    article = factory.SubFactory(ArticleFactory)
    image = factory.LazyFunction(lambda: jpeg_upload())
    alt_text_vi = "Quang cảnh hội nghị"
    caption_vi = "Hội nghị tổng kết"
    order = factory.Sequence(lambda n: n)


class TranslationFactory(factory.django.DjangoModelFactory):
    """A published translation; set the article's `title_<lang>` too when the text matters."""

    class Meta:
        model = ArticleTranslationState

    article = factory.SubFactory(ArticleFactory, published=True)
    language = "km"
    state = "published"
    title = "ព័ត៌មាន"
    live = True
    published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyFunction(timezone.now)
    source_version = 1
