from django.urls import path

from kamitaiou.reports import export_views, import_views, views

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("reports/tables/<slug:key>.csv", views.table_csv, name="report_table_csv"),
    path("reports/export/cases", views.export_cases, name="export_cases"),
    path("reports/exports/", export_views.start, name="export_start"),
    path("reports/exports/<int:pk>/", export_views.job_page, name="export_job"),
    path("reports/exports/<int:pk>/progress", export_views.job_progress, name="export_progress"),
    path("reports/exports/<int:pk>/download", export_views.download, name="export_download"),
    path("reports/import/", import_views.upload, name="import_upload"),
    path("reports/import/<int:pk>/", import_views.job_page, name="import_job"),
    path("reports/import/<int:pk>/progress", import_views.job_progress, name="import_progress"),
    path("reports/import/<int:pk>/run", import_views.job_run, name="import_run"),
    path("reports/import/<int:pk>/errors.csv", import_views.job_problems_csv, name="import_errors"),
]
