"""Start Django for a benchmark: its own data directory (``--data-dir`` or a fresh temporary
one), production-like settings with the development keys allowed, the repository importable."""

from __future__ import annotations

import os
import sys
import tempfile


def setup_django(data_dir: str = "") -> None:
    """Point Kamitaiou at ``data_dir`` (created if missing) or a new temporary directory."""
    if data_dir:
        os.makedirs(data_dir, exist_ok=True)
        os.environ["KAMITAIOU_DATA_DIR"] = os.path.abspath(data_dir)
    os.environ.setdefault("KAMITAIOU_DATA_DIR", tempfile.mkdtemp(prefix="kamitaiou-bench-"))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
