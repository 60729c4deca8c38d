"""URL map of Kamitaiou."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("kamitaiou.accounts.urls")),
    path("", include("kamitaiou.inbox.urls")),
    path("", include("kamitaiou.cases.urls")),
    path("", include("kamitaiou.followups.urls")),
    path("", include("kamitaiou.readings.urls")),
    path("", include("kamitaiou.mail.urls")),
    path("", include("kamitaiou.api.urls")),
    path("", include("kamitaiou.reports.urls")),
    path("", include("kamitaiou.search.urls")),
    path("protection/", include("kamitaiou.protection.urls")),
    path("", include("kamitaiou.privacy.urls")),
]
