"""``kamitaiou export customer ID --format json|html --output FILE|-`` (the reports app's
``export`` command hands the ``customer`` word to this)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError

from kamitaiou.cases.models import Customer
from kamitaiou.params import parse_id
from kamitaiou.privacy import disclosure, document


def export_customer(raw_id: str, *, fmt: str, output: str) -> None:
    """Write one customer's disclosure document; recorded on each of their cases."""
    if fmt not in disclosure.FORMATS:
        raise CommandError(f"--format: json or html for a customer, not {fmt!r}")
    customer_id = parse_id(raw_id)
    customer = Customer.objects.filter(pk=customer_id).first() if customer_id else None
    if customer is None:
        raise CommandError(f"no such customer: {raw_id!r}")
    try:
        target = sys.stdout.buffer if output == "-" else open(output, "wb")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"--output: {exc.strerror or exc}") from None
    doc = disclosure.do_disclose_customer(None, customer, fmt=fmt)
    body: Any = (
        json.dumps(doc, ensure_ascii=False, indent=2)
        if fmt == "json"
        else document.render_html(doc)
    )
    try:
        target.write(body.encode())
    finally:
        if target is sys.stdout.buffer:
            target.flush()
        else:
            target.close()
