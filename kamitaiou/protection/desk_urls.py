"""URLs of the desk (mounted under ``/protection/``)."""

from django.urls import path

from kamitaiou.protection import checkins_views, desk_views, policy_views

urlpatterns = [
    path("consultations/", desk_views.consultation_list, name="consultation_list"),
    path("consultations/new/", desk_views.consultation_new, name="consultation_new"),
    path(
        "consultations/<int:consultation_id>/",
        desk_views.consultation_detail,
        name="consultation_detail",
    ),
    path(
        "consultations/<int:consultation_id>/update/",
        desk_views.consultation_update,
        name="consultation_update",
    ),
    path("checkins/", checkins_views.checkin_list, name="checkin_list"),
    path("checkins/<int:checkin_id>/", checkins_views.checkin_detail, name="checkin_detail"),
    path("checkins/<int:checkin_id>/record/", checkins_views.checkin_record, name="checkin_record"),
    path(
        "checkins/<int:checkin_id>/decline/",
        checkins_views.checkin_decline,
        name="checkin_decline",
    ),
    path(
        "checkins/followup/<int:followup_id>/",
        checkins_views.checkin_by_followup,
        name="checkin_by_followup",
    ),
    path("policy/", policy_views.policy_current, name="policy_current"),
    path("policy/banner/", policy_views.policy_banner, name="policy_banner"),
    path("policy/manage/", policy_views.policy_manage, name="policy_manage"),
    path(
        "policy/<int:version_id>/acknowledge/",
        policy_views.policy_acknowledge,
        name="policy_acknowledge",
    ),
    path("policy/<int:version_id>/pending/", policy_views.policy_pending, name="policy_pending"),
]
