"""Requests through the WSGI application config/wsgi.py makes, as gunicorn calls it: the layer in front
of Django (portal.pagecache.HitsFirst), then Django's handler. Django's test client skips that layer."""

from __future__ import annotations

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory

from portal.pagecache import HitsFirst


class WsgiClient:
    """GET and HEAD, answering HttpResponse objects as the test client does (status, headers, body)."""

    def __init__(self):
        self.factory = RequestFactory()
        self.application = None

    def get(self, path, data=None, **extra):
        return self._call(self.factory.get(path, data, **extra).environ)

    def head(self, path, data=None, **extra):
        return self._call(self.factory.head(path, data, **extra).environ)

    def _call(self, environ) -> HttpResponse:
        if self.application is None:
            # As config/wsgi.py makes it; made at the first request, with the test's settings by then (as
            # the test client loads its middleware).
            self.application = HitsFirst(WSGIHandler())
        answered = {}

        def start_response(status, headers, exc_info=None):
            answered.update(status=int(status.split(" ", 1)[0]), headers=headers)

        # As Django's test client does: the test's transaction stays open across the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = self.application(environ, start_response)
            content = b"".join(body)
            getattr(body, "close", lambda: None)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        response = HttpResponse(content, status=answered["status"])
        for name, value in answered["headers"]:
            if name.lower() != "set-cookie":
                response[name] = value
        return response
