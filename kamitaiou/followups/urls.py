from django.urls import path

from kamitaiou.followups import views

urlpatterns = [
    path("today/", views.today, name="today"),
    path("today/badge/", views.badge, name="today_badge"),
    path("today/undelivered/", views.undelivered, name="undelivered_reminders"),
    path("today/calendar/", views.calendar_settings, name="calendar_settings"),
    path("today/calendar/issue/", views.calendar_issue, name="calendar_issue"),
    path("today/calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("followups/<int:followup_id>/", views.followup_detail, name="followup_detail"),
    path("followups/<int:followup_id>/complete/", views.complete, name="followup_complete"),
    path("followups/<int:followup_id>/skip/", views.skip, name="followup_skip"),
    path("cases/<int:case_id>/sla/pause/", views.pause, name="sla_pause"),
    path("cases/<int:case_id>/sla/resume/", views.resume, name="sla_resume"),
    path("cases/<int:case_id>/cadence/", views.cadence, name="progress_cadence"),
    path("customers/<int:customer_id>/contracts/new/", views.new_contract, name="new_contract"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
