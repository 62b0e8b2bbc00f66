from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.feeds import RssFeed

from .models import Question


class LatestAnswersFeed(Feed):
    """The latest published answers of the current unit's site: question and answer text, never the asker."""

    feed_type = RssFeed

    def get_object(self, request, *args, **kwargs):
        return request.unit

    def title(self, unit):
        return _("Questions and answers – %(unit)s") % {"unit": unit.name}

    def link(self, unit):
        return reverse("citizen_qa:index")

    def description(self, unit):
        return _("The latest answers of the competent units to citizens' and businesses' questions.")

    def items(self, unit):
        return (
            Question.objects.visible(get_language())
            .in_unit(unit)
            .select_related("unit", "answer")
            .order_by("-published_at")[:20]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        answer = getattr(item, "answer", None)
        return Truncator(strip_tags(answer.body if answer else item.body)).words(60)

    def item_pubdate(self, item):
        return item.published_at
