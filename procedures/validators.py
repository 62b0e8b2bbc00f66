"""The one check of an address an editor enters for a procedure: a web page, nothing a browser runs."""

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# javascript:, data:, file: and the like are refused: the link is followed by citizens' browsers.
web_address = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with https:// or http://."),
)
