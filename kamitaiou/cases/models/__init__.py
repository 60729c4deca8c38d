"""Models of the cases app: the case and its record (``core``), the method's decisions
and records (``method``)."""

from kamitaiou.cases.models.coach import ReplyCoaching, ReplyTemplate
from kamitaiou.cases.models.core import (
    AppendOnlyError,
    AppendOnlyModel,
    Case,
    CaseEvent,
    CaseKind,
    Channel,
    Contract,
    Customer,
    Direction,
    EventKind,
    Interaction,
    InteractionAnalysis,
    Priority,
)
from kamitaiou.cases.models.ledger import ErasedItem, Erasure, ErasureSource, RecordLedger
from kamitaiou.cases.models.method import (
    DemandAssessment,
    Escalation,
    ForbiddenRequest,
    HarassmentIncident,
    OutcomeRecord,
    ScopeAnswerRecord,
    Visit,
)
from kamitaiou.cases.models.presence import ReplyPresence

__all__ = [
    "AppendOnlyError",
    "AppendOnlyModel",
    "Case",
    "CaseEvent",
    "CaseKind",
    "Channel",
    "Contract",
    "Customer",
    "DemandAssessment",
    "Direction",
    "ErasedItem",
    "Erasure",
    "ErasureSource",
    "Escalation",
    "EventKind",
    "ForbiddenRequest",
    "HarassmentIncident",
    "Interaction",
    "InteractionAnalysis",
    "OutcomeRecord",
    "Priority",
    "RecordLedger",
    "ReplyCoaching",
    "ReplyPresence",
    "ReplyTemplate",
    "ScopeAnswerRecord",
    "Visit",
]
