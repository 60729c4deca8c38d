"""What the method panel of the case page shows: built here, rendered by templates.

Templates show; this module decides which moves, facts and forms apply to the case's
kind and stage and to the person looking at it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from kamitaiou.accounts.models import Role
from kamitaiou.cases import escalation_hold, labels, workflow
from kamitaiou.cases import method_forms as mf
from kamitaiou.cases.labels import guidance, label
from kamitaiou.cases.models import Case, InteractionAnalysis
from kamitaiou.cases.reading import illegal_evidence
from kamitaiou.method.assessment import Assessment, Benefit, Level, Risk, explain
from kamitaiou.method.background import background_from_labels, empathy_hint
from kamitaiou.method.escalation import needs_escalation
from kamitaiou.method.harassment import harassment_protocol
from kamitaiou.method.kind_change import kind_change_options
from kamitaiou.method.special_requests import BENEFIT_TEST_QUESTION, forbidden_refusals
from kamitaiou.method.stages import CaseKind, Stage

#: Which recorded facts each kind asks for (in the order a case meets them).
KIND_FACTS: dict[str, list[str]] = {
    CaseKind.COMPLAINT: [
        "customer_calm",
        "fault_assessed",
        "customer_consent",
        "verification_improved",
        "explanation",
    ],
    CaseKind.UNREASONABLE_DEMAND: ["explanation"],
    CaseKind.SPECIAL_REQUEST: ["customer_benefit", "explanation"],
    CaseKind.AFTER_FOLLOW: ["visit_confirmed", "satisfaction", "referral_persona"],
}


def _fact_rows(case: Case) -> list[dict[str, Any]]:
    rows = []
    for name in KIND_FACTS[case.kind]:
        kind, label_ja = workflow.FACTS[name]
        fact_label = labels.fact_label(name, label_ja)
        value = (case.facts or {}).get(name)
        shown = {True: _("yes"), False: _("no")}.get(value, value) if kind is bool else value
        rows.append(
            {
                "name": name,
                "label": fact_label,
                "kind": kind.__name__,
                "value": shown,
                "recorded": value is not None,
            }
        )
    return rows


def _assessment_rows(case: Case) -> list[dict[str, Any]]:
    """The latest assessments, each with the inputs and the formula behind its figure."""
    rows = []
    for record in case.assessments.select_related("decided_by").order_by("-decided_at")[:3]:
        entered = Assessment(
            success_probability=record.success_probability,
            risk=Risk(
                cost_yen=record.risk_cost_yen,
                liability=Level(record.risk_liability),
                relationship_damage=Level(record.risk_relationship),
            ),
            benefit=Benefit(
                trust_gain=Level(record.benefit_trust),
                new_business_yen=record.benefit_new_business_yen,
                referrals_expected=record.benefit_referrals,
            ),
        )
        rows.append({"record": record, "explanation": explain(entered)})
    return rows


BACKGROUND_LABELS = ("customer_mistake", "bad_timing", "reliance")


def _background_draft(case: Case) -> str:
    """A first draft of the background (§3) from the analyzer's evidence, to edit."""
    if not set(BACKGROUND_LABELS) & set(case.labels or ()):
        return ""
    lines = []
    analyses = InteractionAnalysis.objects.filter(interaction__case=case).order_by(
        "interaction__occurred_at"
    )[:20]
    for analysis in analyses:
        for signal in analysis.signals:
            if signal["label"] in BACKGROUND_LABELS:
                line = f"{label('label', signal['label'])}: 「{signal['text']}」"
                if line not in lines:
                    lines.append(line)
    return "\n".join(lines)


def _moves(case: Case, *, user: Any, bound: forms.Form | None) -> list[dict[str, Any]]:
    """Each move with the fields its own form asks for (kept when a post was refused)."""
    typed: dict[str, Any] = {}
    if bound is not None and bound.is_bound:
        typed = bound.data
    rows = []
    for option in workflow.moves_for(case, actor=user):
        same = typed.get("action") == option.action
        rows.append(
            {
                "option": option,
                "inputs": [
                    {
                        "name": name.value,
                        "label": name.label_ja,
                        "value": typed.get(name.value, "") if same else "",
                    }
                    for name in option.inputs
                ]
                if option.allowed
                else [],
            }
        )
    return rows


def method_panel(
    case: Case, *, user: Any, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    """Everything the case page needs to show the method for ``case`` to ``user``."""
    bound = bound or {}
    kind, stage = CaseKind(case.kind), Stage(case.stage)
    case_labels = case.labels or []
    is_open = case.closed_at is None
    refusals = forbidden_refusals(
        case_labels,
        policy_matches=(case.facts or {}).get("policy_matches", ()),
        evidence=illegal_evidence(case),
    )
    open_escalation = next((e for e in case.escalations.all() if e.accepted_at is None), None)
    background_hints = [
        (label("background", b), empathy_hint(b)) for b in background_from_labels(case_labels)
    ]
    is_supervisor = user.role in (Role.SUPERVISOR, Role.ADMIN)
    holder = escalation_hold.held_by(case) if is_open else None
    return {
        "is_open": is_open,
        "guidance": guidance(kind, stage),
        "moves": _moves(case, user=user, bound=bound.get("move")) if is_open else [],
        "facts": _fact_rows(case) if is_open else [],
        "benefit_question": BENEFIT_TEST_QUESTION if kind is CaseKind.SPECIAL_REQUEST else "",
        "refusals": refusals,
        "protocol": harassment_protocol(case_labels),
        "needs_escalation": needs_escalation(case_labels)
        and open_escalation is None
        and not case.escalations.exists(),
        "open_escalation": open_escalation,
        "can_accept_escalation": open_escalation is not None and is_supervisor,
        # §9.5: a case a supervisor took over stays theirs unless a supervisor/admin
        # hands it on with a reason (the actions enforce it; this decides what to offer).
        "escalation_holder": holder,
        "can_take": is_open and case.assignee_id != user.pk and (holder is None or is_supervisor),
        "take_needs_reason": holder is not None,
        "can_reassign": is_open and (holder is None or is_supervisor),
        "background_hints": background_hints,
        "kind_changes": kind_change_options(kind, stage) if is_open else [],
        "show_assessment": is_open
        and kind is CaseKind.UNREASONABLE_DEMAND
        and stage in (Stage.ASSESSMENT, Stage.EMPATHY),
        "show_scope": is_open and kind is CaseKind.UNREASONABLE_DEMAND and stage is Stage.SCOPE,
        "show_progress": is_open and stage is Stage.EXECUTING,
        "show_outcome": is_open,
        "assessments": _assessment_rows(case),
        "scope_answers": list(case.scope_answers.order_by("question", "-answered_at")[:30]),
        "outcome": case.outcomes.order_by("-recorded_at").first(),
        "forms": {
            "assessment": bound.get("assessment") or mf.AssessmentForm(prefix="assessment"),
            "scope": bound.get("scope") or mf.ScopeForm(prefix="scope"),
            "progress": bound.get("progress") or mf.ProgressReportForm(prefix="progress"),
            "escalate": bound.get("escalate") or mf.EscalateForm(prefix="escalate"),
            "reassign": bound.get("reassign") or mf.ReassignForm(case=case, prefix="reassign"),
            "timeout": bound.get("timeout") or mf.TimeOutForm(prefix="timeout"),
            "visit": bound.get("visit") or mf.VisitForm(prefix="visit"),
            "incident": bound.get("incident") or mf.IncidentForm(prefix="incident"),
            "outcome": bound.get("outcome") or mf.OutcomeForm(prefix="outcome"),
            "kind": bound.get("kind") or mf.KindForm(prefix="kind"),
            "background": bound.get("background")
            or mf.BackgroundForm(
                initial={"text": case.background or _background_draft(case)}, prefix="background"
            ),
        },
        "errors": {name: form for name, form in bound.items() if form.errors},
    }
