from django.urls import path

from kamitaiou.mail import views

urlpatterns = [
    path(
        "mail/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="mail_attachment",
    ),
]
