"""The supervisors' tile on the inbox, registered by the reports app through the
inbox's hook (``kamitaiou/inbox/tiles.py``; neither ``cases`` nor ``inbox`` imports
``reports``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kamitaiou.cases
import kamitaiou.inbox
from tests.reports.conftest import closed_case

pytestmark = pytest.mark.django_db


def test_supervisor_sees_the_tile_with_the_fan_rate_this_month(client, supervisor_a, operator_a):
    closed_case(operator_a, ending="fan")
    closed_case(operator_a, ending="relationship_continues")
    client.force_login(supervisor_a)
    html = client.get("/").content.decode()
    assert 'id="supervisor-tile"' in html
    assert 'id="tile-fan-rate">50.0%' in html
    assert 'id="tile-escalations"' in html and 'id="tile-approvals"' in html


def test_operator_sees_no_tile(client, operator_a):
    client.force_login(operator_a)
    assert 'id="supervisor-tile"' not in client.get("/").content.decode()


def test_the_tile_counts_only_the_supervisors_teams(client, supervisor_a, operator_b):
    closed_case(operator_b, ending="fan")
    client.force_login(supervisor_a)
    assert 'id="tile-fan-rate">—' in client.get("/").content.decode()


@pytest.mark.parametrize("app", [kamitaiou.cases, kamitaiou.inbox], ids=["cases", "inbox"])
def test_neither_cases_nor_the_inbox_imports_reports(app):
    package = Path(app.__file__).parent
    offenders = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("kamitaiou.reports")]
    assert offenders == []
