from django.urls import path

from kamitaiou.search import views

urlpatterns = [
    path("search/", views.results, name="search"),
]
