"""Indexes the bounded search walks (decision 0016): cases newest activity first, per
team and across teams. Created here, not on ``cases.Case``, because only search reads
cases in this order; Django's model state does not know them (``IF NOT EXISTS``)."""

from django.db import migrations

INDEXES = {
    "search_case_team_activity": "cases_case (team_id, last_activity_at, id)",
    "search_case_activity": "cases_case (last_activity_at, id)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("cases", "0011_interaction_anger_evidence"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
