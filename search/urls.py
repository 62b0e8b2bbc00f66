"""Site-wide search: one page over every content app's search provider."""

from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("tim-kiem/", views.search, name="search"),
]
