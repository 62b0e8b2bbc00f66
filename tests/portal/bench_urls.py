"""The site's URLs with the benchmark's ceiling, as `make bench` serves them (PORTAL_BENCH_ENDPOINT)."""

from django.urls import path

from config.urls import urlpatterns as site_urls
from portal import views

urlpatterns = [*site_urls, path("bench/minimal/", views.bench_minimal)]
