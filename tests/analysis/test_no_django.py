"""The analyzer is pure Python: no module under kamitaiou/analysis imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

import kamitaiou.analysis

PACKAGE = Path(kamitaiou.analysis.__file__).parent


def _imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_no_module_of_the_analyzer_imports_django():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 10
    offenders = [
        f"{path.name}: {name}"
        for path in modules
        for name in _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if name == "django" or name.startswith("django.")
    ]
    assert offenders == []


def test_the_ast_check_would_catch_a_django_import():
    tree = ast.parse("from django.db import models\nimport django\n")
    assert _imported_modules(tree) == ["django.db", "django"]
