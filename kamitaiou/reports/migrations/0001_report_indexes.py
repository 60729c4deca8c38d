"""Indexes the reports' period filters use on ``cases_case`` (opened / closed in a span).

Kept in this app so the cases app's models stay as they are; plain SQL that SQLite and
PostgreSQL both understand.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_inbox_keyset")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS report_case_opened ON cases_case (opened_at)",
            "DROP INDEX IF EXISTS report_case_opened",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS report_case_closed ON cases_case (closed_at)",
            "DROP INDEX IF EXISTS report_case_closed",
        ),
    ]
