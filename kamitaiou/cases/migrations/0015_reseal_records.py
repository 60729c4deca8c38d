"""Re-seal the case records made before the keyed chain under the record key and enter
them into the global ledger (decision 0021; ``kamitaiou.cases.reseal``)."""

from django.db import migrations


def reseal(apps, schema_editor):
    from kamitaiou.cases.reseal import reseal_legacy

    report = reseal_legacy(apps)
    if report.resealed or report.broken:
        print(  # noqa: T201 — migrate's own output
            f"\n  re-sealed {report.resealed} case record(s) ({report.events} events)"
            + (
                f"; {len(report.broken)} whose unkeyed chain was already broken left "
                f"unsealed (verify-records reports them): {report.broken[:20]}"
                if report.broken
                else ""
            )
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_record_ledger")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop, elidable=False)]
