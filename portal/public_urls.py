"""Public pages the portal app itself owns (site-wide search lives here)."""

from django.urls import path

from . import search_views

app_name = "portal"
urlpatterns = [
    path("tim-kiem/", search_views.search, name="search"),
]
