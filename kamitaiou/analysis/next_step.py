"""The method's next move (METHOD.md), chosen by a fixed priority order.

=====  ======================  ==========================================================
prio   next step               when
=====  ======================  ==========================================================
1      protect_staff           abuse, intimidation, violence_threat, dogeza_demand,
                               sns_exposure, prolonged_binding — カスハラ protocol §12:
                               warn, end the contact, hand to a supervisor
2      hand_to_supervisor      legal_threat, damages_claim, escalate_to_manager (§9.5)
3      refuse_with_reason      tax_evasion, falsification (§9.2: refused however fierce)
4      calm_first              anger ≥ 2 (§6: the customer must be calm enough to talk)
5      reassure                anxiety ≥ 2 (§8 (3) 安心)
6      empathize_first         a demand (deadline, special_treatment, discount, refund,
                               replacement, compensation, visit, cancel) with anger 1, or a
                               demand whose background is known (customer_mistake,
                               bad_timing) — §5.1 / §3: empathise before assessing
7      assess_feasibility      a calm (anger 0) deadline or special_treatment request
                               (§5.2 比較検討: probability, risk, benefit)
8      hear_the_customer       any other problem sign: a demand, a background label,
                               anger 1 (§6.2 ヒアリング)
9      answer_inquiry          no problem sign, but a question or a plain request
                               (「税抜き価格はいくらですか」「資料を送ってください」):
                               answer it exactly and check it was understood
10     thank_and_follow_up     nothing to handle: praise or a neutral message (§10)
=====  ======================  ==========================================================
"""

from __future__ import annotations

from kamitaiou.analysis.model import BACKGROUND_LABELS, Label, NextStep

_PROTECT = frozenset(
    {
        Label.ABUSE,
        Label.INTIMIDATION,
        Label.VIOLENCE_THREAT,
        Label.DOGEZA_DEMAND,
        Label.SNS_EXPOSURE,
        Label.PROLONGED_BINDING,
    }
)
_SUPERVISOR = frozenset({Label.LEGAL_THREAT, Label.DAMAGES_CLAIM, Label.ESCALATE_TO_MANAGER})
_REFUSE = frozenset({Label.TAX_EVASION, Label.FALSIFICATION})
_DEMANDS = frozenset(
    {
        Label.DEADLINE,
        Label.SPECIAL_TREATMENT,
        Label.DISCOUNT,
        Label.REFUND,
        Label.REPLACEMENT,
        Label.COMPENSATION,
        Label.VISIT,
        Label.CANCEL,
    }
)
_ASSESS = frozenset({Label.DEADLINE, Label.SPECIAL_TREATMENT})


def choose_next_step(  # noqa: PLR0911 - a priority table reads best as early returns
    labels: set[Label], *, anger: int, anxiety: int, inquiry: bool = False
) -> NextStep:
    """Pick the next step for a message (priority table in the module docstring).

    ``inquiry``: the message asks a question or makes a plain request (lexicon context
    family ``inquiry``); it only matters when nothing else does.
    """
    if labels & _PROTECT:
        return NextStep.PROTECT_STAFF
    if labels & _SUPERVISOR:
        return NextStep.HAND_TO_SUPERVISOR
    if labels & _REFUSE:
        return NextStep.REFUSE_WITH_REASON
    if anger >= 2:
        return NextStep.CALM_FIRST
    if anxiety >= 2:
        return NextStep.REASSURE
    demands = labels & _DEMANDS
    if demands and (anger == 1 or labels & BACKGROUND_LABELS):
        return NextStep.EMPATHIZE_FIRST
    if labels & _ASSESS:
        return NextStep.ASSESS_FEASIBILITY
    if labels or anger >= 1 or anxiety >= 1:
        return NextStep.HEAR_THE_CUSTOMER
    if inquiry:
        return NextStep.ANSWER_INQUIRY
    return NextStep.THANK_AND_FOLLOW_UP
