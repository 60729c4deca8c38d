from django.urls import include, path

urlpatterns = [
    path("", include("kamitaiou.protection.desk_urls")),
]
