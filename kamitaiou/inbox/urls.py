from django.urls import path

from kamitaiou.inbox import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("inbox/bulk/", views.bulk, name="inbox_bulk"),
    path("inbox/views/", views.save_view, name="save_view"),
    path("inbox/views/<int:view_id>/rename/", views.rename_view, name="rename_view"),
    path("inbox/views/<int:view_id>/delete/", views.delete_view, name="delete_view"),
]
