"""WSGI entry of the bench's gunicorn: the project with bench/inbox_urls.py (hello world)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamitaiou.config.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.inbox_urls"
settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
