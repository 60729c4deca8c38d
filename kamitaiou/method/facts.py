"""The facts about a case that the transition guards read.

The Django side fills one ``CaseFacts`` from its models (and, inside a ``do_*`` action,
from the submitted form) and passes it to ``allowed_transitions`` / ``check_transition``.
Every field has a neutral default, so a builder only sets what it knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from kamitaiou.method.assessment import AssessmentDecision
from kamitaiou.method.outcome import Outcome


class Role(StrEnum):
    """Staff roles (§1)."""

    OPERATOR = "operator"
    SALES_REP = "sales_rep"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return ROLE_LABELS_JA[self]

    @property
    def can_approve(self) -> bool:
        """True for roles that may approve special handling (§9.1)."""
        return self in APPROVER_ROLES


ROLE_LABELS_JA: Mapping[Role, str] = MappingProxyType(
    {
        Role.OPERATOR: "オペレーター",
        Role.SALES_REP: "営業担当",
        Role.SUPERVISOR: "SV・上長",
        Role.ADMIN: "管理者",
    }
)

APPROVER_ROLES: frozenset[Role] = frozenset({Role.SUPERVISOR, Role.ADMIN})


class Attribution(StrEnum):
    """Whose side a cause lies on (§5.3)."""

    US = "us"
    CUSTOMER = "customer"
    THIRD_PARTY = "third_party"
    FORCE_MAJEURE = "force_majeure"

    @property
    def label_ja(self) -> str:
        """The Japanese label shown in the UI."""
        return ATTRIBUTION_LABELS_JA[self]


ATTRIBUTION_LABELS_JA: Mapping[Attribution, str] = MappingProxyType(
    {
        Attribution.US: "自社",
        Attribution.CUSTOMER: "お客様",
        Attribution.THIRD_PARTY: "第三者",
        Attribution.FORCE_MAJEURE: "不可抗力",
    }
)


class ScopeQuestion(StrEnum):
    """The three scope-of-responsibility questions asked before accepting (§5.3)."""

    CURRENT_TROUBLE = "current_trouble"
    SHORTFALL = "shortfall"
    INCIDENTAL = "incidental"

    @property
    def label_ja(self) -> str:
        """The question as staff read it."""
        return SCOPE_QUESTION_LABELS_JA[self]


SCOPE_QUESTION_LABELS_JA: Mapping[ScopeQuestion, str] = MappingProxyType(
    {
        ScopeQuestion.CURRENT_TROUBLE: "(a) 現在のトラブルの原因は何か",
        ScopeQuestion.SHORTFALL: "(b) 期待に届かない結果になるとしたら、その原因は何か",
        ScopeQuestion.INCIDENTAL: "(c) 付随して起こるトラブルの原因は何か",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScopeAnswer:
    """One answered §5.3 question: the answer text and whose side the cause lies on."""

    question: ScopeQuestion
    answer: str = ""
    attribution: Attribution | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SupervisorApproval:
    """Who approved special handling, and the written reason (§9.1)."""

    approver_role: Role
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFacts:
    """What the guards need to know about a case. Defaults mean "nothing recorded"."""

    #: the person attempting the move
    actor_role: Role | None = None
    #: every analyzer label seen on the case (plain strings, e.g. "tax_evasion")
    labels: frozenset[str] = frozenset()
    #: names of the admin's forbidden-request policy entries the request matches
    policy_matches: tuple[str, ...] = ()
    #: (label, text) of the analyzer's evidence for each illegal label (tax_evasion …),
    #: so a refusal explains what was asked (special_requests.forbidden_refusals)
    illegal_evidence: tuple[tuple[str, str], ...] = ()
    #: a legal threat / damages claim was handed to a supervisor (§9.5)
    escalated: bool = False

    # complaint (§6)
    #: staff judged the customer calm enough to talk
    customer_calm: bool = False
    #: None = not assessed yet; True = we are at fault; False = we are not
    fault_assessed: bool | None = None
    customer_consent_recorded: bool = False
    has_verification_entry: bool = False
    #: None = no verification yet; True/False = the situation improved or not
    verification_improved: bool | None = None
    #: what was explained to the customer (decline, refusal, "cannot be improved")
    explanation_to_customer: str = ""

    # unreasonable demand (§5)
    assessment_decision: AssessmentDecision | None = None
    scope_answers: tuple[ScopeAnswer, ...] = ()
    progress_reports_sent: int = 0

    # special request (§9.1–9.2)
    #: answer to 「本当にこの対応はお客様のためになるか?」; None = not asked
    customer_benefit_confirmed: bool | None = None
    supervisor_approval: SupervisorApproval | None = None

    # after-follow (§10)
    visit_confirmed_with_customer: bool = False
    #: 1–5; None = not asked yet
    satisfaction_score: int | None = None
    #: the concrete persona the referral request names (§10.4)
    referral_persona: str = ""

    # every case (§11)
    outcome: Outcome | None = None
