"""What both exchange commands take alike: the language their operator reads."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext


def add_language_option(parser) -> None:
    """--language: errors, summary and progress in vi, en or km; by default the portal's own language.

    The help texts themselves come in the portal's language: they are shown before any option is read.
    """
    parser.add_argument(
        "--language",
        choices=[code for code, _name in settings.LANGUAGES],
        default=settings.LANGUAGE_CODE,
        help=gettext("the language of the messages (default: %(default)s)"),
    )
