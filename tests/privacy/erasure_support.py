"""Erasing a customer the way an admin does: the customer admin's action, confirmed."""

from __future__ import annotations

from typing import Any

from kamitaiou.cases.models import Erasure

#: words only the customer wrote, to look for after the erasure
WORDS = "猫舌亭の鈴木花子"


def erase_in_admin(client: Any, admin_user: Any, customer: Any) -> Erasure:
    """Post the customer admin's 「個人データの削除」 action with a reason, confirmed."""
    client.force_login(admin_user)
    done = client.post(
        "/admin/cases/customer/",
        {
            "action": "erase_personal_data",
            "_selected_action": [customer.pk],
            "confirm_erasure": "1",
            "reason": "ご本人からの削除請求",
            "confirm": "on",
        },
    )
    assert done.status_code == 302, done.content.decode()[:500]
    return Erasure.objects.get(customer=customer)
