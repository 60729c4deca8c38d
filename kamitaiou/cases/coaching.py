"""The reply coach inside the app: check a draft against the case's stage, offer the
method's drafts filled from the case's facts, and keep what was shown with a reply."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.accounts.models import Organisation, User
from kamitaiou.cases.models import Case, Interaction, ReplyCoaching, ReplyTemplate
from kamitaiou.method.coach import (
    CoachContext,
    DraftFacts,
    Finding,
    check_draft,
    findings_digest,
    overridden,
    suggest_drafts,
)
from kamitaiou.method.coach.drafts import render_letter
from kamitaiou.method.coach.model import Severity
from kamitaiou.method.stages import CaseKind, Stage

MAX_SHOWN_BYTES = 50_000


def check(case: Case, draft: str) -> list[Finding]:
    """The coach's findings on ``draft`` for ``case`` as it stands now."""
    if not draft.strip():
        return []
    context = CoachContext(
        anger=case.anger,
        special_approved=case.stage in ("approved", "executing")
        if case.kind == CaseKind.SPECIAL_REQUEST
        else None,
    )
    return check_draft(draft, kind=CaseKind(case.kind), stage=Stage(case.stage), context=context)


def draft_facts(case: Case, *, writer: User) -> DraftFacts:
    """What the drafts can say about the case, and who signs them: our organisation (the
    admin's setting, never the customer's company) and ``writer``, the person drafting.

    Only facts are gathered here; the subject, the clause to quote and the signature are
    worked out by the coach (``kamitaiou.method.coach.letter``).
    """
    organisation = Organisation.current()
    illegal = next(
        (label for label in ("tax_evasion", "falsification") if label in (case.labels or [])), None
    )
    contract = case.contract
    return DraftFacts(
        customer=case.customer.name,
        customer_company=case.customer.company or None,
        company=organisation.name or None,
        department=organisation.department or None,
        signature_lines=organisation.signature or None,
        staff=str(writer),
        title=case.title,
        labels=tuple(str(label) for label in case.labels or ()),
        product=contract.product if contract else None,
        agreed=(case.facts or {}).get("agreed") or None,
        due=_day(case),
        contract_terms=contract.terms if contract and contract.terms else None,
        illegal_label=illegal,
    )


def _day(case: Case) -> str | None:
    if not case.due_at:
        return None
    due = timezone.localtime(case.due_at)
    return f"{due.month}月{due.day}日"


def drafts(case: Case, *, writer: User) -> list[dict[str, Any]]:
    """The method's drafts for the case's stage, then the admins' own templates."""
    kind, stage = CaseKind(case.kind), Stage(case.stage)
    facts = draft_facts(case, writer=writer)
    offered = [
        {"title": d.title_ja, "section": d.section, "text": d.text, "missing": list(d.missing)}
        for d in suggest_drafts(kind=kind, stage=stage, facts=facts)
    ]
    for template in ReplyTemplate.objects.filter(active=True).order_by("title")[:50]:
        if (kind.value, stage.value) in template.offered_pairs():
            text, missing = render_letter(template.body, facts)
            offered.append(
                {"title": template.title, "section": "", "text": text, "missing": list(missing)}
            )
    return offered


def parse_shown(raw: str) -> list[dict[str, Any]]:
    """The findings the panel showed earlier (sent back by the page); bad data → none."""
    if not raw or len(raw.encode()) > MAX_SHOWN_BYTES:
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    return [
        item
        for item in data
        if isinstance(item, dict)
        and isinstance(item.get("code"), str)
        and isinstance(item.get("text", ""), str)
    ][:200]


def merge_shown(earlier: list[dict[str, Any]], findings: list[Finding]) -> list[dict[str, Any]]:
    """Everything shown so far, once per (code, evidence)."""
    seen = {(item["code"], item.get("text", "")) for item in earlier}
    merged = list(earlier)
    for item in findings_digest(findings):
        if (item["code"], item["text"]) not in seen:
            seen.add((item["code"], item["text"]))
            merged.append(item)
    return merged


#: How the record names an error-level finding the writer confirmed.
ERROR_LABELS = {
    "litigation_encouraged": _("Encourages the customer to sue"),
    "impossible_promise": _("Promises what cannot be kept"),
    "unapproved_special": _("Special handling not approved"),
}


def confirmation(interaction: Any) -> dict[str, Any] | None:
    """What the record shows of a writer's confirmation of error-level findings."""
    kept = getattr(interaction, "coaching", None) if interaction is not None else None
    if kept is None or not kept.confirmed_codes:
        return None
    return {
        "by": kept.confirmed_by,
        "at": kept.confirmed_at,
        "labels": [str(ERROR_LABELS.get(code, code)) for code in kept.confirmed_codes],
    }


def error_findings(findings: list[Finding]) -> list[Finding]:
    """The error-level findings (litigation encouraged, impossible promise, unapproved
    special handling): a reply with one is saved only after an explicit confirmation."""
    return [f for f in findings if f.severity == Severity.ERROR]


def error_codes(findings: list[Finding]) -> list[str]:
    """The distinct error-level codes of ``findings``, in a stable order."""
    return sorted({str(f.code) for f in error_findings(findings)})


def record_coaching(
    case: Case,
    interaction: Interaction,
    *,
    shown_raw: str,
    confirmed_by: User | None = None,
) -> ReplyCoaching:
    """Keep with an outbound reply what the coach showed and what the writer overrode.

    ``confirmed_by`` is the writer who ticked the confirmation; the codes confirmed are
    the error-level ones the server finds in the saved text itself."""
    final = check(case, interaction.text)
    shown = merge_shown(parse_shown(shown_raw), final)
    codes = error_codes(final) if confirmed_by is not None else []
    return ReplyCoaching.objects.create(
        interaction=interaction,
        stage=case.stage,
        shown=shown,
        overridden=[dict(item) for item in overridden(shown, final)],
        confirmed_codes=codes,
        confirmed_by=confirmed_by if codes else None,
        confirmed_at=timezone.now() if codes else None,
    )
