from django.urls import path

from kamitaiou.readings import views

urlpatterns = [
    path("cases/<int:case_id>/readings/correct/", views.correct_reading, name="correct_reading"),
    path("cases/<int:case_id>/overrides/judge/", views.judge_override, name="judge_override"),
]
