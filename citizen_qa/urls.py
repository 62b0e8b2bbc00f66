app_name = "citizen_qa"
urlpatterns: list = []
