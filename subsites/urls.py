from django.urls import path

from . import views

app_name = "subsites"
urlpatterns = [
    path("trang/<unicode_slug:slug>/", views.page_detail, name="page"),
    path("muc/<unicode_slug:slug>/", views.section_detail, name="section"),
    path("cac-trang-thanh-phan/", views.directory, name="directory"),
    path("so-do-trang/", views.html_sitemap, name="sitemap"),
]
