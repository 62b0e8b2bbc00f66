"""The admin's rich-text editor (django-prose-editor, ProseMirror/Tiptap, every file from static/).

The editor is convenience only: portal.html sanitises every body on save whatever the browser sent.
Its toolbar makes nothing that the sanitiser drops (tests/portal/test_editor.py compares the two).

The editor's modules load through an inline `<script type="importmap">`. The CSP admits that one inline
script by the request's nonce, and only on the responses that show an editor: public pages keep
`script-src 'self'`.
"""

from __future__ import annotations

from csp.constants import NONCE
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media

# What a government news article needs; extension names are django-prose-editor's.
EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # No button inserts an image (photos go through the gallery and its upload validator); the node
    # only keeps the images of imported bodies, which the editor would otherwise drop on save.
    "Image": True,
    # The portal's extensions (static/js/editor-extensions.js). YouTube videos: kept, inserted from a link.
    "Embed": {
        "labels": {
            "button": _("Insert a YouTube video"),
            "dialog": _("YouTube video"),
            "url": _("Link to the video on YouTube"),
            "title": _("Title of the video (read out by screen readers)"),
            "insert": _("Insert"),
            "invalid": _("This is not a link to a YouTube video."),
        }
    },
    # The field's label names the editable area for screen readers and focuses it when clicked.
    "FieldLabel": True,
    # The browser's spelling checker helps editors (the package turns it off by default).
    "NoSpellCheck": False,
}

# The tooltips of that toolbar as the package writes them, in English whatever the language: the browser
# looks each one up in the admin's JavaScript catalogue (locale/<lang>/LC_MESSAGES/djangojs.po, with the
# package's dialogs) through static/js/editor-extensions.js. The headings' tooltips follow `Heading`.
TOOLTIPS = (
    "paragraph",
    *(f"heading {level}" for level in EXTENSIONS["Heading"]["levels"]),
    "bold",
    "italic",
    "subscript",
    "superscript",
    "unordered list",
    "ordered list",
    "List properties",
    "blockquote",
    "horizontal rule",
    "insert link",
    "remove link",
    "Insert table",
    "Add column",
    "Delete column",
    "Add row",
    "Delete row",
    "Merge cells",
    "Split cell",
    "Toggle header cell",
    "Delete table",
    "undo",
    "redo",
)

# The empty document the editor submits for an empty field.
_EMPTY = {"", "<p></p>"}


class RichTextWidget(AdminProseEditorWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, config={"extensions": EXTENSIONS}, preset="configurable")

    @property
    def media(self):
        return super().media + Media(css={"all": ["css/editor.css"]})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return "" if value is not None and value.strip() in _EMPTY else value


def media_with_nonce(media, request: HttpRequest) -> Media:
    """The form's media whose import map and scripts carry the request's CSP nonce."""
    return Media.from_media(media, nonce=request.csp_nonce)


def allow_nonced_scripts(response: HttpResponseBase) -> HttpResponseBase:
    """Add the request's nonce to this response's script-src (the editor's import map needs it)."""
    response._csp_update = {"script-src": [NONCE]}
    return response
