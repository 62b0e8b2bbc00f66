"""The public pages of a unit's introduction, leaders and contacts (Decree 42/2022 Điều 4)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from . import selectors


def _unit(request):
    unit = getattr(request, "unit", None)
    if unit is None:
        raise Http404("no main portal yet")
    return unit


def introduction(request):
    unit = _unit(request)
    return render(request, "directory/introduction.html", {"introduction": selectors.introduction_of(unit)})


def leaders(request):
    unit = _unit(request)
    return render(request, "directory/leaders.html", {"leaders": list(selectors.leaders_of(unit))})


def contacts(request):
    unit = _unit(request)
    return render(request, "directory/contacts.html", {"contacts": list(selectors.contacts_of(unit))})
