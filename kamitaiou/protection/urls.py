"""URLs of the カスハラ measures, all under ``/protection/`` (included by the site's urls).

URL names start with ``protection_``.
"""

from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from kamitaiou.protection import printing, report_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", RedirectView.as_view(pattern_name="protection_incidents"), name="protection_home"),
    path("incidents/", views.incident_list, name="protection_incidents"),
    path("cases/<int:case_id>/panel/", views.case_panel_body, name="protection_case_panel"),
    path("cases/<int:case_id>/incidents/new/", views.incident_new, name="protection_incident_new"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="protection_incident"),
    path("incidents/<int:incident_id>/evidence/", views.add_evidence, name="protection_evidence"),
    path("incidents/<int:incident_id>/steps/", views.record_step, name="protection_step"),
    path(
        "incidents/<int:incident_id>/restriction/",
        views.decide_restriction,
        name="protection_restrict",
    ),
    path("incidents/<int:incident_id>/print/", printing.incident_print, name="protection_print"),
    path(
        "customers/<int:customer_id>/restrictions/",
        views.customer_restrictions,
        name="protection_customer_restrictions",
    ),
    path(
        "restrictions/<int:restriction_id>/lift/",
        views.lift_restriction,
        name="protection_lift",
    ),
    path("report/", report_views.report, name="protection_report"),
    path("report.csv", report_views.report_csv, name="protection_report_csv"),
    path("report.xlsx", report_views.report_xlsx, name="protection_report_xlsx"),
    # the desk: consultations, check-ins, the policy
    path("", include("kamitaiou.protection.desk_urls")),
]
