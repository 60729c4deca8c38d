from django.urls import path

from kamitaiou.cases import (
    coach_views,
    method_views,
    presence_views,
    print_views,
    supervision_views,
    views,
)

urlpatterns = [
    path("cases/new/", views.new_case, name="new_case"),
    path("cases/new/contracts/", views.customer_contracts, name="customer_contracts"),
    path("cases/new/customers/", views.customer_picker, name="customer_picker"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/interactions/", views.add_interaction, name="add_interaction"),
    path("cases/<int:case_id>/take/", views.take_case, name="take_case"),
    path("cases/<int:case_id>/record/print/", print_views.print_record, name="print_record"),
    path("cases/<int:case_id>/presence/", presence_views.reply_presence, name="reply_presence"),
    path("cases/<int:case_id>/do/<slug:name>/", method_views.case_action, name="case_action"),
    path("cases/<int:case_id>/coach/", coach_views.coach_check, name="coach_check"),
    path("cases/<int:case_id>/coach/apply/", coach_views.coach_apply, name="coach_apply"),
    path("cases/<int:case_id>/coach/use/", coach_views.coach_use_draft, name="coach_use_draft"),
    path("escalations/", supervision_views.escalations, name="escalations"),
    path(
        "escalations/<int:escalation_id>/accept/",
        supervision_views.accept_escalation,
        name="accept_escalation",
    ),
    path("approvals/", supervision_views.approvals, name="approvals"),
    path("incidents/", supervision_views.incidents, name="incidents"),
    path("customers/<int:customer_id>/", views.customer_detail, name="customer_detail"),
]
