"""People (with a role from METHOD.md §1) and the teams they work in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    SALES_REP = "sales_rep", _("Sales rep")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Operators and sales reps work in one or more teams;
    supervisors lead one or more teams; admins see everything."""

    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.OPERATOR)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    teams = models.ManyToManyField(
        Team, related_name="members", blank=True, verbose_name=_("teams")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_supervisor_role(self) -> bool:
        return self.role in (Role.SUPERVISOR, Role.ADMIN)

    def save(self, *args: object, **kwargs: object) -> None:
        # Admins manage the site through Django admin; nobody else may enter it.
        if self.role == Role.ADMIN:
            self.is_superuser = True
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Organisation(models.Model):
    """The deployment's own organisation — who the coach's drafts are signed by.

    One row only (``pk`` 1), edited in the Django admin. Never the customer's company.
    """

    SINGLETON_PK = 1

    name = models.CharField(_("organisation name"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    signature = models.TextField(
        _("signature lines"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Printed under the writer's name at the end of every draft: address, "
            "telephone, mail, opening hours."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self) -> str:
        return " ".join(part for part in (self.name, self.department) if part) or str(
            _("organisation")
        )

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def current(cls) -> Organisation:
        """The organisation as configured (an empty, unsaved one before it is)."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)
