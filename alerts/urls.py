from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("quan-ly/<str:token>/", views.manage, name="manage"),
    path("quan-ly/<str:token>/huy/", views.unsubscribe_all, name="unsubscribe_all"),
    path("quan-ly/<str:token>/huy/<int:pk>/", views.unsubscribe, name="unsubscribe"),
]
