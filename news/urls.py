from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("rss/", feeds.ArticleFeed(), name="rss"),
    path("atom/", feeds.AtomArticleFeed(), name="atom"),
    path("tai-ve.csv", views.export_csv, name="export_csv"),
    path("tai-ve.xlsx", views.export_xlsx, name="export_xlsx"),
    path("muc/<unicode_slug:section_slug>/tai-ve.csv", views.section_export_csv, name="section_export_csv"),
    path(
        "muc/<unicode_slug:section_slug>/tai-ve.xlsx", views.section_export_xlsx, name="section_export_xlsx"
    ),
    path("muc/<unicode_slug:section_slug>/rss/", feeds.ArticleFeed(), name="section_rss"),
    path("muc/<unicode_slug:section_slug>/atom/", feeds.AtomArticleFeed(), name="section_atom"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/pdf/", views.article_pdf, name="pdf"),
]
