"""Storage of generated reports: a folder outside MEDIA_ROOT with no URL, served only by the board's view."""

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from . import conf


@deconstructible
class PrivateStorage(FileSystemStorage):
    """The location is read from the settings at each use, so tests and deployments can move it."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(conf.private_root())

    @property
    def location(self):
        return str(conf.private_root().resolve())

    def url(self, name):
        raise ValueError("Generated reports have no public address; they are served by the board's view.")


private_storage = PrivateStorage()
