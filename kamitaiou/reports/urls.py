from django.urls import path

from kamitaiou.reports import views

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("reports/tables/<slug:key>.csv", views.table_csv, name="report_table_csv"),
    path("reports/export/cases", views.export_cases, name="export_cases"),
]
