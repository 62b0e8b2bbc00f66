"""The admin's writes go through the services, like every other caller (STYLE.md "thin admin")."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext

from .storage import storage_errors

log = logging.getLogger(__name__)


class ServiceAdminMixin:
    """save_model, delete_model and delete_queryset (the bulk "delete selected" action) call the
    admin's `save_service` and `delete_service` with the signed-in user acting.

    Bulk deletion goes one object at a time through `delete_service`, so each leaves its audit entry
    and its permission check; Django's default would delete the query set in one statement with
    neither. An admin that sets no `delete_service` deletes as Django does.
    """

    # Set by each admin: save_service(obj, *, acting_user, form, change); delete_service(obj, *, acting_user).
    save_service: Callable[..., None]
    delete_service: Callable[..., None] | None = None

    def changeform_view(self, request, *args, **kwargs):
        """A file store (disk or S3 server) that fails while saving: the admin's transaction has been
        rolled back when the error gets here, so nothing was saved; the editor is told so, not shown a 500."""
        try:
            return super().changeform_view(request, *args, **kwargs)
        except storage_errors() as error:
            if request.method != "POST":
                raise
            log.error("file store failed while saving in the admin: %s", error)
            self.message_user(
                request,
                gettext("The file store is not answering: nothing was saved. Try again in a few minutes."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        self.save_service(obj, acting_user=request.user, form=form, change=change)

    def delete_model(self, request, obj):
        if self.delete_service is None:
            return super().delete_model(request, obj)
        self.delete_service(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        if self.delete_service is None:
            return super().delete_queryset(request, queryset)
        for obj in queryset:
            self.delete_service(obj, acting_user=request.user)
