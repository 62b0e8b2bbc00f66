from django.urls import path

from . import feeds, views

app_name = "documents"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("<int:pk>/", views.detail, name="detail"),
    path("tai-ve.csv", views.export_csv, name="export_csv"),
    path("tai-ve.xlsx", views.export_xlsx, name="export_xlsx"),
    path("tep/<int:pk>/", views.attachment_view, name="attachment_view"),
    path("tep/<int:pk>/tai-ve/", views.attachment_download, name="attachment_download"),
    path("rss/", feeds.DocumentFeed(), name="feed"),
    path("rss/<slug:category>/", feeds.DocumentFeed(), name="feed_category"),
    path("lich-lam-viec/", views.schedule, name="schedule"),
    path("lich-lam-viec/<int:year>/<int:month>/<int:day>/", views.schedule_week, name="schedule_week"),
    path(
        "lich-lam-viec/<int:year>/<int:month>/<int:day>/tai-ve.csv",
        views.schedule_export_csv,
        name="schedule_export_csv",
    ),
    path(
        "lich-lam-viec/<int:year>/<int:month>/<int:day>/tai-ve.xlsx",
        views.schedule_export_xlsx,
        name="schedule_export_xlsx",
    ),
]
