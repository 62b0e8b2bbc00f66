from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.draft_list, name="list"),
    path("sap-lay-y-kien/", views.draft_list, {"phase": "upcoming"}, name="upcoming"),
    path("da-het-han/", views.draft_list, {"phase": "closed"}, name="closed"),
    path("da-co-ket-qua/", views.draft_list, {"phase": "concluded"}, name="concluded"),
    path("<int:pk>/", views.draft_detail, name="detail"),
    path("<int:pk>/tep/<int:file_pk>/", views.draft_file, name="file"),
    path("<int:pk>/bao-cao-tiep-thu/", views.outcome_file, name="outcome_file"),
    path("<int:pk>/tong-hop.<str:fmt>", views.public_export, name="public_export"),
    path("xac-nhan/<str:token>/", views.comment_confirm, name="confirm"),
    path("rut-y-kien/<str:token>/", views.comment_withdraw, name="withdraw"),
]
