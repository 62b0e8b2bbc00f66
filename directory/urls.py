from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("gioi-thieu-chung/", views.introduction, name="introduction"),
    path("lanh-dao/", views.leaders, name="leaders"),
    path("danh-ba/", views.contacts, name="contacts"),
]
