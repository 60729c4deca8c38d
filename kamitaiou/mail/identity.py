"""Who the intake acts as, and who a mail's sender is among the customers."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from kamitaiou.accounts.models import Role, Team, User
from kamitaiou.cases.actions import NewCustomer, do_create_customer
from kamitaiou.cases.models import Customer
from kamitaiou.mail.models import Mailbox, MailCustomer

#: The account that records what came in by mail (the interaction's author, the events'
#: actor). It cannot log in: inactive, no password, in no team.
MAIL_USERNAME = "kamitaiou-mail"
MAIL_DISPLAY_NAME = "メール受信"


def mail_user() -> User:
    """The intake's own account, created the first time it is needed."""
    user = User.objects.filter(username=MAIL_USERNAME).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(
                username=MAIL_USERNAME,
                display_name=MAIL_DISPLAY_NAME,
                role=Role.OPERATOR,
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:  # created by a process beside this one
        return User.objects.get(username=MAIL_USERNAME)


def customer_for_sender(
    mailbox: Mailbox, *, address: str, name: str, actor: User
) -> tuple[Customer, bool]:
    """The customer of ``mailbox``'s team with this e-mail address, or a new one.

    A new customer is marked as created from mail (``MailCustomer``), so a person can
    tell it from one entered by hand. Returns ``(customer, created)``.
    """
    team: Team = mailbox.team
    found = Customer.objects.filter(team=team, email__iexact=address).order_by("pk").first()
    if found is not None:
        return found, False
    display = name.strip() or address.split("@", 1)[0] or address
    customer = do_create_customer(
        actor, data=NewCustomer(name=display[:200], team=team, email=address)
    )
    MailCustomer.objects.create(customer=customer, mailbox=mailbox)
    return customer, True
