from django.urls import path

from . import feeds, views

app_name = "citizen_qa"
urlpatterns = [
    path("", views.index, name="index"),
    path("tai-ve.csv", views.export_csv, name="export_csv"),
    path("tai-ve.xlsx", views.export_xlsx, name="export_xlsx"),
    path("cau-hoi/<int:pk>/", views.detail, name="detail"),
    path("dat-cau-hoi/", views.ask, name="ask"),
    path("da-gui/", views.sent, name="sent"),
    path("xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("rss/", feeds.LatestAnswersFeed(), name="feed"),
]
