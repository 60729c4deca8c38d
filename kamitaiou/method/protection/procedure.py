"""The response procedure as steps with guards (警告 → 終了 → 上長へ引継ぎ → 対応制限).

Each step is taken once and recorded with who and when. Violence or a threat to life
calls for the immediate hand-over: no warning, and nothing before the supervisor has it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from kamitaiou.method.protection.categories import Verdict


class Step(StrEnum):
    """One step of the response procedure, in its usual order."""

    WARN = "warn"
    END_CONTACT = "end_contact"
    HAND_TO_SUPERVISOR = "hand_to_supervisor"
    DECIDE_RESTRICTION = "decide_restriction"


STEP_JA: Mapping[Step, str] = MappingProxyType(
    {
        Step.WARN: "警告する",
        Step.END_CONTACT: "対応を終了する",
        Step.HAND_TO_SUPERVISOR: "上長に引き継ぐ",
        Step.DECIDE_RESTRICTION: "対応制限を決める",
    }
)

#: The wording offered for a warning, by channel (phone is the default).
WARNING_JA: Mapping[str, str] = MappingProxyType(
    {
        "phone": "これ以上そのようなお言葉が続く場合は、お電話を終了させていただきます。",
        "visit": "これ以上そのような言動が続く場合は、ご対応を終了し、お引き取りいただきます。",
        "mail": (
            "ご指摘の内容は承っております。ただし、これ以上、担当者への威圧的・侮辱的な"
            "表現が続く場合は、以後のご連絡への対応を控えさせていただきます。"
        ),
    }
)
ENDING_JA: Mapping[str, str] = MappingProxyType(
    {
        "phone": (
            "大変申し訳ございませんが、これ以上のご対応はいたしかねますので、"
            "お電話を終了させていただきます。改めて責任者よりご連絡いたします。"
        ),
        "visit": (
            "これ以上のご対応はいたしかねます。お引き取りください。"
            "お引き取りいただけない場合は、警察に通報いたします。"
        ),
        "mail": "本件につきましては、以後、責任者より書面にてご連絡いたします。",
    }
)
WRITTEN_CHANNELS = frozenset({"mail", "web", "chat"})


def warning_wording(channel: str) -> str:
    """The warning to offer on ``channel`` (mail, web and chat get the written one)."""
    if channel in WRITTEN_CHANNELS:
        return WARNING_JA["mail"]
    return WARNING_JA.get(channel, WARNING_JA["phone"])


def ending_wording(channel: str) -> str:
    """What to say when ending the contact on ``channel``."""
    if channel in WRITTEN_CHANNELS:
        return ENDING_JA["mail"]
    return ENDING_JA.get(channel, ENDING_JA["phone"])


@dataclass(frozen=True, slots=True, kw_only=True)
class StepOffer:
    """A step as the incident page shows it: may it be taken now, and if not, why."""

    step: Step
    label_ja: str
    done: bool
    problem: str | None

    @property
    def allowed(self) -> bool:
        """True when the step may be recorded now."""
        return self.problem is None


def step_problem(
    step: Step,
    *,
    done: Collection[str],
    immediate: bool,
    verdict: Verdict | None,
    by_supervisor: bool,
) -> str | None:
    """Why ``step`` cannot be recorded now, or ``None`` when it can.

    ``done`` are the steps already on the record; ``verdict`` is ``None`` while the
    incident is a draft; ``by_supervisor`` is whether the person recording is one.
    """
    hand = Step.HAND_TO_SUPERVISOR
    rules = (
        (step in done, "この手順はすでに記録されています。"),
        (
            verdict is Verdict.LEGITIMATE_COMPLAINT,
            "正当なクレームと判断された記録には、カスハラの対応手順は取りません。",
        ),
        (
            immediate and step is Step.WARN,
            "暴力・生命への脅威には警告をせず、ただちに上長に引き継ぎます。",
        ),
        (
            immediate and step is not hand and hand not in done,
            "暴力・生命への脅威があるため、まず上長に引き継いでください。",
        ),
        (
            step is Step.END_CONTACT and not immediate and Step.WARN not in done,
            "対応の終了は、警告をしてからです（暴力・生命への脅威の場合を除く）。",
        ),
    )
    for broken, message in rules:
        if broken:
            return message
    if step is Step.DECIDE_RESTRICTION:
        return _restriction_problem(done=done, verdict=verdict, by_supervisor=by_supervisor)
    return None


def _restriction_problem(
    *, done: Collection[str], verdict: Verdict | None, by_supervisor: bool
) -> str | None:
    if Step.HAND_TO_SUPERVISOR not in done:
        return "対応制限は、上長に引き継いでから決めます。"
    if verdict is not Verdict.HARASSMENT:
        return "対応制限は、カスハラに該当すると確定した記録についてのみ決められます。"
    if not by_supervisor:
        return "対応制限を決められるのは上長（SV）または管理者です。"
    return None


def step_offers(
    *, done: Collection[str], immediate: bool, verdict: Verdict | None, by_supervisor: bool
) -> tuple[StepOffer, ...]:
    """Every step with whether it may be taken now; the immediate hand-over comes first."""
    order = list(Step)
    if immediate:
        order.remove(Step.HAND_TO_SUPERVISOR)
        order.insert(0, Step.HAND_TO_SUPERVISOR)
    return tuple(
        StepOffer(
            step=step,
            label_ja=STEP_JA[step],
            done=step in done,
            problem=step_problem(
                step,
                done=done,
                immediate=immediate,
                verdict=verdict,
                by_supervisor=by_supervisor,
            ),
        )
        for step in order
    )
