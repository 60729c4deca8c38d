"""Models of the protection app. The desk's (consultations, check-ins, policy) live in
``desk_models``; the incident record's models join them here at merge."""

from kamitaiou.protection.desk_models import *  # noqa: F403
