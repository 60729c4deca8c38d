from django.urls import path

from kamitaiou.reports import import_views, views

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("reports/tables/<slug:key>.csv", views.table_csv, name="report_table_csv"),
    path("reports/export/cases", views.export_cases, name="export_cases"),
    path("reports/import/", import_views.upload, name="import_upload"),
    path("reports/import/<int:pk>/", import_views.job_page, name="import_job"),
    path("reports/import/<int:pk>/progress", import_views.job_progress, name="import_progress"),
    path("reports/import/<int:pk>/run", import_views.job_run, name="import_run"),
    path("reports/import/<int:pk>/errors.csv", import_views.job_problems_csv, name="import_errors"),
]
