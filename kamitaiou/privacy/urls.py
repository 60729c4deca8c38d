from django.urls import path

from kamitaiou.privacy import views

urlpatterns = [
    path("privacy/views/", views.view_log, name="view_log"),
    path(
        "customers/<int:customer_id>/disclosure/",
        views.disclose_customer,
        name="disclose_customer",
    ),
]
