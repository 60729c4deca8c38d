"""What a customer's erasure (``events.CustomerErased``, decision 0022) reaches in ``mail``.

The mail of the erased cases keeps what the mail log needs to show that a message came
or went — Message-ID, SHA-256 and size of the raw bytes, dates, status — and loses every
copy of the customer's words: the raw message, subject, body, addresses, and the
attachments' bytes and names (their SHA-256 and size stay). A reply not sent yet is
marked failed: there is nothing left to send.
"""

from __future__ import annotations

from django.db.models import Q

from kamitaiou.cases import events
from kamitaiou.cases.erasure import PLACEHOLDER, erase_rows
from kamitaiou.mail.models import InboundMail, MailAttachment
from kamitaiou.mail.outbound_models import OutboundMail, OutboundState

#: what an erased attachment's ``omitted`` says (the panel offers no download)
ERASED_ATTACHMENT = "個人データの削除により消去（削除済み）"
#: why a reply not yet sent will not be
ERASED_UNSENT = "個人データの削除により送信を取りやめました。"


def erase_case_mail(case_ids: list[int]) -> dict[str, int]:
    """Erase the customer's words from the inbound and outbound mail of ``case_ids``."""
    inbound = InboundMail.objects.filter(case_id__in=case_ids).values("pk")
    attachments = erase_rows(
        MailAttachment.objects.filter(
            Q(inbound__in=inbound) | Q(interaction__case_id__in=case_ids)
        ).values("pk"),
        data=b"",
        filename=PLACEHOLDER,
        omitted=ERASED_ATTACHMENT,
    )
    mails_in = erase_rows(
        inbound, raw=b"", subject=PLACEHOLDER, body_text=PLACEHOLDER, from_address=PLACEHOLDER
    )
    outbound = OutboundMail.objects.filter(case_id__in=case_ids).values("pk")
    # a reply not sent yet has nothing left to send
    erase_rows(
        outbound.filter(state__in=(OutboundState.QUEUED, OutboundState.SENDING)).values("pk"),
        state=OutboundState.FAILED,
        last_error=ERASED_UNSENT,
    )
    mails_out = erase_rows(outbound, raw=b"", subject=PLACEHOLDER, to_address=PLACEHOLDER)
    return {"inbound": mails_in, "outbound": mails_out, "attachments": attachments}


def on_customer_erased(erased: events.CustomerErased) -> None:
    erase_case_mail([case.pk for case in erased.cases])
