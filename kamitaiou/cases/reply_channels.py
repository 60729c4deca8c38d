"""Ways a reply can leave the case page, offered by the apps above ``cases`` (decision 0008).

``cases`` records a reply; it does not know how to mail one. An app that can send
registers a channel in its ``AppConfig.ready()``::

    register_channel("mail", offer=mail_offer)

``offer(user, case)`` returns a ``SendOffer`` (what the reply box shows: 「メールで送信」
with the addresses; ``allowed`` False with the reason when this person may not send
here) or ``None`` when the channel does not apply to the case at all (no mailbox, no
customer address). When the writer chooses it, ``do_add_interaction`` checks the offer
again under the case lock and announces ``events.ReplyRecorded(send=<name>)``; the app's
subscriber does the sending (or queues it) inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SendOffer:
    """One way to send a reply, as the reply box shows it."""

    channel: str
    label: str
    detail: str = ""
    allowed: bool = True
    #: the channel the interaction is recorded with when sent this way (``Channel``)
    records_as: str = ""
    #: why this person may not send here (shown instead of the choice)
    reason: str = ""


Offer = Callable[[Any, Any], "SendOffer | None"]
_channels: dict[str, Offer] = {}


def register_channel(name: str, *, offer: Offer) -> None:
    """Offer channel ``name`` on every case page where ``offer(user, case)`` gives one."""
    _channels[name] = offer


def unregister_channel(name: str) -> None:
    """Remove a channel (tests that register one for a while)."""
    _channels.pop(name, None)


def offers_for(user: Any, case: Any) -> list[SendOffer]:
    """The channels that apply to ``case`` for ``user``, in name order."""
    found = []
    for name in sorted(_channels):
        offer = _channels[name](user, case)
        if offer is not None:
            found.append(offer)
    return found


def offer_for(user: Any, case: Any, channel: str) -> SendOffer | None:
    """The offer of ``channel`` on ``case`` for ``user`` (``None``: no such channel here)."""
    build = _channels.get(channel)
    return build(user, case) if build is not None else None
