"""WSGI entry point (gunicorn kamitaiou.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamitaiou.config.settings")
application = get_wsgi_application()
