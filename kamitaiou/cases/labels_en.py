"""English for the method's and the analyzer's vocabulary (the language switch).

The Japanese wording is the product's and lives in the pure core; this is its English
rendering, keyed by the same codes. ``tests/app/test_labels.py`` checks every code of
every vocabulary has an entry here.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "stage": {
        "received": "Received",
        "empathy": "Empathy",
        "proposal": "Proposal",
        "executing": "Executing",
        "closed": "Closed",
        "calming": "Calming down",
        "hearing": "Hearing",
        "apology": "Apology",
        "agreed": "Agreed",
        "verifying": "Verifying",
        "closed_unimprovable": "Cannot be improved (explained)",
        "assessment": "Assessment",
        "declined": "Declined",
        "scope": "Scope of responsibility",
        "approval_pending": "Awaiting approval",
        "approved": "Approved",
        "refused": "Refused",
        "schedule_confirmation": "Confirming the schedule",
        "visit": "Visit",
        "satisfaction": "Satisfaction check",
        "referral": "Asking for a referral",
    },
    "kind": {
        "complaint": "Complaint",
        "unreasonable_demand": "Unreasonable demand",
        "special_request": "Special request",
        "after_follow": "After-follow",
    },
    "label": {
        "legal_threat": "Hint of legal action",
        "damages_claim": "Claim for damages",
        "sns_exposure": "Exposure on social media / reviews",
        "violence_threat": "Hint of violence",
        "abuse": "Abuse / personal attack",
        "intimidation": "Intimidation",
        "dogeza_demand": "Demand to kneel (dogeza)",
        "deadline": "Deadline",
        "refund": "Refund",
        "replacement": "Replacement / redo",
        "discount": "Discount",
        "compensation": "Compensation",
        "visit": "Demand for a visit",
        "cancel": "Cancellation / ending business",
        "escalate_to_manager": "Asks for a manager",
        "special_treatment": "Special treatment",
        "tax_evasion": "Request leading to tax evasion",
        "falsification": "Request to falsify documents",
        "customer_mistake": "Customer's own mistake",
        "bad_timing": "Timing (disaster, out of stock, outage)",
        "prolonged_binding": "Held on the line for a long time",
        "reliance": "Relied upon (trusts this person)",
        "excessive_demand": "Excessive demand",
    },
    "harassment": {
        "violence_threat": "Hint of violence",
        "intimidation": "Intimidation",
        "abuse": "Abuse / personal attack",
        "dogeza_demand": "Demand to kneel (dogeza)",
        "sns_exposure": "Threat to expose on social media",
        "prolonged_binding": "Held on the line for a long time",
        "excessive_demand": "Excessive demand",
    },
    "next_step": {
        "protect_staff": "Protect the staff (harassment: warn, end the contact, tell a supervisor)",
        "hand_to_supervisor": "Report to a supervisor early and hand the case over",
        "refuse_with_reason": "Refuse requests against law or rules, with the reason",
        "calm_first": "First help the customer calm down",
        "reassure": "Take away the customer's worry (reassurance)",
        "empathize_first": "Empathise first (the correct argument comes later)",
        "assess_feasibility": "Weigh feasibility, risk and benefit",
        "hear_the_customer": "Draw out the problem by listening",
        "answer_inquiry": "Answer the inquiry precisely and check it was understood",
        "thank_and_follow_up": "Say thank you and move to after-follow",
    },
    "decision": {"accept": "Accept", "decline": "Decline"},
    "level": {"low": "Low", "medium": "Medium", "high": "High"},
    "ending": {
        "trust_lost": "① Anger gone, but trust lost and the relationship ended",
        "relationship_continues": "② Anger gone, the relationship continues",
        "fan": "③ Anger gone, more trust than before: a fan",
    },
    "impact": {
        "complaint": "Turned into a complaint",
        "liability": "Turned into liability / damages",
        "trust": "Gained trust",
        "new_business": "Led to new business",
    },
    "attribution": {
        "us": "Our side",
        "customer": "The customer",
        "third_party": "A third party",
        "force_majeure": "Force majeure",
    },
    "scope_question": {
        "current_trouble": "(a) What causes the current trouble?",
        "shortfall": "(b) If the result falls short, what would cause it?",
        "incidental": "(c) What would cause incidental trouble?",
    },
    "escalation": {"legal_threat": "Hint of legal action", "damages_claim": "Claim for damages"},
    "followup_kind": {
        "progress_report": "Progress report",
        "verification_check": "Check the improvement",
        "rehearing": "Hear again",
        "resume_after_time_out": "Resume handling",
        "after_follow_checkin": "Check-in",
        "confirm_schedule_call": "Call to confirm the visit",
        "visit": "Visit",
        "satisfaction_question": "Ask about satisfaction",
        "address_dissatisfaction": "Address the problem raised",
        "upsell_proposal": "New proposal",
        "referral_request": "Ask for a referral",
        "sla_breach_escalation": "Report the missed deadline to a supervisor",
        "staff_checkin": "Wellbeing check-in",
    },
    "sla_clock": {"first_response": "First response", "resolution": "Resolution"},
    "time_out_reason": {
        "customer_excited": "The customer is very agitated",
        "facts_unverified": "The facts are not yet confirmed",
        "other": "Other",
    },
    "background": {
        "customer_mistake": "Customer's mistake",
        "forgot_order": "Forgot to order",
        "spec_mismatch": "Size / specification not checked",
        "unaware_of_rules": "Did not know the law, rules or contract",
        "customer_side_trouble": "Trouble on the customer's side",
        "bad_timing": "Timing",
        "disaster": "Natural disaster (earthquake, rain, snow, typhoon)",
        "out_of_stock": "Out of stock",
        "system_trouble": "System trouble",
        "reliance": "Relied upon",
    },
    "role": {
        "operator": "Operator",
        "sales_rep": "Sales rep",
        "supervisor": "Supervisor",
        "admin": "Administrator",
    },
    "channel": {
        "phone": "Phone",
        "email": "Mail",
        "mail": "Mail",
        "visit": "Visit",
        "chat": "Chat",
        "letter": "Letter",
        "sms": "SMS",
        "web": "Web form",
    },
}

_CLOSED = "Handling is complete. Look back at the outcome (ending, four impacts, trust)."

GUIDANCE: dict[tuple[str, str], str] = {
    ("complaint", "received"): "Respond as fast as you can: the longer it takes, the hotter "
    "the anger.",
    ("complaint", "calming"): "First take in the customer's feelings 100%. No partial denial "
    "and no excuses.",
    ("complaint", "hearing"): "Draw out the problem. Once the customer has calmed down, take "
    "the initiative: one point only, within 10 seconds (about 50 characters).",
    ("complaint", "apology"): "Apologise sincerely for what we did wrong.",
    ("complaint", "proposal"): "Propose a solution and get agreement. Do not push; show the "
    "customer's benefit: value, lower cost (same quality), reassurance (prevention).",
    ("complaint", "agreed"): "Carry out what was agreed, exactly as promised.",
    ("complaint", "executing"): "In progress. Keep the customer informed often.",
    ("complaint", "verifying"): "Check whether things improved. If not, go back to hearing; "
    "if it truly cannot be improved, explain that honestly.",
    ("complaint", "closed"): _CLOSED,
    ("complaint", "closed_unimprovable"): _CLOSED,
    ("unreasonable_demand", "received"): "Start by empathising with the customer's feelings.",
    ("unreasonable_demand", "empathy"): "Empathise. Do not argue what is correct yet "
    '("it is outside the contract"). Find out why this demand came.',
    ("unreasonable_demand", "assessment"): "Weigh the chance of success, the risk if it fails "
    'and what success brings. "If you decline, decline early — it is kinder."',
    ("unreasonable_demand", "scope"): "Before accepting, fix the scope of responsibility: "
    "(a) the cause of the current trouble, (b) the cause of a result short of expectations, "
    "(c) the cause of incidental trouble.",
    ("unreasonable_demand", "executing"): "An accepted demand is a ticking time bomb: give it "
    "everything and report progress often.",
    ("unreasonable_demand", "declined"): "You declined with the greatest care. Watch how the "
    "customer reacts.",
    ("unreasonable_demand", "closed"): _CLOSED,
    ("special_request", "received"): "First hear the customer's feelings and the background "
    "of the request.",
    ("special_request", "empathy"): "Not being convinced is no reason for special handling. "
    'Ask: "Is this really good for the customer?" Requests against law or rules are never '
    "accepted, however strongly pressed.",
    ("special_request", "approval_pending"): "Waiting for a supervisor's approval, which needs "
    "a reason.",
    ("special_request", "approved"): "Carry out the approved special handling.",
    ("special_request", "executing"): "In progress. Keep the customer informed often.",
    ("special_request", "refused"): 'Do not say "yes" to what cannot be done. There are no '
    "magic words: explain patiently and with confidence.",
    ("special_request", "closed"): _CLOSED,
    ("after_follow", "schedule_confirmation"): "Before visiting, call to confirm the "
    "customer's schedule.",
    ("after_follow", "visit"): "A visit after the contract: thank them first and ask how it "
    "is going.",
    ("after_follow", "satisfaction"): 'Ask: "Are you satisfied with the service? Was there '
    'any problem?"',
    ("after_follow", "proposal"): "Propose only services that will truly satisfy them.",
    ("after_follow", "referral"): 'Not "please introduce someone" but a concrete persona '
    '(e.g. "Do you know anyone whose eyes tire from long hours at a display?").',
    ("after_follow", "closed"): _CLOSED,
}

TRANSITIONS: dict[str, str] = {
    "start_calming": "Start calming down",
    "start_hearing": "Start hearing",
    "apologise": "Apologise",
    "propose": "Propose",
    "back_to_hearing": "Back to hearing",
    "record_agreement": "Record the agreement",
    "start_execution": "Start executing",
    "start_verification": "Verify the improvement",
    "close": "Close",
    "close_unimprovable": "Close as not improvable (explained)",
    "empathise": "Empathise",
    "assess": "Assess",
    "accept_demand": "Accept and start executing",
    "decline": "Decline politely",
    "fix_scope": "Fix the scope",
    "request_approval": "Ask for approval",
    "approve": "Approve",
    "refuse": "Explain and refuse",
    "visit": "Visit",
    "ask_satisfaction": "Ask about satisfaction",
    "ask_referral": "Ask for a referral",
}

FACTS: dict[str, str] = {
    "customer_calm": "The customer has calmed down enough to talk",
    "fault_assessed": "Are we at fault?",
    "customer_consent": "The customer agreed to the proposal",
    "verification_improved": "After checking, has the situation improved?",
    "explanation": "Explanation given to the customer",
    "customer_benefit": "Is this really good for the customer?",
    "visit_confirmed": "Visit date confirmed with the customer by phone",
    "satisfaction": "Satisfaction (1–5)",
    "referral_persona": "The concrete persona to ask a referral for",
}
