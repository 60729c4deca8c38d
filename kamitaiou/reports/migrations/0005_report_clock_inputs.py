from django.db import migrations, models


class Migration(migrations.Migration):
    """The clock's inputs as columns: the database finds the stale clocks (ADR 0018)."""

    dependencies = [
        ("reports", "0004_export_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportclock",
            name="kind",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="reportclock",
            name="priority",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="reportclock",
            name="opened_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="reportclock",
            name="first_response_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="reportclock",
            name="closed_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="reportclock",
            name="paused",
            field=models.BooleanField(default=False),
        ),
    ]
