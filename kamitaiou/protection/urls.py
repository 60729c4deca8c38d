"""URLs of the カスハラ measures, all under ``/protection/`` (included by the site's urls).

URL names start with ``protection_``.
"""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
