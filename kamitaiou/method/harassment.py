"""Customer harassment (カスタマーハラスメント): protecting staff (METHOD.md §12).

Japan obliges employers to protect staff from customer harassment. When the analyzer
sees abuse, intimidation, threats, a demand to kneel (土下座), an SNS-exposure threat or a
sit-in (長時間拘束・居座り: 「納得するまで帰らない」) — or a contact drags on — staff get a
protocol: warn, end the contact, hand to a supervisor; and they are offered care
afterwards. Staff may also record an excessive demand (過剰要求), which is a judgement the
analyzer does not make.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from types import MappingProxyType

#: Analyzer labels that trigger the protocol, in the order their notes are shown.
HARASSMENT_LABELS: tuple[str, ...] = (
    "violence_threat",
    "intimidation",
    "abuse",
    "dogeza_demand",
    "sns_exposure",
    "prolonged_binding",
)
#: 長時間拘束・居座り: an analyzer label (a sit-in announced), and also set when a contact
#: lasts too long (see ``is_prolonged_contact``).
PROLONGED_BINDING = "prolonged_binding"
PROLONGED_CONTACT_LIMIT = timedelta(minutes=60)
#: 過剰要求: an incident type staff record themselves (not an analyzer label).
EXCESSIVE_DEMAND = "excessive_demand"
#: What the カスハラ incident form offers, in this order.
INCIDENT_TYPES: tuple[str, ...] = (*HARASSMENT_LABELS, EXCESSIVE_DEMAND)

HARASSMENT_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "violence_threat": "暴力の示唆",
        "intimidation": "威圧・脅し",
        "abuse": "暴言・人格否定",
        "dogeza_demand": "土下座の要求",
        "sns_exposure": "SNS等での晒しの示唆",
        PROLONGED_BINDING: "長時間拘束・居座り",
        EXCESSIVE_DEMAND: "過剰要求",
    }
)

LABEL_NOTES_JA: Mapping[str, str] = MappingProxyType(
    {
        "violence_threat": (
            "身の安全を最優先にしてください。ただちに対応を終了し、上長と警察への相談を検討します。"
        ),
        "intimidation": (
            "脅しに応じてその場で約束をしないでください。回答は控え、上長に引き継ぎます。"
        ),
        "abuse": (
            "人格を否定する言葉は、あなたへの評価ではありません。一人で抱え込まないでください。"
        ),
        "dogeza_demand": ("土下座のご要望にはお応えしません。お詫びは言葉と対応でお示しします。"),
        "sns_exposure": (
            "投稿をほのめかされても対応内容は変えません。投稿するかどうかはお客様のご判断です。"
        ),
        PROLONGED_BINDING: (
            "長時間の拘束は、それ自体がハラスメントになり得ます。区切りをつけて終了します。"
        ),
        EXCESSIVE_DEMAND: (
            "社会通念を超える要求には応じません。できること・できないことを明確にお伝えし、"
            "上長と対応を決めます。"
        ),
    }
)

WARNING_PHRASE = "これ以上そのようなお言葉が続く場合は、お電話を終了させていただきます。"
ENDING_PHRASE = (
    "大変申し訳ございませんが、これ以上のご対応はいたしかねますので、"
    "お電話を終了させていただきます。改めて責任者よりご連絡いたします。"
)

STAFF_CARE_JA: tuple[str, ...] = (
    "対応直後に休憩を取る（続けて次の電話を取らない）",
    "上長と振り返り（デブリーフィング）を行う",
    "次回以降の対応を別の担当者に代わってもらう",
    "社内の相談窓口・産業医（EAP）に相談する",
)


class ProtocolAction(StrEnum):
    """One step of the staff-protection protocol."""

    WARN = "warn"
    END_CONTACT = "end_contact"
    HAND_TO_SUPERVISOR = "hand_to_supervisor"
    CONSULT_POLICE = "consult_police"
    RECORD = "record"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProtocolStep:
    """A step: what to do, in Japanese."""

    action: ProtocolAction
    label_ja: str
    detail_ja: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Protocol:
    """What staff do now, what to say, and the care offered to them afterwards."""

    labels: tuple[str, ...]
    #: True for a violence threat: no warning, end the contact at once
    immediate: bool
    steps: tuple[ProtocolStep, ...]
    warning_phrase_ja: str
    ending_phrase_ja: str
    notes_ja: tuple[str, ...]
    staff_care_ja: tuple[str, ...]

    @property
    def labels_ja(self) -> tuple[str, ...]:
        """The Japanese names of what was detected."""
        return tuple(HARASSMENT_LABELS_JA[label] for label in self.labels)


_WARN = ProtocolStep(
    action=ProtocolAction.WARN,
    label_ja="警告する",
    detail_ja=f"落ち着いた声で「{WARNING_PHRASE}」とお伝えします。",
)
_END = ProtocolStep(
    action=ProtocolAction.END_CONTACT,
    label_ja="対応を終了する",
    detail_ja=f"続く場合は「{ENDING_PHRASE}」とお伝えして終了します。",
)
_HAND = ProtocolStep(
    action=ProtocolAction.HAND_TO_SUPERVISOR,
    label_ja="上長に引き継ぐ",
    detail_ja="以後の対応は上長（SV）が引き受けます。一人で対応を続けないでください。",
)
_POLICE = ProtocolStep(
    action=ProtocolAction.CONSULT_POLICE,
    label_ja="警察に相談する",
    detail_ja="上長と相談のうえ、警察への相談・通報を検討します。",
)
_RECORD = ProtocolStep(
    action=ProtocolAction.RECORD,
    label_ja="記録を残す",
    detail_ja="言われた言葉・日時・時間の長さを、そのまま記録に残します。",
)


def is_prolonged_contact(
    duration: timedelta, *, limit: timedelta = PROLONGED_CONTACT_LIMIT
) -> bool:
    """True when one contact lasted longer than ``limit`` (長時間の拘束)."""
    return duration > limit


def harassment_protocol(labels: Iterable[str], *, prolonged: bool = False) -> Protocol | None:
    """Return the staff-protection protocol for these analyzer labels, or ``None``.

    ``prolonged`` adds 長時間拘束・居座り (see ``is_prolonged_contact``) when the analyzer
    has not already read a sit-in. A violence threat
    skips the warning: the contact ends at once and the police may be consulted.
    """
    seen = set(labels)
    if prolonged:
        seen.add(PROLONGED_BINDING)
    found = [label for label in HARASSMENT_LABELS if label in seen]
    if not found:
        return None
    immediate = "violence_threat" in seen
    steps = (_END, _HAND, _POLICE, _RECORD) if immediate else (_WARN, _END, _HAND, _RECORD)
    return Protocol(
        labels=tuple(found),
        immediate=immediate,
        steps=steps,
        warning_phrase_ja=WARNING_PHRASE,
        ending_phrase_ja=ENDING_PHRASE,
        notes_ja=tuple(LABEL_NOTES_JA[label] for label in found),
        staff_care_ja=STAFF_CARE_JA,
    )
